package dev.paytmcheckout.tests;

import dev.paytmcheckout.Action;
import dev.paytmcheckout.Credentials;
import dev.paytmcheckout.HttpRequest;
import dev.paytmcheckout.Json;
import dev.paytmcheckout.MerchantKey;
import dev.paytmcheckout.Outcome;
import dev.paytmcheckout.PaytmException;
import dev.paytmcheckout.Session;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URL;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checkouts end to end against paytm-sandbox over real HTTP (java.net.HttpURLConnection): the
 * host loop of docs/engine.md in Java. The sandbox's clock is the session's clock; a wait
 * advances it.
 */
final class SandboxCheckout {
    static final String MID = "INTEGR7769XXXXXX9383";
    static String base;
    static Check check;

    static final class Run {
        final List<String> trail = new ArrayList<>();
        int refused;
        String callbackStatus;
    }

    static void run(String baseUrl, Check c) throws Exception {
        base = baseUrl.replaceAll("/$", "");
        check = c;
        int scenarios = 0;
        try (MerchantKey key = new MerchantKey(JvmTests.KEY); Credentials creds = new Credentials(key)) {
            // 1. A card through the bank page (OTP), the callback, the status check.
            Run r = new Run();
            Outcome o = checkout(creds, "J_E2E_CARD", "10.00", card("4111111111111111", "123"), "123456", r);
            expectSuccess("card", o, "10.00");
            check.equal("card: trail", String.join(",", r.trail), "initiate,pay,process,bank,callback,status,done");
            check.equal("card: callback STATUS", r.callbackStatus, "TXN_SUCCESS");
            String txnId = o == null ? null : (String) o.transaction().get("txnId");
            scenarios++;

            // 2. Declined card (RESPCODE = the CVV).
            r = new Run();
            o = checkout(creds, "J_E2E_DECLINE", "1.00", card("4000000000000002", "810"), "123456", r);
            check.equal("declined: status", o == null ? null : o.status(), "failure");
            check.equal("declined: reason", o == null ? null : o.reason(), "declined");
            check.equal("declined: code", o == null ? null : o.failureCode(), "810");
            scenarios++;

            // 3. UPI intent: deep link, the UPI app approves.
            r = new Run();
            o = checkout(creds, "J_E2E_UPI", "12.34", "{\"paymentMode\":\"UPI_INTENT\"}", null, r);
            expectSuccess("upi intent", o, "12.34");
            check.that("upi intent: deep link", r.trail.contains("deep_link"));
            scenarios++;

            // 4. Wallet balance: a direct txnInfo, then the status check.
            r = new Run();
            o = checkout(creds, "J_E2E_BALANCE", "5.00", "{\"paymentMode\":\"BALANCE\"}", null, r);
            expectSuccess("balance", o, "5.00");
            scenarios++;

            // 5. Pending, then success after the sandbox clock moves on.
            r = new Run();
            o = checkout(creds, "J_E2E_PENDING", "1.00", card("4000000000000119", "123"), "123456", r);
            expectSuccess("pending then success", o, "1.00");
            check.equal("pending: callback STATUS", r.callbackStatus, "PENDING");
            scenarios++;

            // 6. A session saved while the customer is at the bank page, restored, finished.
            r = new Run();
            o = savedAndRestored(creds, r);
            expectSuccess("save/restore", o, "2.00");
            scenarios++;

            // 7. Refund of the card payment: pending, then refunded.
            if (txnId != null) {
                String cfg = "{\"environment\":{\"custom\":\"" + base + "\"},\"mid\":\"" + MID + "\",\"orderId\":\"J_E2E_CARD\","
                        + "\"txnId\":\"" + txnId + "\",\"refId\":\"J_E2E_REF_1\",\"refundAmount\":\"4.00\"}";
                try (Session s = Session.create(Session.Kind.REFUND, cfg, creds)) {
                    r = new Run();
                    o = drive(s, null, null, r, 100);
                    check.equal("refund: status", o == null ? null : o.status(), "refunded");
                    check.that("refund: refund then refund_status", r.trail.contains("refund") && r.trail.contains("refund_status"));
                }
                scenarios++;
            }

            // 8. Wallet (auto-debit): link a new wallet by OTP, add money at the wallet page, withdraw.
            try (Credentials wallet = new Credentials(key, "merchant-sandbox", "sandbox-client-secret")) {
                String cfg = "{\"environment\":{\"custom\":\"" + base + "\"},\"mid\":\"" + MID + "\",\"orderId\":\"J_E2E_WALLET\","
                        + "\"amount\":\"150.00\",\"custId\":\"CUST_001\",\"phone\":\"7777700023\",\"channel\":\"WAP\","
                        + "\"industryType\":\"Retail\",\"website\":\"WEBSTAGING\",\"appIp\":\"127.0.0.1\",\"deviceId\":\"D1\","
                        + "\"addMoneyCallbackUrl\":\"https://merchant.example/paytm/add-money\"}";
                try (Session s = Session.create(Session.Kind.WALLET, cfg, wallet)) {
                    r = new Run();
                    o = drive(s, null, null, r, 100);
                    check.equal("wallet: status", o == null ? null : o.status(), "success");
                    check.equal("wallet: amount", o == null ? null : o.transaction().get("amount"), "150.00");
                    check.equal("wallet: trail", String.join(",", r.trail),
                            "send_otp,otp,validate_otp,check_balance,wallet,callback,check_balance,withdraw,status,done");
                    check.equal("wallet: confirmed by a verified status",
                            o == null ? null : o.transaction().get("verification"), "verified");
                    check.equal("wallet: add-money callback", r.callbackStatus, "TXN_SUCCESS");
                }
                scenarios++;
            }
        }
        check.equal("sandbox: scenarios", scenarios, 8);
        System.out.println("sandbox: " + scenarios + " scenarios end to end (card, declined, UPI intent, balance, pending, save/restore, refund, wallet)");
    }

    static String card(String number, String cvv) {
        return "{\"paymentMode\":\"CREDIT_CARD\",\"authMode\":\"otp\",\"cardInfo\":{\"type\":\"new\",\"cardNumber\":\""
                + number + "\",\"cvv\":\"" + cvv + "\",\"expiry\":\"122032\"}}";
    }

    static String checkoutConfig(String order, String amount) {
        return "{\"environment\":{\"custom\":\"" + base + "\"},\"mid\":\"" + MID + "\",\"orderId\":\"" + order + "\",\"amount\":\""
                + amount + "\",\"initiate\":{\"mid\":\"" + MID + "\",\"orderId\":\"" + order + "\",\"websiteName\":\"WEBSTAGING\","
                + "\"txnAmount\":{\"value\":\"" + amount + "\",\"currency\":\"INR\"},\"userInfo\":{\"custId\":\"CUST_001\"},"
                + "\"callbackUrl\":\"https://merchant.example/paytm/callback\"}}";
    }

    static Outcome checkout(Credentials creds, String order, String amount, String payment, String otp, Run r) throws Exception {
        try (Session s = Session.create(Session.Kind.CHECKOUT, checkoutConfig(order, amount), creds)) {
            return drive(s, payment, otp, r, 200);
        }
    }

    static Outcome savedAndRestored(Credentials creds, Run r) throws Exception {
        String saved;
        Action bank;
        try (Session s = Session.create(Session.Kind.CHECKOUT, checkoutConfig("J_E2E_RESTORE", "2.00"), creds)) {
            Action a;
            while (true) {
                a = s.nextAction(now());
                if (a.type() == Action.Type.SEND) send(s, a, r);
                else if (a.type() == Action.Type.COLLECT_PAYMENT) s.pay(card("4111111111111111", "123"), now());
                else break;
            }
            check.equal("save/restore: at the bank page", a.type(), Action.Type.RENDER_BANK_FORM);
            bank = a;
            saved = s.save();
        }
        check.that("save/restore: no card number saved", !saved.contains("4111111111111111"));
        try (Session s = Session.restore(saved, creds, null)) {
            bankPage(s, bank, "123456", r); // the customer finishes at the bank; the callback reaches the restored session
            return drive(s, null, null, r, 100);
        }
    }

    /** The host loop: until done. */
    static Outcome drive(Session s, String payment, String otp, Run r, int max) throws Exception {
        for (int i = 0; i < max; i++) {
            long now = now();
            Action a = s.nextAction(now);
            switch (a.type()) {
                case SEND:
                    send(s, a, r);
                    break;
                case COLLECT_PAYMENT:
                    s.pay(payment, now);
                    r.trail.add("pay");
                    break;
                case RENDER_BANK_FORM:
                    bankPage(s, a, otp, r);
                    break;
                case OPEN_DEEP_LINK:
                    upiApp(s, a, r);
                    break;
                case COLLECT_OTP:
                    s.submitOtp("489871", now); // the sandbox's OAuth OTP
                    r.trail.add("otp");
                    break;
                case OPEN_FORM:
                    walletPage(s, a, r);
                    break;
                case WAIT:
                    Long until = a.until();
                    if (until == null) {
                        check.that("a wait with nothing outstanding", false);
                        return null;
                    }
                    advance(Math.max(1, until - now));
                    break;
                case DONE:
                    r.trail.add("done");
                    return a.outcome();
                default:
                    check.that("unexpected action " + a, false);
                    return null;
            }
        }
        check.that("the session ended within " + max + " actions", false);
        return null;
    }

    static void send(Session s, Action a, Run r) throws IOException {
        HttpRequest req = a.request();
        r.trail.add(a.purpose());
        Response resp;
        try {
            resp = http(req.method(), req.url(), req.headers(), req.bodyBytes());
        } catch (IOException e) {
            s.handleSendFailure(now());
            return;
        }
        try {
            s.handleResponse(resp.status, resp.body, now());
        } catch (PaytmException e) {
            r.refused++; // counts as no answer; the session asks again
        }
    }

    static void bankPage(Session s, Action a, String otp, Run r) throws IOException {
        @SuppressWarnings("unchecked")
        Map<String, Object> rf = (Map<String, Object>) a.form().get("redirectForm");
        Map<String, String> fields = new LinkedHashMap<>();
        @SuppressWarnings("unchecked")
        Map<String, Object> content = (Map<String, Object>) rf.get("content");
        if (content != null) for (Map.Entry<String, Object> e : content.entrySet()) fields.put(e.getKey(), String.valueOf(e.getValue()));
        Form otpPage = postForm((String) rf.get("actionURL"), fields);
        r.trail.add("bank");
        otpPage.fields.put("otp", otp);
        Form callback = postForm(otpPage.action, otpPage.fields);
        callback(s, callback, r);
    }

    /** Add Money: the signed form -> the sandbox's wallet page -> approve -> the callback. */
    static void walletPage(Session s, Action a, Run r) throws IOException {
        Map<String, String> fields = new LinkedHashMap<>();
        for (Object kv : (List<?>) a.form().get("fields")) fields.put((String) ((List<?>) kv).get(0), (String) ((List<?>) kv).get(1));
        Form page = postForm((String) a.form().get("action"), fields);
        r.trail.add("wallet");
        page.fields.put("action", "approve");
        callback(s, postForm(base + "/sandbox/wallet/add-money", page.fields), r);
    }

    static void upiApp(Session s, Action a, Run r) throws IOException {
        r.trail.add("deep_link");
        Matcher m = Pattern.compile("[?&]tr=([^&]*)").matcher(a.url());
        check.that("deep link has tr", m.find());
        Map<String, String> f = new LinkedHashMap<>();
        f.put("tr", URLDecoder.decode(m.group(1), "UTF-8"));
        f.put("action", "approve");
        callback(s, postForm(base + "/sandbox/upi/pay", f), r);
    }

    static void callback(Session s, Form cb, Run r) throws IOException {
        r.trail.add("callback");
        r.callbackStatus = cb.fields.get("STATUS");
        try {
            s.handleCallback(encode(cb.fields), now());
        } catch (PaytmException e) {
            r.refused++;
        }
    }

    static void expectSuccess(String what, Outcome o, String amount) {
        check.that(what + ": an outcome", o != null);
        if (o == null) return;
        check.equal(what + ": success", o.status(), "success");
        check.that(what + ": isSuccess", o.isSuccess());
        check.equal(what + ": amount", o.transaction().get("amount"), amount);
        check.equal(what + ": verified", o.transaction().get("verification"), "verified");
    }

    // ---- HTTP --------------------------------------------------------------------------------

    static final class Response {
        int status;
        byte[] body;
    }

    static Response http(String method, String url, List<Map.Entry<String, String>> headers, byte[] body) throws IOException {
        HttpURLConnection c = (HttpURLConnection) new URL(url).openConnection();
        c.setRequestMethod(method);
        c.setInstanceFollowRedirects(false);
        c.setConnectTimeout(10000);
        c.setReadTimeout(30000);
        for (Map.Entry<String, String> h : headers) c.setRequestProperty(h.getKey(), h.getValue());
        if (body.length > 0 || "POST".equals(method)) {
            c.setDoOutput(true);
            try (OutputStream out = c.getOutputStream()) {
                out.write(body);
            }
        }
        Response r = new Response();
        r.status = c.getResponseCode();
        InputStream in = r.status >= 400 ? c.getErrorStream() : c.getInputStream();
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        if (in != null) {
            try (InputStream i = in) {
                byte[] b = new byte[8192];
                for (int n; (n = i.read(b)) > 0; ) buf.write(b, 0, n);
            }
        }
        r.body = buf.toByteArray();
        return r;
    }

    static long admin(String method, String path) throws IOException {
        Response r = http(method, base + path, new ArrayList<Map.Entry<String, String>>(), new byte[0]);
        return (Long) Json.parseObject(new String(r.body, StandardCharsets.UTF_8)).get("now");
    }

    static long now() throws IOException {
        return admin("GET", "/__admin/clock");
    }

    static void advance(long ms) throws IOException {
        admin("POST", "/__admin/advance?ms=" + ms);
    }

    // ---- the sandbox's pages -------------------------------------------------------------------

    static final class Form {
        String action;
        Map<String, String> fields = new LinkedHashMap<>();
    }

    static final Pattern FORM = Pattern.compile("<form [^>]*action=\"([^\"]*)\"[^>]*>(.*?)</form>", Pattern.DOTALL);
    static final Pattern HIDDEN = Pattern.compile("<input type=\"hidden\"[^>]*name=\"([^\"]*)\"[^>]*value=\"([^\"]*)\"");

    static Form postForm(String url, Map<String, String> fields) throws IOException {
        List<Map.Entry<String, String>> h = new ArrayList<>();
        h.add(new java.util.AbstractMap.SimpleEntry<>("Content-Type", "application/x-www-form-urlencoded"));
        Response r = http("POST", url, h, encode(fields).getBytes(StandardCharsets.UTF_8));
        String html = new String(r.body, StandardCharsets.UTF_8);
        Matcher m = FORM.matcher(html);
        if (r.status != 200 || !m.find()) throw new IOException("POST " + url + ": HTTP " + r.status + ", no form");
        Form f = new Form();
        f.action = unescape(m.group(1));
        Matcher in = HIDDEN.matcher(m.group(2));
        while (in.find()) f.fields.put(unescape(in.group(1)), unescape(in.group(2)));
        return f;
    }

    static String encode(Map<String, String> fields) throws IOException {
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<String, String> e : fields.entrySet()) {
            if (sb.length() > 0) sb.append('&');
            sb.append(URLEncoder.encode(e.getKey(), "UTF-8")).append('=').append(URLEncoder.encode(e.getValue(), "UTF-8"));
        }
        return sb.toString();
    }

    static String unescape(String s) {
        Matcher m = Pattern.compile("&(amp|lt|gt|quot|apos|#x[0-9a-fA-F]+|#[0-9]+);").matcher(s);
        StringBuffer sb = new StringBuffer();
        while (m.find()) {
            String e = m.group(1);
            String rep;
            switch (e) {
                case "amp": rep = "&"; break;
                case "lt": rep = "<"; break;
                case "gt": rep = ">"; break;
                case "quot": rep = "\""; break;
                case "apos": rep = "'"; break;
                default:
                    int cp = e.startsWith("#x") ? Integer.parseInt(e.substring(2), 16) : Integer.parseInt(e.substring(1));
                    rep = new String(Character.toChars(cp));
            }
            m.appendReplacement(sb, Matcher.quoteReplacement(rep));
        }
        m.appendTail(sb);
        return sb.toString();
    }
}

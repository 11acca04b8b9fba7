package dev.paytmcheckout.tests;

import dev.paytmcheckout.Action;
import dev.paytmcheckout.Credentials;
import dev.paytmcheckout.Json;
import dev.paytmcheckout.MerchantKey;
import dev.paytmcheckout.Session;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * Issue #21: {@link Session#collect}, {@link Session#cancel}, {@link Session#pause},
 * {@link Session#resume} and {@link Session#preNotify} (ptm_session_* through the JNI shim). The
 * rules are core's; this checks the calls reach them and come back as coded exceptions. The
 * active mandate is the shared scenario subscription_card_create_authorise_active (responses
 * signed by Paytm's own library) replayed: a card mandate's collections need no pre-debit
 * notification (a UPI one's do).
 */
final class SubscriptionCalls {
    private static final String ACTIVE = "subscription_card_create_authorise_active";

    private SubscriptionCalls() {}

    @SuppressWarnings("unchecked")
    static void run(File root, Check check) throws Exception {
        Map<String, Object> doc = Json.parseObject(Files2.read(new File(root, "tests/vectors/sessions/scenarios.json")));
        List<Object> all = (List<Object>) doc.get("scenarios");
        Map<String, Object> checkout = (Map<String, Object>) all.get(0);
        Map<String, Object> sc = null;
        for (Object o : all) if (ACTIVE.equals(((Map<String, Object>) o).get("name"))) sc = (Map<String, Object>) o;
        check.that("subscription scenario found", sc != null);
        if (sc == null) return;
        final Map<String, Object> sub = sc;
        List<Object> steps = (List<Object>) sub.get("steps");
        long after = number(((Map<String, Object>) steps.get(steps.size() - 1)).get("now")) + 100;
        try (MerchantKey k = new MerchantKey(JvmTests.KEY); Credentials c = new Credentials(k)) {
            // A checkout, or a subscription before its mandate is active: SESSION_STATE.
            try (Session s = Session.create((String) checkout.get("kind"), Json.write(checkout.get("config")), c)) {
                check.throwsCode("collect on a checkout", "SESSION_STATE", () -> s.collect("2027-01", "RENEW_0001", "499.00"));
                check.throwsCode("cancel on a checkout", "SESSION_STATE", s::cancel);
                check.throwsCode("pause on a checkout", "SESSION_STATE", s::pause);
                check.throwsCode("resume on a checkout", "SESSION_STATE", s::resume);
                check.throwsCode("preNotify on a checkout", "SESSION_STATE",
                        () -> s.preNotify("2027-01", "499.00", "10-01-2027", "PN_1", "Gold plan", null));
            }
            try (Session s = Session.create(Session.Kind.SUBSCRIPTION, Json.write(sub.get("config")), c)) {
                check.throwsCode("collect before the mandate", "SESSION_STATE", () -> s.collect("2027-01", "RENEW_0001", "499.00"));
                check.throwsCode("cancel before the mandate", "SESSION_STATE", s::cancel);
            }
            // Active: one collection is a renew of that order; never two in one cycle.
            try (Session s = active(sub, c)) {
                s.collect("2027-01", "RENEW_0001", "499.00");
                String before = s.save();
                check.throwsCode("a second collection in one cycle", "SESSION_STATE", () -> s.collect("2027-01", "RENEW_0002", "499.00"));
                check.throwsCode("cancel while collecting", "SESSION_STATE", s::cancel);
                check.equal("refused calls change nothing", s.save(), before);
                Action a = s.nextAction(after);
                check.equal("collect: a send", a.type(), Action.Type.SEND);
                check.equal("collect: renew", a.purpose(), "renew_subscription");
                check.that("collect: the renew URL", a.request().url().contains("/subscription/renew"));
                Map<String, Object> body = (Map<String, Object>) Json.parseObject(a.request().body()).get("body");
                check.equal("collect: the order", body.get("orderId"), "RENEW_0001");
            }
            // Bad arguments: coded errors; then cancel is a cancel request.
            try (Session s = active(sub, c)) {
                check.throwsCode("collect: bad order id", "INVALID_ORDER_ID", () -> s.collect("2027-01", "RENEW 1!", "499.00"));
                check.throwsCode("collect: bad amount", "INVALID_AMOUNT", () -> s.collect("2027-01", "RENEW_0001", "1.001"));
                check.throwsCode("collect: above the maximum", "INVALID_FIELD", () -> s.collect("2027-01", "RENEW_0001", "500.01"));
                check.throwsCode("collect: no amount", "INVALID_AMOUNT", () -> s.collect("2027-01", "RENEW_0001", null));
                s.cancel();
                Action a = s.nextAction(after);
                check.equal("cancel: cancel_subscription", a.purpose(), "cancel_subscription");
                check.that("cancel: the cancel URL", a.request().url().contains("/subscription/cancel"));
                check.throwsCode("cancel twice", "SESSION_STATE", s::cancel);
            }
            // Pause: a pause_resume request (SUSPENDED); nothing else meanwhile.
            try (Session s = active(sub, c)) {
                check.throwsCode("resume when not paused", "SESSION_STATE", s::resume);
                s.pause();
                check.throwsCode("pause twice", "SESSION_STATE", s::pause);
                check.throwsCode("collect while pausing", "SESSION_STATE", () -> s.collect("2027-01", "RENEW_0001", "499.00"));
                Action a = s.nextAction(after);
                check.equal("pause: pause_resume_subscription", a.purpose(), "pause_resume_subscription");
                check.that("pause: the URL", a.request().url().endsWith("/subscription/status/modify"));
                Map<String, Object> body = (Map<String, Object>) Json.parseObject(a.request().body()).get("body");
                check.equal("pause: SUSPENDED", body.get("status"), "SUSPENDED");
            }
            // Pre-notify: argument errors, then the request.
            try (Session s = active(sub, c)) {
                check.throwsCode("preNotify: bad amount", "INVALID_AMOUNT", () -> s.preNotify("2027-01", "4.999", "10-01-2027", "PN_1", "Gold", null));
                check.throwsCode("preNotify: bad reference", "INVALID_REF_ID", () -> s.preNotify("2027-01", "499.00", "10-01-2027", "PN 1!", "Gold", null));
                check.throwsCode("preNotify: bad date", "INVALID_FIELD", () -> s.preNotify("2027-01", "499.00", "2027-01-10", "PN_1", "Gold", null));
                check.throwsCode("preNotify: above the maximum", "INVALID_FIELD", () -> s.preNotify("2027-01", "500.01", "10-01-2027", "PN_1", "Gold", null));
                s.preNotify("2027-01", "499.00", "10-01-2027", "PN_1", "Gold plan", "INV1");
                Action a = s.nextAction(after);
                check.equal("preNotify: pre_notify_subscription", a.purpose(), "pre_notify_subscription");
                Map<String, Object> body = (Map<String, Object>) Json.parseObject(a.request().body()).get("body");
                check.equal("preNotify: the reference", body.get("referenceId"), "PN_1");
                check.equal("preNotify: the date", body.get("txnDate"), "10-01-2027");
                check.equal("preNotify: the invoice", body.get("invoiceDisplayNo"), "INV1");
            }
        }
        System.out.println("subscription calls: collect, cancel, pause, resume and preNotify on an active mandate, state errors elsewhere");
    }

    /** The scenario replayed to its end: a subscription whose mandate is active and idle. */
    @SuppressWarnings("unchecked")
    private static Session active(Map<String, Object> sc, Credentials c) {
        Session s = Session.create(Session.Kind.SUBSCRIPTION, Json.write(sc.get("config")), c);
        for (Object o : (List<Object>) sc.get("steps")) {
            Map<String, Object> st = (Map<String, Object>) o;
            long now = number(st.get("now"));
            String op = (String) st.get("op");
            if (op.equals("next")) s.nextAction(now);
            else if (op.equals("respond")) s.handleResponse((int) number(st.get("status")), body(st), now);
            else if (op.equals("callback")) s.handleCallback(body(st), now);
            else throw new IllegalStateException("unexpected op " + op);
        }
        return s;
    }

    private static byte[] body(Map<String, Object> st) {
        return ((String) st.get("body")).getBytes(StandardCharsets.UTF_8);
    }

    private static long number(Object n) {
        return ((Number) n).longValue();
    }
}

package dev.paytmcheckout.tests;

import dev.paytmcheckout.Action;
import dev.paytmcheckout.Credentials;
import dev.paytmcheckout.HttpRequest;
import dev.paytmcheckout.Json;
import dev.paytmcheckout.MerchantKey;
import dev.paytmcheckout.PaytmCheckout;
import dev.paytmcheckout.PaytmChecksum;
import dev.paytmcheckout.PaytmException;
import dev.paytmcheckout.ParsedResponse;
import dev.paytmcheckout.Session;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The JVM suite, compiled against paytm-checkout.jar alone and run on the host JVM by
 * scripts/test-jvm.sh:
 *
 *   java -cp paytm-checkout.jar:CLASSES dev.paytmcheckout.tests.JvmTests REPO_ROOT [SANDBOX_URL]
 *
 * Prints one line per section with its count ("vectors: 28 cases") and "jvm: N passed, 0 failed".
 */
public final class JvmTests {
    static final String KEY = "PmX#a0x4VpTXRzfK";
    static final Check check = new Check();

    public static void main(String[] args) throws Exception {
        File root = new File(args[0]);
        System.out.println("library " + PaytmCheckout.version() + " on Java " + System.getProperty("java.version"));
        check.equal("the jar and the JNI library are one version", PaytmCheckout.bindingVersion(), PaytmCheckout.version());
        vectors(new File(root, "tests/vectors/checksum.json"));
        requests(new File(root, "tests/vectors/requests"));
        responses(new File(root, "tests/vectors/responses"));
        serverRule();
        errors();
        threads();
        SubscriptionCalls.run(root, check);
        int diff = PaytmDifferential.run(check, 300);
        System.out.println(diff == 0 ? "paytm java: skipped (paytmpayments-checksum not on the classpath)"
                : "paytm java: " + diff + " random cases, both directions, string and TreeMap, agree with paytmpayments-checksum");
        if (args.length > 1) SandboxCheckout.run(args[1], check);
        System.out.println("jvm: " + check.passed() + " passed, " + check.failed() + " failed");
        System.exit(check.failed() == 0 ? 0 : 1);
    }

    @SuppressWarnings("unchecked")
    static void vectors(File file) throws Exception {
        Map<String, Object> doc = Json.parseObject(Files2.read(file));
        int cases = 0;
        for (Object o : (List<Object>) doc.get("cases")) {
            Map<String, Object> c = (Map<String, Object>) o;
            String name = "vector " + c.get("name");
            String key = (String) c.get("key");
            String salt = (String) c.get("salt");
            String checksum = (String) c.get("checksum");
            boolean valid = (Boolean) c.get("valid");
            if ("string".equals(c.get("kind"))) {
                String params = (String) c.get("params");
                check.equal(name + ": PaytmChecksum.verifySignature(String)", PaytmChecksum.verifySignature(params, key, checksum), valid);
                try (MerchantKey k = new MerchantKey(key)) {
                    check.equal(name + ": MerchantKey.verify", k.verify(params, checksum), valid);
                    check.equal(name + ": MerchantKey.check", k.check(params, checksum) == 0, valid);
                    if (valid) check.equal(name + ": signWithSalt", k.signWithSalt(params, salt), checksum);
                }
                String fresh = PaytmChecksum.generateSignature(params, key);
                check.that(name + ": generateSignature(String) round trip", PaytmChecksum.verifySignature(params, key, fresh));
            } else {
                TreeMap<String, String> params = new TreeMap<>();
                for (Map.Entry<String, Object> e : ((Map<String, Object>) c.get("params")).entrySet())
                    params.put(e.getKey(), (String) e.getValue());
                check.equal(name + ": PaytmChecksum.verifySignature(TreeMap)", PaytmChecksum.verifySignature(params, key, checksum), valid);
                try (MerchantKey k = new MerchantKey(key)) {
                    check.equal(name + ": MerchantKey.verifyMap", k.verifyMap(params, checksum), valid);
                    if (valid) check.equal(name + ": signMapWithSalt", k.signMapWithSalt(params, salt), checksum);
                }
                if (c.get("joined") != null) check.equal(name + ": signingString", PaytmCheckout.signingString(params), c.get("joined"));
                String fresh = PaytmChecksum.generateSignature(params, key);
                check.that(name + ": generateSignature(TreeMap) round trip", PaytmChecksum.verifySignature(params, key, fresh));
            }
            cases++;
        }
        check.equal("vectors: every case", cases, ((List<Object>) doc.get("cases")).size());
        System.out.println("vectors: " + cases + " cases (String and TreeMap through PaytmChecksum, MerchantKey)");
    }

    @SuppressWarnings("unchecked")
    static void requests(File dir) throws Exception {
        List<String> names = PaytmCheckout.apiNames();
        int n = 0;
        for (File d : Files2.dirs(dir)) {
            Map<String, Object> in = Json.parseObject(Files2.read(new File(d, "input.json")));
            Object expected = Json.parse(Files2.read(new File(d, "request.json")));
            Map<String, Object> creds = (Map<String, Object>) in.get("credentials");
            if (creds == null) creds = new HashMap<>();
            String api = (String) in.get("api");
            check.that(d.getName() + ": api listed", names.contains(api));
            Map<String, Object> options = new LinkedHashMap<>();
            options.put("environment", in.get("environment"));
            if (in.get("salt") != null) options.put("salt", in.get("salt"));
            String mk = (String) creds.get("merchantKey");
            try (MerchantKey key = mk == null ? null : new MerchantKey(mk);
                    Credentials c = new Credentials(key, (String) creds.get("clientId"), (String) creds.get("clientSecret"))) {
                String params = Json.write(in.get("params"));
                String got = PaytmCheckout.buildRequestJson(api, params, c, Json.write(options));
                check.equal(d.getName() + ": golden request", Json.parse(got), expected);
                HttpRequest req = PaytmCheckout.buildRequest(api, params, c, Json.write(options));
                check.equal(d.getName() + ": HttpRequest body", req.body(), ((Map<String, Object>) expected).get("body"));
                check.that(d.getName() + ": HttpRequest.toString has no body", !req.toString().contains("{"));
                String secret = (String) creds.get("clientSecret");
                if (secret != null)
                    check.that(d.getName() + ": curl redacts the secret", !PaytmCheckout.buildRequestCurl(api, params, c, Json.write(options)).contains(secret));
            }
            n++;
        }
        check.that("requests: at least 40 golden requests", n >= 40);
        System.out.println("requests: " + n + " golden requests");
    }

    @SuppressWarnings("unchecked")
    static void responses(File dir) throws Exception {
        List<String> names = PaytmCheckout.responseApiNames();
        int n = 0, reconciled = 0;
        try (MerchantKey keyed = new MerchantKey(KEY)) {
            for (File d : Files2.dirs(dir)) {
                Map<String, Object> c = Json.parseObject(Files2.read(new File(d, "case.json")));
                Map<String, Object> expected = Json.parseObject(Files2.read(new File(d, "expected.json")));
                byte[] body = Files2.bytes(new File(d, "response.bin"));
                String api = (String) c.get("api");
                MerchantKey key = "test".equals(c.get("key")) ? keyed : null;
                String options = Json.write(c.get("options"));
                Map<String, Object> got = new LinkedHashMap<>();
                if ("callback".equals(api) && expected.containsKey("ok")) {
                    // The library adds the callback's reconciliation facts (as the npm package does).
                    Map<String, Object> ok = (Map<String, Object>) expected.get("ok");
                    Map<String, Object> txn = (Map<String, Object>) ok.get("txn");
                    Map<String, Object> t = new LinkedHashMap<>();
                    for (String k : new String[] {"orderId", "mid", "txnId"}) if (txn.containsKey(k)) t.put(k, txn.get(k));
                    if (txn.containsKey("txnAmount")) t.put("amount", txn.get("txnAmount"));
                    t.put("state", txn.get("state"));
                    t.put("verification", ok.get("verification"));
                    ok.put("transaction", t);
                }
                ParsedResponse parsed = null;
                try {
                    if ("callback".equals(api)) {
                        parsed = PaytmCheckout.parseCallback(body, key, options);
                    } else {
                        check.that(d.getName() + ": api listed", names.contains(api));
                        int status = ((Long) c.get("httpStatus")).intValue();
                        parsed = PaytmCheckout.parseResponse(api, status, body, key, options);
                    }
                    got.put("ok", parsed.toMap());
                } catch (PaytmException e) {
                    got.put("error", e.codeName());
                    check.that(d.getName() + ": error has a message", e.getMessage().length() > 0);
                }
                check.equal(d.getName() + ": matches expected.json", got, expected);
                Map<String, Object> txn = parsed == null ? null : parsed.transaction();
                if (txn != null && txn.containsKey("orderId") && txn.containsKey("amount")) {
                    Map<String, Object> order = new LinkedHashMap<>();
                    order.put("orderId", txn.get("orderId"));
                    order.put("amount", txn.get("amount"));
                    String verdict = (String) PaytmCheckout.reconcile(Json.write(order), parsed.transactionJson()).get("verdict");
                    String state = (String) txn.get("state");
                    String want = "success".equals(state) || "settled".equals(state) ? "fulfil"
                            : "pending".equals(state) || "unknown".equals(state) ? "wait" : "do_not_fulfil";
                    if (want.equals("fulfil") && !"verified".equals(txn.get("verification"))) want = "do_not_fulfil";
                    check.equal(d.getName() + ": reconcile", verdict, want);
                    reconciled++;
                }
                n++;
            }
        }
        check.that("responses: at least 100 fixtures", n >= 100);
        System.out.println("responses: " + n + " fixtures (" + reconciled + " reconciled)");
    }

    /** The map rule is the server's, not TreeMap's; the empty map is fine; CHECKSUMHASH is left out. */
    static void serverRule() throws Exception {
        // TreeMap orders by UTF-16 code units: U+1F600 (a surrogate pair, D83D...) before U+E000.
        // Paytm's server sorts UTF-8 bytes: EE 80 80 (U+E000) before F0 9F 98 80 (U+1F600).
        TreeMap<String, String> m = new TreeMap<>();
        m.put("\ue000", "private-use");
        m.put("\ud83d\ude00", "emoji");
        check.equal("TreeMap iterates the emoji first", m.firstKey(), "\ud83d\ude00");
        check.equal("server rule: UTF-8 byte order", PaytmCheckout.signingString(m), "private-use|emoji");
        TreeMap<String, String> nulls = new TreeMap<>();
        nulls.put("A", "x");
        nulls.put("B", null);
        nulls.put("C", "NuLl");
        check.equal("null and \"null\" are empty", PaytmCheckout.signingString(nulls), "x||");
        TreeMap<String, String> empty = new TreeMap<>();
        String sig = PaytmChecksum.generateSignature(empty, KEY); // Paytm's own throws here
        check.that("empty map: signs", sig.length() == 108);
        check.that("empty map: verifies", PaytmChecksum.verifySignature(empty, KEY, sig));
        TreeMap<String, String> cb = new TreeMap<>();
        cb.put("ORDERID", "O1");
        cb.put("STATUS", "TXN_SUCCESS");
        String s = PaytmChecksum.generateSignature(cb, KEY);
        cb.put("CHECKSUMHASH", s);
        check.that("a callback map verifies with its CHECKSUMHASH in it", PaytmChecksum.verifySignature(cb, KEY, s));
        check.equal("joinedParams keeps CHECKSUMHASH (Paytm's getStringByParams)", PaytmCheckout.joinedParams(cb), s + "|O1|TXN_SUCCESS");
        check.that("string mode = signing string", PaytmChecksum.verifySignature("O1|TXN_SUCCESS", KEY, s));
        // Text crosses as UTF-8, not JNI's modified UTF-8: NUL and non-BMP characters survive.
        String odd = "{\"note\":\"a\u0000b \ud83d\ude00 \u20b9\"}";
        try (MerchantKey k = new MerchantKey(KEY)) {
            String fixed = k.signWithSalt(odd, "abcd");
            check.equal("UTF-8 bytes are signed", PaytmCheckout.checksumHash(odd, "abcd"),
                    k.decrypt(fixed));
            check.that("encrypt/decrypt round trip", k.decrypt(k.encrypt("\u20b9 \ud83d\ude00")).equals("\u20b9 \ud83d\ude00"));
            check.equal("PaytmChecksum.encrypt = MerchantKey.encrypt", PaytmChecksum.encrypt("x", KEY), k.encrypt("x"));
            Map<String, Object> why = k.explain(odd + "\n", fixed, false);
            check.equal("explain: mismatch", ((Map<?, ?>) why.get("verdict")).get("status"), "mismatch");
            check.that("explain: proves a cause", !((List<?>) why.get("causes")).isEmpty());
        }
        check.equal("classify 0000/S on initiate", PaytmCheckout.classifyResultCode("initiate", "0000", "S"), PaytmCheckout.ResultClass.SUCCESS);
        check.that("lookup a code", PaytmCheckout.lookupResultCode("initiate", "0000") != null);
        check.that("a result-code table", !PaytmCheckout.resultCodeTable("initiate").isEmpty());
        check.that("table names", PaytmCheckout.resultCodeTableNames().contains("initiate"));
        check.equal("card info", PaytmCheckout.encodeCardInfo("{\"type\":\"token\",\"cvv\":\"123\"}"), "||123|");
        Map<String, Object> doctor = PaytmCheckout.doctor("{\"environment\":\"staging\",\"merchantKey\":\"short\"}");
        check.equal("doctor: not clean", doctor.get("clean"), Boolean.FALSE);
        check.that("doctor: never echoes the key", !Json.write(doctor).contains("\"short\""));
        System.out.println("server rule: UTF-8 order, null, empty map, CHECKSUMHASH, UTF-8 text, helpers");
    }

    static void errors() throws Exception {
        check.throwsCode("short key", "INVALID_KEY_LENGTH", () -> new MerchantKey("short").close());
        try {
            PaytmChecksum.generateSignature("{}", "short");
            check.that("PaytmChecksum: short key throws", false);
        } catch (PaytmException e) {
            check.equal("PaytmChecksum: short key code", e.code(), 1001);
        }
        check.equal("nameOf", PaytmException.nameOf(2001), "CHECKSUM_MISMATCH");
        check.equal("nameOf a non-code", PaytmException.nameOf(12345), "UNKNOWN");
        check.that("messageOf", !PaytmException.messageOf(2001).isEmpty());
        check.that("a malformed checksum is false, not an exception", !PaytmChecksum.verifySignature("{}", KEY, "%%%"));
        try (MerchantKey k = new MerchantKey(KEY)) {
            check.equal("check: bad base64", PaytmException.nameOf(k.check("{}", "%%%")), "CHECKSUM_ENCODING");
            check.equal("check: other bytes", PaytmException.nameOf(k.check("{}", k.sign("{ }"))), "CHECKSUM_MISMATCH");
            check.that("toString hides the key", !k.toString().contains(KEY) && k.toString().contains("redacted"));
            check.throwsCode("bad salt", "INVALID_SALT", () -> k.signWithSalt("x", "toolong"));
            check.throwsCode("map with a non-string value", "INVALID_PARAMS", () -> k.verifyMapJson("{\"A\":1}", "x"));
            check.throwsCode("tampered response", "CHECKSUM_MISMATCH", () -> PaytmCheckout.parseResponse("transaction_status", 200,
                    tamperedStatus(k), k, null));
            check.throwsCode("HTTP status -1", "RESPONSE_HTTP_STATUS", () -> PaytmCheckout.parseResponse("transaction_status", -1,
                    "{}".getBytes(StandardCharsets.UTF_8), k, null));
            check.throwsCode("unknown response api", "UNKNOWN_API", () -> PaytmCheckout.parseResponse("nope", 200, new byte[0], k, null));
            check.throwsCode("not JSON", "RESPONSE_NOT_JSON", () -> PaytmCheckout.parseResponse("transaction_status", 200,
                    "<html>".getBytes(StandardCharsets.UTF_8), k, null));
            check.throwsCode("signed response without a key", "INVALID_CREDENTIALS", () -> PaytmCheckout.parseResponse("transaction_status", 200,
                    "{\"head\":{\"signature\":\"x\"},\"body\":{}}".getBytes(StandardCharsets.UTF_8), null, null));
            check.throwsCode("signed API, no signature", "SIGNATURE_MISSING", () -> PaytmCheckout.parseResponse("transaction_status", 200,
                    "{\"head\":{},\"body\":{}}".getBytes(StandardCharsets.UTF_8), k, null));
            try (Credentials c = new Credentials(k, null, "s3cr3t-value")) {
                check.that("Credentials.toString hides the secret", !c.toString().contains("s3cr3t"));
                check.throwsCode("missing field", "MISSING_FIELD", () -> PaytmCheckout.buildRequest("initiate_transaction",
                        "{\"mid\":\"INTEGR7769XXXXXX9383\"}", c, "{\"environment\":\"staging\"}"));
                // (The header says INVALID_FIELD for an unknown API name; the library answers UNKNOWN_API.)
                check.throwsCode("unknown api", "UNKNOWN_API", () -> PaytmCheckout.buildRequest("nope", "{}", c, null));
                check.throwsCode("bad options", "INVALID_ARGUMENT", () -> PaytmCheckout.buildRequest("transaction_status",
                        "{\"mid\":\"M\",\"orderId\":\"O\"}", c, "{\"environment\":\"moon\"}"));
                check.throwsCode("session kind", "INVALID_ARGUMENT", () -> Session.create("lottery", "{}", c));
                check.throwsCode("session config", "MISSING_FIELD", () -> Session.create(Session.Kind.REFUND, "{\"environment\":\"staging\"}", c));
                check.throwsCode("restore garbage", "SESSION_RESTORE", () -> Session.restore("{}", c, null));
            }
            check.throwsCode("bad credentials", "INVALID_CREDENTIALS", () -> new Credentials(k, "bad id!", (String) null).close());
        }
        // Closed handles are refused in Java, never passed to C.
        MerchantKey closed = new MerchantKey(KEY);
        closed.close();
        closed.close();
        try {
            closed.sign("x");
            check.that("closed key: throws", false);
        } catch (IllegalStateException e) {
            check.that("closed key: IllegalStateException", e.getMessage().contains("closed"));
        }
        check.that("closed key: isClosed", closed.isClosed());
        try {
            Session.restore("{}", null, null).close();
            check.that("keyless restore of garbage throws", false);
        } catch (PaytmException e) {
            check.equal("keyless restore code", e.codeName(), "SESSION_RESTORE");
        }
        // A session: state misuse, negative time, save/restore and an edited save.
        try (MerchantKey k = new MerchantKey(KEY); Credentials c = new Credentials(k)) {
            String config = "{\"environment\":\"staging\",\"mid\":\"INTEGR7769XXXXXX9383\",\"orderId\":\"J_ERR_1\",\"amount\":\"1.00\","
                    + "\"initiate\":{\"mid\":\"INTEGR7769XXXXXX9383\",\"orderId\":\"J_ERR_1\",\"websiteName\":\"WEBSTAGING\","
                    + "\"txnAmount\":{\"value\":\"1.00\"},\"userInfo\":{\"custId\":\"C1\"},\"callbackUrl\":\"https://m.example/cb\"}}";
            try (Session s = Session.create(Session.Kind.CHECKOUT, config, c)) {
                check.throwsCode("pay before collect", "SESSION_STATE", () -> s.pay("{\"paymentMode\":\"UPI\",\"payerAccount\":\"a@b\"}", 1));
                try {
                    s.nextAction(-1);
                    check.that("negative now throws", false);
                } catch (IllegalArgumentException e) {
                    check.that("negative now: IllegalArgumentException", true);
                }
                Action a = s.nextAction(1_700_000_000_000L);
                check.equal("first action", a.type(), Action.Type.SEND);
                check.equal("first purpose", a.purpose(), "initiate");
                check.that("action toString has no body", !a.toString().contains("{"));
                check.that("session toString", s.toString().equals("Session(checkout)"));
                String saved = s.save();
                check.that("save holds no key", !saved.contains(KEY));
                try (Session r = Session.restore(saved, c, null)) {
                    check.equal("restored: asks again", r.nextAction(1_700_000_000_001L).type(), Action.Type.SEND);
                }
                String edited = saved.replace("\"1.00\"", "\"0.01\"");
                check.that("edited save differs", !edited.equals(saved));
                check.throwsCode("edited save", "SESSION_SEAL", () -> Session.restore(edited, c, null));
                check.throwsCode("response with nothing out", "SESSION_STATE", () -> {
                    try (Session fresh = Session.create(Session.Kind.CHECKOUT, config, c)) {
                        fresh.handleResponse(200, new byte[0], 1);
                    }
                });
                check.throwsCode("refund retry on a checkout", "SESSION_STATE", () -> s.retry(1_700_000_000_002L));
            }
        }
        System.out.println("errors: codes and names, closed handles, sessions misused, no secret in toString");
    }

    /** A signed transaction_status answer with its amount changed after signing. */
    static byte[] tamperedStatus(MerchantKey k) {
        String body = "{\"resultInfo\":{\"resultStatus\":\"TXN_SUCCESS\",\"resultCode\":\"01\",\"resultMsg\":\"Txn Success\"},"
                + "\"txnId\":\"T1\",\"orderId\":\"O1\",\"txnAmount\":\"1.00\",\"mid\":\"INTEGR7769XXXXXX9383\"}";
        String sig = k.sign(body);
        return ("{\"head\":{\"signature\":\"" + sig + "\"},\"body\":" + body.replace("1.00", "9.00") + "}").getBytes(StandardCharsets.UTF_8);
    }

    /** One key shared by 8 threads; and a key closed while others use it (refused, never a crash). */
    static void threads() throws Exception {
        final int threads = 8, rounds = 500;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try (MerchantKey key = new MerchantKey(KEY)) {
            List<Future<Integer>> results = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                final int n = i;
                results.add(pool.submit(() -> {
                    int ok = 0;
                    TreeMap<String, String> m = new TreeMap<>();
                    for (int j = 0; j < rounds; j++) {
                        String b = "{\"thread\":" + n + ",\"round\":" + j + "}";
                        if (key.verify(b, key.sign(b)) && !key.verify(b + " ", key.sign(b))) ok++;
                        m.put("K" + j, "v" + n);
                        if (j % 50 == 0 && PaytmChecksum.verifySignature(m, KEY, key.signMap(m))) ok++;
                    }
                    return ok;
                }));
            }
            int total = 0;
            for (Future<Integer> f : results) total += f.get();
            check.equal("threads: every sign/verify agreed", total, threads * (rounds + rounds / 50));
        }
        // Close while 4 threads sign: each call either completes or sees IllegalStateException.
        final MerchantKey shared = new MerchantKey(KEY);
        final CountDownLatch started = new CountDownLatch(4);
        final AtomicInteger refused = new AtomicInteger(), bad = new AtomicInteger();
        List<Future<?>> users = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            users.add(pool.submit(() -> {
                started.countDown();
                for (int j = 0; j < 100000; j++) {
                    try {
                        if (shared.sign("x").length() != 108) bad.incrementAndGet();
                    } catch (IllegalStateException e) {
                        refused.incrementAndGet();
                        return;
                    }
                }
            }));
        }
        started.await();
        Thread.sleep(20);
        shared.close();
        for (Future<?> f : users) f.get();
        pool.shutdown();
        check.that("close under load: no bad result", bad.get() == 0);
        check.equal("close under load: every thread refused after close", refused.get(), 4);
        System.out.println("threads: " + threads + " x " + rounds + " sign/verify on one key; close under load refused cleanly");
    }
}

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Runs on the host JVM what an Android app does through JNI: sign, verify, build a Process
 * Transaction request. Run by scripts/test-c.sh:
 *   java -Djava.library.path=DIR -cp DIR PaytmCheckoutTest EXPECTED_PROCESS_JSON_FILE PROCESS_PARAMS_FILE \
 *       PROCESS_RESPONSE_FILE
 * Prints "jni: N passed, 0 failed".
 */
public final class PaytmCheckoutTest {
    private static int passed;
    private static final List<String> failures = new ArrayList<>();

    private static void check(String what, boolean ok) {
        if (ok) passed++;
        else failures.add(what);
    }

    public static void main(String[] args) throws Exception {
        String expected = Files.readString(Path.of(args[0]), StandardCharsets.UTF_8).strip();
        String processParams = Files.readString(Path.of(args[1]), StandardCharsets.UTF_8).strip();
        String staging = "{\"environment\":\"staging\"}";
        byte[] processResponse = Files.readAllBytes(Path.of(args[2]));

        check("version", PaytmCheckout.version().matches("\\d+\\.\\d+\\.\\d+"));

        try (PaytmCheckout.MerchantKey key = new PaytmCheckout.MerchantKey("PmX#a0x4VpTXRzfK")) {
            // Non-BMP text survives: UTF-8 bytes cross, not JNI's modified UTF-8.
            String body = "{\"mid\":\"M1\",\"note\":\"\u20b9 \ud83d\ude00\"}";
            String sig = key.sign(body);
            check("sign: 108 characters", sig.length() == 108);
            check("verify", key.verify(body, sig));
            check("verify: tampered body", !key.verify(body + " ", sig));
            check("verify: malformed checksum is false", !key.verify(body, "not a checksum"));
            String callback = "{\"ORDERID\":\"O1\",\"STATUS\":\"TXN_SUCCESS\"}";
            // A map checksum is the checksum of the signing string "O1|TXN_SUCCESS".
            check("verifyMap", key.verifyMap(callback, key.sign("O1|TXN_SUCCESS")));

            // Many threads share one key.
            ExecutorService pool = Executors.newFixedThreadPool(4);
            List<Future<Boolean>> results = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                final int n = i;
                results.add(pool.submit(() -> {
                    for (int j = 0; j < 200; j++) {
                        String b = "thread " + n + " round " + j;
                        if (!key.verify(b, key.sign(b))) return false;
                    }
                    return true;
                }));
            }
            for (Future<Boolean> f : results) check("threads", f.get());
            pool.shutdown();
        }

        // Process Transaction: no credentials; exactly the golden request.
        String request = PaytmCheckout.buildRequest("process_transaction", processParams, null, staging);
        check("process_transaction: golden request", request.equals(expected));
        if (!request.equals(expected)) System.err.println("got      " + request + "\nexpected " + expected);

        // Its response: txnInfo's CHECKSUMHASH verified with the key, the payment's facts out.
        try (PaytmCheckout.MerchantKey key = new PaytmCheckout.MerchantKey("PmX#a0x4VpTXRzfK")) {
            String parsed = PaytmCheckout.parseResponse("process_transaction", 200, processResponse, key, null);
            check("process response: verified", parsed.contains("\"verification\":\"verified\""));
            check("process response: success", parsed.contains("\"class\":\"success\""));
            check("process response: transaction", parsed.contains("\"transaction\":{\"orderId\":"));
            byte[] tampered = new String(processResponse, StandardCharsets.UTF_8)
                    .replace("\"TXNAMOUNT\":\"1.00\"", "\"TXNAMOUNT\":\"9.00\"").getBytes(StandardCharsets.UTF_8);
            check("process response: tampered copy differs", !java.util.Arrays.equals(tampered, processResponse));
            try {
                PaytmCheckout.parseResponse("process_transaction", 200, tampered, key, null);
                check("process response: tampered throws", false);
            } catch (PaytmCheckout.PaytmException e) {
                check("process response: CHECKSUM_MISMATCH", e.code == 2001);
            }
            try {
                PaytmCheckout.parseResponse("process_transaction", -1, processResponse, key, null);
                check("process response: negative status throws", false);
            } catch (PaytmCheckout.PaytmException e) {
                check("process response: RESPONSE_HTTP_STATUS", e.code == 3003);
            }
        }

        // Initiate Transaction with credentials.
        try (PaytmCheckout.MerchantKey key = new PaytmCheckout.MerchantKey("PmX#a0x4VpTXRzfK");
                PaytmCheckout.Credentials creds = new PaytmCheckout.Credentials(key, null, null)) {
            String initiate = PaytmCheckout.buildRequest("initiate_transaction",
                    "{\"mid\":\"INTEGR7769XXXXXX9383\",\"orderId\":\"O1\",\"websiteName\":\"WEBSTAGING\","
                            + "\"txnAmount\":{\"value\":\"1\"},\"userInfo\":{\"custId\":\"C1\"},"
                            + "\"callbackUrl\":\"https://merchant.example/cb\"}",
                    creds, staging);
            check("initiate_transaction: signed", initiate.contains("\\\"signature\\\":"));
        }

        // Errors are exceptions with the library's code and detailed message.
        try {
            new PaytmCheckout.MerchantKey("short");
            check("short key throws", false);
        } catch (PaytmCheckout.PaytmException e) {
            check("short key: INVALID_KEY_LENGTH", e.code == 1001);
        }
        try {
            PaytmCheckout.buildRequest("initiate_transaction", "{\"mid\":\"INTEGR7769XXXXXX9383\"}", null, staging);
            check("missing field throws", false);
        } catch (PaytmCheckout.PaytmException e) {
            check("missing field: code", e.code == 1021);
            check("missing field: names the member", e.getMessage().contains("websiteName"));
        }
        try {
            PaytmCheckout.buildRequest("process_transaction", processParams, null, "{\"environment\":\"moon\"}");
            check("bad options throw", false);
        } catch (PaytmCheckout.PaytmException e) {
            check("bad options: INVALID_ARGUMENT", e.code == 1027);
        }

        for (String f : failures) System.err.println("FAIL " + f);
        System.out.println("jni: " + passed + " passed, " + failures.size() + " failed");
        System.exit(failures.isEmpty() ? 0 : 1);
    }
}

package dev.paytmcheckout;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The library's stateless functions: build a Paytm API request, parse and verify a response or a
 * callback, reconcile, diagnose. Every rule is the library's (the C API of
 * {@code include/paytm_checkout.h}); inputs and structured outputs are JSON with the schemas
 * documented there, read into {@code Map}s by {@link Json}.
 */
public final class PaytmCheckout {
    private PaytmCheckout() {}

    /** The native library's version, "x.y.z" ({@code ptm_version}). */
    public static String version() {
        return Native.text(Native.version());
    }

    /**
     * The version of these classes (jvm/version.properties, built into the jar); differs from
     * {@link #version()} only when the jar and the JNI library come from different builds.
     */
    public static String bindingVersion() {
        java.util.Properties p = new java.util.Properties();
        try (java.io.InputStream in = PaytmCheckout.class.getResourceAsStream("version.properties")) {
            if (in == null) return "unknown";
            p.load(in);
        } catch (java.io.IOException e) {
            return "unknown";
        }
        return p.getProperty("version", "unknown");
    }

    /**
     * Builds the HTTP request of a Paytm API, signed over the exact bytes it carries.
     *
     * @param api         {@code initiate_transaction}, {@code transaction_status}, ... ({@link #apiNames()})
     * @param paramsJson  the API's input object with Paytm's camelCase member names
     * @param credentials the merchant key (and client id/secret) the API needs, or null
     * @param optionsJson {@code {"environment":"staging"|"production"|{"custom":"http://..."},"salt":"abcd"}}, or null
     */
    public static HttpRequest buildRequest(String api, String paramsJson, Credentials credentials, String optionsJson) {
        return HttpRequest.fromJson(buildRequestJson(api, paramsJson, credentials, optionsJson));
    }

    /** {@link #buildRequest} as the library's JSON ({@code {"method","url","headers","contentType","body"}}). */
    public static String buildRequestJson(String api, String paramsJson, Credentials credentials, String optionsJson) {
        return request(api, paramsJson, credentials, optionsJson, false);
    }

    /** The same request as a {@code curl} command line with credentials, tokens and card data redacted. */
    public static String buildRequestCurl(String api, String paramsJson, Credentials credentials, String optionsJson) {
        return request(api, paramsJson, credentials, optionsJson, true);
    }

    private static String request(String api, String params, Credentials credentials, String options, boolean curl) {
        long c = Credentials.acquireOrZero(credentials);
        try {
            return Native.text(Native.requestBuild(Native.utf8(api), Native.utf8(params), c, Native.utf8(options), curl));
        } finally {
            Credentials.releaseIf(credentials);
        }
    }

    /** Every API name {@link #buildRequest} accepts. */
    public static List<String> apiNames() {
        return strings(Native.names(0));
    }

    /** Every API name {@link #parseResponse} accepts. */
    public static List<String> responseApiNames() {
        return strings(Native.names(1));
    }

    /** The names of the result-code tables ({@code initiate}, {@code process}, ...). */
    public static List<String> resultCodeTableNames() {
        return strings(Native.names(2));
    }

    private static List<String> strings(byte[] json) {
        List<String> out = new ArrayList<>();
        for (Object o : (List<?>) Json.parse(Native.text(json))) out.add((String) o);
        return out;
    }

    /**
     * Parses and verifies a Paytm API response: {@code body} exactly as received. A declined
     * payment is a result with its class; an exception means malformed, tampered or unusable bytes.
     *
     * @param key         verifies signed responses; null refuses them unless {@code allowUnsigned}
     * @param optionsJson {@code {"allowUnsigned":false}}, or null
     */
    public static ParsedResponse parseResponse(String api, int httpStatus, byte[] body, MerchantKey key, String optionsJson) {
        return new ParsedResponse(parseResponseJson(api, httpStatus, body, key, optionsJson));
    }

    /** {@link #parseResponse} as the library's JSON. */
    public static String parseResponseJson(String api, int httpStatus, byte[] body, MerchantKey key, String optionsJson) {
        long k = key == null ? 0 : key.acquire();
        try {
            return Native.text(Native.responseParse(Native.utf8(api), httpStatus, body, k, Native.utf8(optionsJson)));
        } finally {
            if (key != null) key.release();
        }
    }

    /**
     * Parses and verifies what Paytm POSTs after a payment (the browser callback or the S2S
     * webhook, form-urlencoded or JSON). Confirm with {@code transaction_status} before fulfilling.
     */
    public static ParsedResponse parseCallback(byte[] body, MerchantKey key, String optionsJson) {
        long k = key == null ? 0 : key.acquire();
        try {
            return new ParsedResponse(Native.text(Native.callbackParse(body, k, Native.utf8(optionsJson))));
        } finally {
            if (key != null) key.release();
        }
    }

    /**
     * May this order be fulfilled? {@code expectedJson}: your record, {@code {"orderId","amount","mid"?}};
     * {@code transactionJson}: the {@code transaction} of a parsed response
     * ({@link ParsedResponse#transactionJson()}). Returns {@code {"verdict":"fulfil"|"wait"|"do_not_fulfil","reason"?}}.
     */
    public static Map<String, Object> reconcile(String expectedJson, String transactionJson) {
        return Json.parseObject(Native.text(Native.reconcile(Native.utf8(expectedJson), Native.utf8(transactionJson))));
    }

    /** Diagnoses a merchant configuration (docs/doctor.md); the report never holds the key or secret. */
    public static Map<String, Object> doctor(String configJson) {
        return Json.parseObject(Native.text(Native.doctor(Native.utf8(configJson))));
    }

    /** What a map checksum covers: the values sorted by name (UTF-8 byte order) joined with {@code |}. */
    public static String signingString(Map<String, String> params) {
        return Native.text(Native.paramsString(Native.utf8(Json.writeStringMap(params)), false));
    }

    /** Paytm's {@code getStringByParams}: as {@link #signingString} with {@code CHECKSUMHASH} kept. */
    public static String joinedParams(Map<String, String> params) {
        return Native.text(Native.paramsString(Native.utf8(Json.writeStringMap(params)), true));
    }

    /** Paytm's {@code calculateHash(params, salt)}: hex(sha256(params|salt)) + salt. No key involved. */
    public static String checksumHash(String params, String salt) {
        return Native.text(Native.checksumHash(Native.utf8(params), Native.utf8(salt)));
    }

    /** Paytm's {@code cardInfo} string for a card given as {@code {"type":"new","cardNumber",...}}. */
    public static String encodeCardInfo(String cardJson) {
        return Native.text(Native.cardInfoEncode(Native.utf8(cardJson)));
    }

    /** The result classes of {@link #classifyResultCode}. */
    public enum ResultClass {
        UNKNOWN, SUCCESS, FAILURE, PENDING, RETRY_ALLOWED, SESSION_EXPIRED, MERCHANT_CONFIGURATION, INVALID_REQUEST
    }

    /** The class of a Paytm result code by its API's documented table; {@code resultStatus} may be null. */
    public static ResultClass classifyResultCode(String table, String code, String resultStatus) {
        int c = Native.resultCodeClassify(Native.utf8(table), Native.utf8(code), Native.utf8(resultStatus));
        ResultClass[] all = ResultClass.values();
        return c >= 0 && c < all.length ? all[c] : ResultClass.UNKNOWN;
    }

    /** The documented entry of a result code ({@code code, status, class, message}), or null when not in the table. */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> lookupResultCode(String table, String code) {
        return (Map<String, Object>) Json.parse(Native.text(Native.resultCodeLookup(Native.utf8(table), Native.utf8(code == null ? "" : code))));
    }

    /** Every documented entry of a result-code table. */
    @SuppressWarnings("unchecked")
    public static List<Map<String, Object>> resultCodeTable(String table) {
        return (List<Map<String, Object>>) Json.parse(Native.text(Native.resultCodeLookup(Native.utf8(table), null)));
    }
}

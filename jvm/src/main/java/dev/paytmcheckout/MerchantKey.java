package dev.paytmcheckout;

import java.util.Map;

/**
 * A Paytm merchant key (16, 24 or 32 bytes), copied into the library's storage, which zeroes it
 * when the key is closed. Signs and verifies checksums, and verifies responses and callbacks.
 *
 * <p>One key may be used by many threads at once. Close it when done (try-with-resources); there
 * is no finalizer (see {@code docs/jvm.md}). {@link #toString()} never shows the key.
 *
 * <pre>{@code
 * try (MerchantKey key = new MerchantKey(System.getenv("PAYTM_MERCHANT_KEY"))) {
 *     String signature = key.sign(body);          // body: the exact JSON text you send
 *     boolean ok = key.verify(body, signature);
 * }
 * }</pre>
 */
public final class MerchantKey extends NativeHandle {
    /** The key's raw bytes; the caller may wipe its array once this returns. */
    public MerchantKey(byte[] key) {
        super(Native.keyNew(key));
    }

    /** The key as Paytm's dashboard shows it, taken as UTF-8 bytes. */
    public MerchantKey(String key) {
        this(Native.utf8(key));
    }

    @Override
    void free(long handle) {
        Native.keyFree(handle);
    }

    /** The checksum of the exact UTF-8 bytes of {@code body} (string mode), with a random salt. */
    public String sign(String body) {
        return sign(Native.utf8(body));
    }

    /** The checksum of the exact bytes {@code body} (string mode), with a random salt. */
    public String sign(byte[] body) {
        return withHandle(h -> Native.text(Native.checksumGenerate(h, body, null, false)));
    }

    /** As {@link #sign(String)} with a fixed 4-character salt: reproducible, for tests and vectors. */
    public String signWithSalt(String body, String salt) {
        return withHandle(h -> Native.text(Native.checksumGenerate(h, Native.utf8(body), Native.utf8(salt), false)));
    }

    /** True when {@code checksum} is this key's checksum of the exact UTF-8 bytes of {@code body}. */
    public boolean verify(String body, String checksum) {
        return verify(Native.utf8(body), checksum);
    }

    /** True when {@code checksum} is this key's checksum of {@code body}; a malformed checksum is false. */
    public boolean verify(byte[] body, String checksum) {
        return withHandle(h -> Native.checksumVerify(h, body, Native.utf8(checksum), false));
    }

    /**
     * Why {@code checksum} is or is not this key's checksum of {@code body}: 0 when authentic, else
     * the 2xxx code (2001 CHECKSUM_MISMATCH, 2002 CHECKSUM_ENCODING, ...; {@link
     * PaytmException#nameOf(int)} names it). For diagnostics; the verdict is {@link #verify}'s.
     */
    public int check(String body, String checksum) {
        return withHandle(h -> Native.checksumCheck(h, Native.utf8(body), Native.utf8(checksum), false));
    }

    /**
     * The checksum of a parameter map (callbacks, forms) by Paytm's server rule: the values sorted by
     * name in UTF-8 byte order, joined with {@code |}, null and {@code "null"} (any case) as empty,
     * {@code CHECKSUMHASH} left out. Any map; the empty map is allowed.
     */
    public String signMap(Map<String, String> params) {
        return signMapJson(Json.writeStringMap(params));
    }

    /** As {@link #signMap(Map)} with a fixed 4-character salt. */
    public String signMapWithSalt(Map<String, String> params, String salt) {
        return withHandle(h ->
                Native.text(Native.checksumGenerate(h, Native.utf8(Json.writeStringMap(params)), Native.utf8(salt), true)));
    }

    /** {@link #signMap(Map)} for a map given as a JSON object of string or null values. */
    public String signMapJson(String paramsJson) {
        return withHandle(h -> Native.text(Native.checksumGenerate(h, Native.utf8(paramsJson), null, true)));
    }

    /** True when {@code checksum} is this key's map checksum of {@code params} (a CHECKSUMHASH entry is ignored). */
    public boolean verifyMap(Map<String, String> params, String checksum) {
        return verifyMapJson(Json.writeStringMap(params), checksum);
    }

    /** {@link #verifyMap(Map, String)} for a map given as a JSON object. */
    public boolean verifyMapJson(String paramsJson, String checksum) {
        return withHandle(h -> Native.checksumVerify(h, Native.utf8(paramsJson), Native.utf8(checksum), true));
    }

    /** Map-mode {@link #check(String, String)}. */
    public int checkMap(Map<String, String> params, String checksum) {
        return withHandle(h -> Native.checksumCheck(h, Native.utf8(Json.writeStringMap(params)), Native.utf8(checksum), true));
    }

    /**
     * Diagnoses a checksum that does not verify: the proven cause (trailing newline, re-serialized
     * JSON, {@code null} kept as text, another key...), as the JSON object of
     * {@code ptm_checksum_explain}. {@code map}: {@code params} is a JSON object (map mode).
     */
    public Map<String, Object> explain(String params, String checksum, boolean map) {
        return withHandle(h ->
                Json.parseObject(Native.text(Native.checksumExplain(h, Native.utf8(params), Native.utf8(checksum), map ? 1 : 0))));
    }

    /** Paytm's {@code encrypt}: base64(AES-CBC(key, Paytm's IV, text)). For interoperability only. */
    public String encrypt(String text) {
        return withHandle(h -> Native.text(Native.textEncrypt(h, Native.utf8(text))));
    }

    /** Paytm's {@code decrypt}, the inverse of {@link #encrypt(String)}. */
    public String decrypt(String base64) {
        return withHandle(h -> Native.text(Native.textDecrypt(h, Native.utf8(base64))));
    }

    /** Never the key. */
    @Override
    public String toString() {
        return isClosed() ? "MerchantKey(closed)" : "MerchantKey(<redacted>)";
    }
}

import java.nio.charset.StandardCharsets;

/**
 * The Android path, proven on the host JVM: a Java API over libpaytm_checkout through a small JNI
 * shim (paytm_checkout_jni.c). Text crosses as UTF-8 byte arrays in both directions (JNI's own
 * string functions use "modified UTF-8", which is not what the library signs).
 *
 * <p>Handles are {@link AutoCloseable}: close them (try-with-resources) to zero the key material.
 * A key or credentials object may be used from many threads at once, as in C.
 */
public final class PaytmCheckout {
    static {
        System.loadLibrary("paytm_checkout_jni");
    }

    private PaytmCheckout() {}

    /** A library error: the C {@code ptm_result} code and the library's detailed message. */
    public static final class PaytmException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        /** The stable error number, e.g. 1001 (INVALID_KEY_LENGTH). */
        public final int code;

        PaytmException(int code, String message) {
            super(message + " (" + code + ")");
            this.code = code;
        }
    }

    /** A merchant key (copied into the library's zeroizing storage). */
    public static final class MerchantKey implements AutoCloseable {
        private long handle;

        public MerchantKey(byte[] key) {
            handle = nativeKeyNew(key);
        }

        public MerchantKey(String key) {
            this(key.getBytes(StandardCharsets.UTF_8));
        }

        private long live() {
            if (handle == 0) throw new IllegalStateException("MerchantKey is closed");
            return handle;
        }

        /** The checksum of the exact UTF-8 bytes of {@code body} (a JSON request body), random salt. */
        public String sign(String body) {
            return text(nativeSign(live(), utf8(body)));
        }

        /** True when {@code checksum} is this key's checksum of the exact bytes of {@code body}. */
        public boolean verify(String body, String checksum) {
            return nativeVerify(live(), utf8(body), utf8(checksum), false);
        }

        /** True when {@code checksum} is this key's checksum of a callback given as a JSON object. */
        public boolean verifyMap(String paramsJson, String checksum) {
            return nativeVerify(live(), utf8(paramsJson), utf8(checksum), true);
        }

        @Override
        public synchronized void close() {
            if (handle != 0) {
                nativeKeyFree(handle);
                handle = 0;
            }
        }
    }

    /**
     * Credentials for the request builders; each part may be null. They copy what they need of
     * {@code merchantKey}, which may be closed afterwards.
     */
    public static final class Credentials implements AutoCloseable {
        private long handle;

        public Credentials(MerchantKey merchantKey, String clientId, byte[] clientSecret) {
            long key = merchantKey == null ? 0 : merchantKey.live();
            handle = nativeCredentialsNew(key, clientId == null ? null : utf8(clientId), clientSecret);
        }

        @Override
        public synchronized void close() {
            if (handle != 0) {
                nativeCredentialsFree(handle);
                handle = 0;
            }
        }
    }

    /**
     * Builds a Paytm API request (see ptm_request_build in paytm_checkout.h): returns
     * {@code {"method","url","headers":[[name,value]...],"contentType","body"}} as JSON, ready for
     * OkHttp. {@code credentials} may be null (Process Transaction needs none).
     */
    public static String buildRequest(String api, String paramsJson, Credentials credentials, String optionsJson) {
        long h = 0;
        if (credentials != null) {
            h = credentials.handle;
            if (h == 0) throw new IllegalStateException("Credentials are closed");
        }
        return text(nativeBuildRequest(utf8(api), utf8(paramsJson), h, optionsJson == null ? null : utf8(optionsJson)));
    }

    /**
     * Parses and verifies the response of a Paytm API (see ptm_response_parse in
     * paytm_checkout.h): {@code body} exactly as received, {@code key} to verify signed responses
     * (may be null), {@code optionsJson} such as {@code {"allowUnsigned":false}} (may be null).
     * Returns {@code {"api","httpStatus","verification","class","data",["transaction"]}} as JSON;
     * throws for malformed or tampered bytes (a declined payment is not an exception).
     */
    public static String parseResponse(String api, int httpStatus, byte[] body, MerchantKey key, String optionsJson) {
        long h = key == null ? 0 : key.live();
        return text(nativeParseResponse(utf8(api), httpStatus, body, h, optionsJson == null ? null : utf8(optionsJson)));
    }

    /** The library version, "x.y.z". */
    public static String version() {
        return text(nativeVersion());
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String text(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }

    private static native long nativeKeyNew(byte[] key);
    private static native void nativeKeyFree(long key);
    private static native byte[] nativeSign(long key, byte[] body);
    private static native boolean nativeVerify(long key, byte[] params, byte[] checksum, boolean map);
    private static native long nativeCredentialsNew(long key, byte[] clientId, byte[] clientSecret);
    private static native void nativeCredentialsFree(long credentials);
    private static native byte[] nativeBuildRequest(byte[] api, byte[] params, long credentials, byte[] options);
    private static native byte[] nativeParseResponse(byte[] api, int status, byte[] body, long key, byte[] options);
    private static native byte[] nativeVersion();
}

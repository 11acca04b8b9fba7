package dev.paytmcheckout;

/**
 * What the request builders and sessions authenticate with: the merchant key and, for the APIs
 * that need them (wallet linking), the client id and secret. Each part may be null. The
 * credentials keep their own copy of the key, so the {@link MerchantKey} may be closed afterwards.
 * Thread-safe; close when done. {@link #toString()} shows no secret.
 */
public final class Credentials extends NativeHandle {
    /**
     * @param key          the merchant key, or null
     * @param clientId     the client id (wallet linking), or null
     * @param clientSecret the client secret, or null
     */
    public Credentials(MerchantKey key, String clientId, String clientSecret) {
        this(key, clientId, Native.utf8(clientSecret));
    }

    /** As above, the secret as bytes (the caller may wipe its array once this returns). */
    public Credentials(MerchantKey key, String clientId, byte[] clientSecret) {
        super(create(key, clientId, clientSecret));
    }

    /** Credentials with the merchant key only. */
    public Credentials(MerchantKey key) {
        this(key, null, (byte[]) null);
    }

    private static long create(MerchantKey key, String clientId, byte[] clientSecret) {
        if (key == null) return Native.credentialsNew(0, Native.utf8(clientId), clientSecret);
        long k = key.acquire();
        try {
            return Native.credentialsNew(k, Native.utf8(clientId), clientSecret);
        } finally {
            key.release();
        }
    }

    @Override
    void free(long handle) {
        Native.credentialsFree(handle);
    }

    @Override
    public String toString() {
        return isClosed() ? "Credentials(closed)" : "Credentials(<redacted>)";
    }

    /** For calls that accept "no credentials": 0 for null. The caller releases non-null ones. */
    static long acquireOrZero(Credentials c) {
        return c == null ? 0 : c.acquire();
    }

    static void releaseIf(Credentials c) {
        if (c != null) c.release();
    }
}

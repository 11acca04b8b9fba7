package dev.paytmcheckout;

import java.nio.charset.StandardCharsets;

/**
 * A failure reported by the library: the input was malformed, tampered with or unusable, or the
 * session was misused. (A declined payment is not an exception: it is a parsed result.)
 *
 * <p>{@link #code()} is the stable number of the C API's {@code ptm_result} (1xxx invalid input,
 * 2xxx checksum or signature, 3xxx response parsing, 4xxx flow, 9xxx boundary); {@link #codeName()}
 * its stable name ({@code "CHECKSUM_MISMATCH"}), the same as the npm package's {@code code}. The
 * message names fields, never their values, a key or card data.
 */
public class PaytmException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int code;
    private final String codeName;

    /** Called by the JNI shim. */
    PaytmException(int code, byte[] name, byte[] message) {
        this(code, new String(name, StandardCharsets.UTF_8), new String(message, StandardCharsets.UTF_8));
    }

    PaytmException(int code, String codeName, String message) {
        super(codeName + " (" + code + "): " + message);
        this.code = code;
        this.codeName = codeName;
    }

    /** The stable error number, e.g. 2001. */
    public int code() {
        return code;
    }

    /** The stable error name, e.g. {@code "CHECKSUM_MISMATCH"}. */
    public String codeName() {
        return codeName;
    }

    /** The stable name of any result code ({@code "OK"} for 0, {@code "UNKNOWN"} for a non-code). */
    public static String nameOf(int code) {
        return Native.text(Native.resultName(code));
    }

    /** The library's fixed description of any result code. */
    public static String messageOf(int code) {
        return Native.text(Native.resultMessage(code));
    }
}

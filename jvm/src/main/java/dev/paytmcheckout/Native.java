package dev.paytmcheckout;

import java.io.File;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The JNI functions of libpaytm_checkout_jni (jvm/src/main/c/paytm_checkout_jni.c), one per C
 * call. Text crosses as UTF-8 byte arrays; handles as longs. Package-private: the public classes
 * wrap it.
 *
 * <p>Loading, in order: the file named by the system property {@code dev.paytmcheckout.library};
 * {@code System.loadLibrary("paytm_checkout_jni")} (Android's APK, or {@code java.library.path});
 * else the host library bundled in the jar ({@code dev/paytmcheckout/native/<os>-<arch>/}),
 * copied to a temporary file first.
 */
final class Native {
    private Native() {}

    static final String LIBRARY = "paytm_checkout_jni";

    static {
        load();
    }

    private static void load() {
        String explicit = System.getProperty("dev.paytmcheckout.library");
        if (explicit != null && !explicit.isEmpty()) {
            System.load(new File(explicit).getAbsolutePath());
            return;
        }
        UnsatisfiedLinkError first;
        try {
            System.loadLibrary(LIBRARY);
            return;
        } catch (UnsatisfiedLinkError e) {
            first = e;
        }
        String resource = "native/" + platform() + "/" + System.mapLibraryName(LIBRARY);
        InputStream in = Native.class.getResourceAsStream(resource);
        if (in == null) {
            UnsatisfiedLinkError e = new UnsatisfiedLinkError("paytm-checkout: no " + LIBRARY + " on java.library.path ("
                    + first.getMessage() + ") and none bundled for " + platform());
            e.initCause(first);
            throw e;
        }
        try {
            File tmp = File.createTempFile("paytm_checkout_jni", ".so");
            tmp.deleteOnExit();
            try (OutputStream out = new FileOutputStream(tmp)) {
                byte[] buf = new byte[1 << 16];
                for (int n; (n = in.read(buf)) > 0; ) out.write(buf, 0, n);
            } finally {
                in.close();
            }
            System.load(tmp.getAbsolutePath());
        } catch (IOException e) {
            UnsatisfiedLinkError err = new UnsatisfiedLinkError("paytm-checkout: cannot extract " + resource + ": " + e);
            err.initCause(e);
            throw err;
        }
    }

    /** {@code linux-x86_64}, {@code linux-aarch64}, ... (the jar bundles the build host's). */
    static String platform() {
        String os = System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT);
        String arch = System.getProperty("os.arch", "").toLowerCase(java.util.Locale.ROOT);
        if (os.startsWith("linux")) os = "linux";
        else if (os.startsWith("mac")) os = "macos";
        else if (os.startsWith("windows")) os = "windows";
        if (arch.equals("amd64") || arch.equals("x86_64")) arch = "x86_64";
        else if (arch.equals("aarch64") || arch.equals("arm64")) arch = "aarch64";
        return os + "-" + arch;
    }

    static byte[] utf8(String s) {
        return s == null ? null : s.getBytes(StandardCharsets.UTF_8);
    }

    static String text(byte[] b) {
        return b == null ? null : new String(b, StandardCharsets.UTF_8);
    }

    // Keys and credentials.
    static native long keyNew(byte[] key);
    static native void keyFree(long key);
    static native long credentialsNew(long key, byte[] clientId, byte[] clientSecret);
    static native void credentialsFree(long credentials);

    // Checksums.
    static native byte[] checksumGenerate(long key, byte[] params, byte[] salt, boolean map);
    static native boolean checksumVerify(long key, byte[] params, byte[] checksum, boolean map);
    static native int checksumCheck(long key, byte[] params, byte[] checksum, boolean map);
    static native byte[] checksumExplain(long key, byte[] params, byte[] checksum, int mode);
    static native byte[] paramsString(byte[] json, boolean joined);
    static native byte[] checksumHash(byte[] params, byte[] salt);
    static native byte[] textEncrypt(long key, byte[] text);
    static native byte[] textDecrypt(long key, byte[] text);
    static native byte[] cardInfoEncode(byte[] json);
    static native byte[] doctor(byte[] json);

    // Requests, responses, callbacks, result codes.
    static native byte[] requestBuild(byte[] api, byte[] params, long credentials, byte[] options, boolean curl);
    static native byte[] names(int which);
    static native byte[] responseParse(byte[] api, int status, byte[] body, long key, byte[] options);
    static native byte[] callbackParse(byte[] body, long key, byte[] options);
    static native byte[] reconcile(byte[] expected, byte[] transaction);
    static native int resultCodeClassify(byte[] table, byte[] code, byte[] status);
    static native byte[] resultCodeLookup(byte[] table, byte[] code);
    static native byte[] resultName(int code);
    static native byte[] resultMessage(int code);
    static native byte[] version();

    // Sessions.
    static native long sessionNew(byte[] kind, byte[] config, long credentials);
    static native long sessionRestore(byte[] saved, long credentials, byte[] token);
    static native void sessionFree(long session);
    static native byte[] sessionNextAction(long session, long now);
    static native void sessionHandleResponse(long session, int status, byte[] body, long now);
    static native void sessionHandleSendFailure(long session, long now);
    static native void sessionHandleCallback(long session, byte[] body, long now);
    static native void sessionPay(long session, byte[] payment, long now);
    static native void sessionSubmitOtp(long session, byte[] otp, long now);
    static native void sessionRetry(long session, long now);
    static native void sessionCollect(long session, byte[] cycle, byte[] orderId, byte[] amount);
    static native void sessionCancel(long session);
    static native void sessionPause(long session);
    static native void sessionResume(long session);
    static native void sessionPreNotify(long session, byte[] cycle, byte[] amount, byte[] txnDate, byte[] referenceId,
            byte[] txnMessage, byte[] invoiceDisplayNo);
    static native byte[] sessionSave(long session);
}

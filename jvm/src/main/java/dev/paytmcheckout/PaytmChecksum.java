package dev.paytmcheckout;

import java.util.TreeMap;

/**
 * A drop-in for Paytm's Java checksum library ({@code com.paytm.pg.merchant.PaytmChecksum} of
 * {@code io.github.paytm:paytmpayments-checksum}): the same static methods with the same
 * arguments, so a server switches by changing one import:
 *
 * <pre>{@code
 * import dev.paytmcheckout.PaytmChecksum;   // was: import com.paytm.pg.merchant.PaytmChecksum;
 *
 * String checksum = PaytmChecksum.generateSignature(body, merchantKey);
 * boolean ok = PaytmChecksum.verifySignature(params, merchantKey, checksum);
 * }</pre>
 *
 * <p>The methods declare {@code throws Exception} as Paytm's do, so code written for it compiles
 * unchanged; what they throw is the unchecked {@link PaytmException} (an invalid key length, for
 * instance). Differences, all on purpose:
 * <ul>
 * <li>Map form follows Paytm's server rule: names sorted by UTF-8 byte order (a {@code TreeMap}
 *     sorts by UTF-16 code units, which differs for characters above U+FFFF), {@code null} and the
 *     text {@code "null"} in any case as empty, and {@code CHECKSUMHASH} left out (Paytm's Java
 *     library signs and verifies it if the map holds it).</li>
 * <li>An empty map has a checksum (Paytm's throws {@code StringIndexOutOfBoundsException}).</li>
 * <li>A malformed checksum (bad base64, wrong length, another key's) verifies as {@code false}
 *     (Paytm's throws {@code BadPaddingException} and others). The comparison is constant-time.</li>
 * <li>Text is UTF-8 whatever the platform's default charset (Paytm's uses the default).</li>
 * </ul>
 * Each call copies the key into the library and zeroes it afterwards; with one key for many
 * calls, {@link MerchantKey} is faster and keeps the key out of {@code String}s.
 */
public final class PaytmChecksum {
    private PaytmChecksum() {}

    /** The checksum of a JSON body (string mode), with a random salt. */
    public static String generateSignature(String body, String key) throws Exception {
        try (MerchantKey k = new MerchantKey(key)) {
            return k.sign(body);
        }
    }

    /** The checksum of a parameter map (map mode, Paytm's server rule), with a random salt. */
    public static String generateSignature(TreeMap<String, String> params, String key) throws Exception {
        try (MerchantKey k = new MerchantKey(key)) {
            return k.signMap(params);
        }
    }

    /** True when {@code checksum} is the checksum of {@code body} under {@code key}. */
    public static boolean verifySignature(String body, String key, String checksum) throws Exception {
        try (MerchantKey k = new MerchantKey(key)) {
            return k.verify(body, checksum);
        }
    }

    /** True when {@code checksum} is the map checksum of {@code params} under {@code key}. */
    public static boolean verifySignature(TreeMap<String, String> params, String key, String checksum) throws Exception {
        try (MerchantKey k = new MerchantKey(key)) {
            return k.verifyMap(params, checksum);
        }
    }

    /** Paytm's {@code encrypt(input, key)}: base64(AES-CBC(key, Paytm's IV, input)). */
    public static String encrypt(String input, String key) throws Exception {
        try (MerchantKey k = new MerchantKey(key)) {
            return k.encrypt(input);
        }
    }

    /** Paytm's {@code decrypt(encrypted, key)}. */
    public static String decrypt(String encrypted, String key) throws Exception {
        try (MerchantKey k = new MerchantKey(key)) {
            return k.decrypt(encrypted);
        }
    }
}

package dev.paytmcheckout.tests;

import dev.paytmcheckout.MerchantKey;
import dev.paytmcheckout.PaytmChecksum;
import java.lang.reflect.Method;
import java.util.Random;
import java.util.TreeMap;

/**
 * When Paytm's own Java library (paytmpayments-checksum, class com.paytm.pg.merchant.PaytmChecksum)
 * is on the classpath: signatures made here verify there and the reverse, in string and map mode,
 * on random cases where the two rules agree (16-byte keys, ASCII text, no empty map, no "null"
 * values, no CHECKSUMHASH entry). Called through reflection: the suite compiles without it.
 */
final class PaytmDifferential {
    private PaytmDifferential() {}

    static final String ALPHABET = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 {}[]:,\"'|@#$&_-.";

    static String text(Random r, int max) {
        StringBuilder sb = new StringBuilder();
        int n = r.nextInt(max + 1);
        for (int i = 0; i < n; i++) sb.append(ALPHABET.charAt(r.nextInt(ALPHABET.length())));
        return sb.toString();
    }

    /** Returns the number of cases run, or 0 when Paytm's library is not on the classpath. */
    static int run(Check check, int cases) throws Exception {
        Class<?> paytm;
        try {
            paytm = Class.forName("com.paytm.pg.merchant.PaytmChecksum");
        } catch (ClassNotFoundException e) {
            return 0;
        }
        Method gen = paytm.getMethod("generateSignature", String.class, String.class);
        Method ver = paytm.getMethod("verifySignature", String.class, String.class, String.class);
        Method genMap = paytm.getMethod("generateSignature", TreeMap.class, String.class);
        Method verMap = paytm.getMethod("verifySignature", TreeMap.class, String.class, String.class);
        Random r = new Random(23);
        int agreed = 0;
        for (int i = 0; i < cases; i++) {
            StringBuilder kb = new StringBuilder();
            while (kb.length() < 16) kb.append(ALPHABET.charAt(r.nextInt(ALPHABET.length())));
            String key = kb.toString();
            String body = text(r, 300);
            TreeMap<String, String> map = new TreeMap<>();
            int entries = 1 + r.nextInt(12);
            for (int j = 0; j < entries; j++) map.put("K" + text(r, 8).replace("|", ""), text(r, 20).replace("null", "nul"));
            try (MerchantKey k = new MerchantKey(key)) {
                boolean ok = (Boolean) ver.invoke(null, body, key, k.sign(body))
                        && k.verify(body, (String) gen.invoke(null, body, key))
                        && (Boolean) verMap.invoke(null, map, key, k.signMap(map))
                        && PaytmChecksum.verifySignature(map, key, (String) genMap.invoke(null, map, key));
                if (ok) agreed++;
                else check.that("differential case " + i + " agrees with Paytm's Java library", false);
            }
        }
        check.equal("Paytm's Java library: every case agrees", agreed, cases);
        return cases;
    }
}

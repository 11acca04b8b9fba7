package dev.paytmcheckout.bench;

import dev.paytmcheckout.MerchantKey;
import dev.paytmcheckout.PaytmChecksum;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.TreeMap;

/**
 * Sign/verify throughput on one thread, in operations per second: a small harness, not a timed
 * test (scripts/bench-jvm.sh). Each figure is the best of 5 runs of ~0.4 s after a 1 s warm-up.
 * With Paytm's own paytmpayments-checksum jar on the classpath, the same calls through it are
 * measured too (reflection: this file does not compile against it).
 *
 *   java -cp paytm-checkout.jar:bench[:paytmpayments-checksum-2.1.1.jar] dev.paytmcheckout.bench.Bench BODY_FILE
 */
public final class Bench {
    static final String KEY = "PmX#a0x4VpTXRzfK";

    interface Op {
        Object run() throws Exception;
    }

    static volatile Object sink;

    static double opsPerSecond(Op op) throws Exception {
        long warm = System.nanoTime() + 1_000_000_000L;
        while (System.nanoTime() < warm) sink = op.run();
        double best = 0;
        for (int round = 0; round < 5; round++) {
            long n = 0, start = System.nanoTime(), end = start + 400_000_000L, now;
            do {
                for (int i = 0; i < 64; i++) sink = op.run();
                n += 64;
            } while ((now = System.nanoTime()) < end);
            best = Math.max(best, n * 1e9 / (now - start));
        }
        return best;
    }

    static void row(String what, Op op) throws Exception {
        System.out.printf("%-58s %10.0f ops/s%n", what, opsPerSecond(op));
    }

    public static void main(String[] args) throws Exception {
        final String body = new String(Files.readAllBytes(Paths.get(args[0])), StandardCharsets.UTF_8).trim();
        final TreeMap<String, String> params = new TreeMap<>();
        for (String[] kv : new String[][] {{"MID", "INTEGR7769XXXXXX9383"}, {"ORDERID", "ORDER_1"}, {"TXNAMOUNT", "10.00"},
                {"CURRENCY", "INR"}, {"TXNID", "20261120111212800110168123456789"}, {"STATUS", "TXN_SUCCESS"},
                {"RESPCODE", "01"}, {"RESPMSG", "Txn Success"}, {"GATEWAYNAME", "HDFC"}, {"PAYMENTMODE", "CC"}})
            params.put(kv[0], kv[1]);
        System.out.println("body: " + body.getBytes(StandardCharsets.UTF_8).length + " bytes; map: " + params.size()
                + " entries; Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vm.name") + ")");
        try (final MerchantKey key = new MerchantKey(KEY)) {
            final String sig = key.sign(body);
            final String mapSig = key.signMap(params);
            row("paytm-checkout MerchantKey.sign(body)", () -> key.sign(body));
            row("paytm-checkout MerchantKey.verify(body)", () -> key.verify(body, sig));
            row("paytm-checkout PaytmChecksum.generateSignature(String)", () -> PaytmChecksum.generateSignature(body, KEY));
            row("paytm-checkout PaytmChecksum.verifySignature(String)", () -> PaytmChecksum.verifySignature(body, KEY, sig));
            row("paytm-checkout PaytmChecksum.generateSignature(TreeMap)", () -> PaytmChecksum.generateSignature(params, KEY));
            row("paytm-checkout PaytmChecksum.verifySignature(TreeMap)", () -> PaytmChecksum.verifySignature(params, KEY, mapSig));

            Class<?> paytm;
            try {
                paytm = Class.forName("com.paytm.pg.merchant.PaytmChecksum");
            } catch (ClassNotFoundException e) {
                System.out.println("Paytm's paytmpayments-checksum: not on the classpath, not measured");
                return;
            }
            final Method gen = paytm.getMethod("generateSignature", String.class, String.class);
            final Method ver = paytm.getMethod("verifySignature", String.class, String.class, String.class);
            final Method genMap = paytm.getMethod("generateSignature", TreeMap.class, String.class);
            final Method verMap = paytm.getMethod("verifySignature", TreeMap.class, String.class, String.class);
            if (!(Boolean) ver.invoke(null, body, KEY, sig)) throw new AssertionError("Paytm's library rejects our signature");
            if (!(Boolean) verMap.invoke(null, params, KEY, mapSig)) throw new AssertionError("Paytm's library rejects our map signature");
            row("Paytm paytmpayments-checksum generateSignature(String)", () -> gen.invoke(null, body, KEY));
            row("Paytm paytmpayments-checksum verifySignature(String)", () -> ver.invoke(null, body, KEY, sig));
            row("Paytm paytmpayments-checksum generateSignature(TreeMap)", () -> genMap.invoke(null, params, KEY));
            row("Paytm paytmpayments-checksum verifySignature(TreeMap)", () -> verMap.invoke(null, params, KEY, mapSig));
        }
    }
}

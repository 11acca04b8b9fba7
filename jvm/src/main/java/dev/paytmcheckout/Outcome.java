package dev.paytmcheckout;

import java.util.Map;

/**
 * How a session ended ({@code done}). Fulfil an order only when {@link #isSuccess()}: the
 * engine says so only after a verified, reconciled status answer about this very order.
 */
public final class Outcome {
    private final Map<String, Object> m;

    Outcome(Map<String, Object> m) {
        this.m = m;
    }

    /** {@code success}, {@code failure}, {@code unverified} or {@code refunded}. */
    public String status() {
        return Json.string(m, "status");
    }

    /** True for {@code success} only. */
    public boolean isSuccess() {
        return "success".equals(status());
    }

    /** Why it failed ({@code declined}, {@code token_expired}, {@code pending_timeout} ...), or null. */
    public String reason() {
        return Json.string(m, "reason");
    }

    /** What did not match ({@code order_id}, {@code amount} ...), or null. */
    public String mismatch() {
        return Json.string(m, "mismatch");
    }

    /** Paytm's failure code ({@code "810"}), or null. */
    public String failureCode() {
        return Json.string(Json.object(m, "failure"), "code");
    }

    /** Paytm's failure message, or null. */
    public String failureMessage() {
        return Json.string(Json.object(m, "failure"), "message");
    }

    /** {@code {orderId, mid, txnId, amount, state, verification}}, or null. */
    public Map<String, Object> transaction() {
        return Json.object(m, "transaction");
    }

    /** The whole outcome object. */
    public Map<String, Object> toMap() {
        return m;
    }

    @Override
    public String toString() {
        return "Outcome(" + status() + (reason() == null ? "" : ", " + reason()) + ")";
    }
}

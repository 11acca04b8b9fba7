package dev.paytmcheckout;

import java.util.Map;

/**
 * A parsed and verified API response ({@code ptm_response_parse}) or callback
 * ({@code ptm_callback_parse}). The members are the library's; see the header for each API's
 * {@code data}. {@link #toString()} holds no token.
 */
public final class ParsedResponse {
    private final String json;
    private final Map<String, Object> m;

    ParsedResponse(String json) {
        this.json = json;
        this.m = Json.parseObject(json);
    }

    /** {@code verified}, {@code unsigned} or {@code skipped}. */
    public String verification() {
        return Json.string(m, "verification");
    }

    /** {@code success}, {@code failure}, {@code pending}, {@code retry_allowed}, ... {@code unknown}. */
    public String resultClass() {
        return Json.string(m, "class");
    }

    /** The API's typed response (responses), or null. */
    public Map<String, Object> data() {
        return Json.object(m, "data");
    }

    /** The callback's fields (callbacks), or null. */
    public Map<String, Object> txn() {
        return Json.object(m, "txn");
    }

    /** The payment this reports ({@code orderId, mid, txnId, amount, state, verification}), or null. */
    public Map<String, Object> transaction() {
        return Json.object(m, "transaction");
    }

    /** {@link #transaction()} as JSON, for {@link PaytmCheckout#reconcile}; null when absent. */
    public String transactionJson() {
        return Json.object(m, "transaction", Json::write);
    }

    /** The whole result as a map. */
    public Map<String, Object> toMap() {
        return m;
    }

    /** The whole result as the library wrote it. */
    public String toJson() {
        return json;
    }

    @Override
    public String toString() {
        return "ParsedResponse(" + verification() + ", " + resultClass() + ")";
    }
}

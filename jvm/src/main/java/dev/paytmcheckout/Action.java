package dev.paytmcheckout;

import java.util.Locale;
import java.util.Map;

/**
 * What the host does next (see {@code docs/engine.md}): the JSON of
 * {@code ptm_session_next_action}, with typed accessors. {@link #toString()} shows the type and
 * purpose only: a Process request carries card data and a {@code collect_payment} the txnToken.
 */
public final class Action {
    /** The kinds of action. */
    public enum Type {
        /** Send {@link #request()} as it is, then {@code handleResponse} or {@code handleSendFailure}. */
        SEND,
        /** {@code Session.pay}, or hand {@link #txnToken()} to the client that collects the payment. */
        COLLECT_PAYMENT,
        /** Post {@code form().redirectForm} in a web view (the bank's OTP page). */
        RENDER_BANK_FORM,
        /** Open the {@code upi://} link {@link #url()}. */
        OPEN_DEEP_LINK,
        /** Wallet: {@code Session.submitOtp}. */
        COLLECT_OTP,
        /** Wallet: open the signed add-money form {@link #form()} in a browser. */
        OPEN_FORM,
        /** Wait until {@link #until()} (null: until the outstanding reply or a callback). */
        WAIT,
        /** The session is over: {@link #outcome()}. */
        DONE,
        /** A type this version does not know. */
        UNKNOWN
    }

    private final String json;
    private final Map<String, Object> m;
    private final Type type;

    Action(String json) {
        this.json = json;
        this.m = Json.parseObject(json);
        Type t;
        try {
            t = Type.valueOf(String.valueOf(Json.string(m, "type")).toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            t = Type.UNKNOWN;
        }
        this.type = t;
    }

    public Type type() {
        return type;
    }

    /** SEND: {@code initiate}, {@code process}, {@code status}, {@code refund}, {@code refund_status}, ... */
    public String purpose() {
        return Json.string(m, "purpose");
    }

    /** SEND: the request, or null. */
    public HttpRequest request() {
        return Json.object(m, "request", HttpRequest::new);
    }

    /** COLLECT_PAYMENT: the txnToken for a client-side payment, or null. */
    public String txnToken() {
        return Json.string(m, "txnToken");
    }

    /** COLLECT_PAYMENT: when the token expires (ms), or null. */
    public Long expiresAt() {
        return Json.number(m, "expiresAt");
    }

    /** COLLECT_PAYMENT / COLLECT_OTP: {@code {code, message}} of the failed attempt being retried, or null. */
    public Map<String, Object> retryOf() {
        return Json.object(m, "retryOf");
    }

    /** RENDER_BANK_FORM ({@code pageType, redirectForm, directForms}) or OPEN_FORM ({@code action, fields}); else null. */
    public Map<String, Object> form() {
        return Json.object(m, "form");
    }

    /** OPEN_DEEP_LINK: the {@code upi://} URL, or null. */
    public String url() {
        return Json.string(m, "url");
    }

    /** WAIT: until when (ms since the epoch), or null for "until the outstanding reply". */
    public Long until() {
        return Json.number(m, "until");
    }

    /** WAIT: {@code response}, {@code callback}, {@code pending} or {@code retry}. */
    public String reason() {
        return Json.string(m, "reason");
    }

    /** DONE: the outcome, or null. */
    public Outcome outcome() {
        return Json.object(m, "outcome", Outcome::new);
    }

    /** The action as the library wrote it (may hold card data and tokens: never log it). */
    public String toJson() {
        return json;
    }

    /** The action as a map. */
    public Map<String, Object> toMap() {
        return m;
    }

    @Override
    public String toString() {
        String p = purpose();
        return "Action(" + type.name().toLowerCase(Locale.ROOT) + (p == null ? "" : ", " + p) + ")";
    }
}

package dev.paytmcheckout;

/**
 * The checkout engine (the C API's {@code ptm_session}): a sans-IO state machine that says what
 * to do next. The host sends requests, shows pages and reports back; the session decides. Every
 * kind the library has: {@link Kind#CHECKOUT} (server, or the keyless client half),
 * {@link Kind#REFUND}, {@link Kind#WALLET} and {@link Kind#SUBSCRIPTION} ({@link #collect},
 * {@link #cancel}). See {@code docs/engine.md} for the configs.
 *
 * <pre>{@code
 * try (Session s = Session.create(Session.Kind.CHECKOUT, config, credentials)) {
 *     for (;;) {
 *         Action a = s.nextAction(System.currentTimeMillis());
 *         switch (a.type()) {
 *             case SEND: ... s.handleResponse(status, bodyBytes, now); break;
 *             case COLLECT_PAYMENT: s.pay(paymentJson, now); break;
 *             case DONE: if (a.outcome().isSuccess()) fulfil(); return;
 *             ...
 *         }
 *     }
 * }
 * }</pre>
 *
 * <p>Calls on one session are serialized by the library; sessions are independent. {@code now}
 * is milliseconds since the Unix epoch (the host's clock) and may not be negative. Close the
 * session when done (its secrets are zeroed); {@link #toString()} shows none.
 */
public final class Session extends NativeHandle {
    /** The session kinds of {@code ptm_session_new}. */
    public enum Kind {
        CHECKOUT("checkout"),
        REFUND("refund"),
        WALLET("wallet"),
        SUBSCRIPTION("subscription");

        final String wire;

        Kind(String wire) {
            this.wire = wire;
        }

        /** The library's name: {@code checkout}, {@code refund}, {@code wallet}, {@code subscription}. */
        public String wireName() {
            return wire;
        }
    }

    private final String kind;

    private Session(long handle, String kind) {
        super(handle);
        this.kind = kind;
    }

    /**
     * A new session. {@code credentials} may be null for a client-half checkout (config with
     * {@code txnToken}); they are copied, so they may be closed afterwards.
     */
    public static Session create(Kind kind, String configJson, Credentials credentials) {
        return create(kind.wire, configJson, credentials);
    }

    /** As {@link #create(Kind, String, Credentials)} with the kind's name. */
    public static Session create(String kind, String configJson, Credentials credentials) {
        long c = Credentials.acquireOrZero(credentials);
        try {
            return new Session(Native.sessionNew(Native.utf8(kind), Native.utf8(configJson), c), kind);
        } finally {
            Credentials.releaseIf(credentials);
        }
    }

    /**
     * A session from {@link #save()}'s JSON and its secrets: the credentials, and the txnToken of a
     * checkout still collecting its payment or a linked wallet user's access token (else null). An
     * edited save does not restore ({@code SESSION_SEAL}).
     */
    public static Session restore(String saved, Credentials credentials, String token) {
        long c = Credentials.acquireOrZero(credentials);
        try {
            return new Session(Native.sessionRestore(Native.utf8(saved), c, Native.utf8(token)), "restored");
        } finally {
            Credentials.releaseIf(credentials);
        }
    }

    @Override
    void free(long handle) {
        Native.sessionFree(handle);
    }

    private static long time(long now) {
        if (now < 0) throw new IllegalArgumentException("now must be milliseconds since the epoch, not negative");
        return now;
    }

    /** What to do next, at {@code now}. */
    public Action nextAction(long now) {
        return withHandle(h -> new Action(Native.text(Native.sessionNextAction(h, time(now)))));
    }

    /**
     * The answer to the last {@code SEND}: the HTTP status and the body exactly as received. A
     * tampered or unparsable answer throws (2xxx, 3xxx) and counts as no answer: ask
     * {@link #nextAction} again either way.
     */
    public void handleResponse(int httpStatus, byte[] body, long now) {
        useHandle(h -> Native.sessionHandleResponse(h, httpStatus, body, time(now)));
    }

    /** The last {@code SEND} got no response (timeout, connection error). */
    public void handleSendFailure(long now) {
        useHandle(h -> Native.sessionHandleSendFailure(h, time(now)));
    }

    /**
     * A callback body as received: the browser's POST to callbackUrl or the S2S webhook
     * (form-urlencoded or JSON); for a wallet, the add-money callback. One for another order is
     * {@code ORDER_MISMATCH} and changes nothing.
     */
    public void handleCallback(byte[] body, long now) {
        useHandle(h -> Native.sessionHandleCallback(h, body, time(now)));
    }

    /** {@link #handleCallback(byte[], long)} for a body held as text (its UTF-8 bytes). */
    public void handleCallback(String body, long now) {
        handleCallback(Native.utf8(body), now);
    }

    /**
     * Checkout, after {@code COLLECT_PAYMENT}: the customer's payment as JSON, e.g.
     * {@code {"paymentMode":"UPI","payerAccount":"user@bank"}} (card data is never saved).
     */
    public void pay(String paymentJson, long now) {
        useHandle(h -> Native.sessionPay(h, Native.utf8(paymentJson), time(now)));
    }

    /** Wallet, after {@code COLLECT_OTP}: the OTP the user typed. */
    public void submitOtp(String otp, long now) {
        useHandle(h -> Native.sessionSubmitOtp(h, Native.utf8(otp), time(now)));
    }

    /** Refund: a new attempt (new REFID), allowed only after a failed one. */
    public void retry(long now) {
        useHandle(h -> Native.sessionRetry(h, time(now)));
    }

    /**
     * Subscription, once the mandate is active: collects one billing cycle. {@code cycle} is the
     * host's name for it (e.g. {@code 2027-01}), {@code orderId} a new order id for this debit,
     * {@code amount} a decimal string ({@code "499.00"}, at most the maximum). Nothing is sent
     * here: {@link #nextAction} says {@code SEND} ({@code renew_subscription}) next.
     * {@code SESSION_STATE} when not a subscription, not active and idle, or the cycle is already
     * paid or in flight; {@code INVALID_FIELD} above the maximum.
     */
    public void collect(String cycle, String orderId, String amount) {
        useHandle(h -> Native.sessionCollect(h, Native.utf8(cycle), Native.utf8(orderId), Native.utf8(amount)));
    }

    /**
     * Subscription, once the mandate is active and no collection is in flight: cancels it.
     * {@link #nextAction} says {@code SEND} ({@code cancel_subscription}) next; the session ends
     * failure/cancelled on Paytm's verified answer. {@code SESSION_STATE} otherwise.
     */
    public void cancel() {
        useHandle(h -> Native.sessionCancel(h));
    }

    /**
     * Subscription, active, idle and not paused: pauses it. {@link #nextAction} says {@code SEND}
     * ({@code pause_resume_subscription}, SUSPENDED) next; once Paytm's verified answer accepts,
     * {@link #collect} and {@link #preNotify} throw {@code SESSION_STATE} until {@link #resume}.
     */
    public void pause() {
        useHandle(h -> Native.sessionPause(h));
    }

    /**
     * Subscription, paused and idle: resumes it ({@code pause_resume_subscription}, ACTIVE);
     * active again on Paytm's verified answer. {@code SESSION_STATE} otherwise.
     */
    public void resume() {
        useHandle(h -> Native.sessionResume(h));
    }

    /**
     * Subscription, active, idle and not paused: the pre-debit notification of {@code cycle}
     * ({@code pre_notify_subscription} next): the debit of {@code amount} (decimal string) on
     * {@code txnDate} ({@code dd-MM-yyyy}), {@code txnMessage} shown to the customer, the unique
     * {@code referenceId}, and {@code invoiceDisplayNo} or {@code null}. A UPI or wallet
     * mandate's {@link #collect} of a cycle needs one, covering the amount, accepted 24 hours
     * before (the {@code now} of the latest {@link #nextAction}). {@code SESSION_STATE},
     * {@code INVALID_AMOUNT}, {@code INVALID_REF_ID} or {@code INVALID_FIELD} otherwise.
     */
    public void preNotify(String cycle, String amount, String txnDate, String referenceId, String txnMessage,
            String invoiceDisplayNo) {
        useHandle(h -> Native.sessionPreNotify(h, Native.utf8(cycle), Native.utf8(amount), Native.utf8(txnDate),
                Native.utf8(referenceId), Native.utf8(txnMessage), Native.utf8(invoiceDisplayNo)));
    }

    /** The session as JSON to store (no key, secret, token, OTP or card data; sealed with the key). */
    public String save() {
        return withHandle(h -> Native.text(Native.sessionSave(h)));
    }

    @Override
    public String toString() {
        return "Session(" + kind + (isClosed() ? ", closed" : "") + ")";
    }
}

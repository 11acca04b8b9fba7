/* The session scenarios (tests/vectors/sessions/scenarios.json, responses signed by Paytm's own
 * Python library) replayed through the C ABI: ptm_session_new / next_action / handle_response /
 * handle_send_failure / handle_callback / pay / submit_otp / retry / collect / cancel / pause /
 * resume / pre_notify / save / restore / free; and the subscription calls' argument and state
 * errors on a replayed active mandate.
 *
 * Every call's result is checked against the scenario (PTM_OK or the named error). Every action
 * is written, one per line ("scenario<TAB>step<TAB>json"), to $PTM_SESSIONS_OUT; the expectations
 * on actions are checked by tests/c/check_sessions.py, the same dotted paths the Rust and JS
 * runners check. Also here: a saved session never holds a secret, and misuse (NULL, wrong kind,
 * a freed handle's magic) is an error code, never a crash.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "paytm_checkout.h"
#include "harness.h"
#include "sessions.h"

static FILE *out;

static const char *SECRETS[] = {"PmX#a0x4VpTXRzfK", "4111111111111111", "f0bed899539742309eebd8",
                                "client-secret-1", "c748d624-d92a", "489871"};

/* The thread's last detailed error message (for failure reports). */
static void print_last_error(const char *what, size_t step) {
  char *m = NULL;
  if (ptm_last_error_message(&m) == PTM_OK && m) {
    fprintf(stderr, "  %s step %zu: %s\n", what, step, m);
    ptm_string_free(m);
  }
}

static ptm_credentials *credentials_for(const struct scenario *sc) {
  if (!sc->key) return NULL;
  ptm_credentials *c = NULL;
  ptm_result r = new_credentials(KEY16, 16, sc->client_id, sc->client_id ? strlen(sc->client_id) : 0,
                                 sc->client_secret, sc->client_secret ? strlen(sc->client_secret) : 0,
                                 &c);
  CHECK(r == PTM_OK && c != NULL);
  return c;
}

/* Text argument k of a step as a (pointer, length) pair ((NULL, 0) when absent). */
#define ARG(st, k) U((st)->args[k]), ((st)->args[k] ? strlen((st)->args[k]) : 0)

/* Step j of scenario i on *s (a restart replaces *s, or leaves NULL when the restore fails);
 * each action is written to `to` (when not NULL). */
static ptm_result apply(size_t i, size_t j, ptm_session **s, ptm_credentials *creds, FILE *to) {
  const struct step *st = &STEPS[SCENARIOS[i].first + j];
  const uint8_t *arg = U(st->arg);
  ptm_result r = PTM_OK;
  switch (st->op) {
  case OP_NEXT: {
    char *json = STR_SENTINEL;
    r = ptm_session_next_action(*s, st->now, &json);
    if (r == PTM_OK) {
      if (to) fprintf(to, "%zu\t%zu\t%s\n", i, j, json);
      ptm_string_free(json);
    } else {
      CHECK(json == STR_SENTINEL);
    }
    break;
  }
  case OP_RESPOND: r = ptm_session_handle_response(*s, st->status, arg, st->arg_len, st->now); break;
  case OP_SEND_FAILURE: r = ptm_session_handle_send_failure(*s, st->now); break;
  case OP_PAY: r = ptm_session_pay(*s, arg, st->arg_len, st->now); break;
  case OP_CALLBACK: r = ptm_session_handle_callback(*s, arg, st->arg_len, st->now); break;
  case OP_OTP: r = ptm_session_submit_otp(*s, arg, st->arg_len, st->now); break;
  case OP_RETRY: r = ptm_session_retry(*s, st->now); break;
  case OP_COLLECT: r = ptm_session_collect(*s, ARG(st, 0), ARG(st, 1), ARG(st, 2)); break;
  case OP_CANCEL: r = ptm_session_cancel(*s); break;
  case OP_PAUSE: r = ptm_session_pause(*s); break;
  case OP_RESUME: r = ptm_session_resume(*s); break;
  case OP_PRE_NOTIFY:
    r = ptm_session_pre_notify(*s, ARG(st, 0), ARG(st, 1), ARG(st, 2), ARG(st, 3), ARG(st, 4), ARG(st, 5));
    break;
  case OP_RESTART: {
    char *saved = NULL;
    r = ptm_session_save(*s, &saved);
    CHECK(r == PTM_OK && saved != NULL);
    if (r != PTM_OK) break;
    for (size_t k = 0; k < sizeof SECRETS / sizeof *SECRETS; k++) CHECK(strstr(saved, SECRETS[k]) == NULL);
    ptm_session_free(*s);
    *s = NULL;
    r = ptm_session_restore(U(saved), strlen(saved), creds, arg, st->arg_len, s);
    ptm_string_free(saved);
    CHECK(*s != NULL || r != PTM_OK);
    break;
  }
  }
  return r;
}

static void run(size_t i) {
  const struct scenario *sc = &SCENARIOS[i];
  current = sc->name;
  ptm_credentials *creds = credentials_for(sc);
  ptm_session *s = NULL;
  ptm_result r = ptm_session_new(U(sc->kind), strlen(sc->kind), U(sc->config), sc->config_len, creds, &s);
  CHECK(r == PTM_OK && s != NULL);
  if (r != PTM_OK) {
    print_last_error(sc->name, 0);
    ptm_credentials_free(creds);
    return;
  }
  for (size_t j = 0; j < sc->count; j++) {
    const struct step *st = &STEPS[sc->first + j];
    r = apply(i, j, &s, creds, out);
    if (r != st->error) {
      fprintf(stderr, "  %s step %zu: got %d, expected %d\n", sc->name, j, (int)r, (int)st->error);
      print_last_error(sc->name, j);
    }
    CHECK(r == st->error);
    if (s == NULL) break;
  }
  ptm_session_free(s);
  ptm_credentials_free(creds);
}

/* NULL pointers, wrong kinds and calls that do not fit: codes, never crashes. */
static void misuse(void) {
  current = "misuse";
  const struct scenario *sc = &SCENARIOS[0];
  ptm_credentials *creds = credentials_for(sc);
  ptm_session *s = NULL;
  CHECK(ptm_session_new(U("nope"), 4, U(sc->config), sc->config_len, creds, &s) == PTM_INVALID_ARGUMENT && s == NULL);
  CHECK(ptm_session_new(U(sc->kind), strlen(sc->kind), U(sc->config), sc->config_len, NULL, &s) == PTM_INVALID_CREDENTIALS);
  CHECK(ptm_session_new(U(sc->kind), strlen(sc->kind), NULL, 5, creds, &s) == PTM_NULL_POINTER);
  CHECK(ptm_session_new(U(sc->kind), strlen(sc->kind), U(sc->config), sc->config_len, creds, NULL) == PTM_NULL_POINTER);
  CHECK(ptm_session_new(U(sc->kind), strlen(sc->kind), U("{\xff}"), 3, creds, &s) != PTM_OK && s == NULL);
  CHECK(ptm_session_new(U(sc->kind), strlen(sc->kind), U(sc->config), sc->config_len, creds, &s) == PTM_OK);
  char *json = STR_SENTINEL;
  CHECK(ptm_session_next_action(NULL, 0, &json) == PTM_NULL_POINTER && json == STR_SENTINEL);
  CHECK(ptm_session_next_action(s, 0, NULL) == PTM_NULL_POINTER);
  CHECK(ptm_session_next_action((ptm_session *)creds, 0, &json) == PTM_INVALID_HANDLE);
  CHECK(ptm_session_handle_response(s, 200, U("{}"), 2, 0) == PTM_SESSION_STATE);
  CHECK(ptm_session_handle_response(s, 70000, U("{}"), 2, 0) == PTM_RESPONSE_HTTP_STATUS);
  CHECK(ptm_session_handle_response(s, 200, NULL, 9, 0) == PTM_NULL_POINTER);
  CHECK(ptm_session_retry(s, 0) == PTM_SESSION_STATE);
  CHECK(ptm_session_submit_otp(s, U("1234"), 4, 0) == PTM_SESSION_STATE);
  CHECK(ptm_session_pay(s, U("{\"paymentMode\":\"BALANCE\"}"), 25, 0) == PTM_SESSION_STATE);
  CHECK(ptm_session_handle_callback(s, U("ORDERID=x"), 9, 0) != PTM_OK);
  CHECK(ptm_session_restore(U("{}"), 2, creds, NULL, 0, &s) == PTM_SESSION_RESTORE);
  CHECK(ptm_session_restore(NULL, 0, creds, NULL, 0, &s) == PTM_SESSION_RESTORE);
  CHECK(ptm_session_next_action(s, 0, &json) == PTM_OK);
  ptm_string_free(json);
  CHECK(ptm_session_handle_send_failure(s, 1) == PTM_OK);
  ptm_session_free(s);
  ptm_session_free(NULL);
  ptm_credentials_free(creds);
}

/* Issue #16 item 3: a save edited into a verdict or to a lower amount does not restore. */
static void edited_saves(void) {
  current = "edited_saves";
  const struct scenario *sc = &SCENARIOS[0]; /* a server checkout */
  ptm_credentials *creds = credentials_for(sc);
  ptm_session *s = NULL, *r = NULL;
  CHECK(ptm_session_new(U(sc->kind), strlen(sc->kind), U(sc->config), sc->config_len, creds, &s) == PTM_OK);
  char *saved = NULL;
  CHECK(ptm_session_save(s, &saved) == PTM_OK && saved != NULL);
  CHECK(ptm_session_restore(U(saved), strlen(saved), creds, NULL, 0, &r) == PTM_OK);
  ptm_session_free(r);
  r = NULL;
  static const char *const edits[][2] = {
      {"\"phase\":", "\"outcome\":{\"status\":\"success\"},\"phase\":"},
      {"\"amount\":\"1.00\"", "\"amount\":\"0.01\""},
  };
  for (size_t i = 0; i < sizeof edits / sizeof edits[0]; i++) {
    const char *at = strstr(saved, edits[i][0]);
    CHECK(at != NULL);
    if (!at) continue;
    size_t head = (size_t)(at - saved), from = strlen(edits[i][0]), to = strlen(edits[i][1]);
    size_t len = strlen(saved) - from + to;
    char *edited = malloc(len + 1);
    memcpy(edited, saved, head);
    memcpy(edited + head, edits[i][1], to);
    strcpy(edited + head + to, at + from);
    CHECK(ptm_session_restore(U(edited), len, creds, NULL, 0, &r) == PTM_SESSION_SEAL && r == NULL);
    free(edited);
  }
  ptm_string_free(saved);
  ptm_session_free(s);
  ptm_credentials_free(creds);
}

/* The index of the scenario called `name` (a failed check and 0 when there is none). */
static size_t scenario_named(const char *name) {
  for (size_t i = 0; i < SCENARIO_COUNT; i++)
    if (strcmp(SCENARIOS[i].name, name) == 0) return i;
  CHECK(!"scenario not found");
  return 0;
}

/* A subscription whose mandate is active and idle: a card scenario (no pre-debit notification
 * needed) replayed to its end (its own expectations are checked by run()); NULL if a step did not
 * go as the scenario says. */
static ptm_session *active_subscription(ptm_credentials *creds) {
  size_t i = scenario_named("subscription_card_create_authorise_active");
  const struct scenario *sc = &SCENARIOS[i];
  ptm_session *s = NULL;
  CHECK(ptm_session_new(U(sc->kind), strlen(sc->kind), U(sc->config), sc->config_len, creds, &s) == PTM_OK);
  for (size_t j = 0; s != NULL && j < sc->count; j++) CHECK(apply(i, j, &s, creds, NULL) == STEPS[sc->first + j].error);
  return s;
}

/* The next action's JSON contains every string of `want` (NULL-terminated list). */
static void next_has(ptm_session *s, uint64_t now, const char *const *want) {
  char *json = NULL;
  CHECK(ptm_session_next_action(s, now, &json) == PTM_OK && json != NULL);
  if (!json) return;
  for (; *want; want++) {
    if (!strstr(json, *want)) fprintf(stderr, "  no %s in %s\n", *want, json);
    CHECK(strstr(json, *want) != NULL);
  }
  ptm_string_free(json);
}

/* The last error message names `what` (the dispatcher's detail crosses with the code). */
static void last_error_says(const char *what) {
  char *m = NULL;
  CHECK(ptm_last_error_message(&m) == PTM_OK && m != NULL && strstr(m, what) != NULL);
  ptm_string_free(m);
}

/* Issue #21: ptm_session_pause, ptm_session_resume and ptm_session_pre_notify on an active
 * mandate: the requests they lead to, their state and argument errors (the rules are core's; the
 * scenarios replay them to their outcomes). */
static void pause_resume_pre_notify(ptm_credentials *creds) {
  static const uint64_t NOW = 1700000200000ULL;
  ptm_session *s = active_subscription(creds);
  CHECK(s != NULL);
  if (!s) return;
  CHECK(ptm_session_resume(s) == PTM_SESSION_STATE);
  last_error_says("resume: the subscription is not paused");
  CHECK(ptm_session_pause(NULL) == PTM_NULL_POINTER);
  CHECK(ptm_session_resume((ptm_session *)creds) == PTM_INVALID_HANDLE);
  /* Pre-notify: bad arguments are codes and change nothing. */
  CHECK(ptm_session_pre_notify(s, S("2027-01"), S("499.00"), S("2027-01-10"), S("PN_1"), S("Gold plan"), NULL, 0) ==
        PTM_INVALID_FIELD);
  CHECK(ptm_session_pre_notify(s, S("2027-01"), S("500.01"), S("10-01-2027"), S("PN_1"), S("Gold plan"), NULL, 0) ==
        PTM_INVALID_FIELD);
  CHECK(ptm_session_pre_notify(s, S("2027-01"), S("4.999"), S("10-01-2027"), S("PN_1"), S("Gold plan"), NULL, 0) ==
        PTM_INVALID_AMOUNT);
  CHECK(ptm_session_pre_notify(s, S("2027-01"), S("499.00"), S("10-01-2027"), S("PN 1!"), S("Gold plan"), NULL, 0) ==
        PTM_INVALID_REF_ID);
  CHECK(ptm_session_pre_notify(s, S("2027-01"), S("499.00"), S("10-01-2027"), S("PN_1"), S("50% off!"), NULL, 0) ==
        PTM_INVALID_FIELD);
  CHECK(ptm_session_pre_notify(s, S("2027-01"), S("499.00"), S("10-01-2027"), S("PN_1"), S("Gold"), S("INV-1")) ==
        PTM_INVALID_FIELD);
  CHECK(ptm_session_pre_notify(s, S("2027-01"), S("499.00"), U("1ÿ"), 2, S("PN_1"), S("Gold"), NULL, 0) ==
        PTM_INVALID_UTF8);
  CHECK(ptm_session_pre_notify(s, S("2027-01"), S("499.00"), NULL, 10, S("PN_1"), S("Gold"), NULL, 0) ==
        PTM_NULL_POINTER);
  CHECK(ptm_session_pre_notify(NULL, S("2027-01"), S("499.00"), S("10-01-2027"), S("PN_1"), S("Gold"), NULL, 0) ==
        PTM_NULL_POINTER);
  /* A valid one: the request names the subscription, reference, date and invoice; nothing else
   * may be called while it is out. */
  CHECK(ptm_session_pre_notify(s, S("2027-01"), S("499.00"), S("10-01-2027"), S("PN_1"), S("Gold plan"), S("INV1")) ==
        PTM_OK);
  CHECK(ptm_session_pause(s) == PTM_SESSION_STATE);
  next_has(s, NOW, (const char *const[]){"\"purpose\":\"pre_notify_subscription\"", "/subscription/preNotify",
                                          "102771", "PN_1", "10-01-2027", "INV1", NULL});
  ptm_session_free(s);
  /* Pause: a pause_resume request with SUSPENDED. */
  s = active_subscription(creds);
  CHECK(s != NULL);
  if (!s) return;
  CHECK(ptm_session_pause(s) == PTM_OK);
  CHECK(ptm_session_pause(s) == PTM_SESSION_STATE);
  CHECK(ptm_session_collect(s, S("2027-01"), S("RENEW_0001"), S("499.00")) == PTM_SESSION_STATE);
  next_has(s, NOW, (const char *const[]){"\"purpose\":\"pause_resume_subscription\"", "/subscription/status/modify",
                                          "SUSPENDED", "102771", NULL});
  ptm_session_free(s);
}

/* Issue #21: ptm_session_collect and ptm_session_cancel. The rules are core's (dispatcher and
 * SubscriptionSession); this checks the calls reach them and come back as codes. */
static void subscription_calls(void) {
  current = "subscription_calls";
  static const uint64_t NOW = 1700000200000ULL;
  ptm_credentials *creds = NULL;
  CHECK(new_credentials(KEY16, 16, NULL, 0, NULL, 0, &creds) == PTM_OK);
  /* A checkout, or a subscription not yet active: the state error, nothing else happens. */
  const struct scenario *co = &SCENARIOS[0];
  ptm_session *s = NULL;
  CHECK(strcmp(co->kind, "checkout") == 0);
  CHECK(ptm_session_new(U(co->kind), strlen(co->kind), U(co->config), co->config_len, creds, &s) == PTM_OK);
  CHECK(ptm_session_collect(s, S("2027-01"), S("RENEW_0001"), S("499.00")) == PTM_SESSION_STATE);
  last_error_says("collect: not a call of a checkout session");
  CHECK(ptm_session_cancel(s) == PTM_SESSION_STATE);
  last_error_says("cancel: not a call of a checkout session");
  CHECK(ptm_session_pause(s) == PTM_SESSION_STATE);
  last_error_says("pause: not a call of a checkout session");
  CHECK(ptm_session_resume(s) == PTM_SESSION_STATE);
  last_error_says("resume: not a call of a checkout session");
  CHECK(ptm_session_pre_notify(s, S("2027-01"), S("499.00"), S("10-01-2027"), S("PN_1"), S("Gold plan"), NULL, 0) ==
        PTM_SESSION_STATE);
  last_error_says("pre_notify: not a call of a checkout session");
  ptm_session_free(s);
  const struct scenario *sub = &SCENARIOS[scenario_named("subscription_upi_create_authorise_active")];
  s = NULL;
  CHECK(ptm_session_new(U(sub->kind), strlen(sub->kind), U(sub->config), sub->config_len, creds, &s) == PTM_OK);
  CHECK(ptm_session_collect(s, S("2027-01"), S("RENEW_0001"), S("499.00")) == PTM_SESSION_STATE);
  CHECK(ptm_session_cancel(s) == PTM_SESSION_STATE);
  next_has(s, NOW, (const char *const[]){"\"purpose\":\"initiate_subscription\"", NULL});
  ptm_session_free(s);

  /* Active: a collection is a renew request for that order; never two in one cycle, no cancel
   * while it is out, and a refused call changes nothing. */
  s = active_subscription(creds);
  CHECK(s != NULL);
  if (s) {
    CHECK(ptm_session_collect(s, S("2027-01"), S("RENEW_0001"), S("499.00")) == PTM_OK);
    char *before = NULL, *after = NULL;
    CHECK(ptm_session_save(s, &before) == PTM_OK);
    CHECK(ptm_session_collect(s, S("2027-01"), S("RENEW_0002"), S("499.00")) == PTM_SESSION_STATE);
    CHECK(ptm_session_cancel(s) == PTM_SESSION_STATE);
    CHECK(ptm_session_save(s, &after) == PTM_OK);
    CHECK(before && after && strcmp(before, after) == 0);
    ptm_string_free(before);
    ptm_string_free(after);
    next_has(s, NOW, (const char *const[]){"\"type\":\"send\"", "\"purpose\":\"renew_subscription\"",
                                            "/subscription/renew", "RENEW_0001", "499.00", NULL});
    ptm_session_free(s);
  }

  /* Bad arguments: clean codes, the session unchanged (it can still be cancelled). */
  s = active_subscription(creds);
  CHECK(s != NULL);
  if (s) {
    CHECK(ptm_session_collect(s, U("2027-\xff"), 6, S("RENEW_0001"), S("499.00")) == PTM_INVALID_UTF8);
    CHECK(ptm_session_collect(s, S("2027-01"), U("RENEW_\xc3"), 7, S("499.00")) == PTM_INVALID_UTF8);
    CHECK(ptm_session_collect(s, S("2027-01"), S("RENEW_0001"), U("4\xe9"), 2) == PTM_INVALID_UTF8);
    CHECK(ptm_session_collect(s, NULL, 7, S("RENEW_0001"), S("499.00")) == PTM_NULL_POINTER);
    CHECK(ptm_session_collect(s, S("2027-01"), NULL, 10, S("499.00")) == PTM_NULL_POINTER);
    CHECK(ptm_session_collect(s, S("2027-01"), S("RENEW_0001"), NULL, 6) == PTM_NULL_POINTER);
    CHECK(ptm_session_collect(s, S("2027-01"), S("RENEW_0001"), NULL, 0) == PTM_INVALID_AMOUNT);
    CHECK(ptm_session_collect(s, S("2027-01"), S("RENEW_0001"), S("-1")) == PTM_INVALID_AMOUNT);
    CHECK(ptm_session_collect(s, S("2027-01"), S("RENEW_0001"), S("500.01")) == PTM_INVALID_FIELD);
    CHECK(ptm_session_collect(NULL, S("2027-01"), S("RENEW_0001"), S("499.00")) == PTM_NULL_POINTER);
    CHECK(ptm_session_collect((ptm_session *)creds, S("2027-01"), S("RENEW_0001"), S("499.00")) == PTM_INVALID_HANDLE);
    CHECK(ptm_session_cancel(NULL) == PTM_NULL_POINTER);
    CHECK(ptm_session_cancel((ptm_session *)creds) == PTM_INVALID_HANDLE);
    /* Cancel: a cancel request; then nothing more to call. */
    CHECK(ptm_session_cancel(s) == PTM_OK);
    next_has(s, NOW, (const char *const[]){"\"type\":\"send\"", "\"purpose\":\"cancel_subscription\"",
                                            "/subscription/cancel", "102771", NULL});
    CHECK(ptm_session_cancel(s) == PTM_SESSION_STATE);
    CHECK(ptm_session_collect(s, S("2027-01"), S("RENEW_0001"), S("499.00")) == PTM_SESSION_STATE);
    ptm_session_free(s);
  }
  pause_resume_pre_notify(creds);
  ptm_credentials_free(creds);
}

int main(void) {
  const char *path = getenv("PTM_SESSIONS_OUT");
  out = path ? fopen(path, "w") : fopen("/dev/null", "w");
  if (!out) {
    perror("PTM_SESSIONS_OUT");
    return 1;
  }
  for (size_t i = 0; i < SCENARIO_COUNT; i++) run(i);
  misuse();
  edited_saves();
  subscription_calls();
  fclose(out);
  printf("sessions: %d scenarios, %d steps\n", SCENARIO_COUNT, STEP_COUNT);
  return finish();
}

/*
 * C tests of the way back through include/paytm_checkout.h: response parsing, callbacks,
 * reconciliation, result codes, and the cardInfo / text-cipher / hash helpers.
 *
 * 1. Every fixture of tests/vectors/responses/ (turned into build/responses.h by
 *    gen_responses.py) goes through ptm_response_parse or ptm_callback_parse; the outcome (ok or
 *    the error's name) must be the expected one, and the count is asserted. The parsed JSON is
 *    written, one line per case, to the file named by $PTM_RESPONSES_OUT: scripts/test-c.sh has
 *    tests/c/check_responses.py compare it with expected.json semantically.
 * 2. The `transaction` member of every parsed payment goes through ptm_reconcile with the right
 *    order, another amount and another order id (verdicts precomputed by the generator).
 * 3. Hostile inputs for every entry point added with them: NULL for every pointer, (NULL, 0),
 *    SIZE_MAX and truncated lengths, invalid UTF-8, oversized bodies, foreign handles; failed
 *    calls must leave out-parameters untouched and set a last error message.
 * 4. Four threads parsing every fixture at once with one shared key.
 *
 * Run by scripts/test-c.sh under valgrind (static and shared library) and ASan+UBSan. Prints
 * "c: N passed, 0 failed" and exits non-zero on any failure.
 */
#include "paytm_checkout.h"

#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"

struct response_case {
  const char *name;
  const char *api;
  unsigned status;
  int with_key;
  struct text options, body;
  const char *outcome; /* "ok" or the error code's name */
};

struct reconcile_case {
  const char *name;
  struct text order, verdict;
};

#include "codes.h"
#include "responses.h"

/* How many fixture directories exist: a case that disappears fails the run. */
#define EXPECTED_RESPONSE_CASES 148


static int hostile_cases;
#define HOSTILE(name) (current = (name), hostile_cases++)

static const ptm_merchant_key *the_key;

/* Runs one fixture; returns the result and, on PTM_OK, the JSON in *out. */
static ptm_result run_case(const struct response_case *c, const ptm_merchant_key *k, char **out) {
  const ptm_merchant_key *key = c->with_key ? k : NULL;
  if (strcmp(c->api, "callback") == 0)
    return ptm_callback_parse(P(c->body), key, P(c->options), out);
  return ptm_response_parse(S(c->api), c->status, P(c->body), key, P(c->options), out);
}

/* ---------------------------------------------------------------- fixtures */

static char *outputs[PTM_RESPONSE_CASE_COUNT];

static void fixtures(void) {
  const char *path = getenv("PTM_RESPONSES_OUT");
  FILE *f = path != NULL ? fopen(path, "w") : NULL;
  if (path != NULL) CHECK(f != NULL);
  int ran = 0, ok = 0;
  for (int i = 0; i < PTM_RESPONSE_CASE_COUNT; i++) {
    const struct response_case *c = &RESPONSE_CASES[i];
    current = c->name;
    char *json = STR_SENTINEL;
    ptm_result r = run_case(c, the_key, &json);
    const char *got = r == PTM_OK ? "ok" : ptm_result_name(r);
    if (strcmp(got, c->outcome) != 0) {
      char *msg = NULL;
      if (ptm_last_error_message(&msg) == PTM_OK) {
        fprintf(stderr, "  %s: got %s (%s), want %s\n", c->name, got, msg, c->outcome);
        ptm_string_free(msg);
      }
    }
    CHECK(strcmp(got, c->outcome) == 0);
    if (r == PTM_OK) {
      CHECK(json != STR_SENTINEL && json != NULL);
      outputs[i] = json;
      ok++;
    } else {
      CHECK(json == STR_SENTINEL); /* untouched on failure */
      char *msg = NULL;
      CHECK(ptm_last_error_message(&msg) == PTM_OK && msg != NULL && msg[0] != '\0');
      ptm_string_free(msg);
    }
    if (f != NULL) fprintf(f, "%s\t%s\t%s\n", c->name, r == PTM_OK ? "ok" : "error",
                           r == PTM_OK ? json : got);
    ran++;
  }
  if (f != NULL) CHECK(fclose(f) == 0);
  current = "fixture count";
  CHECK(ran == EXPECTED_RESPONSE_CASES);
  CHECK(PTM_RESPONSE_CASE_COUNT == EXPECTED_RESPONSE_CASES);
  printf("c-responses: %d fixtures parsed (%d ok, %d refused with the expected code)\n", ran, ok,
         ran - ok);
}

/* The raw text of the `transaction` member: the last member of a parsed response. */
static char *transaction_of(const char *json, size_t *len) {
  const char *p = strstr(json, ",\"transaction\":");
  if (p == NULL) return NULL;
  p += strlen(",\"transaction\":");
  size_t n = strlen(p);
  if (n < 2 || p[n - 1] != '}') return NULL;
  *len = n - 1; /* drop the enclosing object's closing brace */
  return (char *)p;
}

static void reconcile_fixtures(void) {
  int ran = 0;
  const struct reconcile_case *rc;
  FOR_EACH_CASE(rc, RECONCILE_CASES, PTM_RECONCILE_CASE_COUNT) {
    const char *json = NULL;
    for (int j = 0; j < PTM_RESPONSE_CASE_COUNT; j++)
      if (strcmp(RESPONSE_CASES[j].name, rc->name) == 0) json = outputs[j];
    CHECK(json != NULL);
    if (json == NULL) continue;
    size_t tlen = 0;
    const char *txn = transaction_of(json, &tlen);
    CHECK(txn != NULL);
    if (txn == NULL) continue;
    char *verdict = STR_SENTINEL;
    CHECK(ptm_reconcile(P(rc->order), U(txn), tlen, &verdict) == PTM_OK);
    if (verdict == STR_SENTINEL) continue;
    int same = strlen(verdict) == rc->verdict.len && memcmp(verdict, rc->verdict.p, rc->verdict.len) == 0;
    if (!same) fprintf(stderr, "  %s: %s, want %.*s\n", rc->name, verdict, (int)rc->verdict.len, rc->verdict.p);
    CHECK(same);
    ptm_string_free(verdict);
    ran++;
  }
  current = "reconcile count";
  CHECK(ran == PTM_RECONCILE_CASE_COUNT && ran >= 30);
  printf("c-responses: %d reconcile verdicts from parsed transactions\n", ran);
}

/* ---------------------------------------------------------------- hostile input */

/* Static, zeroed, aligned, larger than any handle: not a key. */
static _Alignas(16) unsigned char not_a_key[8192];
#define FAKE_KEY ((const ptm_merchant_key *)(const void *)not_a_key)

static const char *STATUS_API = "transaction_status";
static const struct response_case *find_case(const char *name) {
  for (int i = 0; i < PTM_RESPONSE_CASE_COUNT; i++)
    if (strcmp(RESPONSE_CASES[i].name, name) == 0) return &RESPONSE_CASES[i];
  return NULL;
}

/* Calls ptm_response_parse and checks the result, the untouched out-parameter on failure and
 * the last error message. */
static void expect_parse(const char *name, const uint8_t *api, size_t api_len, uint32_t status,
                         const uint8_t *body, size_t body_len, const ptm_merchant_key *k,
                         const uint8_t *opts, size_t opts_len, ptm_result want) {
  HOSTILE(name);
  char *out = STR_SENTINEL;
  ptm_result r = ptm_response_parse(api, api_len, status, body, body_len, k, opts, opts_len, &out);
  if (r != want) fprintf(stderr, "  %s: got %s, want %s\n", name, ptm_result_name(r), ptm_result_name(want));
  CHECK(r == want);
  if (r != PTM_OK) {
    CHECK(out == STR_SENTINEL);
    char *msg = NULL;
    CHECK(ptm_last_error_message(&msg) == PTM_OK && msg != NULL && msg[0] != '\0');
    ptm_string_free(msg);
  } else if (out != STR_SENTINEL) {
    ptm_string_free(out);
  }
}

static void expect_callback(const char *name, const uint8_t *body, size_t body_len,
                            const ptm_merchant_key *k, const uint8_t *opts, size_t opts_len,
                            ptm_result want) {
  HOSTILE(name);
  char *out = STR_SENTINEL;
  ptm_result r = ptm_callback_parse(body, body_len, k, opts, opts_len, &out);
  if (r != want) fprintf(stderr, "  %s: got %s, want %s\n", name, ptm_result_name(r), ptm_result_name(want));
  CHECK(r == want);
  if (r != PTM_OK) CHECK(out == STR_SENTINEL);
  else if (out != STR_SENTINEL) ptm_string_free(out);
}

static void hostile_parse(void) {
  const ptm_merchant_key *k = the_key;
  const struct response_case *st = find_case("status_success");
  const struct response_case *cb = find_case("callback_form_success");
  CHECK(st != NULL && cb != NULL);
  if (st == NULL || cb == NULL) return;
  const uint8_t *b = U(st->body.p);
  size_t n = st->body.len;

  expect_parse("parse: the fixture itself", S(STATUS_API), 200, b, n, k, NULL, 0, PTM_OK);
  expect_parse("parse: NULL api with a length", NULL, 5, 200, b, n, k, NULL, 0, PTM_NULL_POINTER);
  expect_parse("parse: (NULL, 0) api is unknown", NULL, 0, 200, b, n, k, NULL, 0, PTM_UNKNOWN_API);
  expect_parse("parse: NULL body with a length", S(STATUS_API), 200, NULL, 10, k, NULL, 0, PTM_NULL_POINTER);
  expect_parse("parse: (NULL, 0) body", S(STATUS_API), 200, NULL, 0, k, NULL, 0, PTM_RESPONSE_NOT_JSON);
  expect_parse("parse: (ptr, 0) body", S(STATUS_API), 200, b, 0, k, NULL, 0, PTM_RESPONSE_NOT_JSON);
  expect_parse("parse: NULL options with a length", S(STATUS_API), 200, b, n, k, NULL, 3, PTM_NULL_POINTER);
  expect_parse("parse: SIZE_MAX body", S(STATUS_API), 200, b, SIZE_MAX, k, NULL, 0, PTM_INPUT_TOO_LARGE);
  expect_parse("parse: SIZE_MAX api", U(STATUS_API), SIZE_MAX, 200, b, n, k, NULL, 0, PTM_INPUT_TOO_LARGE);
  expect_parse("parse: SIZE_MAX options", S(STATUS_API), 200, b, n, k, U("{}"), SIZE_MAX, PTM_INPUT_TOO_LARGE);
  expect_parse("parse: truncated length (body cut short)", S(STATUS_API), 200, b, n / 2, k, NULL, 0, PTM_RESPONSE_NOT_JSON);
  expect_parse("parse: api length one short", U(STATUS_API), strlen(STATUS_API) - 1, 200, b, n, k, NULL, 0, PTM_UNKNOWN_API);
  expect_parse("parse: not a key", S(STATUS_API), 200, b, n, FAKE_KEY, NULL, 0, PTM_INVALID_HANDLE);
  expect_parse("parse: no key for a signed API", S(STATUS_API), 200, b, n, NULL, NULL, 0, PTM_INVALID_CREDENTIALS);
  expect_parse("parse: no key, allowUnsigned", S(STATUS_API), 200, b, n, NULL, S("{\"allowUnsigned\":true}"), PTM_OK);
  expect_parse("parse: unknown api", S("transaction_statu"), 200, b, n, k, NULL, 0, PTM_UNKNOWN_API);
  expect_parse("parse: settlement has no response parser", S("settlement"), 200, b, n, k, NULL, 0, PTM_UNKNOWN_API);
  expect_parse("parse: api invalid UTF-8", S("transaction_status\xff"), 200, b, n, k, NULL, 0, PTM_INVALID_UTF8);
  expect_parse("parse: api with NUL inside", U("transaction_status\0x"), 20, 200, b, n, k, NULL, 0, PTM_UNKNOWN_API);
  expect_parse("parse: HTTP 500", S(STATUS_API), 500, b, n, k, NULL, 0, PTM_RESPONSE_HTTP_STATUS);
  expect_parse("parse: HTTP 0", S(STATUS_API), 0, b, n, k, NULL, 0, PTM_RESPONSE_HTTP_STATUS);
  expect_parse("parse: HTTP 65736 (200 + 65536) is not truncated to 200", S(STATUS_API), 65736, b, n, k, NULL, 0, PTM_RESPONSE_HTTP_STATUS);
  expect_parse("parse: HTTP UINT32_MAX", S(STATUS_API), UINT32_MAX, b, n, k, NULL, 0, PTM_RESPONSE_HTTP_STATUS);
  expect_parse("parse: options not JSON", S(STATUS_API), 200, b, n, k, S("{allowUnsigned"), PTM_INVALID_ARGUMENT);
  expect_parse("parse: options unknown member", S(STATUS_API), 200, b, n, k, S("{\"allow\":true}"), PTM_INVALID_ARGUMENT);
  expect_parse("parse: options wrong type", S(STATUS_API), 200, b, n, k, S("{\"allowUnsigned\":\"yes\"}"), PTM_INVALID_ARGUMENT);
  expect_parse("parse: options invalid UTF-8", S(STATUS_API), 200, b, n, k, S("{\"\xff\":1}"), PTM_INVALID_ARGUMENT);
  expect_parse("parse: options whitespace is the defaults", S(STATUS_API), 200, b, n, k, S("  "), PTM_OK);
  expect_parse("parse: body invalid UTF-8", S(STATUS_API), 200, S("{\"head\":{},\"body\":\"\xff\"}"), k, NULL, 0, PTM_RESPONSE_NOT_JSON);
  expect_parse("parse: body not an object", S(STATUS_API), 200, S("[1,2,3]"), k, NULL, 0, PTM_RESPONSE_MALFORMED);
  expect_parse("parse: body a bare string", S(STATUS_API), 200, S("\"x\""), k, NULL, 0, PTM_RESPONSE_MALFORMED);
  expect_parse("parse: body with trailing bytes", S(STATUS_API), 200, S("{}{}"), k, NULL, 0, PTM_RESPONSE_NOT_JSON);
  expect_parse("parse: NUL byte inside the body", S(STATUS_API), 200, U("{\"head\":\0}"), 10, k, NULL, 0, PTM_RESPONSE_NOT_JSON);

  /* Deep nesting must be a clean error, not a stack overflow. */
  enum { DEPTH = 100000 };
  char *deep = malloc(2 * DEPTH + 64);
  CHECK(deep != NULL);
  if (deep != NULL) {
    size_t m = 0;
    m += (size_t)sprintf(deep, "{\"head\":{},\"body\":{\"x\":");
    for (int i = 0; i < DEPTH; i++) deep[m++] = '[';
    for (int i = 0; i < DEPTH; i++) deep[m++] = ']';
    deep[m++] = '}';
    deep[m++] = '}';
    /* Unsigned but allowed, so that the body is interpreted past the signature check. */
    expect_parse("parse: 100000 nested arrays", S(STATUS_API), 200, U(deep), m, k,
                 S("{\"allowUnsigned\":true}"), PTM_RESPONSE_MALFORMED);
    /* The same nesting as a JS Checkout callback (a flat JSON object is expected). */
    expect_callback("callback: 100000 nested arrays", U(deep + 18), m - 19, k, NULL, 0,
                    PTM_CALLBACK_MALFORMED);
    free(deep);
  }
  /* Oversized: one byte over the 1 MiB limit (the bytes are never read). */
  size_t big_len = 1024 * 1024 + 1;
  char *big = malloc(big_len);
  CHECK(big != NULL);
  if (big != NULL) {
    memset(big, ' ', big_len);
    expect_parse("parse: body over 1 MiB", S(STATUS_API), 200, U(big), big_len, k, NULL, 0, PTM_INPUT_TOO_LARGE);
    expect_callback("callback: body over 1 MiB", U(big), big_len, k, NULL, 0, PTM_INPUT_TOO_LARGE);
    free(big);
  }

  HOSTILE("parse: NULL out");
  CHECK(ptm_response_parse(S(STATUS_API), 200, b, n, k, NULL, 0, NULL) == PTM_NULL_POINTER);

  /* ptm_callback_parse */
  const uint8_t *cbb = U(cb->body.p);
  size_t cbn = cb->body.len;
  expect_callback("callback: the fixture itself", cbb, cbn, k, NULL, 0, PTM_OK);
  expect_callback("callback: NULL body with a length", NULL, 4, k, NULL, 0, PTM_NULL_POINTER);
  expect_callback("callback: (NULL, 0) body", NULL, 0, k, NULL, 0, PTM_CALLBACK_MALFORMED);
  expect_callback("callback: SIZE_MAX body", cbb, SIZE_MAX, k, NULL, 0, PTM_INPUT_TOO_LARGE);
  expect_callback("callback: truncated length drops CHECKSUMHASH's tail", cbb, cbn - 5, k, NULL, 0, PTM_CHECKSUM_ENCODING);
  expect_callback("callback: not a key", cbb, cbn, FAKE_KEY, NULL, 0, PTM_INVALID_HANDLE);
  expect_callback("callback: no key", cbb, cbn, NULL, NULL, 0, PTM_INVALID_CREDENTIALS);
  expect_callback("callback: NULL options with a length", cbb, cbn, k, NULL, 2, PTM_NULL_POINTER);
  expect_callback("callback: options not an object", cbb, cbn, k, S("\"x\""), PTM_INVALID_ARGUMENT);
  expect_callback("callback: invalid UTF-8", S("ORDERID=\xff&STATUS=x"), k, NULL, 0, PTM_CALLBACK_MALFORMED);
  expect_callback("callback: percent-escape that is not UTF-8", S("ORDERID=%FF&CHECKSUMHASH=x"), k, NULL, 0, PTM_CALLBACK_MALFORMED);
  expect_callback("callback: JSON that is not flat", S("{\"ORDERID\":{\"a\":1}}"), k, NULL, 0, PTM_CALLBACK_MALFORMED);
  expect_callback("callback: unsigned", S("ORDERID=O1&STATUS=TXN_SUCCESS"), k, NULL, 0, PTM_SIGNATURE_MISSING);
  HOSTILE("callback: NULL out");
  CHECK(ptm_callback_parse(cbb, cbn, k, NULL, 0, NULL) == PTM_NULL_POINTER);

  /* ptm_response_api_names */
  HOSTILE("response_api_names");
  char *names = STR_SENTINEL;
  CHECK(ptm_response_api_names(&names) == PTM_OK);
  if (names != STR_SENTINEL) {
    CHECK(names[0] == '[' && strstr(names, "\"refund_webhook\"") != NULL &&
          strstr(names, "\"settlement\"") == NULL);
    ptm_string_free(names);
  }
  HOSTILE("response_api_names: NULL out");
  CHECK(ptm_response_api_names(NULL) == PTM_NULL_POINTER);
}

static void expect_reconcile(const char *name, const uint8_t *order, size_t order_len,
                             const uint8_t *txn, size_t txn_len, ptm_result want,
                             const char *want_json) {
  HOSTILE(name);
  char *out = STR_SENTINEL;
  ptm_result r = ptm_reconcile(order, order_len, txn, txn_len, &out);
  if (r != want) fprintf(stderr, "  %s: got %s, want %s\n", name, ptm_result_name(r), ptm_result_name(want));
  CHECK(r == want);
  if (r != PTM_OK) {
    CHECK(out == STR_SENTINEL);
  } else if (out != STR_SENTINEL) {
    if (want_json != NULL) {
      if (strcmp(out, want_json) != 0) fprintf(stderr, "  %s: %s, want %s\n", name, out, want_json);
      CHECK(strcmp(out, want_json) == 0);
    }
    ptm_string_free(out);
  }
}

static void hostile_reconcile(void) {
  const char *order = "{\"orderId\":\"O1\",\"amount\":\"1\"}";
  const char *paid = "{\"orderId\":\"O1\",\"amount\":\"1.00\",\"state\":\"success\",\"verification\":\"verified\"}";
  /* Verdicts: the merchant's order (NULL: `order`), what Paytm reported, the verdict. */
  const struct {
    const char *name, *order, *txn, *verdict;
  } verdicts[] = {
      {"reconcile: paid", NULL, paid, "{\"verdict\":\"fulfil\"}"},
      {"reconcile: settled", NULL, "{\"orderId\":\"O1\",\"amount\":\"1\",\"state\":\"settled\",\"verification\":\"verified\"}",
       "{\"verdict\":\"fulfil\"}"},
      {"reconcile: unsigned (legacy status) never fulfils", NULL,
       "{\"orderId\":\"O1\",\"amount\":\"1\",\"state\":\"success\",\"verification\":\"unsigned\"}",
       "{\"verdict\":\"do_not_fulfil\",\"reason\":\"unverified\"}"},
      {"reconcile: refunded", NULL, "{\"orderId\":\"O1\",\"amount\":\"1\",\"state\":\"refunded\",\"verification\":\"verified\"}",
       "{\"verdict\":\"do_not_fulfil\",\"reason\":\"refunded\"}"},
      {"reconcile: skipped verification", NULL,
       "{\"orderId\":\"O1\",\"amount\":\"1\",\"state\":\"success\",\"verification\":\"skipped\"}",
       "{\"verdict\":\"do_not_fulfil\",\"reason\":\"unverified\"}"},
      {"reconcile: other MID", "{\"orderId\":\"O1\",\"amount\":\"1\",\"mid\":\"A\"}",
       "{\"orderId\":\"O1\",\"mid\":\"B\",\"amount\":\"1\",\"state\":\"success\",\"verification\":\"verified\"}",
       "{\"verdict\":\"do_not_fulfil\",\"reason\":\"mid\"}"},
      {"reconcile: no amount reported", NULL, "{\"orderId\":\"O1\",\"state\":\"success\",\"verification\":\"verified\"}",
       "{\"verdict\":\"do_not_fulfil\",\"reason\":\"amount\"}"},
      {"reconcile: no order id reported", NULL, "{\"state\":\"unknown\",\"verification\":\"verified\"}",
       "{\"verdict\":\"do_not_fulfil\",\"reason\":\"order_id\"}"},
  };
  for (size_t i = 0; i < sizeof verdicts / sizeof verdicts[0]; i++) {
    const char *o = verdicts[i].order != NULL ? verdicts[i].order : order;
    expect_reconcile(verdicts[i].name, S(o), S(verdicts[i].txn), PTM_OK, verdicts[i].verdict);
  }
  expect_reconcile("reconcile: NULL order with a length", NULL, 5, S(paid), PTM_NULL_POINTER, NULL);
  expect_reconcile("reconcile: NULL transaction with a length", S(order), NULL, 5, PTM_NULL_POINTER, NULL);
  expect_reconcile("reconcile: (NULL, 0) order", NULL, 0, S(paid), PTM_INVALID_PARAMS, NULL);
  expect_reconcile("reconcile: (NULL, 0) transaction", S(order), NULL, 0, PTM_INVALID_PARAMS, NULL);
  expect_reconcile("reconcile: SIZE_MAX order", U(order), SIZE_MAX, S(paid), PTM_INPUT_TOO_LARGE, NULL);
  expect_reconcile("reconcile: SIZE_MAX transaction", S(order), U(paid), SIZE_MAX, PTM_INPUT_TOO_LARGE, NULL);
  expect_reconcile("reconcile: truncated order", U(order), strlen(order) - 1, S(paid), PTM_INVALID_PARAMS, NULL);
  expect_reconcile("reconcile: order invalid UTF-8", S("{\"orderId\":\"O\xff\",\"amount\":\"1\"}"), S(paid), PTM_INVALID_UTF8, NULL);
  expect_reconcile("reconcile: transaction invalid UTF-8", S(order), S("{\"state\":\"\xc3\"}"), PTM_INVALID_UTF8, NULL);
  expect_reconcile("reconcile: order missing amount", S("{\"orderId\":\"O1\"}"), S(paid), PTM_MISSING_FIELD, NULL);
  expect_reconcile("reconcile: order unknown member", S("{\"orderId\":\"O1\",\"amount\":\"1\",\"x\":1}"), S(paid), PTM_INVALID_FIELD, NULL);
  expect_reconcile("reconcile: order id with a pipe", S("{\"orderId\":\"O|1\",\"amount\":\"1\"}"), S(paid), PTM_INVALID_ORDER_ID, NULL);
  expect_reconcile("reconcile: amount as a float", S("{\"orderId\":\"O1\",\"amount\":1.5e300}"), S(paid), PTM_INVALID_AMOUNT, NULL);
  expect_reconcile("reconcile: negative amount", S("{\"orderId\":\"O1\",\"amount\":\"-1\"}"), S(paid), PTM_INVALID_AMOUNT, NULL);
  expect_reconcile("reconcile: transaction unknown state", S(order),
                   S("{\"orderId\":\"O1\",\"state\":\"paid\",\"verification\":\"verified\"}"), PTM_INVALID_FIELD, NULL);
  expect_reconcile("reconcile: transaction missing verification", S(order),
                   S("{\"orderId\":\"O1\",\"state\":\"success\"}"), PTM_MISSING_FIELD, NULL);
  expect_reconcile("reconcile: transaction is an array", S(order), S("[]"), PTM_INVALID_FIELD, NULL);
  HOSTILE("reconcile: NULL out");
  CHECK(ptm_reconcile(S(order), S(paid), NULL) == PTM_NULL_POINTER);
}

static void result_codes(void) {
  ptm_result_class cls = (ptm_result_class)99;
  HOSTILE("classify: documented success");
  CHECK(ptm_result_code_classify(S("initiate"), S("0000"), S("S"), &cls) == PTM_OK && cls == PTM_CLASS_SUCCESS);
  HOSTILE("classify: success code without a status is unknown");
  CHECK(ptm_result_code_classify(S("initiate"), S("0000"), NULL, 0, &cls) == PTM_OK && cls == PTM_CLASS_UNKNOWN);
  HOSTILE("classify: success code with a failure status is unknown");
  CHECK(ptm_result_code_classify(S("initiate"), S("0000"), S("F"), &cls) == PTM_OK && cls == PTM_CLASS_UNKNOWN);
  HOSTILE("classify: session expired");
  CHECK(ptm_result_code_classify(S("process"), S("1006"), S("F"), &cls) == PTM_OK && cls == PTM_CLASS_SESSION_EXPIRED);
  HOSTILE("classify: retry allowed");
  CHECK(ptm_result_code_classify(S("validate_otp"), S("403"), S("FAILURE"), &cls) == PTM_OK && cls == PTM_CLASS_RETRY_ALLOWED);
  HOSTILE("classify: undocumented code");
  CHECK(ptm_result_code_classify(S("process"), S("9999"), S("S"), &cls) == PTM_OK && cls == PTM_CLASS_UNKNOWN);
  HOSTILE("classify: (NULL, 0) code");
  CHECK(ptm_result_code_classify(S("process"), NULL, 0, NULL, 0, &cls) == PTM_OK && cls == PTM_CLASS_UNKNOWN);
  cls = (ptm_result_class)99;
  HOSTILE("classify: unknown table");
  CHECK(ptm_result_code_classify(S("refund"), S("0000"), S("S"), &cls) == PTM_INVALID_ARGUMENT && cls == (ptm_result_class)99);
  HOSTILE("classify: (NULL, 0) table");
  CHECK(ptm_result_code_classify(NULL, 0, S("0000"), S("S"), &cls) == PTM_INVALID_ARGUMENT);
  HOSTILE("classify: NULL table with a length");
  CHECK(ptm_result_code_classify(NULL, 3, S("0000"), S("S"), &cls) == PTM_NULL_POINTER);
  HOSTILE("classify: NULL code with a length");
  CHECK(ptm_result_code_classify(S("initiate"), NULL, 4, S("S"), &cls) == PTM_NULL_POINTER);
  HOSTILE("classify: NULL status with a length");
  CHECK(ptm_result_code_classify(S("initiate"), S("0000"), NULL, 1, &cls) == PTM_NULL_POINTER);
  HOSTILE("classify: SIZE_MAX code");
  CHECK(ptm_result_code_classify(S("initiate"), U("0000"), SIZE_MAX, S("S"), &cls) == PTM_INPUT_TOO_LARGE);
  HOSTILE("classify: table invalid UTF-8");
  CHECK(ptm_result_code_classify(S("initiat\xe9"), S("0000"), S("S"), &cls) == PTM_INVALID_UTF8);
  HOSTILE("classify: code invalid UTF-8");
  CHECK(ptm_result_code_classify(S("initiate"), S("00\xff"), S("S"), &cls) == PTM_INVALID_UTF8);
  HOSTILE("classify: table with a JSON quote");
  CHECK(ptm_result_code_classify(S("\"initiate\""), S("0000"), S("S"), &cls) == PTM_INVALID_ARGUMENT);
  CHECK(cls == (ptm_result_class)99);
  HOSTILE("classify: NULL out");
  CHECK(ptm_result_code_classify(S("initiate"), S("0000"), S("S"), NULL) == PTM_NULL_POINTER);

  char *json = STR_SENTINEL;
  HOSTILE("lookup: documented code");
  CHECK(ptm_result_code_lookup(S("initiate"), S("1006"), &json) == PTM_OK);
  if (json != STR_SENTINEL) {
    CHECK(strcmp(json, "{\"code\":\"1006\",\"status\":\"F\",\"class\":\"session_expired\","
                       "\"message\":\"Your Session has expired\"}") == 0);
    ptm_string_free(json);
  }
  json = STR_SENTINEL;
  HOSTILE("lookup: undocumented code is null");
  CHECK(ptm_result_code_lookup(S("initiate"), S("7777"), &json) == PTM_OK);
  if (json != STR_SENTINEL) {
    CHECK(strcmp(json, "null") == 0);
    ptm_string_free(json);
  }
  json = STR_SENTINEL;
  HOSTILE("lookup: unknown table");
  CHECK(ptm_result_code_lookup(S("nope"), S("0000"), &json) == PTM_INVALID_ARGUMENT && json == STR_SENTINEL);
  HOSTILE("lookup: NULL code with a length");
  CHECK(ptm_result_code_lookup(S("initiate"), NULL, 2, &json) == PTM_NULL_POINTER && json == STR_SENTINEL);
  HOSTILE("lookup: code invalid UTF-8");
  CHECK(ptm_result_code_lookup(S("initiate"), S("\xff"), &json) == PTM_INVALID_UTF8 && json == STR_SENTINEL);
  HOSTILE("lookup: NULL out");
  CHECK(ptm_result_code_lookup(S("initiate"), S("0000"), NULL) == PTM_NULL_POINTER);

  HOSTILE("table names");
  CHECK(ptm_result_code_table_names(&json) == PTM_OK);
  if (json != STR_SENTINEL) {
    CHECK(strcmp(json, "[\"initiate\",\"process\",\"send_otp\",\"validate_otp\",\"user_details\","
                       "\"consult\",\"payment_request\",\"subscription\",\"payment_link\",\"native_checkout\","
                       "\"validate_vpa\",\"checkout_send_otp\",\"checkout_validate_otp\"]") == 0);
    ptm_string_free(json);
  }
  HOSTILE("table names: NULL out");
  CHECK(ptm_result_code_table_names(NULL) == PTM_NULL_POINTER);
  json = STR_SENTINEL;
  HOSTILE("table: consult");
  CHECK(ptm_result_code_table(S("consult"), &json) == PTM_OK);
  if (json != STR_SENTINEL) {
    CHECK(json[0] == '[' && strstr(json, "\"class\":") != NULL);
    ptm_string_free(json);
  }
  json = STR_SENTINEL;
  HOSTILE("table: unknown");
  CHECK(ptm_result_code_table(S("CONSULT"), &json) == PTM_INVALID_ARGUMENT && json == STR_SENTINEL);
  HOSTILE("table: SIZE_MAX");
  CHECK(ptm_result_code_table(U("consult"), SIZE_MAX, &json) == PTM_INPUT_TOO_LARGE && json == STR_SENTINEL);
  HOSTILE("table: NULL out");
  CHECK(ptm_result_code_table(S("consult"), NULL) == PTM_NULL_POINTER);

  HOSTILE("result_name: every code of the header has its name");
  int named = 0;
  for (int i = 0; i < PTM_CODE_COUNT; i++) {
    const char *nm = ptm_result_name(ALL_CODES[i]);
    if (nm != NULL && strcmp(nm, "UNKNOWN") != 0 && nm[0] != '\0') named++;
  }
  CHECK(named == PTM_CODE_COUNT);
  CHECK(strcmp(ptm_result_name(PTM_OK), "OK") == 0);
  CHECK(strcmp(ptm_result_name(PTM_CHECKSUM_MISMATCH), "CHECKSUM_MISMATCH") == 0);
  CHECK(strcmp(ptm_result_name((ptm_result)12345), "UNKNOWN") == 0);
  CHECK(strcmp(ptm_result_name((ptm_result)0xFFFFFFFFu), "UNKNOWN") == 0);
}

static void expect_string(const char *name, ptm_result r, char *out, ptm_result want,
                          const char *want_text) {
  HOSTILE(name);
  if (r != want) fprintf(stderr, "  %s: got %s, want %s\n", name, ptm_result_name(r), ptm_result_name(want));
  CHECK(r == want);
  if (r != PTM_OK) {
    CHECK(out == STR_SENTINEL);
    return;
  }
  CHECK(out != STR_SENTINEL);
  if (out == STR_SENTINEL) return;
  if (want_text != NULL) {
    if (strcmp(out, want_text) != 0) fprintf(stderr, "  %s: got %s\n", name, out);
    CHECK(strcmp(out, want_text) == 0);
  }
  ptm_string_free(out);
}

#define CALL_STRING(name, want, want_text, call)                                                  \
  do {                                                                                            \
    char *out = STR_SENTINEL;                                                                     \
    ptm_result r_ = (call);                                                                       \
    expect_string(name, r_, out, want, want_text);                                                \
  } while (0)

static void helpers(void) {
  const ptm_merchant_key *k = the_key;
  /* ptm_card_info_encode: the card details' JSON, and the cardInfo string or the refusal. */
  static const struct {
    const char *name;
    ptm_result want;
    const char *want_text; /* NULL: no string */
    const char *json;
  } cards[] = {
      {"card: new", PTM_OK, "|4111111111111111|123|122032", "{\"type\":\"new\",\"cardNumber\":\"4111111111111111\",\"cvv\":\"123\",\"expiry\":\"122032\"}"},
      {"card: saved", PTM_OK, "123123||123|", "{\"type\":\"saved\",\"savedCardId\":\"123123\",\"cvv\":\"123\"}"},
      {"card: token without CVV", PTM_OK, "|||", "{\"type\":\"token\"}"},
      {"card: Luhn failure", PTM_INVALID_CARD_NUMBER, NULL, "{\"type\":\"new\",\"cardNumber\":\"4111111111111112\",\"expiry\":\"122032\"}"},
      {"card: bad CVV", PTM_INVALID_CVV, NULL, "{\"type\":\"saved\",\"savedCardId\":\"1\",\"cvv\":\"12a\"}"},
      {"card: bad expiry", PTM_INVALID_EXPIRY, NULL, "{\"type\":\"new\",\"cardNumber\":\"4111111111111111\",\"expiry\":\"132032\"}"},
      {"card: missing number", PTM_MISSING_FIELD, NULL, "{\"type\":\"new\",\"expiry\":\"122032\"}"},
      {"card: unknown type", PTM_INVALID_FIELD, NULL, "{\"type\":\"old\"}"},
      {"card: number as a JSON number", PTM_INVALID_FIELD, NULL, "{\"type\":\"new\",\"cardNumber\":4111111111111111,\"expiry\":\"122032\"}"},
  };
  for (size_t i = 0; i < sizeof cards / sizeof cards[0]; i++)
    CALL_STRING(cards[i].name, cards[i].want, cards[i].want_text, ptm_card_info_encode(S(cards[i].json), &out));
  CALL_STRING("card: (NULL, 0)", PTM_INVALID_PARAMS, NULL, ptm_card_info_encode(NULL, 0, &out));
  CALL_STRING("card: NULL with a length", PTM_NULL_POINTER, NULL, ptm_card_info_encode(NULL, 4, &out));
  CALL_STRING("card: SIZE_MAX", PTM_INPUT_TOO_LARGE, NULL, ptm_card_info_encode(U("{}"), SIZE_MAX, &out));
  CALL_STRING("card: truncated", PTM_INVALID_PARAMS, NULL, ptm_card_info_encode(U("{\"type\":\"token\"}"), 10, &out));
  CALL_STRING("card: invalid UTF-8", PTM_INVALID_PARAMS, NULL, ptm_card_info_encode(S("{\"type\":\"\xff\"}"), &out));
  HOSTILE("card: NULL out");
  CHECK(ptm_card_info_encode(S("{\"type\":\"token\"}"), NULL) == PTM_NULL_POINTER);
  HOSTILE("card: the message never quotes the card number");
  {
    char *out = STR_SENTINEL, *msg = NULL;
    CHECK(ptm_card_info_encode(S("{\"type\":\"new\",\"cardNumber\":\"4111111111111112\",\"expiry\":\"122032\"}"), &out) != PTM_OK);
    CHECK(ptm_last_error_message(&msg) == PTM_OK && msg != NULL && strstr(msg, "411111") == NULL);
    ptm_string_free(msg);
  }

  /* ptm_text_encrypt / ptm_text_decrypt */
  char *enc = STR_SENTINEL;
  HOSTILE("encrypt: text");
  CHECK(ptm_text_encrypt(k, S("hello, paytm"), &enc) == PTM_OK);
  if (enc != STR_SENTINEL) {
    CALL_STRING("decrypt: round trip", PTM_OK, "hello, paytm", ptm_text_decrypt(k, S(enc), &out));
    CALL_STRING("decrypt: truncated length", PTM_CHECKSUM_ENCODING, NULL, ptm_text_decrypt(k, U(enc), strlen(enc) - 1, &out));
    ptm_string_free(enc);
  }
  CALL_STRING("encrypt: (NULL, 0) is empty text", PTM_OK, NULL, ptm_text_encrypt(k, NULL, 0, &out));
  CALL_STRING("encrypt: NULL with a length", PTM_NULL_POINTER, NULL, ptm_text_encrypt(k, NULL, 3, &out));
  CALL_STRING("encrypt: NULL key", PTM_NULL_POINTER, NULL, ptm_text_encrypt(NULL, S("x"), &out));
  CALL_STRING("encrypt: not a key", PTM_INVALID_HANDLE, NULL, ptm_text_encrypt(FAKE_KEY, S("x"), &out));
  CALL_STRING("encrypt: SIZE_MAX", PTM_INPUT_TOO_LARGE, NULL, ptm_text_encrypt(k, U("x"), SIZE_MAX, &out));
  HOSTILE("encrypt: NULL out");
  CHECK(ptm_text_encrypt(k, S("x"), NULL) == PTM_NULL_POINTER);
  CALL_STRING("decrypt: (NULL, 0)", PTM_CHECKSUM_LENGTH, NULL, ptm_text_decrypt(k, NULL, 0, &out));
  CALL_STRING("decrypt: not base64", PTM_CHECKSUM_ENCODING, NULL, ptm_text_decrypt(k, S("***"), &out));
  CALL_STRING("decrypt: not whole blocks", PTM_CHECKSUM_LENGTH, NULL, ptm_text_decrypt(k, S("AAAA"), &out));
  CALL_STRING("decrypt: invalid UTF-8 input", PTM_CHECKSUM_ENCODING, NULL, ptm_text_decrypt(k, S("\xff\xfe\xfd\xfc"), &out));
  CALL_STRING("decrypt: NULL with a length", PTM_NULL_POINTER, NULL, ptm_text_decrypt(k, NULL, 8, &out));
  CALL_STRING("decrypt: not a key", PTM_INVALID_HANDLE, NULL, ptm_text_decrypt(FAKE_KEY, S("AAAA"), &out));
  CALL_STRING("decrypt: SIZE_MAX", PTM_INPUT_TOO_LARGE, NULL, ptm_text_decrypt(k, U("AAAA"), SIZE_MAX, &out));
  HOSTILE("decrypt: NULL out");
  CHECK(ptm_text_decrypt(k, S("AAAA"), NULL) == PTM_NULL_POINTER);
  /* Plaintext that is not UTF-8, or holds a NUL, cannot come back as a C string. */
  enc = STR_SENTINEL;
  CHECK(ptm_text_encrypt(k, S("\xff\xfe"), &enc) == PTM_OK);
  if (enc != STR_SENTINEL) {
    CALL_STRING("decrypt: plaintext not UTF-8", PTM_INVALID_UTF8, NULL, ptm_text_decrypt(k, S(enc), &out));
    ptm_string_free(enc);
  }
  enc = STR_SENTINEL;
  CHECK(ptm_text_encrypt(k, U("a\0b"), 3, &enc) == PTM_OK);
  if (enc != STR_SENTINEL) {
    CALL_STRING("decrypt: plaintext with NUL", PTM_INVALID_ARGUMENT, NULL, ptm_text_decrypt(k, S(enc), &out));
    ptm_string_free(enc);
  }
  /* Another key's ciphertext: bad padding (or, rarely, text that is not UTF-8). */
  ptm_merchant_key *other = NULL;
  CHECK(ptm_merchant_key_new(S("0123456789abcdef"), &other) == PTM_OK);
  enc = STR_SENTINEL;
  CHECK(ptm_text_encrypt(other, S("secret"), &enc) == PTM_OK);
  if (enc != STR_SENTINEL) {
    HOSTILE("decrypt: another key's ciphertext");
    char *out = STR_SENTINEL;
    ptm_result r = ptm_text_decrypt(k, S(enc), &out);
    CHECK(r == PTM_CHECKSUM_PADDING || r == PTM_INVALID_UTF8);
    CHECK(out == STR_SENTINEL);
    ptm_string_free(enc);
  }
  ptm_merchant_key_free(other);

  /* ptm_checksum_hash: what a checksum decrypts to. */
  char *sum = STR_SENTINEL;
  const char *body = "{\"mid\":\"M1\",\"orderId\":\"O1\"}";
  CHECK(ptm_checksum_generate_with_salt(k, S(body), S("aB3x"), &sum) == PTM_OK);
  if (sum != STR_SENTINEL) {
    char *inside = STR_SENTINEL, *h = STR_SENTINEL;
    HOSTILE("hash: equals the decrypted checksum");
    CHECK(ptm_text_decrypt(k, S(sum), &inside) == PTM_OK);
    CHECK(ptm_checksum_hash(S(body), S("aB3x"), &h) == PTM_OK);
    if (inside != STR_SENTINEL && h != STR_SENTINEL) {
      CHECK(strlen(h) == 68 && strcmp(h + 64, "aB3x") == 0);
      CHECK(strcmp(inside, h) == 0);
    }
    if (inside != STR_SENTINEL) ptm_string_free(inside);
    if (h != STR_SENTINEL) ptm_string_free(h);
    ptm_string_free(sum);
  }
  CALL_STRING("hash: (NULL, 0) params", PTM_OK, NULL, ptm_checksum_hash(NULL, 0, S("abcd"), &out));
  CALL_STRING("hash: (NULL, 0) salt", PTM_INVALID_SALT, NULL, ptm_checksum_hash(S("x"), NULL, 0, &out));
  CALL_STRING("hash: 3-byte salt", PTM_INVALID_SALT, NULL, ptm_checksum_hash(S("x"), S("abc"), &out));
  CALL_STRING("hash: non-ASCII salt", PTM_INVALID_SALT, NULL, ptm_checksum_hash(S("x"), S("\xc3\xa9\xc3\xa9"), &out));
  CALL_STRING("hash: NULL params with a length", PTM_NULL_POINTER, NULL, ptm_checksum_hash(NULL, 1, S("abcd"), &out));
  CALL_STRING("hash: NULL salt with a length", PTM_NULL_POINTER, NULL, ptm_checksum_hash(S("x"), NULL, 4, &out));
  CALL_STRING("hash: SIZE_MAX params", PTM_INPUT_TOO_LARGE, NULL, ptm_checksum_hash(U("x"), SIZE_MAX, S("abcd"), &out));
  HOSTILE("hash: NULL out");
  CHECK(ptm_checksum_hash(S("x"), S("abcd"), NULL) == PTM_NULL_POINTER);
}

/* ---------------------------------------------------------------- threads */

struct thread_arg {
  const ptm_merchant_key *key;
  int failures;
};

static void *worker(void *p) {
  struct thread_arg *a = p;
  for (int round = 0; round < 3; round++) {
    for (int i = 0; i < PTM_RESPONSE_CASE_COUNT; i++) {
      const struct response_case *c = &RESPONSE_CASES[i];
      char *json = NULL;
      ptm_result r = run_case(c, a->key, &json);
      const char *got = r == PTM_OK ? "ok" : ptm_result_name(r);
      if (strcmp(got, c->outcome) != 0) a->failures++;
      if (r == PTM_OK) {
        if (outputs[i] == NULL || strcmp(json, outputs[i]) != 0) a->failures++;
        ptm_string_free(json);
      }
    }
  }
  return NULL;
}

static void threads(void) {
  enum { THREADS = 4 };
  pthread_t t[THREADS];
  struct thread_arg args[THREADS];
  current = "threads: every fixture from 4 threads with one key";
  for (int i = 0; i < THREADS; i++) {
    args[i] = (struct thread_arg){the_key, 0};
    CHECK(pthread_create(&t[i], NULL, worker, &args[i]) == 0);
  }
  for (int i = 0; i < THREADS; i++) {
    CHECK(pthread_join(t[i], NULL) == 0);
    CHECK(args[i].failures == 0);
  }
}

/* ---------------------------------------------------------------- main */

int main(void) {
  ptm_merchant_key *k = NULL;
  CHECK(ptm_merchant_key_new(U(KEY16), strlen(KEY16), &k) == PTM_OK);
  if (k == NULL) return finish();
  the_key = k;

  fixtures();
  reconcile_fixtures();
  hostile_parse();
  hostile_reconcile();
  result_codes();
  helpers();
  printf("hostile: %d cases\n", hostile_cases);
  threads();

  for (int i = 0; i < PTM_RESPONSE_CASE_COUNT; i++) ptm_string_free(outputs[i]);
  ptm_merchant_key_free(k);
  return finish();
}

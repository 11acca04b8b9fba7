/*
 * C tests of the request builders, the checksum diagnosis and the parameter-map helpers of
 * libpaytm_checkout, through include/paytm_checkout.h.
 *
 * 1. The golden requests (tests/vectors/requests/, turned into build/requests.h by
 *    gen_requests.py): every case is built with ptm_request_build and must equal request.json
 *    byte for byte (compact JSON); the count is asserted.
 * 2. Hostile inputs: NULL for every pointer argument, lengths 0 and SIZE_MAX, invalid UTF-8,
 *    unknown API names, malformed JSON, bad options, bad credentials, foreign handles.
 * 3. explain, params signing strings, the last error message, the version macros.
 * 4. Four threads at once building every golden request with shared credentials handles and
 *    signing/verifying with one shared key.
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

struct request_case {
  const char *name;
  struct text api, params, key, client_id, client_secret, options, expected;
};

#include "requests.h"

/* How many golden request directories exist: a case that disappears fails the run. */
#define EXPECTED_REQUEST_CASES 58


static int sentinel_storage;
#define CREDS_SENTINEL ((ptm_credentials *)(void *)&sentinel_storage)

static const char *INITIATE =
    "{\"mid\":\"INTEGR7769XXXXXX9383\",\"orderId\":\"ORDERID_98765\",\"websiteName\":\"WEBSTAGING\","
    "\"txnAmount\":{\"value\":\"1\"},\"userInfo\":{\"custId\":\"CUST_001\"},"
    "\"callbackUrl\":\"https://merchant.example/callback\"}";
static const char *STAGING = "{\"environment\":\"staging\",\"salt\":\"aB3x\"}";

static ptm_credentials *case_credentials(const struct request_case *c) {
  ptm_credentials *cr = NULL;
  ptm_result r = new_credentials(c->key.p, c->key.len, c->client_id.p, c->client_id.len,
                                 c->client_secret.p, c->client_secret.len, &cr);
  CHECK(r == PTM_OK);
  CHECK(cr != NULL);
  return cr;
}

/* Builds case c; returns 1 when the JSON equals the golden request byte for byte. */
static int build_matches(const struct request_case *c, const ptm_credentials *cr) {
  char *json = STR_SENTINEL;
  ptm_result r = ptm_request_build(P(c->api), P(c->params), cr, P(c->options), &json);
  if (r != PTM_OK) {
    char *msg = NULL;
    if (ptm_last_error_message(&msg) == PTM_OK) {
      fprintf(stderr, "  %s: %s (%s)\n", c->name, ptm_result_message(r), msg);
      ptm_string_free(msg);
    }
    return 0;
  }
  int ok = strlen(json) == c->expected.len && memcmp(json, c->expected.p, c->expected.len) == 0;
  if (!ok) fprintf(stderr, "  %s:\n    got      %s\n    expected %s\n", c->name, json, c->expected.p);
  ptm_string_free(json);
  return ok;
}

/* ---------------------------------------------------------------- golden requests */

static void golden_requests(void) {
  int ran = 0;
  const struct request_case *c;
  FOR_EACH_CASE(c, REQUEST_CASES, PTM_REQUEST_CASE_COUNT) {
    ptm_credentials *cr = case_credentials(c);
    CHECK(build_matches(c, cr));
    /* Deterministic: the same input twice gives the same bytes. */
    CHECK(build_matches(c, cr));
    /* The curl form of the same request: a command line, no secret in it. */
    char *curl = STR_SENTINEL;
    CHECK(ptm_request_build_curl(P(c->api), P(c->params), cr, P(c->options), &curl) == PTM_OK);
    if (curl != STR_SENTINEL) {
      CHECK(strncmp(curl, "curl -X ", 8) == 0);
      if (c->client_secret.p != NULL) CHECK(strstr(curl, c->client_secret.p) == NULL);
      ptm_string_free(curl);
    }
    /* Requests authenticated by a token build without any credentials (a NULL handle). */
    if (c->key.p == NULL && c->client_id.p == NULL && c->client_secret.p == NULL) {
      CHECK(build_matches(c, NULL));
    }
    ptm_credentials_free(cr);
    ran++;
  }
  current = "golden count";
  CHECK(ran == EXPECTED_REQUEST_CASES);
  CHECK(PTM_REQUEST_CASE_COUNT == EXPECTED_REQUEST_CASES);
  printf("c-requests: %d golden requests reproduced byte for byte\n", ran);
}

/* ---------------------------------------------------------------- hostile input */

static void expect_build(const char *name, const uint8_t *api, size_t api_len, const uint8_t *params,
                         size_t params_len, const ptm_credentials *cr, const uint8_t *opts,
                         size_t opts_len, ptm_result want) {
  current = name;
  char *out = STR_SENTINEL;
  ptm_result r = ptm_request_build(api, api_len, params, params_len, cr, opts, opts_len, &out);
  if (r != want) fprintf(stderr, "  %s: got %d, want %d\n", name, (int)r, (int)want);
  CHECK(r == want);
  if (want != PTM_OK) {
    CHECK(out == STR_SENTINEL); /* out-parameter untouched on failure */
    char *msg = NULL;
    CHECK(ptm_last_error_message(&msg) == PTM_OK);
    CHECK(msg != NULL && msg[0] != '\0');
    ptm_string_free(msg);
  } else if (out != STR_SENTINEL) {
    ptm_string_free(out);
  }
  char *curl = STR_SENTINEL;
  CHECK(ptm_request_build_curl(api, api_len, params, params_len, cr, opts, opts_len, &curl) == want);
  if (want != PTM_OK) {
    CHECK(curl == STR_SENTINEL);
  } else if (curl != STR_SENTINEL) {
    ptm_string_free(curl);
  }
}

static void hostile_credentials(void) {
  ptm_credentials *cr = CREDS_SENTINEL;
  ptm_merchant_key *k = NULL;
  CHECK(ptm_merchant_key_new(S(KEY16), &k) == PTM_OK);
  current = "credentials: out NULL";
  CHECK(ptm_credentials_new(k, NULL, 0, NULL, 0, NULL) == PTM_NULL_POINTER);
  current = "credentials: NULL pointers with lengths";
  CHECK(ptm_credentials_new(NULL, NULL, 3, NULL, 0, &cr) == PTM_NULL_POINTER);
  CHECK(ptm_credentials_new(NULL, NULL, 0, NULL, 3, &cr) == PTM_NULL_POINTER);
  current = "credentials: SIZE_MAX";
  CHECK(ptm_credentials_new(NULL, U("id"), SIZE_MAX, NULL, 0, &cr) == PTM_INPUT_TOO_LARGE);
  CHECK(ptm_credentials_new(k, NULL, 0, U("secret"), SIZE_MAX, &cr) == PTM_INPUT_TOO_LARGE);
  /* The key is a handle now: bad key bytes are ptm_merchant_key_new's to refuse (test_checksum),
   * and memory that is not a key is refused here. */
  current = "credentials: key not a live key";
  static _Alignas(16) unsigned char not_a_key[256];
  CHECK(ptm_credentials_new((const ptm_merchant_key *)(const void *)not_a_key, NULL, 0, NULL, 0,
                            &cr) == PTM_INVALID_HANDLE);
  current = "credentials: bad client id";
  CHECK(ptm_credentials_new(k, S("a:b"), NULL, 0, &cr) == PTM_INVALID_CREDENTIALS);
  CHECK(ptm_credentials_new(NULL, S("\xff\xfe"), NULL, 0, &cr) == PTM_INVALID_UTF8);
  current = "credentials: bad secret";
  CHECK(ptm_credentials_new(k, NULL, 0, S("has space"), &cr) == PTM_INVALID_CREDENTIALS);
  CHECK(ptm_credentials_new(NULL, NULL, 0, S("\xc3\x28"), &cr) == PTM_INVALID_UTF8);
  CHECK(cr == CREDS_SENTINEL);
  /* The credentials keep their own copy of the key: freeing the key handle first is fine. */
  current = "credentials: outlive their key";
  CHECK(ptm_credentials_new(k, NULL, 0, NULL, 0, &cr) == PTM_OK);
  ptm_merchant_key_free(k);
  expect_build("credentials outlive their key", S("initiate_transaction"), S(INITIATE), cr,
               S(STAGING), PTM_OK);
  ptm_credentials_free(cr);
  cr = CREDS_SENTINEL;
  current = "credentials: free(NULL), foreign handle";
  ptm_credentials_free(NULL);
  static _Alignas(16) unsigned char not_credentials[256];
  ptm_credentials_free((ptm_credentials *)(void *)not_credentials); /* recognised, ignored */
  /* Memory that is not credentials is refused (best effort: the handle's magic number). Passing
   * another type of handle (a ptm_merchant_key) is undefined behaviour, like any wrong pointer,
   * and is not tested: the check may read past a smaller object. */
  expect_build("foreign handle: zeroed memory", S("initiate_transaction"), S(INITIATE),
               (const ptm_credentials *)(const void *)not_credentials, S(STAGING),
               PTM_INVALID_HANDLE);
  /* Everything empty: valid, holds nothing. */
  current = "credentials: empty";
  cr = NULL;
  CHECK(ptm_credentials_new(NULL, NULL, 0, NULL, 0, &cr) == PTM_OK);
  expect_build("empty credentials: initiate needs the key", S("initiate_transaction"), S(INITIATE),
               cr, S(STAGING), PTM_INVALID_CREDENTIALS);
  ptm_credentials_free(cr);
}

static void hostile_build(void) {
  ptm_credentials *cr = NULL;
  current = "build: credentials";
  CHECK(new_credentials(S(KEY16), S("merchant-ABC"), S("secret"), &cr) == PTM_OK);

  current = "build: out NULL";
  CHECK(ptm_request_build(S("initiate_transaction"), S(INITIATE), cr, S(STAGING), NULL) ==
        PTM_NULL_POINTER);
  CHECK(ptm_request_build_curl(S("initiate_transaction"), S(INITIATE), cr, S(STAGING), NULL) ==
        PTM_NULL_POINTER);
  expect_build("api NULL, len > 0", NULL, 20, S(INITIATE), cr, S(STAGING), PTM_NULL_POINTER);
  expect_build("params NULL, len > 0", S("initiate_transaction"), NULL, 10, cr, S(STAGING),
               PTM_NULL_POINTER);
  expect_build("options NULL, len > 0", S("initiate_transaction"), S(INITIATE), cr, NULL, 5,
               PTM_NULL_POINTER);
  expect_build("credentials NULL: a signed API", S("initiate_transaction"), S(INITIATE), NULL,
               S(STAGING), PTM_INVALID_CREDENTIALS);
  expect_build("options (NULL, 0): defaults", S("initiate_transaction"), S(INITIATE), cr, NULL, 0,
               PTM_OK);
  expect_build("api (NULL, 0)", NULL, 0, S(INITIATE), cr, S(STAGING), PTM_UNKNOWN_API);
  expect_build("params (NULL, 0)", S("initiate_transaction"), NULL, 0, cr, S(STAGING),
               PTM_INVALID_PARAMS);
  expect_build("api SIZE_MAX", U("initiate_transaction"), SIZE_MAX, S(INITIATE), cr, S(STAGING),
               PTM_INPUT_TOO_LARGE);
  expect_build("params SIZE_MAX", S("initiate_transaction"), U(INITIATE), SIZE_MAX, cr,
               S(STAGING), PTM_INPUT_TOO_LARGE);
  expect_build("options SIZE_MAX", S("initiate_transaction"), S(INITIATE), cr, U(STAGING),
               SIZE_MAX, PTM_INPUT_TOO_LARGE);
  expect_build("api invalid UTF-8", S("initiate_\xff\xfe"), S(INITIATE), cr, S(STAGING),
               PTM_INVALID_UTF8);
  current = "unknown api";
  {
    char *out = STR_SENTINEL;
    ptm_result r = ptm_request_build(S("initiate_transactions"), S(INITIATE), cr, S(STAGING), &out);
    CHECK(r == PTM_UNKNOWN_API);
    CHECK(out == STR_SENTINEL);
    r = ptm_request_build(S("INITIATE_TRANSACTION"), S(INITIATE), cr, S(STAGING), &out);
    CHECK(r == PTM_UNKNOWN_API);
    r = ptm_request_build(U("initiate_transaction\0x"), 22, S(INITIATE), cr, S(STAGING), &out);
    CHECK(r == PTM_UNKNOWN_API);
    CHECK(out == STR_SENTINEL);
  }
  expect_build("params invalid UTF-8", S("initiate_transaction"),
               S("{\"mid\":\"INTEGR7769XXXXXX9383\xff\"}"), cr, S(STAGING), PTM_INVALID_PARAMS);
  expect_build("params not JSON", S("initiate_transaction"), S("{\"mid\":"), cr, S(STAGING),
               PTM_INVALID_PARAMS);
  expect_build("params an array", S("initiate_transaction"), S("[1,2]"), cr, S(STAGING),
               PTM_INVALID_FIELD);
  {
    char trailing[1024];
    snprintf(trailing, sizeof trailing, "%s x", INITIATE);
    expect_build("params trailing garbage", S("initiate_transaction"), S(trailing), cr, S(STAGING),
                 PTM_INVALID_PARAMS);
  }
  expect_build("params missing member", S("initiate_transaction"),
               S("{\"mid\":\"INTEGR7769XXXXXX9383\",\"orderId\":\"O1\"}"), cr, S(STAGING),
               PTM_MISSING_FIELD);
  expect_build("options not JSON", S("initiate_transaction"), S(INITIATE), cr, S("{"),
               PTM_INVALID_ARGUMENT);
  expect_build("options unknown environment", S("initiate_transaction"), S(INITIATE), cr,
               S("{\"environment\":\"moon\"}"), PTM_INVALID_ARGUMENT);
  expect_build("options unknown member", S("initiate_transaction"), S(INITIATE), cr,
               S("{\"env\":\"staging\"}"), PTM_INVALID_ARGUMENT);
  expect_build("options bad salt", S("initiate_transaction"), S(INITIATE), cr,
               S("{\"salt\":\"abcde\"}"), PTM_INVALID_ARGUMENT);

  /* The last error names the member, never its value. */
  current = "last error message";
  {
    char *out = STR_SENTINEL;
    const char *no_cust = "{\"mid\":\"INTEGR7769XXXXXX9383\",\"orderId\":\"SECRET_ORDER\","
                          "\"websiteName\":\"WEBSTAGING\",\"txnAmount\":{\"value\":\"1\"},"
                          "\"userInfo\":{},\"callbackUrl\":\"https://merchant.example/cb\"}";
    CHECK(ptm_request_build(S("initiate_transaction"), S(no_cust), cr, S(STAGING), &out) ==
          PTM_MISSING_FIELD);
    char *msg = NULL;
    CHECK(ptm_last_error_message(&msg) == PTM_OK);
    CHECK(msg != NULL && strstr(msg, "custId") != NULL);
    CHECK(msg != NULL && strstr(msg, "SECRET_ORDER") == NULL);
    ptm_string_free(msg);
    CHECK(ptm_last_error_message(NULL) == PTM_NULL_POINTER);
    /* A success clears it. */
    CHECK(ptm_request_build(S("initiate_transaction"), S(INITIATE), cr, S(STAGING), &out) == PTM_OK);
    ptm_string_free(out);
    msg = NULL;
    CHECK(ptm_last_error_message(&msg) == PTM_OK);
    CHECK(msg != NULL && msg[0] == '\0');
    ptm_string_free(msg);
  }

  /* A 1 MB params buffer of garbage and one of a huge valid-looking string. */
  current = "1 MB params";
  {
    size_t n = 1 << 20;
    char *big = malloc(n);
    CHECK(big != NULL);
    if (big != NULL) {
      memset(big, 'A', n);
      char *out = STR_SENTINEL;
      CHECK(ptm_request_build(S("initiate_transaction"), U(big), n, cr, S(STAGING), &out) ==
            PTM_INVALID_PARAMS);
      memcpy(big, "{\"mid\":\"", 8);
      big[n - 2] = '"';
      big[n - 1] = '}';
      CHECK(ptm_request_build(S("initiate_transaction"), U(big), n, cr, S(STAGING), &out) ==
            PTM_INVALID_MID);
      CHECK(out == STR_SENTINEL);
      free(big);
    }
  }
  ptm_credentials_free(cr);
}

/* ---------------------------------------------------------------- names, explain, params */

static void api_names(void) {
  current = "api names";
  char *json = STR_SENTINEL;
  CHECK(ptm_api_names(NULL) == PTM_NULL_POINTER);
  CHECK(ptm_api_names(&json) == PTM_OK);
  CHECK(json != STR_SENTINEL && json[0] == '[');
  if (json != STR_SENTINEL) {
    CHECK(strstr(json, "\"initiate_transaction\"") != NULL);
    CHECK(strstr(json, "\"process_transaction\"") != NULL);
    /* Every golden case's API is listed. */
    for (int i = 0; i < PTM_REQUEST_CASE_COUNT; i++) {
      char quoted[64];
      snprintf(quoted, sizeof quoted, "\"%.*s\"", (int)REQUEST_CASES[i].api.len, REQUEST_CASES[i].api.p);
      CHECK(strstr(json, quoted) != NULL);
    }
    ptm_string_free(json);
  }
}

static void explain(void) {
  ptm_merchant_key *k = NULL;
  CHECK(ptm_merchant_key_new(S(KEY16), &k) == PTM_OK);
  const char *body = "{\"mid\":\"M1\"}";
  char *sum = NULL;
  CHECK(ptm_checksum_generate_with_salt(k, S(body), S("ab12"), &sum) == PTM_OK);

  current = "explain: valid";
  char *json = STR_SENTINEL;
  CHECK(ptm_checksum_explain(k, S(body), S(sum), PTM_MODE_STRING, &json) == PTM_OK);
  CHECK(json != STR_SENTINEL && strstr(json, "\"status\":\"valid\"") != NULL);
  CHECK(json != STR_SENTINEL && strstr(json, "\"salt\":\"ab12\"") != NULL);
  CHECK(json != STR_SENTINEL && strstr(json, KEY16) == NULL);
  if (json != STR_SENTINEL) ptm_string_free(json);

  current = "explain: trailing newline is found";
  json = STR_SENTINEL;
  CHECK(ptm_checksum_explain(k, S("{\"mid\":\"M1\"}\n"), S(sum), PTM_MODE_STRING, &json) == PTM_OK);
  CHECK(json != STR_SENTINEL && strstr(json, "\"status\":\"mismatch\"") != NULL);
  CHECK(json != STR_SENTINEL && strstr(json, "params_surrounding_whitespace") != NULL);
  if (json != STR_SENTINEL) ptm_string_free(json);

  current = "explain: map mode, CHECKSUMHASH ignored";
  char *msum = NULL;
  const char *map = "{\"ORDERID\":\"O1\",\"STATUS\":\"TXN_SUCCESS\"}";
  CHECK(ptm_checksum_generate_map_with_salt(k, S(map), S("zz99"), &msum) == PTM_OK);
  json = STR_SENTINEL;
  CHECK(ptm_checksum_explain(k, S(map), S(msum), PTM_MODE_MAP, &json) == PTM_OK);
  CHECK(json != STR_SENTINEL && strstr(json, "\"mode\":\"map\"") != NULL);
  CHECK(json != STR_SENTINEL && strstr(json, "\"status\":\"valid\"") != NULL);
  if (json != STR_SENTINEL) ptm_string_free(json);

  current = "explain: malformed input is a verdict, not an error";
  json = STR_SENTINEL;
  CHECK(ptm_checksum_explain(k, S("\xff"), S("!!"), PTM_MODE_MAP, &json) == PTM_OK);
  CHECK(json != STR_SENTINEL && strstr(json, "\"status\":\"malformed\"") != NULL);
  if (json != STR_SENTINEL) ptm_string_free(json);
  json = STR_SENTINEL;
  CHECK(ptm_checksum_explain(k, NULL, 0, NULL, 0, PTM_MODE_STRING, &json) == PTM_OK);
  if (json != STR_SENTINEL) ptm_string_free(json);

  current = "explain: hostile";
  json = STR_SENTINEL;
  CHECK(ptm_checksum_explain(NULL, S(body), S(sum), PTM_MODE_STRING, &json) == PTM_NULL_POINTER);
  CHECK(ptm_checksum_explain(k, S(body), S(sum), PTM_MODE_STRING, NULL) == PTM_NULL_POINTER);
  CHECK(ptm_checksum_explain(k, NULL, 3, S(sum), PTM_MODE_STRING, &json) == PTM_NULL_POINTER);
  CHECK(ptm_checksum_explain(k, S(body), NULL, 3, PTM_MODE_STRING, &json) == PTM_NULL_POINTER);
  CHECK(ptm_checksum_explain(k, U(body), SIZE_MAX, S(sum), PTM_MODE_STRING, &json) ==
        PTM_INPUT_TOO_LARGE);
  CHECK(ptm_checksum_explain(k, S(body), S(sum), 2, &json) == PTM_INVALID_ARGUMENT);
  CHECK(ptm_checksum_explain(k, S(body), S(sum), UINT32_MAX, &json) == PTM_INVALID_ARGUMENT);
  static _Alignas(16) unsigned char not_a_key[256];
  CHECK(ptm_checksum_explain((const ptm_merchant_key *)(const void *)not_a_key, S(body), S(sum),
                             PTM_MODE_STRING, &json) == PTM_INVALID_HANDLE);
  CHECK(json == STR_SENTINEL);

  ptm_string_free(sum);
  ptm_string_free(msum);
  ptm_merchant_key_free(k);
}

static void params_strings(void) {
  const char *p = "{\"B\":\"2\",\"A\":\"1\",\"CHECKSUMHASH\":\"x\",\"C\":null,\"D\":\"NULL\"}";
  char *s = STR_SENTINEL;
  current = "params signing string";
  CHECK(ptm_params_signing_string(S(p), &s) == PTM_OK);
  CHECK(s != STR_SENTINEL && strcmp(s, "1|2||") == 0);
  if (s != STR_SENTINEL) ptm_string_free(s);
  current = "params joined (getStringByParams)";
  s = STR_SENTINEL;
  CHECK(ptm_params_joined(S(p), &s) == PTM_OK);
  CHECK(s != STR_SENTINEL && strcmp(s, "1|2||x|") == 0);
  if (s != STR_SENTINEL) ptm_string_free(s);
  s = STR_SENTINEL;
  CHECK(ptm_params_signing_string(S("{}"), &s) == PTM_OK);
  CHECK(s != STR_SENTINEL && s[0] == '\0');
  if (s != STR_SENTINEL) ptm_string_free(s);

  current = "params: hostile";
  s = STR_SENTINEL;
  CHECK(ptm_params_signing_string(S(p), NULL) == PTM_NULL_POINTER);
  CHECK(ptm_params_joined(S(p), NULL) == PTM_NULL_POINTER);
  CHECK(ptm_params_signing_string(NULL, 4, &s) == PTM_NULL_POINTER);
  CHECK(ptm_params_signing_string(NULL, 0, &s) == PTM_INVALID_PARAMS);
  CHECK(ptm_params_signing_string(U(p), SIZE_MAX, &s) == PTM_INPUT_TOO_LARGE);
  CHECK(ptm_params_signing_string(S("{\"A\":\"\xff\"}"), &s) == PTM_INVALID_UTF8);
  CHECK(ptm_params_signing_string(S("{\"A\":1}"), &s) == PTM_INVALID_PARAMS);
  CHECK(ptm_params_signing_string(S("{\"A\":\"1\",\"A\":\"2\"}"), &s) == PTM_INVALID_PARAMS);
  CHECK(ptm_params_joined(S("[\"x\"]"), &s) == PTM_INVALID_PARAMS);
  /* A NUL inside a value cannot cross as a C string. */
  CHECK(ptm_params_joined(S("{\"A\":\"a\\u0000b\"}"), &s) == PTM_INVALID_ARGUMENT);
  CHECK(s == STR_SENTINEL);
}

static void version(void) {
  current = "version macros";
  unsigned major = 99, minor = 99, patch = 99;
  CHECK(sscanf(ptm_version(), "%u.%u.%u", &major, &minor, &patch) == 3);
  CHECK(major == PTM_VERSION_MAJOR);
  CHECK(minor == PTM_VERSION_MINOR);
  CHECK(patch == PTM_VERSION_PATCH);
  /* The combined number (rustls-ffi once shipped a wrong one): computed here from the text. */
  CHECK(PTM_VERSION_NUMBER == major * 1000000u + minor * 1000u + patch);
  CHECK(PTM_VERSION_NUMBER > 0);
#if PTM_VERSION_NUMBER < 1000
#error "PTM_VERSION_NUMBER is not usable in #if"
#endif
}

/* ---------------------------------------------------------------- threads */

#define THREADS 4
#define ROUNDS 5

struct shared {
  ptm_credentials *creds[PTM_REQUEST_CASE_COUNT];
  ptm_merchant_key *key;
};

struct worker_args {
  const struct shared *shared;
  int id;
  int mismatches;
};

static void *worker(void *p) {
  struct worker_args *a = p;
  for (int round = 0; round < ROUNDS; round++) {
    for (int i = 0; i < PTM_REQUEST_CASE_COUNT; i++) {
      /* Each thread starts at another case so different APIs run at the same moment. */
      int j = (i + a->id * 9) % PTM_REQUEST_CASE_COUNT;
      if (!build_matches(&REQUEST_CASES[j], a->shared->creds[j])) a->mismatches++;
    }
    char *sum = NULL;
    bool valid = false;
    if (ptm_checksum_generate(a->shared->key, S(INITIATE), &sum) != PTM_OK) {
      a->mismatches++;
      continue;
    }
    if (ptm_checksum_verify(a->shared->key, S(INITIATE), S(sum), &valid) != PTM_OK || !valid)
      a->mismatches++;
    ptm_string_free(sum);
    /* Each thread's last error is its own. */
    char *out = NULL;
    if (ptm_request_build(S("nope"), S("{}"), NULL, NULL, 0, &out) == PTM_OK) a->mismatches++;
  }
  return NULL;
}

static void threads(void) {
  struct shared sh;
  for (int i = 0; i < PTM_REQUEST_CASE_COUNT; i++) sh.creds[i] = case_credentials(&REQUEST_CASES[i]);
  CHECK(ptm_merchant_key_new(S(KEY16), &sh.key) == PTM_OK);
  pthread_t t[THREADS];
  struct worker_args args[THREADS];
  current = "threads";
  for (int i = 0; i < THREADS; i++) {
    args[i] = (struct worker_args){&sh, i, 0};
    CHECK(pthread_create(&t[i], NULL, worker, &args[i]) == 0);
  }
  for (int i = 0; i < THREADS; i++) {
    CHECK(pthread_join(t[i], NULL) == 0);
    CHECK(args[i].mismatches == 0);
  }
  printf("c-requests: %d threads x %d rounds x %d requests at once, shared handles\n", THREADS,
         ROUNDS, PTM_REQUEST_CASE_COUNT);
  for (int i = 0; i < PTM_REQUEST_CASE_COUNT; i++) ptm_credentials_free(sh.creds[i]);
  ptm_merchant_key_free(sh.key);
}

int main(void) {
  golden_requests();
  hostile_credentials();
  hostile_build();
  api_names();
  explain();
  params_strings();
  version();
  threads();
  return finish();
}

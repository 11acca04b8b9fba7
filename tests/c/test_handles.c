/* Handles of one type where another is expected (issue #16, defect 4).
 *
 * Every entry point that takes a handle is called with each handle type it does not take: a
 * session and credentials where a key is expected, a session and a key where credentials are
 * expected, a key and credentials where a session is expected, and every _free with the other two
 * types. Each call must return PTM_INVALID_HANDLE (a _free: do nothing), leave its out-parameters
 * untouched, and read nothing outside the handle's own allocation: scripts/test-c.sh runs this
 * under valgrind (0 errors, no leaks) and ASan+UBSan, which catch the 8-byte read past a smaller
 * handle that the magic's old position (the end of each type's struct) caused. At the end every
 * handle must still work: a refused call or a refused _free never changed or released it.
 */
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "paytm_checkout.h"
#include "harness.h"

static const char *CONFIG =
    "{\"environment\":\"staging\",\"mid\":\"INTEGR7769XXXXXX9383\",\"orderId\":\"ORDER_1001\","
    "\"amount\":\"1.00\",\"initiate\":{\"callbackUrl\":\"https://merchant.example/callback\","
    "\"mid\":\"INTEGR7769XXXXXX9383\",\"orderId\":\"ORDER_1001\",\"txnAmount\":{\"currency\":\"INR\","
    "\"value\":\"1.00\"},\"userInfo\":{\"custId\":\"CUST_001\"},\"websiteName\":\"WEBSTAGING\"}}";
static const char *STATUS_PARAMS = "{\"mid\":\"INTEGR7769XXXXXX9383\",\"orderId\":\"ORDER_1001\"}";
static const char *MAP = "{\"MID\":\"INTEGR7769XXXXXX9383\",\"ORDERID\":\"ORDER_1001\"}";
static const char *CHECKSUM =
    "xmQB1lr6rU6GrtBNVAEpmkAOkr6hEBwnQy1F/0IxAQ4O0KMWakbfUR9H1GEiRZ48jT3+4FNWBsv5swF+3tEEXWu8y/hSvU/9"
    "a04aNk9cD4Q=";
static const char *RESPONSE = "{\"head\":{\"signature\":\"x\"},\"body\":{}}";
static const char *CALLBACK = "ORDERID=ORDER_1001&MID=INTEGR7769XXXXXX9383&CHECKSUMHASH=x";

static int refused; /* calls refused with PTM_INVALID_HANDLE, counted for the summary line */

/* One refused call: PTM_INVALID_HANDLE, named in the report. */
#define REFUSED(what, call)                                                                        \
  do {                                                                                             \
    current = what;                                                                                \
    CHECK((call) == PTM_INVALID_HANDLE);                                                           \
    refused++;                                                                                     \
  } while (0)

/* Everything that takes a key, given `k`, which is not one. */
static void as_key(const char *type, const ptm_merchant_key *k) {
  char what[96];
  char *s = STR_SENTINEL;
  bool valid = true;
  ptm_credentials *creds = NULL;
#define AS_KEY(fn, ...)                                                                            \
  snprintf(what, sizeof what, "%s as key: %s", type, #fn);                                         \
  REFUSED(what, fn(__VA_ARGS__))

  AS_KEY(ptm_checksum_generate, k, S(STATUS_PARAMS), &s);
  AS_KEY(ptm_checksum_generate_with_salt, k, S(STATUS_PARAMS), S("abcd"), &s);
  AS_KEY(ptm_checksum_verify, k, S(STATUS_PARAMS), S(CHECKSUM), &valid);
  AS_KEY(ptm_checksum_check, k, S(STATUS_PARAMS), S(CHECKSUM));
  AS_KEY(ptm_checksum_generate_map, k, S(MAP), &s);
  AS_KEY(ptm_checksum_generate_map_with_salt, k, S(MAP), S("abcd"), &s);
  AS_KEY(ptm_checksum_verify_map, k, S(MAP), S(CHECKSUM), &valid);
  AS_KEY(ptm_checksum_check_map, k, S(MAP), S(CHECKSUM));
  AS_KEY(ptm_checksum_explain, k, S(STATUS_PARAMS), S(CHECKSUM), PTM_MODE_STRING, &s);
  AS_KEY(ptm_text_encrypt, k, S("4111111111111111"), &s);
  AS_KEY(ptm_text_decrypt, k, S("AAAAAAAAAAAAAAAAAAAAAA=="), &s);
  AS_KEY(ptm_response_parse, S("transaction_status"), 200, S(RESPONSE), k, NULL, 0, &s);
  AS_KEY(ptm_callback_parse, S(CALLBACK), k, NULL, 0, &s);
  AS_KEY(ptm_credentials_new, k, NULL, 0, NULL, 0, &creds);
#undef AS_KEY
  current = type;
  CHECK(s == STR_SENTINEL && valid == true && creds == NULL); /* no out-parameter was written */
  ptm_merchant_key_free((ptm_merchant_key *)k); /* not a key: ignored */
}

/* Everything that takes credentials, given `c`, which are not credentials. */
static void as_credentials(const char *type, const ptm_credentials *c, const char *saved) {
  char what[96];
  char *s = STR_SENTINEL;
  ptm_session *session = NULL;
  snprintf(what, sizeof what, "%s as credentials: ptm_request_build", type);
  REFUSED(what, ptm_request_build(S("transaction_status"), S(STATUS_PARAMS), c, NULL, 0, &s));
  snprintf(what, sizeof what, "%s as credentials: ptm_request_build_curl", type);
  REFUSED(what, ptm_request_build_curl(S("transaction_status"), S(STATUS_PARAMS), c, NULL, 0, &s));
  snprintf(what, sizeof what, "%s as credentials: ptm_session_new", type);
  REFUSED(what, ptm_session_new(S("checkout"), S(CONFIG), c, &session));
  snprintf(what, sizeof what, "%s as credentials: ptm_session_restore", type);
  REFUSED(what, ptm_session_restore(S(saved), c, NULL, 0, &session));
  current = type;
  CHECK(s == STR_SENTINEL && session == NULL);
  ptm_credentials_free((ptm_credentials *)c); /* not credentials: ignored */
}

/* Everything that takes a session, given `x`, which is not one. */
static void as_session(const char *type, ptm_session *x) {
  char what[96];
  char *s = STR_SENTINEL;
#define AS_SESSION(fn, ...)                                                                        \
  snprintf(what, sizeof what, "%s as session: %s", type, #fn);                                     \
  REFUSED(what, fn(__VA_ARGS__))

  AS_SESSION(ptm_session_next_action, x, 1700000000000u, &s);
  AS_SESSION(ptm_session_handle_response, x, 200, S(RESPONSE), 1700000000000u);
  AS_SESSION(ptm_session_handle_send_failure, x, 1700000000000u);
  AS_SESSION(ptm_session_handle_callback, x, S(CALLBACK), 1700000000000u);
  AS_SESSION(ptm_session_pay, x, S("{\"paymentMode\":\"BALANCE\"}"), 1700000000000u);
  AS_SESSION(ptm_session_submit_otp, x, S("123456"), 1700000000000u);
  AS_SESSION(ptm_session_retry, x, 1700000000000u);
  AS_SESSION(ptm_session_collect, x, S("2027-01"), S("RENEW_0001"), S("499.00"));
  AS_SESSION(ptm_session_cancel, x);
  AS_SESSION(ptm_session_save, x, &s);
#undef AS_SESSION
  current = type;
  CHECK(s == STR_SENTINEL);
  ptm_session_free(x); /* not a session: ignored */
}

int main(void) {
  current = "setup";
  ptm_merchant_key *key = NULL;
  ptm_credentials *creds = NULL;
  ptm_session *session = NULL;
  CHECK(ptm_merchant_key_new(U(KEY16), 16, &key) == PTM_OK && key != NULL);
  CHECK(ptm_credentials_new(key, NULL, 0, NULL, 0, &creds) == PTM_OK && creds != NULL);
  CHECK(ptm_session_new(S("checkout"), S(CONFIG), creds, &session) == PTM_OK && session != NULL);
  if (!key || !creds || !session) return finish();
  char *saved = NULL;
  CHECK(ptm_session_save(session, &saved) == PTM_OK && saved != NULL);
  if (!saved) return finish();

  as_key("session", (const ptm_merchant_key *)session);
  as_key("credentials", (const ptm_merchant_key *)creds);
  as_credentials("session", (const ptm_credentials *)session, saved);
  as_credentials("key", (const ptm_credentials *)key, saved);
  as_session("key", (ptm_session *)key);
  as_session("credentials", (ptm_session *)creds);

  /* Every handle survived: the refused calls and frees neither changed nor released it. */
  current = "still alive";
  char *s = NULL;
  CHECK(ptm_checksum_generate(key, S(STATUS_PARAMS), &s) == PTM_OK && s != NULL && strlen(s) == 108);
  ptm_string_free(s);
  s = NULL;
  CHECK(ptm_request_build(S("transaction_status"), S(STATUS_PARAMS), creds, NULL, 0, &s) == PTM_OK && s != NULL);
  ptm_string_free(s);
  s = NULL;
  CHECK(ptm_session_next_action(session, 1700000000000u, &s) == PTM_OK && s != NULL &&
        strstr(s, "\"purpose\":\"initiate\"") != NULL);
  ptm_string_free(s);
  ptm_session *restored = NULL;
  CHECK(ptm_session_restore(S(saved), creds, NULL, 0, &restored) == PTM_OK && restored != NULL);
  ptm_session_free(restored);

  ptm_string_free(saved);
  ptm_session_free(session);
  ptm_credentials_free(creds);
  ptm_merchant_key_free(key);
  printf("handles: %d wrong-type calls refused with PTM_INVALID_HANDLE\n", refused);
  return finish();
}

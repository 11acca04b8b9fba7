/* The shared test harness of the C test programs (each tests/c/test_*.c includes it once):
 * counted checks that name the running case, the out-parameter sentinel, the test key, credentials
 * from a raw key, and the closing line make test reads. Checks run on the main thread only (workers count on their own).
 */
#ifndef PTM_TEST_HARNESS_H
#define PTM_TEST_HARNESS_H

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "paytm_checkout.h"

#define U(s) ((const uint8_t *)(s))
/* A C string as the library's (pointer, length) pair. */
#define S(s) U(s), strlen(s)

/* Bytes of a generated case (tests/c/c_tables.py's c_text): a literal and its length, or
 * {NULL, 0} for none. */
struct text {
  const char *p;
  size_t len;
};
/* A struct text as the library's (pointer, length) pair. */
#define P(t) U((t).p), (t).len

static int passed, failed;
static const char *current = "";

/* Each case of a generated table in turn, `it` pointing at it and `current` naming it for the
 * checks; `continue` moves on to the next case:
 *   const struct doctor_case *c;
 *   FOR_EACH_CASE(c, DOCTOR_CASES, DOCTOR_CASE_COUNT) { ... }
 */
#define FOR_EACH_CASE(it, table, count)                                                        \
  for (size_t case_i_ = 0;                                                                     \
       case_i_ < (size_t)(count) && ((it) = &(table)[case_i_], current = (it)->name, 1);       \
       case_i_++)

#define CHECK(cond)                                                                            \
  do {                                                                                         \
    if (cond) {                                                                                \
      passed++;                                                                                \
    } else {                                                                                   \
      failed++;                                                                                \
      fprintf(stderr, "FAIL %s:%d [%s]: %s\n", __FILE__, __LINE__, current, #cond);            \
    }                                                                                          \
  } while (0)

/* Out-parameters must stay untouched on failure: string outputs start as this sentinel. */
static char sentinel_char;
#define STR_SENTINEL (&sentinel_char)

static const char *KEY16 = "PmX#a0x4VpTXRzfK";

/* Credentials from a raw key ((NULL, 0) for none) and an optional client id and secret. The key
 * enters the library once, as a ptm_merchant_key, freed here at once: the credentials keep their
 * own copy. Gives the first failure; *out is written only on PTM_OK. */
static inline ptm_result new_credentials(const void *key, size_t key_len, const void *id,
                                         size_t id_len, const void *secret, size_t secret_len,
                                         ptm_credentials **out) {
  ptm_merchant_key *k = NULL;
  if (key != NULL || key_len != 0) {
    ptm_result r = ptm_merchant_key_new(U(key), key_len, &k);
    if (r != PTM_OK) return r;
  }
  ptm_result r = ptm_credentials_new(k, U(id), id_len, U(secret), secret_len, out);
  ptm_merchant_key_free(k);
  return r;
}

/* Prints the closing line and gives the exit status: a run that checked nothing fails too. */
static int finish(void) {
  printf("c: %d passed, %d failed\n", passed, failed);
  return failed == 0 && passed > 0 ? 0 : 1;
}

#endif

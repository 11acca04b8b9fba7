/* The shared test harness of the C test programs (each tests/c/test_*.c includes it once):
 * counted checks that name the running case, the out-parameter sentinel, the test key, and the
 * closing line make test reads. Checks run on the main thread only (workers count on their own).
 */
#ifndef PTM_TEST_HARNESS_H
#define PTM_TEST_HARNESS_H

#include <stdint.h>
#include <stdio.h>

#define U(s) ((const uint8_t *)(s))

static int passed, failed;
static const char *current = "";

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

/* Prints the closing line and gives the exit status: a run that checked nothing fails too. */
static int finish(void) {
  printf("c: %d passed, %d failed\n", passed, failed);
  return failed == 0 && passed > 0 ? 0 : 1;
}

#endif

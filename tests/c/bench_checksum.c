/*
 * C-call overhead of signing and verifying: ptm_checksum_generate (random salt),
 * ptm_checksum_generate_with_salt (fixed salt) and ptm_checksum_verify in a loop on the 236-byte
 * body of tests/vectors/bench-body-236.json, one shared key, each returned string freed as a C
 * caller must. scripts/bench-c.sh compares the figures with criterion's (core/benches/checksum.rs:
 * checksum/sign/236B, checksum/sign_with_salt/236B, checksum/verify/236B). Never run by the tests:
 * speed is measured, not asserted.
 *
 *   bench_checksum BODY_FILE [SECONDS_PER_BENCH]
 *
 * Prints one line per bench: `c-bench NAME ns/op=X ops/s=Y` (median of 11 timed batches, after a
 * warm-up; each batch sized to about SECONDS_PER_BENCH / 11).
 */
#define _POSIX_C_SOURCE 199309L
#include "paytm_checkout.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static const char *KEY = "PmX#a0x4VpTXRzfK";
static const ptm_merchant_key *key;
static const uint8_t *body;
static size_t body_len;
static char *signature;
static volatile int sink;

static double now(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

static int sign_random(void) {
  char *c = NULL;
  if (ptm_checksum_generate(key, body, body_len, &c) != PTM_OK) return 1;
  sink += c[0];
  ptm_string_free(c);
  return 0;
}

static int sign_fixed(void) {
  char *c = NULL;
  if (ptm_checksum_generate_with_salt(key, body, body_len, (const uint8_t *)"aB3x", 4, &c) != PTM_OK)
    return 1;
  sink += c[0];
  ptm_string_free(c);
  return 0;
}

static int verify(void) {
  bool valid = false;
  if (ptm_checksum_verify(key, body, body_len, (const uint8_t *)signature, strlen(signature),
                          &valid) != PTM_OK || !valid)
    return 1;
  return 0;
}

static int cmp(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

static int bench(const char *name, int (*op)(void), double seconds) {
  enum { BATCHES = 11 };
  /* Warm-up and calibration: how many calls fill one batch. */
  long n = 1;
  double t;
  for (;;) {
    double t0 = now();
    for (long i = 0; i < n; i++)
      if (op()) return 1;
    t = now() - t0;
    if (t > 0.05) break;
    n *= 2;
  }
  long per_batch = (long)((double)n * (seconds / BATCHES) / t);
  if (per_batch < 1) per_batch = 1;
  double ns[BATCHES];
  for (int b = 0; b < BATCHES; b++) {
    double t0 = now();
    for (long i = 0; i < per_batch; i++)
      if (op()) return 1;
    ns[b] = (now() - t0) * 1e9 / (double)per_batch;
  }
  qsort(ns, BATCHES, sizeof ns[0], cmp);
  double median = ns[BATCHES / 2];
  printf("c-bench %s ns/op=%.1f ops/s=%.0f (min %.1f, max %.1f ns/op, %ld calls per batch)\n", name,
         median, 1e9 / median, ns[0], ns[BATCHES - 1], per_batch);
  return 0;
}

int main(int argc, char **argv) {
  if (argc < 2) {
    fprintf(stderr, "usage: %s BODY_FILE [SECONDS_PER_BENCH]\n", argv[0]);
    return 2;
  }
  double seconds = argc > 2 ? atof(argv[2]) : 3.0;
  FILE *f = fopen(argv[1], "rb");
  if (f == NULL) return 2;
  static uint8_t buf[4096];
  body_len = fread(buf, 1, sizeof buf, f);
  fclose(f);
  body = buf;
  if (body_len != 236) {
    fprintf(stderr, "expected the 236-byte body, got %zu bytes\n", body_len);
    return 2;
  }
  ptm_merchant_key *k = NULL;
  if (ptm_merchant_key_new((const uint8_t *)KEY, strlen(KEY), &k) != PTM_OK) return 1;
  key = k;
  if (ptm_checksum_generate(key, body, body_len, &signature) != PTM_OK) return 1;

  int bad = bench("sign", sign_random, seconds) || bench("sign_with_salt", sign_fixed, seconds) ||
            bench("verify", verify, seconds);

  ptm_string_free(signature);
  ptm_merchant_key_free(k);
  if (bad) fprintf(stderr, "a call failed\n");
  return bad;
}

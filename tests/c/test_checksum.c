/*
 * C tests of libpaytm_checkout through include/paytm_checkout.h.
 *
 * 1. The shared vectors (tests/vectors/checksum.json, turned into build/vectors.h by
 *    gen_vectors.py): exact checksums with the vector's salt, verdicts, reasons.
 * 2. Hostile inputs: NULL for every pointer argument of every function, (NULL, 0) as empty input,
 *    lengths of 0 and SIZE_MAX, garbage bytes, invalid UTF-8, a 1 MB params buffer, huge and
 *    garbage checksums, bad key lengths and salts, foreign handles, unknown result codes.
 * 3. One key shared by several threads.
 *
 * Run by scripts/test-c.sh against the static and the shared library under valgrind, and once
 * with ASan+UBSan. Prints "c: N passed, 0 failed" (N = checks) and exits non-zero on any failure.
 * `--asan-selftest` makes a deliberate heap overflow, to prove the sanitizer is really linked.
 */
#include "paytm_checkout.h"

#include <limits.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct vector {
  const char *name;
  int is_map;
  const char *key;
  size_t key_len;
  const char *salt;
  size_t salt_len;
  const char *params;
  size_t params_len;
  const char *checksum;
  size_t checksum_len;
  bool valid;
};

#include "harness.h"
#include "codes.h"
#include "vectors.h"

#define CHECKSUM_LEN 108

static int hostile_cases;

/* Starts a named hostile case (counted, and named in failure messages). */
#define HOSTILE(name) (current = (name), hostile_cases++)

/* Key out-parameters start as this sentinel (string ones: STR_SENTINEL, harness.h). */
static int sentinel_key_storage;
#define KEY_SENTINEL ((ptm_merchant_key *)(void *)&sentinel_key_storage)

static const char *PARAMS = "{\"mid\":\"M1\",\"orderId\":\"O1\"}";

static ptm_merchant_key *new_key(const char *bytes, size_t len) {
  ptm_merchant_key *k = NULL;
  ptm_result r = ptm_merchant_key_new(U(bytes), len, &k);
  CHECK(r == PTM_OK);
  CHECK(k != NULL);
  return k;
}

/* ---------------------------------------------------------------- vectors */

static void run_vectors(void) {
  int ran = 0;
  const struct vector *v;
  FOR_EACH_CASE(v, VECTORS, PTM_VECTOR_COUNT) {
    ptm_merchant_key *k = NULL;
    CHECK(ptm_merchant_key_new(U(v->key), v->key_len, &k) == PTM_OK);
    if (k == NULL) continue;

    bool valid = !v->valid;
    ptm_result r, why;
    if (v->is_map) {
      r = ptm_checksum_verify_map(k, U(v->params), v->params_len, U(v->checksum), v->checksum_len,
                                  &valid);
      why = ptm_checksum_check_map(k, U(v->params), v->params_len, U(v->checksum),
                                   v->checksum_len);
    } else {
      r = ptm_checksum_verify(k, U(v->params), v->params_len, U(v->checksum), v->checksum_len,
                              &valid);
      why = ptm_checksum_check(k, U(v->params), v->params_len, U(v->checksum), v->checksum_len);
    }
    CHECK(r == PTM_OK);
    CHECK(valid == v->valid);
    if (v->valid) {
      CHECK(why == PTM_OK);
    } else {
      CHECK(why / 1000 == 2);
    }

    if (v->valid) {
      /* Same key and salt: exactly the reference checksum. */
      char *c = STR_SENTINEL;
      r = v->is_map ? ptm_checksum_generate_map_with_salt(k, U(v->params), v->params_len,
                                                           U(v->salt), v->salt_len, &c)
                    : ptm_checksum_generate_with_salt(k, U(v->params), v->params_len, U(v->salt),
                                                      v->salt_len, &c);
      CHECK(r == PTM_OK);
      if (r == PTM_OK) {
        CHECK(strlen(c) == v->checksum_len);
        CHECK(strcmp(c, v->checksum) == 0);
        ptm_string_free(c);
      }
      /* A random salt: different checksum, still valid. */
      c = STR_SENTINEL;
      r = v->is_map ? ptm_checksum_generate_map(k, U(v->params), v->params_len, &c)
                    : ptm_checksum_generate(k, U(v->params), v->params_len, &c);
      CHECK(r == PTM_OK);
      if (r == PTM_OK) {
        CHECK(strlen(c) == CHECKSUM_LEN);
        valid = false;
        r = v->is_map ? ptm_checksum_verify_map(k, U(v->params), v->params_len, U(c), strlen(c),
                                                &valid)
                      : ptm_checksum_verify(k, U(v->params), v->params_len, U(c), strlen(c),
                                            &valid);
        CHECK(r == PTM_OK && valid);
        ptm_string_free(c);
      }
      /* One character of the reference checksum changed: not valid. */
      char tampered[256];
      CHECK(v->checksum_len < sizeof tampered);
      memcpy(tampered, v->checksum, v->checksum_len);
      tampered[40] = tampered[40] == 'A' ? 'B' : 'A';
      valid = true;
      r = v->is_map ? ptm_checksum_verify_map(k, U(v->params), v->params_len, U(tampered),
                                              v->checksum_len, &valid)
                    : ptm_checksum_verify(k, U(v->params), v->params_len, U(tampered),
                                          v->checksum_len, &valid);
      CHECK(r == PTM_OK && !valid);
    }
    ptm_merchant_key_free(k);
    ran++;
  }
  current = "vectors";
  printf("vectors: %d of %d cases run\n", ran, PTM_VECTOR_COUNT);
  CHECK(PTM_VECTOR_COUNT > 0);
  CHECK(ran == PTM_VECTOR_COUNT);
}

/* ---------------------------------------------------------------- hostile inputs */

static void hostile_keys(void) {
  ptm_merchant_key *k;

  HOSTILE("key_new: NULL key with a length");
  k = KEY_SENTINEL;
  CHECK(ptm_merchant_key_new(NULL, 16, &k) == PTM_NULL_POINTER);
  CHECK(k == KEY_SENTINEL);

  HOSTILE("key_new: (NULL, 0) is an empty key");
  CHECK(ptm_merchant_key_new(NULL, 0, &k) == PTM_INVALID_KEY_LENGTH);
  CHECK(k == KEY_SENTINEL);

  HOSTILE("key_new: NULL out_key");
  CHECK(ptm_merchant_key_new(U(KEY16), 16, NULL) == PTM_NULL_POINTER);

  HOSTILE("key_new: huge length");
  CHECK(ptm_merchant_key_new(U(KEY16), SIZE_MAX, &k) == PTM_INPUT_TOO_LARGE);
  CHECK(k == KEY_SENTINEL);

  static const size_t bad_lengths[] = {0, 1, 15, 17, 23, 25, 31, 33, 64};
  char buf[64];
  memset(buf, 'k', sizeof buf);
  for (size_t i = 0; i < sizeof bad_lengths / sizeof bad_lengths[0]; i++) {
    HOSTILE("key_new: bad key length");
    k = KEY_SENTINEL;
    CHECK(ptm_merchant_key_new(U(buf), bad_lengths[i], &k) == PTM_INVALID_KEY_LENGTH);
    CHECK(k == KEY_SENTINEL);
  }
  static const size_t good_lengths[] = {16, 24, 32};
  for (size_t i = 0; i < 3; i++) {
    HOSTILE("key_new: 16/24/32 bytes");
    ptm_merchant_key *g = new_key(buf, good_lengths[i]);
    char *c = NULL;
    CHECK(ptm_checksum_generate(g, U("x"), 1, &c) == PTM_OK);
    bool valid = false;
    CHECK(ptm_checksum_verify(g, U("x"), 1, U(c), strlen(c), &valid) == PTM_OK && valid);
    ptm_string_free(c);
    ptm_merchant_key_free(g);
  }

  HOSTILE("key_new: garbage bytes (NUL, high bytes) are a valid 16-byte key");
  static const char garbage_key[16] = {0, (char)0xff, (char)0x80, 0, 1, 2, 3, (char)0xfe,
                                       0, 0,          0,          0, 9, 9, 9, 0};
  ptm_merchant_key *g = new_key(garbage_key, 16);
  ptm_merchant_key_free(g);

  HOSTILE("free: NULL is a no-op");
  ptm_merchant_key_free(NULL);
  ptm_string_free(NULL);
  CHECK(1);
}

/* Static, zeroed, aligned, larger than the library's key object: not a key. */
static _Alignas(16) unsigned char not_a_key[8192];

static void hostile_generate(const ptm_merchant_key *k) {
  char *c;
  const ptm_merchant_key *fake = (const ptm_merchant_key *)(const void *)not_a_key;

  /* ptm_checksum_generate */
  HOSTILE("generate: NULL key");
  c = STR_SENTINEL;
  CHECK(ptm_checksum_generate(NULL, U(PARAMS), strlen(PARAMS), &c) == PTM_NULL_POINTER);
  CHECK(c == STR_SENTINEL);
  HOSTILE("generate: NULL params with a length");
  CHECK(ptm_checksum_generate(k, NULL, 5, &c) == PTM_NULL_POINTER);
  CHECK(c == STR_SENTINEL);
  HOSTILE("generate: NULL out");
  CHECK(ptm_checksum_generate(k, U(PARAMS), strlen(PARAMS), NULL) == PTM_NULL_POINTER);
  HOSTILE("generate: not a key");
  CHECK(ptm_checksum_generate(fake, U(PARAMS), strlen(PARAMS), &c) == PTM_INVALID_HANDLE);
  CHECK(c == STR_SENTINEL);
  HOSTILE("generate: SIZE_MAX length");
  CHECK(ptm_checksum_generate(k, U(PARAMS), SIZE_MAX, &c) == PTM_INPUT_TOO_LARGE);
  CHECK(c == STR_SENTINEL);
  HOSTILE("generate: (NULL, 0) is empty params");
  CHECK(ptm_checksum_generate(k, NULL, 0, &c) == PTM_OK);
  if (c != STR_SENTINEL) {
    bool valid = false;
    CHECK(ptm_checksum_verify(k, U(""), 0, U(c), strlen(c), &valid) == PTM_OK && valid);
    ptm_string_free(c);
  }
  HOSTILE("generate: (ptr, 0) is empty params");
  c = STR_SENTINEL;
  CHECK(ptm_checksum_generate(k, U("ignored"), 0, &c) == PTM_OK);
  if (c != STR_SENTINEL) {
    bool valid = false;
    CHECK(ptm_checksum_verify(k, NULL, 0, U(c), strlen(c), &valid) == PTM_OK && valid);
    ptm_string_free(c);
  }

  /* ptm_checksum_generate_with_salt */
  HOSTILE("generate_with_salt: NULL key");
  c = STR_SENTINEL;
  CHECK(ptm_checksum_generate_with_salt(NULL, U(PARAMS), 3, U("abcd"), 4, &c) ==
        PTM_NULL_POINTER);
  HOSTILE("generate_with_salt: NULL params with a length");
  CHECK(ptm_checksum_generate_with_salt(k, NULL, 3, U("abcd"), 4, &c) == PTM_NULL_POINTER);
  HOSTILE("generate_with_salt: NULL salt with a length");
  CHECK(ptm_checksum_generate_with_salt(k, U(PARAMS), 3, NULL, 4, &c) == PTM_NULL_POINTER);
  HOSTILE("generate_with_salt: NULL out");
  CHECK(ptm_checksum_generate_with_salt(k, U(PARAMS), 3, U("abcd"), 4, NULL) ==
        PTM_NULL_POINTER);
  HOSTILE("generate_with_salt: not a key");
  CHECK(ptm_checksum_generate_with_salt(fake, U(PARAMS), 3, U("abcd"), 4, &c) ==
        PTM_INVALID_HANDLE);
  HOSTILE("generate_with_salt: (NULL, 0) salt is an empty salt");
  CHECK(ptm_checksum_generate_with_salt(k, U(PARAMS), 3, NULL, 0, &c) == PTM_INVALID_SALT);
  static const struct {
    const char *s;
    size_t n;
  } bad_salts[] = {{"abc", 3}, {"abcde", 5}, {"ab\xc3\xa9", 4}, {"\xff\xff\xff\xff", 4}};
  for (size_t i = 0; i < sizeof bad_salts / sizeof bad_salts[0]; i++) {
    HOSTILE("generate_with_salt: bad salt");
    CHECK(ptm_checksum_generate_with_salt(k, U(PARAMS), 3, U(bad_salts[i].s), bad_salts[i].n,
                                          &c) == PTM_INVALID_SALT);
  }
  CHECK(c == STR_SENTINEL);
  HOSTILE("generate_with_salt: same inputs, same checksum; other salt, other checksum");
  char *a = NULL, *b = NULL, *d = NULL;
  CHECK(ptm_checksum_generate_with_salt(k, U(PARAMS), strlen(PARAMS), U("a+/Z"), 4, &a) ==
        PTM_OK);
  CHECK(ptm_checksum_generate_with_salt(k, U(PARAMS), strlen(PARAMS), U("a+/Z"), 4, &b) ==
        PTM_OK);
  CHECK(ptm_checksum_generate_with_salt(k, U(PARAMS), strlen(PARAMS), U("a+/Y"), 4, &d) ==
        PTM_OK);
  if (a && b && d) {
    CHECK(strcmp(a, b) == 0);
    CHECK(strcmp(a, d) != 0);
  }
  ptm_string_free(a);
  ptm_string_free(b);
  ptm_string_free(d);
}

static void hostile_verify(const ptm_merchant_key *k) {
  const ptm_merchant_key *fake = (const ptm_merchant_key *)(const void *)not_a_key;
  size_t plen = strlen(PARAMS);
  char *good = NULL;
  CHECK(ptm_checksum_generate(k, U(PARAMS), plen, &good) == PTM_OK);
  if (good == NULL) return;
  size_t glen = strlen(good);
  bool valid;

  HOSTILE("verify: NULL key");
  valid = true;
  CHECK(ptm_checksum_verify(NULL, U(PARAMS), plen, U(good), glen, &valid) == PTM_NULL_POINTER);
  CHECK(valid);
  HOSTILE("verify: NULL params with a length");
  CHECK(ptm_checksum_verify(k, NULL, plen, U(good), glen, &valid) == PTM_NULL_POINTER);
  HOSTILE("verify: NULL checksum with a length");
  CHECK(ptm_checksum_verify(k, U(PARAMS), plen, NULL, glen, &valid) == PTM_NULL_POINTER);
  HOSTILE("verify: NULL out_valid");
  CHECK(ptm_checksum_verify(k, U(PARAMS), plen, U(good), glen, NULL) == PTM_NULL_POINTER);
  HOSTILE("verify: not a key");
  CHECK(ptm_checksum_verify(fake, U(PARAMS), plen, U(good), glen, &valid) == PTM_INVALID_HANDLE);
  HOSTILE("verify: SIZE_MAX checksum length");
  CHECK(ptm_checksum_verify(k, U(PARAMS), plen, U(good), SIZE_MAX, &valid) ==
        PTM_INPUT_TOO_LARGE);
  CHECK(valid); /* untouched by all the failures above */
  HOSTILE("verify: (NULL, 0) checksum is not valid");
  CHECK(ptm_checksum_verify(k, U(PARAMS), plen, NULL, 0, &valid) == PTM_OK && !valid);
  CHECK(ptm_checksum_check(k, U(PARAMS), plen, NULL, 0) == PTM_CHECKSUM_LENGTH);

  HOSTILE("check: NULL pointers");
  CHECK(ptm_checksum_check(NULL, U(PARAMS), plen, U(good), glen) == PTM_NULL_POINTER);
  CHECK(ptm_checksum_check(k, NULL, plen, U(good), glen) == PTM_NULL_POINTER);
  CHECK(ptm_checksum_check(k, U(PARAMS), plen, NULL, glen) == PTM_NULL_POINTER);
  CHECK(ptm_checksum_check(fake, U(PARAMS), plen, U(good), glen) == PTM_INVALID_HANDLE);
  CHECK(ptm_checksum_check(k, U(PARAMS), plen, U(good), glen) == PTM_OK);
  CHECK(ptm_checksum_check(k, U(PARAMS), plen - 1, U(good), glen) == PTM_CHECKSUM_MISMATCH);

  /* Malformed checksums: PTM_OK and not valid, with a 2xxx reason. */
  struct {
    const char *name;
    const uint8_t *c;
    size_t n;
    ptm_result why;
  } bad[16];
  size_t nbad = 0;
  static const uint8_t garbage[] = {0x00, 0xff, 0xfe, 0x80, 0x01, '=', '=', 0xc3, 0x28};
  static const uint8_t bad_utf8[] = {'k', '+', 0xc3, 0x28, 0xa0, 0xa1, 0xe2, 0x28, 0xa1};
  char with_newline[CHECKSUM_LEN + 2];
  memcpy(with_newline, good, glen);
  with_newline[glen] = '\n';
  char no_padding[CHECKSUM_LEN];
  memcpy(no_padding, good, glen);
  no_padding[glen - 1] = 'A'; /* "..=" -> "..A": decodes to 81 bytes */
  size_t huge_len = 1 << 20;
  uint8_t *huge = malloc(huge_len);
  CHECK(huge != NULL);
  if (huge == NULL) return;
  memset(huge, 'A', huge_len);
  uint8_t *huge_garbage = malloc(huge_len);
  CHECK(huge_garbage != NULL);
  if (huge_garbage == NULL) return;
  for (size_t i = 0; i < huge_len; i++) huge_garbage[i] = (uint8_t)(i * 131 + 7);
  char *other = NULL;
  ptm_merchant_key *k2 = new_key("0123456789abcdef", 16);
  CHECK(ptm_checksum_generate(k2, U(PARAMS), plen, &other) == PTM_OK);
  ptm_merchant_key_free(k2);
  if (other == NULL) return;

#define BAD(nm, ptr, len, reason) \
  (bad[nbad].name = (nm), bad[nbad].c = (ptr), bad[nbad].n = (len), bad[nbad].why = (reason), nbad++)
  BAD("checksum: empty", U(""), 0, PTM_CHECKSUM_LENGTH);
  BAD("checksum: garbage bytes", garbage, sizeof garbage, PTM_CHECKSUM_ENCODING);
  BAD("checksum: invalid UTF-8", bad_utf8, sizeof bad_utf8, PTM_CHECKSUM_ENCODING);
  BAD("checksum: truncated to 20", U(good), 20, PTM_CHECKSUM_LENGTH);
  BAD("checksum: truncated by one", U(good), glen - 1, PTM_CHECKSUM_ENCODING);
  BAD("checksum: truncated to 104", U(good), 104, PTM_CHECKSUM_LENGTH);
  BAD("checksum: padding replaced by data", U(no_padding), glen, PTM_CHECKSUM_LENGTH);
  BAD("checksum: trailing newline", U(with_newline), glen + 1, PTM_CHECKSUM_ENCODING);
  BAD("checksum: 1 MB of 'A'", huge, huge_len, PTM_CHECKSUM_LENGTH);
  BAD("checksum: 1 MB of garbage", huge_garbage, huge_len, PTM_CHECKSUM_LENGTH);
  BAD("checksum: not base64 text", U("!!!not base64!!!"), 16, PTM_CHECKSUM_ENCODING);
  BAD("checksum: one block of base64", U("AAAAAAAAAAAAAAAAAAAAAA=="), 24, (ptm_result)0);
  BAD("checksum: another key's", U(other), strlen(other), (ptm_result)0);
#undef BAD
  for (size_t i = 0; i < nbad; i++) {
    HOSTILE(bad[i].name);
    valid = true;
    CHECK(ptm_checksum_verify(k, U(PARAMS), plen, bad[i].c, bad[i].n, &valid) == PTM_OK);
    CHECK(!valid);
    ptm_result why = ptm_checksum_check(k, U(PARAMS), plen, bad[i].c, bad[i].n);
    if (bad[i].why != 0) {
      CHECK(why == bad[i].why);
    } else {
      CHECK(why == PTM_CHECKSUM_PADDING || why == PTM_CHECKSUM_CONTENT);
    }
    valid = true;
    CHECK(ptm_checksum_verify_map(k, U("{}"), 2, bad[i].c, bad[i].n, &valid) == PTM_OK);
    CHECK(!valid);
  }
  free(huge);
  free(huge_garbage);
  ptm_string_free(other);
  ptm_string_free(good);
}

static void hostile_params(const ptm_merchant_key *k) {
  bool valid;
  char *c;

  HOSTILE("string mode: garbage bytes and invalid UTF-8 are signed as bytes");
  static const uint8_t bytes[] = {0x00, 0xff, 0xc3, 0x28, 0x80, '|', 0x00, 0xed, 0xa0, 0x80};
  c = NULL;
  CHECK(ptm_checksum_generate(k, bytes, sizeof bytes, &c) == PTM_OK);
  if (c) {
    valid = false;
    CHECK(ptm_checksum_verify(k, bytes, sizeof bytes, U(c), strlen(c), &valid) == PTM_OK && valid);
    CHECK(ptm_checksum_verify(k, bytes, sizeof bytes - 1, U(c), strlen(c), &valid) == PTM_OK &&
          !valid);
    ptm_string_free(c);
  }

  HOSTILE("string mode: 1 MB params");
  size_t n = 1 << 20;
  uint8_t *big = malloc(n);
  CHECK(big != NULL);
  if (big == NULL) return;
  for (size_t i = 0; i < n; i++) big[i] = (uint8_t)(i * 7 + 3);
  c = NULL;
  CHECK(ptm_checksum_generate(k, big, n, &c) == PTM_OK);
  if (c) {
    CHECK(strlen(c) == CHECKSUM_LEN);
    valid = false;
    CHECK(ptm_checksum_verify(k, big, n, U(c), strlen(c), &valid) == PTM_OK && valid);
    big[n / 2] ^= 1;
    CHECK(ptm_checksum_verify(k, big, n, U(c), strlen(c), &valid) == PTM_OK && !valid);
    CHECK(ptm_checksum_check(k, big, n, U(c), strlen(c)) == PTM_CHECKSUM_MISMATCH);
    ptm_string_free(c);
  }

  HOSTILE("map mode: 1 MB value");
  memset(big, 'v', n);
  memcpy(big, "{\"BIG\":\"", 8);
  memcpy(big + n - 2, "\"}", 2);
  c = NULL;
  CHECK(ptm_checksum_generate_map(k, big, n, &c) == PTM_OK);
  if (c) {
    valid = false;
    CHECK(ptm_checksum_verify_map(k, big, n, U(c), strlen(c), &valid) == PTM_OK && valid);
    /* The map signs the value alone: string mode over the value agrees. */
    CHECK(ptm_checksum_verify(k, big + 8, n - 10, U(c), strlen(c), &valid) == PTM_OK && valid);
    ptm_string_free(c);
  }
  free(big);

  /* Map mode: text must be UTF-8, the JSON an object of string/null values. */
  static const struct {
    const char *name;
    const char *json;
    ptm_result expect;
  } maps[] = {
      {"map: invalid UTF-8 in a value", "{\"a\":\"\xff\"}", PTM_INVALID_UTF8},
      {"map: invalid UTF-8 in a name", "{\"\xc3\x28\":\"x\"}", PTM_INVALID_UTF8},
      {"map: surrogate encoded as UTF-8", "{\"a\":\"\xed\xa0\x80\"}", PTM_INVALID_UTF8},
      {"map: empty input", "", PTM_INVALID_PARAMS},
      {"map: array", "[]", PTM_INVALID_PARAMS},
      {"map: string", "\"s\"", PTM_INVALID_PARAMS},
      {"map: number value", "{\"a\":1}", PTM_INVALID_PARAMS},
      {"map: bool value", "{\"a\":true}", PTM_INVALID_PARAMS},
      {"map: object value", "{\"a\":{}}", PTM_INVALID_PARAMS},
      {"map: duplicate names", "{\"a\":\"1\",\"a\":\"2\"}", PTM_INVALID_PARAMS},
      {"map: trailing garbage", "{\"a\":\"1\"} x", PTM_INVALID_PARAMS},
      {"map: truncated", "{\"a\":", PTM_INVALID_PARAMS},
      {"map: lone surrogate escape", "{\"a\":\"\\ud800\"}", PTM_INVALID_PARAMS},
  };
  char *some = NULL;
  CHECK(ptm_checksum_generate(k, U("x"), 1, &some) == PTM_OK);
  if (some == NULL) return;
  for (size_t i = 0; i < sizeof maps / sizeof maps[0]; i++) {
    HOSTILE(maps[i].name);
    const uint8_t *j = U(maps[i].json);
    size_t jl = strlen(maps[i].json);
    c = STR_SENTINEL;
    valid = true;
    CHECK(ptm_checksum_generate_map(k, j, jl, &c) == maps[i].expect);
    CHECK(ptm_checksum_generate_map_with_salt(k, j, jl, U("abcd"), 4, &c) == maps[i].expect);
    CHECK(ptm_checksum_verify_map(k, j, jl, U(some), strlen(some), &valid) == maps[i].expect);
    CHECK(ptm_checksum_check_map(k, j, jl, U(some), strlen(some)) == maps[i].expect);
    CHECK(c == STR_SENTINEL && valid);
  }

  const ptm_merchant_key *fake = (const ptm_merchant_key *)(const void *)not_a_key;
  const char *obj = "{\"A\":\"x\"}";
  size_t ol = strlen(obj);
  HOSTILE("map: NULL key");
  c = STR_SENTINEL;
  valid = true;
  CHECK(ptm_checksum_generate_map(NULL, U(obj), ol, &c) == PTM_NULL_POINTER);
  CHECK(ptm_checksum_generate_map_with_salt(NULL, U(obj), ol, U("abcd"), 4, &c) ==
        PTM_NULL_POINTER);
  CHECK(ptm_checksum_verify_map(NULL, U(obj), ol, U(some), strlen(some), &valid) ==
        PTM_NULL_POINTER);
  CHECK(ptm_checksum_check_map(NULL, U(obj), ol, U(some), strlen(some)) == PTM_NULL_POINTER);
  HOSTILE("map: NULL json with a length");
  CHECK(ptm_checksum_generate_map(k, NULL, ol, &c) == PTM_NULL_POINTER);
  CHECK(ptm_checksum_generate_map_with_salt(k, NULL, ol, U("abcd"), 4, &c) == PTM_NULL_POINTER);
  CHECK(ptm_checksum_verify_map(k, NULL, ol, U(some), strlen(some), &valid) == PTM_NULL_POINTER);
  CHECK(ptm_checksum_check_map(k, NULL, ol, U(some), strlen(some)) == PTM_NULL_POINTER);
  HOSTILE("map: (NULL, 0) json is empty input, not an object");
  CHECK(ptm_checksum_generate_map(k, NULL, 0, &c) == PTM_INVALID_PARAMS);
  CHECK(ptm_checksum_verify_map(k, NULL, 0, U(some), strlen(some), &valid) == PTM_INVALID_PARAMS);
  HOSTILE("map: NULL salt / checksum with a length");
  CHECK(ptm_checksum_generate_map_with_salt(k, U(obj), ol, NULL, 4, &c) == PTM_NULL_POINTER);
  CHECK(ptm_checksum_generate_map_with_salt(k, U(obj), ol, U("abc"), 3, &c) == PTM_INVALID_SALT);
  CHECK(ptm_checksum_verify_map(k, U(obj), ol, NULL, 4, &valid) == PTM_NULL_POINTER);
  CHECK(ptm_checksum_check_map(k, U(obj), ol, NULL, 4) == PTM_NULL_POINTER);
  HOSTILE("map: NULL out-parameters");
  CHECK(ptm_checksum_generate_map(k, U(obj), ol, NULL) == PTM_NULL_POINTER);
  CHECK(ptm_checksum_generate_map_with_salt(k, U(obj), ol, U("abcd"), 4, NULL) ==
        PTM_NULL_POINTER);
  CHECK(ptm_checksum_verify_map(k, U(obj), ol, U(some), strlen(some), NULL) == PTM_NULL_POINTER);
  HOSTILE("map: not a key");
  CHECK(ptm_checksum_generate_map(fake, U(obj), ol, &c) == PTM_INVALID_HANDLE);
  CHECK(ptm_checksum_verify_map(fake, U(obj), ol, U(some), strlen(some), &valid) ==
        PTM_INVALID_HANDLE);
  CHECK(ptm_checksum_check_map(fake, U(obj), ol, U(some), strlen(some)) == PTM_INVALID_HANDLE);
  HOSTILE("map: SIZE_MAX length");
  CHECK(ptm_checksum_generate_map(k, U(obj), SIZE_MAX, &c) == PTM_INPUT_TOO_LARGE);
  CHECK(ptm_checksum_verify_map(k, U(obj), ol, U(some), SIZE_MAX, &valid) == PTM_INPUT_TOO_LARGE);
  CHECK(c == STR_SENTINEL && valid);
  ptm_string_free(some);

  HOSTILE("map: null, \"null\" in any case and \"\" sign alike; CHECKSUMHASH is not signed");
  char *m1 = NULL, *m2 = NULL, *m3 = NULL;
  const char *j1 = "{\"A\":\"x\",\"B\":null,\"C\":\"NuLl\",\"D\":\"\"}";
  const char *j2 = "{\"D\":\"null\",\"C\":\"\",\"B\":\"NULL\",\"A\":\"x\",\"CHECKSUMHASH\":\"zz\"}";
  CHECK(ptm_checksum_generate_map_with_salt(k, U(j1), strlen(j1), U("Hgd1"), 4, &m1) == PTM_OK);
  CHECK(ptm_checksum_generate_map_with_salt(k, U(j2), strlen(j2), U("Hgd1"), 4, &m2) == PTM_OK);
  CHECK(ptm_checksum_generate_with_salt(k, U("x|||"), 4, U("Hgd1"), 4, &m3) == PTM_OK);
  if (m1 && m2 && m3) {
    CHECK(strcmp(m1, m2) == 0);
    CHECK(strcmp(m1, m3) == 0);
    valid = false;
    CHECK(ptm_checksum_verify_map(k, U(j2), strlen(j2), U(m1), strlen(m1), &valid) == PTM_OK &&
          valid);
  }
  ptm_string_free(m1);
  ptm_string_free(m2);
  ptm_string_free(m3);

  HOSTILE("map: {} signs the empty string");
  m1 = m2 = NULL;
  CHECK(ptm_checksum_generate_map_with_salt(k, U("{}"), 2, U("abcd"), 4, &m1) == PTM_OK);
  CHECK(ptm_checksum_generate_with_salt(k, NULL, 0, U("abcd"), 4, &m2) == PTM_OK);
  if (m1 && m2) CHECK(strcmp(m1, m2) == 0);
  ptm_string_free(m1);
  ptm_string_free(m2);
}

static void hostile_messages(void) {
  const char *generic = ptm_result_message((ptm_result)123456);
  HOSTILE("result_message: unknown codes get the generic text");
  CHECK(generic != NULL && strlen(generic) > 0);
  static const long long unknown[] = {1,      999, 1000,    3000,    9000,    10000,
                                      123456, -1,  INT_MAX, INT_MIN, UINT_MAX};
  for (size_t i = 0; i < sizeof unknown / sizeof unknown[0]; i++) {
    const char *m = ptm_result_message((ptm_result)unknown[i]);
    CHECK(m == generic || (m != NULL && strcmp(m, generic) == 0));
  }
  HOSTILE("result_message: every header constant has its own text");
  for (size_t i = 0; i < PTM_CODE_COUNT; i++) {
    const char *m = ptm_result_message(ALL_CODES[i]);
    CHECK(m != NULL && strlen(m) > 0 && strcmp(m, generic) != 0);
    for (size_t j = 0; j < i; j++) CHECK(strcmp(m, ptm_result_message(ALL_CODES[j])) != 0);
  }
  HOSTILE("result_message: the library knows exactly the header's constants");
  int known = 0, nulls = 0;
  for (int n = 0; n < 10000; n++) {
    const char *m = ptm_result_message((ptm_result)n);
    if (m == NULL)
      nulls++;
    else if (strcmp(m, generic) != 0)
      known++;
  }
  CHECK(nulls == 0);
  CHECK(known == PTM_CODE_COUNT);

  HOSTILE("version: matches the header's macros");
  char expect[64];
  snprintf(expect, sizeof expect, "%d.%d.%d", PTM_VERSION_MAJOR, PTM_VERSION_MINOR,
           PTM_VERSION_PATCH);
  CHECK(ptm_version() != NULL && strcmp(ptm_version(), expect) == 0);
  printf("library version %s\n", ptm_version());
}

/* ---------------------------------------------------------------- threads */

struct thread_arg {
  const ptm_merchant_key *key;
  int id;
  int failures;
};

static void *worker(void *p) {
  struct thread_arg *a = p;
  for (int i = 0; i < 100; i++) {
    char params[64];
    int n = snprintf(params, sizeof params, "{\"thread\":%d,\"i\":%d}", a->id, i);
    char *c = NULL;
    bool valid = false;
    if (ptm_checksum_generate(a->key, U(params), (size_t)n, &c) != PTM_OK) {
      a->failures++;
      continue;
    }
    if (ptm_checksum_verify(a->key, U(params), (size_t)n, U(c), strlen(c), &valid) != PTM_OK ||
        !valid)
      a->failures++;
    ptm_string_free(c);
  }
  return NULL;
}

static void shared_key_threads(const ptm_merchant_key *k) {
  enum { THREADS = 4 };
  pthread_t t[THREADS];
  struct thread_arg args[THREADS];
  current = "threads: one key shared by 4 threads";
  for (int i = 0; i < THREADS; i++) {
    args[i] = (struct thread_arg){k, i, 0};
    CHECK(pthread_create(&t[i], NULL, worker, &args[i]) == 0);
  }
  for (int i = 0; i < THREADS; i++) {
    CHECK(pthread_join(t[i], NULL) == 0);
    CHECK(args[i].failures == 0);
  }
}

/* ---------------------------------------------------------------- main */

static int asan_selftest(void) {
  /* A deliberate heap overflow: an instrumented build must abort here. */
  volatile size_t n = 8;
  char *p = malloc(n);
  if (p == NULL) return 1;
  memset(p, 0, n);
  volatile char x = p[n];
  free(p);
  printf("asan-selftest: overflow NOT detected (%d)\n", x);
  return 0;
}

int main(int argc, char **argv) {
  if (argc > 1 && strcmp(argv[1], "--asan-selftest") == 0) return asan_selftest();

  run_vectors();

  ptm_merchant_key *k = new_key(KEY16, 16);
  if (k == NULL) return 1;
  hostile_keys();
  hostile_generate(k);
  hostile_verify(k);
  hostile_params(k);
  hostile_messages();
  printf("hostile: %d cases\n", hostile_cases);
  shared_key_threads(k);
  ptm_merchant_key_free(k);

  return finish();
}

/* ptm_doctor against the shared vectors (tests/vectors/doctor/doctor.json, through the generated
 * doctor.h): each case's finding codes in order, "clean" exactly when there is none, the key never
 * in a report or an error message; each input error's ptm_result with the out-parameter left
 * untouched; hostile pointers. */
#include <stdlib.h>

#include "harness.h"

struct doctor_case {
  const char *name;
  const char *input;
  size_t input_len;
  const char *expect; /* codes joined by commas */
};
struct doctor_error {
  const char *name;
  const char *input;
  size_t input_len;
  ptm_result error;
};
#include "doctor.h"

/* The "code" members of a report, in order, joined by commas (codes are snake_case names). */
static void codes_of(const char *json, char *out, size_t cap) {
  size_t n = 0;
  out[0] = '\0';
  for (const char *p = strstr(json, "\"code\":\""); p != NULL; p = strstr(p, "\"code\":\"")) {
    p += strlen("\"code\":\"");
    const char *end = strchr(p, '"');
    if (end == NULL) break;
    size_t len = (size_t)(end - p);
    if (n + len + 2 >= cap) break;
    if (n > 0) out[n++] = ',';
    memcpy(out + n, p, len);
    n += len;
    out[n] = '\0';
    p = end;
  }
}

static int no_key_in_last_error(void) {
  char *msg = NULL;
  if (ptm_last_error_message(&msg) != PTM_OK) return 0;
  int ok = strstr(msg, DOCTOR_KEY) == NULL;
  ptm_string_free(msg);
  return ok;
}

static void vectors(void) {
  int ran = 0;
  char got[4096];
  const struct doctor_case *c;
  FOR_EACH_CASE(c, DOCTOR_CASES, DOCTOR_CASE_COUNT) {
    char *json = NULL;
    ptm_result r = ptm_doctor(U(c->input), c->input_len, &json);
    CHECK(r == PTM_OK);
    if (r != PTM_OK) continue;
    codes_of(json, got, sizeof got);
    CHECK(strcmp(got, c->expect) == 0);
    if (strcmp(got, c->expect) != 0) fprintf(stderr, "  got [%s], want [%s]\n", got, c->expect);
    int clean = strncmp(json, "{\"clean\":true,", 14) == 0;
    CHECK(clean == (c->expect[0] == '\0'));
    CHECK(strstr(json, DOCTOR_KEY) == NULL);
    ptm_string_free(json);
    ran++;
  }
  current = "";
  CHECK(ran == DOCTOR_CASE_COUNT);
  CHECK(DOCTOR_CASE_COUNT >= 50);
  printf("c-doctor: %d vector cases\n", ran);
}

static void input_errors(void) {
  int ran = 0;
  const struct doctor_error *e;
  FOR_EACH_CASE(e, DOCTOR_ERRORS, DOCTOR_ERROR_COUNT) {
    char *json = STR_SENTINEL;
    CHECK(ptm_doctor(U(e->input), e->input_len, &json) == e->error);
    CHECK(json == STR_SENTINEL);
    CHECK(no_key_in_last_error());
    ran++;
  }
  current = "";
  CHECK(ran == DOCTOR_ERROR_COUNT);
  printf("c-doctor: %d input errors\n", ran);
}

static void hostile(void) {
  current = "hostile pointers";
  char *json = STR_SENTINEL;
  CHECK(ptm_doctor(S("{\"environment\":\"staging\"}"), NULL) == PTM_NULL_POINTER);
  CHECK(ptm_doctor(NULL, 3, &json) == PTM_NULL_POINTER);
  CHECK(json == STR_SENTINEL);
  /* (NULL, 0) is the empty input: not JSON. */
  CHECK(ptm_doctor(NULL, 0, &json) == PTM_INVALID_PARAMS);
  CHECK(json == STR_SENTINEL);
  CHECK(ptm_doctor(S("{\"environment\":\"staging\",\"mid\":\"\xff\"}"), &json) == PTM_INVALID_PARAMS);
  CHECK(json == STR_SENTINEL);
  /* The smallest input: clean. */
  json = NULL;
  CHECK(ptm_doctor(S("{\"environment\":\"production\"}"), &json) == PTM_OK);
  CHECK(json != NULL && strcmp(json, "{\"clean\":true,\"findings\":[]}") == 0);
  ptm_string_free(json);
  /* A secret typed as a member name is not echoed. */
  char text[128];
  snprintf(text, sizeof text, "{\"environment\":\"staging\",\"%s\":\"x\"}", KEY16);
  json = STR_SENTINEL;
  CHECK(ptm_doctor(S(text), &json) == PTM_INVALID_FIELD);
  CHECK(json == STR_SENTINEL);
  CHECK(strstr(KEY16, DOCTOR_KEY) != NULL); /* the key the vectors use is the one looked for */
  CHECK(no_key_in_last_error());
  current = "";
}

int main(int argc, char **argv) {
  (void)argc;
  (void)argv;
  vectors();
  input_errors();
  hostile();
  return finish();
}

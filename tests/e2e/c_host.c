/*
 * End-to-end from C: a small host that drives libpaytm_checkout's ptm_session_* against a running
 * paytm-sandbox over real HTTP on loopback, with libcurl. It does what sandbox/src/host.rs does:
 * `now` is the sandbox's clock (GET /__admin/clock); `send` actions go out exactly as given and
 * their status and raw body come back through ptm_session_handle_response; the customer is played
 * at the bank page (redirect form -> OTP page -> OTP 123456 -> the auto-submitting callback form,
 * whose fields go to ptm_session_handle_callback) and in the UPI app; a `wait` with `until` is
 * served by POST /__admin/advance instead of sleeping.
 *
 *   c_host http://127.0.0.1:PORT        (scripts/test-e2e.sh starts the sandbox and runs this
 *                                         under valgrind)
 *
 * Prints one line per scenario and "c-e2e: N passed, 0 failed". Never prints card data, the
 * merchant key or request bodies. The action JSON is read with the tiny parser below (a real host
 * uses its JSON library).
 */
#include "paytm_checkout.h"

#include <curl/curl.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define U(s) ((const uint8_t *)(s))
#define TEST_MID "INTEGR7769XXXXXX9383"
#define TEST_KEY "PmX#a0x4VpTXRzfK"
#define GOOD_OTP "123456"
#define HOUR_MS 3600000ULL

/* ------------------------------------------------------------------------------------------ */
/* A growable byte buffer. */

typedef struct {
  char *p;
  size_t n, cap;
} buf;

static void buf_add(buf *b, const char *s, size_t n) {
  if (b->n + n + 1 > b->cap) {
    size_t cap = b->cap ? b->cap * 2 : 256;
    while (cap < b->n + n + 1) cap *= 2;
    char *q = realloc(b->p, cap);
    if (!q) abort();
    b->p = q;
    b->cap = cap;
  }
  memcpy(b->p + b->n, s, n);
  b->n += n;
  b->p[b->n] = 0;
}

static void buf_adds(buf *b, const char *s) { buf_add(b, s, strlen(s)); }

static void buf_free(buf *b) {
  free(b->p);
  b->p = NULL;
  b->n = b->cap = 0;
}

static char *xstrndup(const char *s, size_t n) {
  char *d = malloc(n + 1);
  if (!d) abort();
  memcpy(d, s, n);
  d[n] = 0;
  return d;
}

/* ------------------------------------------------------------------------------------------ */
/* A tiny JSON reader: enough for the engine's actions and the sandbox's admin answers. */

typedef enum { J_NULL, J_BOOL, J_NUM, J_STR, J_ARR, J_OBJ } jtype;

typedef struct json {
  jtype t;
  double num;
  int b;
  char *str; /* J_STR: decoded, NUL-terminated */
  size_t n;  /* J_ARR / J_OBJ: count */
  char **keys;
  struct json **vals;
} json;

typedef struct {
  const char *s, *end;
  int depth;
} jp;

static void json_free(json *v) {
  if (!v) return;
  free(v->str);
  for (size_t i = 0; i < v->n; i++) {
    if (v->keys) free(v->keys[i]);
    json_free(v->vals[i]);
  }
  free(v->keys);
  free(v->vals);
  free(v);
}

static void ws(jp *p) {
  while (p->s < p->end && (*p->s == ' ' || *p->s == '\n' || *p->s == '\r' || *p->s == '\t')) p->s++;
}

static void utf8(buf *b, unsigned c) {
  char o[4];
  size_t n;
  if (c < 0x80) { o[0] = (char)c; n = 1; }
  else if (c < 0x800) { o[0] = (char)(0xC0 | c >> 6); o[1] = (char)(0x80 | (c & 0x3F)); n = 2; }
  else if (c < 0x10000) { o[0] = (char)(0xE0 | c >> 12); o[1] = (char)(0x80 | (c >> 6 & 0x3F)); o[2] = (char)(0x80 | (c & 0x3F)); n = 3; }
  else { o[0] = (char)(0xF0 | c >> 18); o[1] = (char)(0x80 | (c >> 12 & 0x3F)); o[2] = (char)(0x80 | (c >> 6 & 0x3F)); o[3] = (char)(0x80 | (c & 0x3F)); n = 4; }
  buf_add(b, o, n);
}

static int hex4(const char *s, unsigned *out) {
  unsigned v = 0;
  for (int i = 0; i < 4; i++) {
    char c = s[i];
    v <<= 4;
    if (c >= '0' && c <= '9') v |= (unsigned)(c - '0');
    else if (c >= 'a' && c <= 'f') v |= (unsigned)(c - 'a' + 10);
    else if (c >= 'A' && c <= 'F') v |= (unsigned)(c - 'A' + 10);
    else return 0;
  }
  *out = v;
  return 1;
}

static char *jstring(jp *p) { /* at the opening quote */
  buf b = {0};
  buf_add(&b, "", 0);
  p->s++;
  while (p->s < p->end && *p->s != '"') {
    char c = *p->s++;
    if (c != '\\') { buf_add(&b, &c, 1); continue; }
    if (p->s >= p->end) break;
    c = *p->s++;
    switch (c) {
      case 'n': buf_adds(&b, "\n"); break;
      case 't': buf_adds(&b, "\t"); break;
      case 'r': buf_adds(&b, "\r"); break;
      case 'b': buf_adds(&b, "\b"); break;
      case 'f': buf_adds(&b, "\f"); break;
      case 'u': {
        unsigned u;
        if (p->end - p->s < 4 || !hex4(p->s, &u)) goto bad;
        p->s += 4;
        if (u >= 0xD800 && u < 0xDC00 && p->end - p->s >= 6 && p->s[0] == '\\' && p->s[1] == 'u') {
          unsigned lo;
          if (!hex4(p->s + 2, &lo)) goto bad;
          p->s += 6;
          u = 0x10000 + ((u - 0xD800) << 10) + (lo - 0xDC00);
        }
        utf8(&b, u);
        break;
      }
      default: buf_add(&b, &c, 1);
    }
  }
  if (p->s >= p->end) goto bad;
  p->s++;
  return b.p;
bad:
  buf_free(&b);
  return NULL;
}

static json *jvalue(jp *p);

static json *jnew(jtype t) {
  json *v = calloc(1, sizeof *v);
  if (!v) abort();
  v->t = t;
  return v;
}

static void jpush(json *v, char *key, json *val) {
  v->vals = realloc(v->vals, (v->n + 1) * sizeof *v->vals);
  if (!v->vals) abort();
  if (v->t == J_OBJ) {
    v->keys = realloc(v->keys, (v->n + 1) * sizeof *v->keys);
    if (!v->keys) abort();
    v->keys[v->n] = key;
  }
  v->vals[v->n++] = val;
}

static json *jcontainer(jp *p, jtype t) {
  char close = t == J_OBJ ? '}' : ']';
  json *v = jnew(t);
  if (++p->depth > 64) goto bad;
  p->s++;
  ws(p);
  if (p->s < p->end && *p->s == close) { p->s++; p->depth--; return v; }
  for (;;) {
    char *key = NULL;
    ws(p);
    if (t == J_OBJ) {
      if (p->s >= p->end || *p->s != '"' || !(key = jstring(p))) goto bad;
      ws(p);
      if (p->s >= p->end || *p->s != ':') { free(key); goto bad; }
      p->s++;
    }
    json *item = jvalue(p);
    if (!item) { free(key); goto bad; }
    jpush(v, key, item);
    ws(p);
    if (p->s < p->end && *p->s == ',') { p->s++; continue; }
    if (p->s < p->end && *p->s == close) { p->s++; p->depth--; return v; }
    goto bad;
  }
bad:
  json_free(v);
  return NULL;
}

static json *jvalue(jp *p) {
  ws(p);
  if (p->s >= p->end) return NULL;
  char c = *p->s;
  if (c == '{') return jcontainer(p, J_OBJ);
  if (c == '[') return jcontainer(p, J_ARR);
  if (c == '"') {
    char *s = jstring(p);
    if (!s) return NULL;
    json *v = jnew(J_STR);
    v->str = s;
    return v;
  }
  if (p->end - p->s >= 4 && !strncmp(p->s, "null", 4)) { p->s += 4; return jnew(J_NULL); }
  if (p->end - p->s >= 4 && !strncmp(p->s, "true", 4)) { p->s += 4; json *v = jnew(J_BOOL); v->b = 1; return v; }
  if (p->end - p->s >= 5 && !strncmp(p->s, "false", 5)) { p->s += 5; return jnew(J_BOOL); }
  if (c == '-' || (c >= '0' && c <= '9')) {
    char tmp[64];
    size_t n = 0;
    while (p->s < p->end && n < sizeof tmp - 1 && strchr("+-.eE0123456789", *p->s)) tmp[n++] = *p->s++;
    tmp[n] = 0;
    json *v = jnew(J_NUM);
    v->num = strtod(tmp, NULL);
    return v;
  }
  return NULL;
}

static json *json_parse(const char *s, size_t n) {
  jp p = {s, s + n, 0};
  json *v = jvalue(&p);
  ws(&p);
  if (v && p.s != p.end) { json_free(v); return NULL; }
  return v;
}

static const json *jget(const json *o, const char *key) {
  if (!o || o->t != J_OBJ) return NULL;
  for (size_t i = 0; i < o->n; i++)
    if (!strcmp(o->keys[i], key)) return o->vals[i];
  return NULL;
}

/* A member's string, or "" (never NULL). */
static const char *jstr(const json *o, const char *key) {
  const json *v = jget(o, key);
  return v && v->t == J_STR ? v->str : "";
}

/* ------------------------------------------------------------------------------------------ */
/* Test bookkeeping */

static int passed, failed_count;
static int scenario_failed;
static char scenario_name[128];

static void check_(int ok, const char *expr, const char *file, int line, const char *fmt, ...) {
  if (ok) return;
  scenario_failed = 1;
  fprintf(stderr, "FAIL %s: %s:%d: %s", scenario_name, file, line, expr);
  if (fmt && *fmt) {
    va_list ap;
    va_start(ap, fmt);
    fprintf(stderr, " -- ");
    vfprintf(stderr, fmt, ap);
    va_end(ap);
  }
  fputc('\n', stderr);
}
#define CHECK(c) check_(!!(c), #c, __FILE__, __LINE__, NULL)
#define CHECKF(c, ...) check_(!!(c), #c, __FILE__, __LINE__, __VA_ARGS__)

/* ------------------------------------------------------------------------------------------ */
/* HTTP (libcurl; one easy handle, so loopback connections are reused) */

static CURL *curl;
static char base[256];

static size_t on_body(char *d, size_t size, size_t n, void *ud) {
  buf_add(ud, d, size * n);
  return size * n;
}

/* Sends method url [headers] [body]; 0 on a response (status in *status, body in *out). */
static int http(const char *method, const char *url, struct curl_slist *headers, const char *body,
                size_t body_len, long *status, buf *out) {
  curl_easy_reset(curl);
  curl_easy_setopt(curl, CURLOPT_URL, url);
  curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, on_body);
  curl_easy_setopt(curl, CURLOPT_WRITEDATA, out);
  curl_easy_setopt(curl, CURLOPT_TIMEOUT, 30L);
  curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(curl, CURLOPT_FOLLOWLOCATION, 0L);
  if (headers) curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
  if (!strcmp(method, "POST")) {
    curl_easy_setopt(curl, CURLOPT_POST, 1L);
    curl_easy_setopt(curl, CURLOPT_POSTFIELDS, body ? body : "");
    curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)body_len);
  } else if (strcmp(method, "GET")) {
    curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, method);
    if (body_len) {
      curl_easy_setopt(curl, CURLOPT_POSTFIELDS, body);
      curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)body_len);
    }
  }
  CURLcode c = curl_easy_perform(curl);
  if (c != CURLE_OK) {
    fprintf(stderr, "%s %s: %s\n", method, url, curl_easy_strerror(c));
    return -1;
  }
  curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, status);
  return 0;
}

/* An admin call answering {"now":ms}. */
static uint64_t admin_now(const char *method, const char *path) {
  char url[512];
  snprintf(url, sizeof url, "%s%s", base, path);
  buf b = {0};
  long st = 0;
  uint64_t now = 0;
  if (http(method, url, NULL, NULL, 0, &st, &b) == 0 && st == 200 && b.p) {
    json *v = json_parse(b.p, b.n);
    const json *n = jget(v, "now");
    if (n && n->t == J_NUM) now = (uint64_t)n->num;
    json_free(v);
  }
  buf_free(&b);
  if (!now) {
    fprintf(stderr, "%s %s: no clock answer\n", method, path);
    exit(2);
  }
  return now;
}

static uint64_t sandbox_now(void) { return admin_now("GET", "/__admin/clock"); }

static uint64_t sandbox_advance(uint64_t ms) {
  char path[64];
  snprintf(path, sizeof path, "/__admin/advance?ms=%" PRIu64, ms);
  return admin_now("POST", path);
}

/* ------------------------------------------------------------------------------------------ */
/* Forms: the sandbox's pages (sandbox/src/html.rs's format) and form encoding */

typedef struct {
  char *action;
  size_t n;
  char *names[32];
  char *values[32];
} form;

static void form_free(form *f) {
  free(f->action);
  for (size_t i = 0; i < f->n; i++) {
    free(f->names[i]);
    free(f->values[i]);
  }
  memset(f, 0, sizeof *f);
}

static void form_add(form *f, const char *name, const char *value) {
  if (f->n >= 32) abort();
  f->names[f->n] = xstrndup(name, strlen(name));
  f->values[f->n] = xstrndup(value, strlen(value));
  f->n++;
}

static char *unescape_html(const char *s, size_t n) {
  buf b = {0};
  buf_add(&b, "", 0);
  for (size_t i = 0; i < n;) {
    if (s[i] == '&') {
      const char *semi = memchr(s + i, ';', n - i);
      if (semi) {
        size_t len = (size_t)(semi - (s + i)) + 1;
        char ent[16] = {0};
        if (len < sizeof ent) {
          memcpy(ent, s + i, len);
          unsigned cp = 0;
          int ok = 1;
          if (!strcmp(ent, "&amp;")) cp = '&';
          else if (!strcmp(ent, "&lt;")) cp = '<';
          else if (!strcmp(ent, "&gt;")) cp = '>';
          else if (!strcmp(ent, "&quot;")) cp = '"';
          else if (!strcmp(ent, "&apos;")) cp = '\'';
          else if (ent[1] == '#') cp = (unsigned)strtoul(ent + 2 + (ent[2] == 'x'), NULL, ent[2] == 'x' ? 16 : 10);
          else ok = 0;
          if (ok) {
            utf8(&b, cp);
            i += len;
            continue;
          }
        }
      }
    }
    buf_add(&b, s + i, 1);
    i++;
  }
  return b.p;
}

/* attr="value" inside [tag, tag_end), unescaped; NULL when absent. */
static char *attr(const char *tag, const char *tag_end, const char *name) {
  char key[64];
  snprintf(key, sizeof key, " %s=\"", name);
  size_t kl = strlen(key);
  for (const char *p = tag; p + kl <= tag_end; p++) {
    if (!memcmp(p, key, kl)) {
      const char *v = p + kl;
      const char *q = memchr(v, '"', (size_t)(tag_end - v));
      return q ? unescape_html(v, (size_t)(q - v)) : NULL;
    }
  }
  return NULL;
}

/* The first <form> of a sandbox page: its action and hidden inputs. 0 when found. */
static int read_form(const char *html, form *out) {
  memset(out, 0, sizeof *out);
  const char *start = strstr(html, "<form ");
  if (!start) return -1;
  const char *end = strstr(start, "</form>");
  if (!end) return -1;
  const char *gt = memchr(start, '>', (size_t)(end - start));
  if (!gt) return -1;
  out->action = attr(start, gt, "action");
  if (!out->action) return -1;
  const char *p = gt;
  while ((p = strstr(p, "<input type=\"hidden\"")) && p < end) {
    const char *tag_end = strchr(p, '>');
    if (!tag_end || out->n >= 32) break;
    char *name = attr(p, tag_end, "name");
    char *value = attr(p, tag_end, "value");
    if (!name || !value) {
      free(name);
      free(value);
      form_free(out);
      return -1;
    }
    out->names[out->n] = name;
    out->values[out->n] = value;
    out->n++;
    p = tag_end;
  }
  return 0;
}

static const char *form_get(const form *f, const char *name) {
  for (size_t i = 0; i < f->n; i++)
    if (!strcmp(f->names[i], name)) return f->values[i];
  return NULL;
}

/* application/x-www-form-urlencoded of the form's fields (caller frees with buf_free). */
static void form_encode(const form *f, buf *out) {
  buf_add(out, "", 0);
  for (size_t i = 0; i < f->n; i++) {
    char *k = curl_easy_escape(curl, f->names[i], 0);
    char *v = curl_easy_escape(curl, f->values[i], 0);
    if (i) buf_adds(out, "&");
    buf_adds(out, k);
    buf_adds(out, "=");
    buf_adds(out, v);
    curl_free(k);
    curl_free(v);
  }
}

/* POSTs the fields form-encoded to url and reads the form of the page it returns. */
static int post_form(const char *url, const form *fields, form *page_form, int *saw_otp_input) {
  buf body = {0}, resp = {0};
  form_encode(fields, &body);
  struct curl_slist *h = curl_slist_append(NULL, "Content-Type: application/x-www-form-urlencoded");
  long st = 0;
  int rc = http("POST", url, h, body.p, body.n, &st, &resp);
  curl_slist_free_all(h);
  buf_free(&body);
  if (rc == 0 && st != 200) {
    fprintf(stderr, "POST %s: HTTP %ld\n", url, st);
    rc = -1;
  }
  if (rc == 0) {
    if (saw_otp_input) *saw_otp_input = resp.p && strstr(resp.p, "name=\"otp\"") != NULL;
    rc = resp.p ? read_form(resp.p, page_form) : -1;
  }
  buf_free(&resp);
  return rc;
}

/* ------------------------------------------------------------------------------------------ */
/* The host loop */

typedef struct {
  const char *otp;   /* at the bank page */
  int upi_decline;   /* in the UPI app */
} customer;

/* What a run did (no request bodies: Process carries card data). */
typedef struct {
  int sent[8];          /* per purpose, see purpose_index */
  int pending_status;   /* status answers with "PENDING" */
  int refused;          /* responses / callbacks the session refused */
  int refused_checksum; /* ... with PTM_CHECKSUM_MISMATCH */
  int bank_pages, otp_inputs, deep_links, callbacks, waits_pending;
  char callback_status[32];
  char trail[256]; /* initiate,pay,process,bank,callback,status,done */
  uint64_t advanced_ms;
  char *status_bodies_first; /* the first status answer, to inspect */
} record;

enum { P_INITIATE, P_PROCESS, P_STATUS, P_REFUND, P_REFUND_STATUS, P_OTHER };

static int purpose_index(const char *p) {
  if (!strcmp(p, "initiate")) return P_INITIATE;
  if (!strcmp(p, "process")) return P_PROCESS;
  if (!strcmp(p, "status")) return P_STATUS;
  if (!strcmp(p, "refund")) return P_REFUND;
  if (!strcmp(p, "refund_status")) return P_REFUND_STATUS;
  return P_OTHER;
}

static void trail(record *r, const char *step) {
  if (r->trail[0]) strncat(r->trail, ",", sizeof r->trail - strlen(r->trail) - 1);
  strncat(r->trail, step, sizeof r->trail - strlen(r->trail) - 1);
}

static int fail_call(const char *what, ptm_result res) {
  char *detail = NULL;
  fprintf(stderr, "FAIL %s: %s: %s", scenario_name, what, ptm_result_name(res));
  if (ptm_last_error_message(&detail) == PTM_OK) {
    fprintf(stderr, " (%s)", detail);
    ptm_string_free(detail);
  }
  fputc('\n', stderr);
  scenario_failed = 1;
  return -1;
}

/* Sends a `send` action's request exactly as given and hands back the answer. */
static int do_send(ptm_session *s, const json *action, record *rec) {
  const char *purpose = jstr(action, "purpose");
  const json *req = jget(action, "request");
  const json *hs = jget(req, "headers");
  struct curl_slist *headers = NULL;
  for (size_t i = 0; hs && hs->t == J_ARR && i < hs->n; i++) {
    const json *h = hs->vals[i];
    if (h->t != J_ARR || h->n != 2 || h->vals[0]->t != J_STR || h->vals[1]->t != J_STR) continue;
    buf line = {0};
    buf_adds(&line, h->vals[0]->str);
    buf_adds(&line, ": ");
    buf_adds(&line, h->vals[1]->str);
    headers = curl_slist_append(headers, line.p);
    buf_free(&line);
  }
  /* Without this, libcurl adds "Expect: 100-continue" to larger POSTs. */
  headers = curl_slist_append(headers, "Expect:");
  const char *body = jstr(req, "body");
  buf resp = {0};
  long st = 0;
  int rc = http(jstr(req, "method"), jstr(req, "url"), headers, body, strlen(body), &st, &resp);
  curl_slist_free_all(headers);
  rec->sent[purpose_index(purpose)]++;
  trail(rec, purpose);
  if (rc != 0) {
    buf_free(&resp);
    ptm_result r = ptm_session_handle_send_failure(s, sandbox_now());
    return r == PTM_OK ? 0 : fail_call("ptm_session_handle_send_failure", r);
  }
  if (purpose_index(purpose) == P_STATUS) {
    if (resp.p && strstr(resp.p, "\"PENDING\"")) rec->pending_status++;
    if (!rec->status_bodies_first) rec->status_bodies_first = xstrndup(resp.p ? resp.p : "", resp.n);
  }
  ptm_result r = ptm_session_handle_response(s, (uint32_t)st, U(resp.p), resp.n, sandbox_now());
  buf_free(&resp);
  if (r != PTM_OK) { /* refused: counts as no answer; the loop goes on */
    rec->refused++;
    if (r == PTM_CHECKSUM_MISMATCH) rec->refused_checksum++;
  }
  return 0;
}

static int do_callback(ptm_session *s, const form *cb, record *rec) {
  buf body = {0};
  form_encode(cb, &body);
  rec->callbacks++;
  trail(rec, "callback");
  const char *status = form_get(cb, "STATUS");
  snprintf(rec->callback_status, sizeof rec->callback_status, "%s", status ? status : "");
  ptm_result r = ptm_session_handle_callback(s, U(body.p), body.n, sandbox_now());
  buf_free(&body);
  if (r != PTM_OK) rec->refused++;
  return 0;
}

/* Posts `f` to `url` (then frees it) and hands the callback form the page answers with to the
 * session. */
static int post_for_callback(ptm_session *s, const char *url, form *f, const char *who, record *rec) {
  form cb = {0};
  int rc = post_form(url, f, &cb, NULL);
  form_free(f);
  if (rc != 0) {
    CHECKF(0, "%s: no callback form", who);
    return -1;
  }
  rc = do_callback(s, &cb, rec);
  form_free(&cb);
  return rc;
}

/* The customer's browser at the bank: redirect form -> OTP page -> OTP -> callback form. */
static int bank_page(ptm_session *s, const json *action, const customer *c, record *rec) {
  const json *rf = jget(jget(action, "form"), "redirectForm");
  const char *url = jstr(rf, "actionURL");
  const json *content = jget(rf, "content");
  CHECKF(*url, "bank form without actionURL");
  if (!*url) return -1;
  form in = {0}, otp_page = {0};
  for (size_t i = 0; content && content->t == J_OBJ && i < content->n; i++)
    form_add(&in, content->keys[i], content->vals[i]->t == J_STR ? content->vals[i]->str : "");
  int saw_otp = 0;
  int rc = post_form(url, &in, &otp_page, &saw_otp);
  form_free(&in);
  if (rc != 0) {
    CHECKF(0, "bank page: no form");
    return -1;
  }
  rec->bank_pages++;
  rec->otp_inputs += saw_otp;
  trail(rec, "bank");
  form_add(&otp_page, "otp", c->otp ? c->otp : GOOD_OTP);
  return post_for_callback(s, otp_page.action, &otp_page, "bank OTP", rec);
}

/* The customer's UPI app: approve (or decline) the payment the deep link names. */
static int upi_app(ptm_session *s, const json *action, const customer *c, record *rec) {
  const char *link = jstr(action, "url");
  rec->deep_links++;
  trail(rec, "deep_link");
  const char *tr = strstr(link, "tr=");
  while (tr && tr != link && tr[-1] != '?' && tr[-1] != '&') tr = strstr(tr + 1, "tr=");
  CHECKF(tr != NULL, "deep link without tr");
  if (!tr) return -1;
  tr += 3;
  char *trv = xstrndup(tr, strcspn(tr, "&"));
  int n = 0;
  char *dec = curl_easy_unescape(curl, trv, 0, &n);
  free(trv);
  form f = {0};
  form_add(&f, "tr", dec);
  curl_free(dec);
  form_add(&f, "action", c->upi_decline ? "decline" : "approve");
  char url[512];
  snprintf(url, sizeof url, "%s/sandbox/upi/pay", base);
  return post_for_callback(s, url, &f, "UPI app", rec);
}

/* Drives a session to `done`; returns the outcome (json_free it) or NULL. `payment` may be NULL
 * for a refund. */
static json *run(ptm_session *s, const char *payment, const customer *c, record *rec, int max_actions) {
  for (int i = 0; i < max_actions; i++) {
    uint64_t now = sandbox_now();
    char *text = NULL;
    ptm_result r = ptm_session_next_action(s, now, &text);
    if (r != PTM_OK) {
      fail_call("ptm_session_next_action", r);
      return NULL;
    }
    json *a = json_parse(text, strlen(text));
    ptm_string_free(text); /* zeroed: a Process body carries card data */
    if (!a) {
      CHECKF(0, "unparsable action");
      return NULL;
    }
    const char *type = jstr(a, "type");
    int rc = 0;
    if (!strcmp(type, "send")) {
      rc = do_send(s, a, rec);
    } else if (!strcmp(type, "collect_payment") && payment) {
      r = ptm_session_pay(s, U(payment), strlen(payment), now);
      trail(rec, "pay");
      if (r != PTM_OK) rc = fail_call("ptm_session_pay", r);
    } else if (!strcmp(type, "render_bank_form") && payment) {
      rc = bank_page(s, a, c, rec);
    } else if (!strcmp(type, "open_deep_link") && payment) {
      rc = upi_app(s, a, c, rec);
    } else if (!strcmp(type, "wait")) {
      const json *until = jget(a, "until");
      if (!until || until->t != J_NUM) {
        CHECKF(0, "the session waits for a response, but none is outstanding");
        rc = -1;
      } else {
        uint64_t t = (uint64_t)until->num;
        uint64_t ms = t > now ? t - now : 1;
        sandbox_advance(ms);
        rec->advanced_ms += ms;
        if (!strcmp(jstr(a, "reason"), "pending")) rec->waits_pending++;
      }
    } else if (!strcmp(type, "done")) {
      trail(rec, "done");
      json *outcome = NULL;
      for (size_t k = 0; k < a->n; k++) {
        if (!strcmp(a->keys[k], "outcome")) {
          outcome = a->vals[k];
          a->vals[k] = jnew(J_NULL);
        }
      }
      json_free(a);
      return outcome;
    } else {
      CHECKF(0, "unexpected action type %s", type);
      rc = -1;
    }
    json_free(a);
    if (rc != 0) return NULL;
  }
  CHECKF(0, "the session did not end within %d actions", max_actions);
  return NULL;
}

/* ------------------------------------------------------------------------------------------ */
/* Scenarios */

static ptm_credentials *creds;

static ptm_session *checkout_session(const char *order, const char *amount) {
  char config[1024];
  snprintf(config, sizeof config,
           "{\"environment\":{\"custom\":\"%s\"},\"mid\":\"%s\",\"orderId\":\"%s\",\"amount\":\"%s\","
           "\"initiate\":{\"mid\":\"%s\",\"orderId\":\"%s\",\"websiteName\":\"WEBSTAGING\","
           "\"txnAmount\":{\"value\":\"%s\",\"currency\":\"INR\"},\"userInfo\":{\"custId\":\"CUST_001\"},"
           "\"callbackUrl\":\"https://merchant.example/paytm/callback\"}}",
           base, TEST_MID, order, amount, TEST_MID, order, amount);
  ptm_session *s = NULL;
  ptm_result r = ptm_session_new(U("checkout"), 8, U(config), strlen(config), creds, &s);
  if (r != PTM_OK) fail_call("ptm_session_new", r);
  return s;
}

/* Runs one checkout; the outcome (json_free it) or NULL. */
static json *checkout(const char *order, const char *amount, const char *payment, const customer *c, record *rec) {
  memset(rec, 0, sizeof *rec);
  ptm_session *s = checkout_session(order, amount);
  if (!s) return NULL;
  customer dflt = {GOOD_OTP, 0};
  json *o = run(s, payment, c ? c : &dflt, rec, 500);
  ptm_session_free(s);
  return o;
}

/* checkout() paying with a new card (expiry 12/2032). */
static json *checkout_card(const char *order, const char *amount, const char *number, const char *cvv,
                           const customer *c, record *rec) {
  char payment[256];
  snprintf(payment, sizeof payment,
           "{\"paymentMode\":\"CREDIT_CARD\",\"authMode\":\"otp\",\"cardInfo\":{\"type\":\"new\","
           "\"cardNumber\":\"%s\",\"cvv\":\"%s\",\"expiry\":\"122032\"}}",
           number, cvv);
  return checkout(order, amount, payment, c, rec);
}

/* Releases what one checkout left: its outcome and its record. */
static void release(json *o, record *r) {
  json_free(o);
  free(r->status_bodies_first);
  r->status_bodies_first = NULL;
}

static void expect_success(const json *o, const char *amount) {
  CHECKF(o != NULL, "no outcome");
  if (!o) return;
  const json *t = jget(o, "transaction");
  CHECKF(!strcmp(jstr(o, "status"), "success"), "status %s", jstr(o, "status"));
  CHECKF(!strcmp(jstr(t, "amount"), amount), "amount %s", jstr(t, "amount"));
  CHECKF(!strcmp(jstr(t, "verification"), "verified"), "verification %s", jstr(t, "verification"));
}

static void expect_failure(const json *o, const char *reason, const char *code) {
  CHECKF(o != NULL, "no outcome");
  if (!o) return;
  CHECKF(!strcmp(jstr(o, "status"), "failure"), "status %s", jstr(o, "status"));
  CHECKF(!strcmp(jstr(o, "reason"), reason), "reason %s", jstr(o, "reason"));
  if (code) CHECKF(!strcmp(jstr(jget(o, "failure"), "code"), code), "code %s", jstr(jget(o, "failure"), "code"));
}

static void begin(const char *name) {
  snprintf(scenario_name, sizeof scenario_name, "%s", name);
  scenario_failed = 0;
}

static void end(void) {
  if (scenario_failed) {
    failed_count++;
    printf("not ok %s\n", scenario_name);
  } else {
    passed++;
    printf("ok %s\n", scenario_name);
  }
  fflush(stdout);
}

static void card_success(void) {
  begin("card success through the bank page (OTP 123456), callback, status");
  record rec;
  json *o = checkout_card("E2E_C_CARD", "1.00", "4111111111111111", "123", NULL, &rec);
  expect_success(o, "1.00");
  CHECK(rec.bank_pages == 1 && rec.otp_inputs == 1);
  CHECKF(!strcmp(rec.callback_status, "TXN_SUCCESS"), "callback STATUS %s", rec.callback_status);
  CHECKF(!strcmp(rec.trail, "initiate,pay,process,bank,callback,status,done"), "trail %s", rec.trail);
  CHECK(rec.refused == 0);
  release(o, &rec);
  end();
}

static void card_declined(void) {
  begin("declined card (RESPCODE = the CVV, 810), and a wrong OTP (227)");
  record rec;
  json *o = checkout_card("E2E_C_DECLINE", "1.00", "4000000000000002", "810", NULL, &rec);
  expect_failure(o, "declined", "810");
  CHECKF(!strcmp(rec.callback_status, "TXN_FAILURE"), "callback STATUS %s", rec.callback_status);
  release(o, &rec);

  customer wrong = {"000000", 0};
  o = checkout_card("E2E_C_DECLINE_OTP", "1.00", "4111111111111111", "123", &wrong, &rec);
  expect_failure(o, "declined", "227");
  release(o, &rec);
  end();
}

static void pending_then_success(void) {
  begin("pending in the callback and two status queries, then success (clock advanced)");
  record rec;
  json *o = checkout_card("E2E_C_PENDING", "1.00", "4000000000000119", "123", NULL, &rec);
  expect_success(o, "1.00");
  CHECKF(!strcmp(rec.callback_status, "PENDING"), "callback STATUS %s", rec.callback_status);
  CHECKF(rec.sent[P_STATUS] == 3, "%d status queries", rec.sent[P_STATUS]);
  CHECKF(rec.pending_status == 2, "%d pending answers", rec.pending_status);
  CHECKF(rec.waits_pending == 2, "%d pending waits", rec.waits_pending);
  CHECKF(rec.advanced_ms >= 15 * 60 * 1000ULL, "advanced %" PRIu64 " ms", rec.advanced_ms);
  release(o, &rec);
  end();
}

static void pending_past_72h(void) {
  begin("pending past 72 h ends pending_timeout (8 status queries, sandbox clock advanced)");
  record rec;
  uint64_t t0 = sandbox_now();
  json *o = checkout("E2E_C_PENDING_72H", "1.00", "{\"paymentMode\":\"UPI\",\"payerAccount\":\"pendingforever@paytm\"}", NULL, &rec);
  expect_failure(o, "pending_timeout", NULL);
  uint64_t elapsed = sandbox_now() - t0;
  CHECKF(elapsed >= 72 * HOUR_MS, "sandbox time advanced %" PRIu64 " ms", elapsed);
  CHECKF(rec.sent[P_STATUS] == 8, "%d status queries", rec.sent[P_STATUS]);
  release(o, &rec);
  end();
}

static void upi_intent(void) {
  begin("UPI intent: deep link, the UPI app approves, callback, status");
  record rec;
  json *o = checkout("E2E_C_UPI_INTENT", "12.34", "{\"paymentMode\":\"UPI_INTENT\"}", NULL, &rec);
  expect_success(o, "12.34");
  CHECK(rec.deep_links == 1 && rec.callbacks == 1);
  release(o, &rec);
  end();
}

static void tampered_status(void) {
  begin("a tampered status answer (666.00 -> 966.00) is refused; the genuine one decides");
  record rec;
  json *o = checkout("E2E_C_TAMPER", "666.00", "{\"paymentMode\":\"BALANCE\"}", NULL, &rec);
  expect_success(o, "666.00");
  CHECKF(rec.refused == 1 && rec.refused_checksum == 1, "refused %d (checksum %d)", rec.refused, rec.refused_checksum);
  CHECK(rec.status_bodies_first && strstr(rec.status_bodies_first, "\"966.00\""));
  CHECKF(rec.sent[P_STATUS] == 2, "%d status queries", rec.sent[P_STATUS]);
  release(o, &rec);
  end();
}

static void refund(void) {
  begin("refund: pending then success; the same REFID again is 617");
  record rec;
  json *o = checkout_card("E2E_C_REFUND", "10.00", "4111111111111111", "123", NULL, &rec);
  expect_success(o, "10.00");
  char txn_id[128];
  snprintf(txn_id, sizeof txn_id, "%s", jstr(jget(o, "transaction"), "txnId"));
  release(o, &rec);
  CHECK(txn_id[0]);

  char config[1024];
  snprintf(config, sizeof config,
           "{\"environment\":{\"custom\":\"%s\"},\"mid\":\"%s\",\"orderId\":\"E2E_C_REFUND\",\"txnId\":\"%s\","
           "\"refId\":\"E2E_C_REF_1\",\"refundAmount\":\"4.00\"}",
           base, TEST_MID, txn_id);
  for (int attempt = 0; attempt < 2; attempt++) {
    ptm_session *s = NULL;
    ptm_result r = ptm_session_new(U("refund"), 6, U(config), strlen(config), creds, &s);
    if (r != PTM_OK) {
      fail_call("ptm_session_new(refund)", r);
      break;
    }
    memset(&rec, 0, sizeof rec);
    o = run(s, NULL, NULL, &rec, 100);
    ptm_session_free(s);
    if (attempt == 0) {
      CHECKF(o && !strcmp(jstr(o, "status"), "refunded"), "refund status %s", o ? jstr(o, "status") : "(none)");
      CHECKF(rec.sent[P_REFUND] == 1 && rec.sent[P_REFUND_STATUS] == 2, "refund %d, refund status %d",
             rec.sent[P_REFUND], rec.sent[P_REFUND_STATUS]);
    } else {
      expect_failure(o, "declined", "617");
    }
    release(o, &rec);
  }
  end();
}

int main(int argc, char **argv) {
  const char *b = argc > 1 ? argv[1] : getenv("PAYTM_SANDBOX_URL");
  if (!b || strncmp(b, "http://127.0.0.1:", 17)) {
    fprintf(stderr, "usage: c_host http://127.0.0.1:PORT (a running paytm-sandbox)\n");
    return 2;
  }
  snprintf(base, sizeof base, "%s", b);
  if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK || !(curl = curl_easy_init())) {
    fprintf(stderr, "libcurl did not initialise\n");
    return 2;
  }
  /* A fresh sandbox state (orders, clock offset): the order ids below are fixed. */
  {
    char url[512];
    snprintf(url, sizeof url, "%s/__admin/reset", base);
    buf b = {0};
    long st = 0;
    int rc = http("POST", url, NULL, NULL, 0, &st, &b);
    buf_free(&b);
    if (rc != 0 || st != 200) {
      fprintf(stderr, "POST /__admin/reset failed\n");
      return 2;
    }
  }
  /* The key enters once, as a ptm_merchant_key; the credentials keep their own copy of it. */
  ptm_merchant_key *key = NULL;
  ptm_result r = ptm_merchant_key_new(U(TEST_KEY), strlen(TEST_KEY), &key);
  if (r == PTM_OK) r = ptm_credentials_new(key, NULL, 0, NULL, 0, &creds);
  ptm_merchant_key_free(key);
  if (r != PTM_OK) {
    fprintf(stderr, "credentials: %s\n", ptm_result_name(r));
    return 2;
  }

  card_success();
  card_declined();
  pending_then_success();
  pending_past_72h();
  upi_intent();
  tampered_status();
  refund();

  ptm_credentials_free(creds);
  curl_easy_cleanup(curl);
  curl_global_cleanup();
  printf("c-e2e: %d passed, %d failed\n", passed, failed_count);
  return failed_count ? 1 : 0;
}

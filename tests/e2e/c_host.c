/*
 * End-to-end from C: a small host that drives libpaytm_checkout's ptm_session_* against a running
 * paytm-sandbox over real HTTP on loopback, with libcurl. It does what sandbox/src/host.rs does:
 * `now` is the sandbox's clock (GET /__admin/clock); `send` actions go out exactly as given and
 * their status and raw body come back through ptm_session_handle_response; the customer is played
 * at the bank page (redirect form -> OTP page -> OTP 123456 -> the auto-submitting callback form,
 * whose fields go to ptm_session_handle_callback) and in the UPI app; a `wait` with `until` is
 * served by POST /__admin/advance instead of sleeping. Issue #19's flows too: the wallet session
 * (collect_otp -> ptm_session_submit_otp, open_form -> the wallet page -> its callback), balances
 * from GET /__admin/wallets; a payment request paid at its page; webhooks the sandbox pushes to a
 * listening socket here (POST /__admin/webhook), verified with ptm_callback_parse and fed to a
 * checkout session, where a duplicate or a stale one changes nothing (ptm_session_save compared).
 * Issue #21: a subscription session (kind "subscription") whose UPI mandate the customer approves
 * in the sandbox UPI app, three cycles collected with ptm_session_collect after a pre-debit
 * notification (one declined and collected again), then ptm_session_cancel; the sandbox's
 * recorded debits read from GET /__admin/orders.
 *
 *   c_host http://127.0.0.1:PORT        (scripts/test-e2e.sh starts the sandbox and runs this
 *                                         under valgrind)
 *
 * Prints one line per scenario and "c-e2e: N passed, 0 failed". Never prints card data, the
 * merchant key or request bodies. The action JSON is read with the tiny parser below (a real host
 * uses its JSON library).
 */
#include "paytm_checkout.h"

#include <arpa/inet.h>
#include <curl/curl.h>
#include <inttypes.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#define U(s) ((const uint8_t *)(s))
#define TEST_MID "INTEGR7769XXXXXX9383"
#define TEST_KEY "PmX#a0x4VpTXRzfK"
#define GOOD_OTP "123456"
#define OAUTH_OTP "489871" /* the sandbox's OAuth OTP (docs/sandbox.md, auto-debit) */
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
  const char *otp;       /* at the bank page */
  int upi_decline;       /* in the UPI app */
  const char *oauth_otp_first; /* typed at the first collect_otp (wallet linking), then
                                  OAUTH_OTP; OAUTH_OTP every time when NULL */
  int add_money_decline; /* at the wallet page */
  int stop_after_bank;   /* the browser never posts the bank's callback form: run() returns
                            NULL right after the bank page (the result comes by webhook) */
  const char *mandate_order; /* subscriptions: at collect_payment, the customer authorises the */
  const char *mandate_vpa;   /* mandate of this creation order by UPI collect from this VPA */
} customer;

/* What a run did (no request bodies: Process carries card data). */
typedef struct {
  int sent[8];          /* per purpose, see purpose_index */
  int pending_status;   /* status answers with "PENDING" */
  int refused;          /* responses / callbacks the session refused */
  int refused_checksum; /* ... with PTM_CHECKSUM_MISMATCH */
  int bank_pages, otp_inputs, deep_links, callbacks, waits_pending;
  int otps_submitted, wallet_pages, lost_callbacks;
  int idle; /* run() returned at a wait without `until` (an active subscription, for the host) */
  char access_token[160]; /* from the validate_otp answer (wallet linking) */
  char subs_id[64];       /* SUBS_ID of the last callback (a subscription's authorisation) */
  char callback_status[32];
  char trail[512]; /* initiate,pay,process,bank,callback,status,done */
  uint64_t advanced_ms;
  uint64_t started_ms; /* the sandbox clock as a checkout began */
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

/* Sends a request as the library gives it ({method, url, headers [[k, v]…], body}) exactly as
 * given: 0 on a response (status in *st, body in *resp). */
static int http_request(const json *req, long *st, buf *resp) {
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
  int rc = http(jstr(req, "method"), jstr(req, "url"), headers, body, strlen(body), st, resp);
  curl_slist_free_all(headers);
  return rc;
}

/* Sends a `send` action's request exactly as given and hands back the answer. */
static int do_send(ptm_session *s, const json *action, record *rec) {
  const char *purpose = jstr(action, "purpose");
  buf resp = {0};
  long st = 0;
  int rc = http_request(jget(action, "request"), &st, &resp);
  rec->sent[purpose_index(purpose)]++;
  trail(rec, purpose);
  if (rc != 0) {
    buf_free(&resp);
    ptm_result r = ptm_session_handle_send_failure(s, sandbox_now());
    return r == PTM_OK ? 0 : fail_call("ptm_session_handle_send_failure", r);
  }
  if (!strcmp(purpose, "validate_otp") && st == 200 && resp.p) {
    json *v = json_parse(resp.p, resp.n);
    snprintf(rec->access_token, sizeof rec->access_token, "%s", jstr(v, "access_token"));
    json_free(v);
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
  const char *subs = form_get(cb, "SUBS_ID");
  if (subs) snprintf(rec->subs_id, sizeof rec->subs_id, "%s", subs);
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
  if (c->stop_after_bank) { /* the bank's callback form is never posted */
    form cb = {0};
    rc = post_form(otp_page.action, &otp_page, &cb, NULL);
    form_free(&otp_page);
    form_free(&cb);
    CHECKF(rc == 0, "bank OTP: no callback form");
    rec->lost_callbacks++;
    return rc;
  }
  return post_for_callback(s, otp_page.action, &otp_page, "bank OTP", rec);
}

/* The customer's browser at Add Money: the signed form (open_form) -> the wallet page -> approve
 * or cancel -> the callback form, whose fields go to the session. */
static int wallet_page(ptm_session *s, const json *action, const customer *c, record *rec) {
  const json *f = jget(action, "form");
  const json *fields = jget(f, "fields");
  form in = {0}, page = {0};
  for (size_t i = 0; fields && fields->t == J_ARR && i < fields->n; i++) {
    const json *kv = fields->vals[i];
    if (kv->t == J_ARR && kv->n == 2 && kv->vals[0]->t == J_STR && kv->vals[1]->t == J_STR)
      form_add(&in, kv->vals[0]->str, kv->vals[1]->str);
  }
  int rc = post_form(jstr(f, "action"), &in, &page, NULL);
  form_free(&in);
  if (rc != 0) {
    CHECKF(0, "add money: no wallet page form");
    return -1;
  }
  rec->wallet_pages++;
  trail(rec, "wallet");
  form_add(&page, "action", c->add_money_decline ? "decline" : "approve");
  char url[512];
  snprintf(url, sizeof url, "%s/sandbox/wallet/add-money", base);
  return post_for_callback(s, url, &page, "wallet page", rec);
}

/* The customer's UPI app: approve (or decline) the payment the link names (`tr`). */
static int upi_link(ptm_session *s, const char *link, const customer *c, record *rec) {
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

static int upi_app(ptm_session *s, const json *action, const customer *c, record *rec) {
  return upi_link(s, jstr(action, "url"), c, rec);
}

static int send_built(const char *api, const char *params, const ptm_credentials *cr, long *st, buf *resp);

/* The customer authorises a subscription's mandate with the session's txnToken: Process
 * Transaction (UPI collect from c->mandate_vpa on c->mandate_order), then the sandbox UPI app's
 * page its answer names (sandboxCollectLink, a sandbox-only member); the callback goes to the
 * session. */
static int authorise_mandate(ptm_session *s, const json *action, const customer *c, record *rec) {
  char params[1024];
  snprintf(params, sizeof params,
           "{\"mid\":\"%s\",\"orderId\":\"%s\",\"txnToken\":\"%s\",\"paymentMode\":\"UPI\","
           "\"payerAccount\":\"%s\"}",
           TEST_MID, c->mandate_order, jstr(action, "txnToken"), c->mandate_vpa);
  buf resp = {0};
  long st = 0;
  int rc = send_built("process_transaction", params, NULL, &st, &resp);
  json *v = rc == 0 && resp.p ? json_parse(resp.p, resp.n) : NULL;
  buf_free(&resp);
  rec->sent[P_PROCESS]++;
  trail(rec, "process");
  const char *link = jstr(jget(v, "body"), "sandboxCollectLink");
  CHECKF(st == 200 && *link, "mandate: HTTP %ld without sandboxCollectLink", st);
  rc = *link ? upi_link(s, link, c, rec) : -1;
  json_free(v);
  return rc;
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
    } else if (!strcmp(type, "collect_payment") && c && c->mandate_vpa && !rec->deep_links) {
      rc = authorise_mandate(s, a, c, rec);
    } else if (!strcmp(type, "render_bank_form") && payment) {
      rc = bank_page(s, a, c, rec);
      if (rc == 0 && c->stop_after_bank) {
        json_free(a);
        return NULL;
      }
    } else if (!strcmp(type, "collect_otp")) {
      const char *otp = c && c->oauth_otp_first && !rec->otps_submitted ? c->oauth_otp_first : OAUTH_OTP;
      r = ptm_session_submit_otp(s, U(otp), strlen(otp), now);
      rec->otps_submitted++;
      trail(rec, "otp");
      if (r != PTM_OK) rc = fail_call("ptm_session_submit_otp", r);
    } else if (!strcmp(type, "open_form") && c) {
      rc = wallet_page(s, a, c, rec);
    } else if (!strcmp(type, "open_deep_link") && payment) {
      rc = upi_app(s, a, c, rec);
    } else if (!strcmp(type, "wait")) {
      const json *until = jget(a, "until");
      if ((!until || until->t != J_NUM) && c && c->mandate_vpa) { /* idle: the host's turn */
        rec->idle = 1;
        json_free(a);
        return NULL;
      } else if (!until || until->t != J_NUM) {
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
  rec->started_ms = sandbox_now();
  ptm_session *s = checkout_session(order, amount);
  if (!s) return NULL;
  customer dflt = {.otp = GOOD_OTP};
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

/* One checkout of a scenario: how it is paid, the outcome it must end in, and what else its run
 * must show. */
typedef struct {
  const char *order, *amount;
  const char *card, *cvv;      /* a new card (checkout_card), or with card NULL: */
  const char *payment;         /* this payment */
  const char *otp;             /* typed at the bank page; NULL: GOOD_OTP */
  const char *reason, *code;   /* the failure it ends in (code NULL: any); reason NULL: a verified success of amount */
  const char *callback_status; /* the callback's STATUS; NULL: not checked */
  void (*check)(const record *rec); /* the scenario's own checks of its run, or NULL */
} checkout_step;

/* Runs one checkout step and checks it; the outcome (release() it with the record) or NULL. */
static json *checkout_checked(const checkout_step *p, record *rec) {
  customer c = {.otp = p->otp ? p->otp : GOOD_OTP};
  json *o = p->card ? checkout_card(p->order, p->amount, p->card, p->cvv, &c, rec)
                    : checkout(p->order, p->amount, p->payment, &c, rec);
  if (p->reason) expect_failure(o, p->reason, p->code);
  else expect_success(o, p->amount);
  if (p->callback_status)
    CHECKF(!strcmp(rec->callback_status, p->callback_status), "callback STATUS %s", rec->callback_status);
  if (p->check) p->check(rec);
  return o;
}

static void card_success_checks(const record *rec) {
  CHECK(rec->bank_pages == 1 && rec->otp_inputs == 1);
  CHECKF(!strcmp(rec->trail, "initiate,pay,process,bank,callback,status,done"), "trail %s", rec->trail);
  CHECK(rec->refused == 0);
}

static void pending_then_success_checks(const record *rec) {
  CHECKF(rec->sent[P_STATUS] == 3, "%d status queries", rec->sent[P_STATUS]);
  CHECKF(rec->pending_status == 2, "%d pending answers", rec->pending_status);
  CHECKF(rec->waits_pending == 2, "%d pending waits", rec->waits_pending);
  CHECKF(rec->advanced_ms >= 15 * 60 * 1000ULL, "advanced %" PRIu64 " ms", rec->advanced_ms);
}

static void pending_past_72h_checks(const record *rec) {
  uint64_t elapsed = sandbox_now() - rec->started_ms;
  CHECKF(elapsed >= 72 * HOUR_MS, "sandbox time advanced %" PRIu64 " ms", elapsed);
  CHECKF(rec->sent[P_STATUS] == 8, "%d status queries", rec->sent[P_STATUS]);
}

static void upi_intent_checks(const record *rec) { CHECK(rec->deep_links == 1 && rec->callbacks == 1); }

static void tampered_status_checks(const record *rec) {
  CHECKF(rec->refused == 1 && rec->refused_checksum == 1, "refused %d (checksum %d)", rec->refused, rec->refused_checksum);
  CHECK(rec->status_bodies_first && strstr(rec->status_bodies_first, "\"966.00\""));
  CHECKF(rec->sent[P_STATUS] == 2, "%d status queries", rec->sent[P_STATUS]);
}

#define CARD_OK .card = "4111111111111111", .cvv = "123" /* approved at the bank page with GOOD_OTP */

/* The checkout scenarios: each a name and its checkouts, run in order by checkout_scenarios. */
static const struct {
  const char *name;
  checkout_step steps[2]; /* a step with a NULL order is not run */
} checkout_table[] = {
    {"card success through the bank page (OTP 123456), callback, status",
     {{"E2E_C_CARD", "1.00", CARD_OK, .callback_status = "TXN_SUCCESS", .check = card_success_checks}}},
    {"declined card (RESPCODE = the CVV, 810), and a wrong OTP (227)",
     {{"E2E_C_DECLINE", "1.00", .card = "4000000000000002", .cvv = "810", .reason = "declined", .code = "810",
       .callback_status = "TXN_FAILURE"},
      {"E2E_C_DECLINE_OTP", "1.00", CARD_OK, .otp = "000000", .reason = "declined", .code = "227"}}},
    {"pending in the callback and two status queries, then success (clock advanced)",
     {{"E2E_C_PENDING", "1.00", .card = "4000000000000119", .cvv = "123", .callback_status = "PENDING",
       .check = pending_then_success_checks}}},
    {"pending past 72 h ends pending_timeout (8 status queries, sandbox clock advanced)",
     {{"E2E_C_PENDING_72H", "1.00", .payment = "{\"paymentMode\":\"UPI\",\"payerAccount\":\"pendingforever@paytm\"}",
       .reason = "pending_timeout", .check = pending_past_72h_checks}}},
    {"UPI intent: deep link, the UPI app approves, callback, status",
     {{"E2E_C_UPI_INTENT", "12.34", .payment = "{\"paymentMode\":\"UPI_INTENT\"}", .check = upi_intent_checks}}},
    {"a tampered status answer (666.00 -> 966.00) is refused; the genuine one decides",
     {{"E2E_C_TAMPER", "666.00", .payment = "{\"paymentMode\":\"BALANCE\"}", .check = tampered_status_checks}}},
};

static void checkout_scenarios(void) {
  for (size_t i = 0; i < sizeof checkout_table / sizeof checkout_table[0]; i++) {
    begin(checkout_table[i].name);
    for (size_t k = 0; k < 2 && checkout_table[i].steps[k].order; k++) {
      record rec;
      release(checkout_checked(&checkout_table[i].steps[k], &rec), &rec);
    }
    end();
  }
}

static void refund(void) {
  begin("refund: pending then success; the same REFID again is 617");
  record rec;
  json *o = checkout_checked(&(checkout_step){"E2E_C_REFUND", "10.00", CARD_OK}, &rec);
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

/* ------------------------------------------------------------------------------------------ */
/* Issue #19: the auto-debit wallet, a payment request, pushed webhooks */

/* Sends a request as ptm_request_build gives it ({method, url, headers [[k, v]…], body}). */
static int send_built(const char *api, const char *params, const ptm_credentials *cr, long *st, buf *resp) {
  char opts[512];
  snprintf(opts, sizeof opts, "{\"environment\":{\"custom\":\"%s\"}}", base);
  char *text = NULL;
  ptm_result r = ptm_request_build(U(api), strlen(api), U(params), strlen(params), cr, U(opts), strlen(opts), &text);
  if (r != PTM_OK) return fail_call(api, r);
  json *req = json_parse(text, strlen(text));
  ptm_string_free(text);
  int rc = http_request(req, st, resp);
  json_free(req);
  CHECKF(rc == 0, "%s: no answer", api);
  return rc;
}

/* GET base+path; the parsed JSON answer (json_free it) or NULL. */
static json *get_json(const char *path, long *st) {
  char url[1024];
  snprintf(url, sizeof url, "%s%s", base, path);
  buf b = {0};
  json *v = NULL;
  if (http("GET", url, NULL, NULL, 0, st, &b) == 0 && b.p) v = json_parse(b.p, b.n);
  buf_free(&b);
  return v;
}

/* The balance of the sandbox wallet `phone` (GET /__admin/wallets), "5000.00"; "" if none. */
static void balance(const char *phone, char *out, size_t n) {
  long st = 0;
  json *v = get_json("/__admin/wallets", &st);
  const json *ws = jget(v, "wallets");
  out[0] = 0;
  for (size_t i = 0; ws && ws->t == J_ARR && i < ws->n; i++)
    if (!strcmp(jstr(ws->vals[i], "phone"), phone)) snprintf(out, n, "%s", jstr(ws->vals[i], "balance"));
  json_free(v);
}

#define CHECK_BALANCE(phone, want)                                        \
  do {                                                                    \
    char got_[32];                                                        \
    balance(phone, got_, sizeof got_);                                    \
    CHECKF(!strcmp(got_, want), "balance of %s: %s, not %s", phone, got_, want); \
  } while (0)

static ptm_merchant_key *merchant_key;
static ptm_credentials *wallet_creds; /* the key, and the sandbox's OAuth client */

/* Runs a wallet session for `phone` (linking) or the user of `token`; the outcome or NULL. */
static json *wallet(const char *order, const char *amount, const char *phone, const char *token,
                    const customer *c, record *rec) {
  char config[1024];
  snprintf(config, sizeof config,
           "{\"environment\":{\"custom\":\"%s\"},\"mid\":\"%s\",\"orderId\":\"%s\",\"amount\":\"%s\","
           "\"custId\":\"CUST_001\",\"phone\":\"%s\",\"channel\":\"WAP\",\"industryType\":\"Retail\","
           "\"website\":\"WEBSTAGING\",\"appIp\":\"127.0.0.1\",\"deviceId\":\"D1\","
           "\"addMoneyCallbackUrl\":\"https://merchant.example/paytm/add-money\"%s%s%s}",
           base, TEST_MID, order, amount, phone, token ? ",\"ssoToken\":\"" : "", token ? token : "",
           token ? "\"" : "");
  memset(rec, 0, sizeof *rec);
  ptm_session *s = NULL;
  ptm_result r = ptm_session_new(U("wallet"), 6, U(config), strlen(config), wallet_creds, &s);
  if (r != PTM_OK) {
    fail_call("ptm_session_new(wallet)", r);
    return NULL;
  }
  customer dflt = {0};
  json *o = run(s, NULL, c ? c : &dflt, rec, 200);
  ptm_session_free(s);
  return o;
}

/* A wallet payment succeeded for this order and amount, confirmed by the signed v3 Transaction
 * Status (the legacy getTxnStatus signs nothing and can never make success). */
static void expect_order(const json *o, const char *order, const char *amount) {
  CHECKF(o != NULL, "no outcome");
  if (!o) return;
  const json *t = jget(o, "transaction");
  CHECKF(!strcmp(jstr(o, "status"), "success"), "status %s", jstr(o, "status"));
  CHECKF(!strcmp(jstr(t, "orderId"), order), "order %s", jstr(t, "orderId"));
  CHECKF(!strcmp(jstr(t, "amount"), amount), "amount %s", jstr(t, "amount"));
  CHECKF(!strcmp(jstr(t, "verification"), "verified"), "verification %s", jstr(t, "verification"));
}

static void wallet_link_add_withdraw_revoke(void) {
  begin("wallet: link (OTP), consult, add money at the wallet page, withdraw, revoke; balances move");
  record rec;
  CHECK_BALANCE("7777777777", "0.00");
  json *o = wallet("C-W-1", "150.00", "7777777777", NULL, NULL, &rec);
  expect_order(o, "C-W-1", "150.00");
  CHECKF(!strcmp(rec.trail, "send_otp,otp,validate_otp,check_balance,wallet,callback,check_balance,withdraw,"
                            "status,done"),
         "trail %s", rec.trail);
  CHECKF(!strcmp(rec.callback_status, "TXN_SUCCESS"), "add-money callback STATUS %s", rec.callback_status);
  CHECK(rec.refused == 0);
  CHECK_BALANCE("7777777777", "0.00"); /* 150 added, 150 withdrawn */
  char token[160];
  snprintf(token, sizeof token, "%s", rec.access_token);
  CHECK(token[0]);
  release(o, &rec);

  /* The token is real: user details name the phone. */
  char params[256];
  snprintf(params, sizeof params, "{\"sessionToken\":\"%s\"}", token);
  long st = 0;
  buf b = {0};
  if (send_built("user_details", params, wallet_creds, &st, &b) == 0) {
    json *u = json_parse(b.p ? b.p : "", b.n);
    const json *m = jget(u, "mobile");
    CHECKF(st == 200 && m && m->t == J_NUM && m->num == 7777777777.0, "user details: HTTP %ld", st);
    json_free(u);
  }
  buf_free(&b);

  /* With the token: no linking; the rich wallet pays at once. */
  o = wallet("C-W-2", "20.00", "7777777777", token, NULL, &rec);
  expect_order(o, "C-W-2", "20.00");
  CHECKF(!strncmp(rec.trail, "check_balance,", 14) && rec.otps_submitted == 0, "trail %s", rec.trail);
  release(o, &rec);
  CHECK_BALANCE("7777777777", "0.00");
  o = wallet("C-W-3", "1234.56", "5558889990", NULL, NULL, &rec);
  expect_order(o, "C-W-3", "1234.56");
  CHECK(rec.wallet_pages == 0);
  release(o, &rec);
  CHECK_BALANCE("5558889990", "3765.44");

  /* Revoked: refused again (404), user details 401, and a session with it fails CS_0002. */
  b = (buf){0};
  CHECK(send_built("revoke_access", params, wallet_creds, &st, &b) == 0 && st == 200);
  buf_free(&b);
  CHECK(send_built("revoke_access", params, wallet_creds, &st, &b) == 0 && st == 404);
  buf_free(&b);
  CHECK(send_built("user_details", params, wallet_creds, &st, &b) == 0 && st == 401);
  buf_free(&b);
  o = wallet("C-W-4", "1.00", "7777777777", token, NULL, &rec);
  CHECKF(o && !strcmp(jstr(o, "status"), "failure"), "status %s", o ? jstr(o, "status") : "(none)");
  CHECKF(o && !strcmp(jstr(jget(o, "failure"), "code"), "CS_0002"), "code %s", jstr(jget(o, "failure"), "code"));
  CHECKF(!strcmp(rec.trail, "check_balance,done"), "trail %s", rec.trail);
  release(o, &rec);
  CHECK_BALANCE("7777777777", "0.00");
  end();
}

static void wallet_cancel_and_wrong_otp(void) {
  begin("wallet: a wrong OTP is asked again; add money cancelled ends insufficient_funds; Rs 1 stays");
  record rec;
  customer c = {0};
  c.oauth_otp_first = "000000";
  c.add_money_decline = 1;
  json *o = wallet("C-W-C1", "5.00", "7777777778", NULL, &c, &rec);
  expect_failure(o, "insufficient_funds", NULL);
  CHECKF(rec.otps_submitted == 2, "%d OTPs typed", rec.otps_submitted);
  CHECKF(rec.wallet_pages >= 1, "%d wallet pages", rec.wallet_pages);
  CHECKF(!strstr(rec.trail, "withdraw"), "trail %s", rec.trail);
  release(o, &rec);
  CHECK_BALANCE("7777777778", "1.00");
  end();
}

/* The merchant's webhook endpoint: a listening socket on loopback. The sandbox pushes from its
 * own thread; the connection waits in the backlog until webhook_next accepts it (within the
 * sandbox's 5 s per attempt). */
/* ------------------------------------------------------------------------------------------ */
/* Issue #21: a subscription end to end */

/* Sends `api` built from `params` with the key; the answer's body.`member`.`key` into out. */
static void ask(const char *api, const char *params, const char *member, const char *key, char *out, size_t n) {
  buf resp = {0};
  long st = 0;
  out[0] = 0;
  json *v = send_built(api, params, creds, &st, &resp) == 0 && resp.p ? json_parse(resp.p, resp.n) : NULL;
  buf_free(&resp);
  const json *b = jget(v, "body");
  snprintf(out, n, "%s", jstr(member ? jget(b, member) : b, key));
  json_free(v);
}

/* The session run until it waits for the host again (`what` names the step in a failure). */
static void run_to_idle(ptm_session *s, const customer *c, record *rec, const char *what) {
  rec->idle = 0;
  json *o = run(s, NULL, c, rec, 100);
  CHECKF(!o && rec->idle, "%s: the session did not wait for the host again", what);
  json_free(o);
}

/* One cycle: a pre-debit notification through the session (`notice`, unless NULL: a declined
 * debit's covers its retry) 24 hours of sandbox time before the debit, then ptm_session_collect
 * and the session run until it waits for the host again. */
static void collect_cycle(ptm_session *s, const char *cycle, const char *order, const char *amount,
                          const char *notice, const customer *c, record *rec) {
  if (notice) {
    const char *date = "10-01-2027", *message = "Gold plan";
    ptm_result pn = ptm_session_pre_notify(s, U(cycle), strlen(cycle), U(amount), strlen(amount), U(date), strlen(date),
                                           U(notice), strlen(notice), U(message), strlen(message), NULL, 0);
    if (pn != PTM_OK) {
      fail_call("ptm_session_pre_notify", pn);
      return;
    }
    run_to_idle(s, c, rec, notice);
    sandbox_advance(24 * HOUR_MS);
    /* The session's clock is its latest next_action's now: it must see the 24 hours pass. */
    run_to_idle(s, c, rec, notice);
  }
  ptm_result r = ptm_session_collect(s, U(cycle), strlen(cycle), U(order), strlen(order), U(amount), strlen(amount));
  if (r != PTM_OK) {
    fail_call("ptm_session_collect", r);
    return;
  }
  run_to_idle(s, c, rec, order);
}

/* The sandbox's record of `order`: its amount and its payment's state ("TXN_SUCCESS",
 * "TXN_FAILURE 227", …), "" if none. */
static void recorded(const json *orders, const char *order, char *amount, char *state, size_t n) {
  amount[0] = state[0] = 0;
  const json *list = jget(orders, "orders");
  for (size_t i = 0; list && list->t == J_ARR && i < list->n; i++) {
    if (strcmp(jstr(list->vals[i], "orderId"), order)) continue;
    snprintf(amount, n, "%s", jstr(list->vals[i], "amount"));
    snprintf(state, n, "%s", jstr(jget(list->vals[i], "txn"), "state"));
  }
}

static void subscription_lifecycle(void) {
  begin("subscription: UPI mandate approved in the UPI app, three renewals (one declined, collected again), cancel");
  char config[1024];
  snprintf(config, sizeof config,
           "{\"environment\":{\"custom\":\"%s\"},\"subscription\":{\"mid\":\"%s\",\"orderId\":\"E2E_C_SUB\","
           "\"websiteName\":\"WEBSTAGING\",\"txnAmount\":{\"value\":\"1.00\",\"currency\":\"INR\"},"
           "\"userInfo\":{\"custId\":\"CUST_C_SUB\"},\"callbackUrl\":\"https://merchant.example/paytm/subscription\","
           "\"subscriptionAmountType\":\"VARIABLE\",\"subscriptionMaxAmount\":\"500.00\",\"subscriptionFrequency\":\"1\","
           "\"subscriptionFrequencyUnit\":\"MONTH\",\"subscriptionExpiryDate\":\"2099-12-10\",\"subscriptionPaymentMode\":\"UPI\"}}",
           base, TEST_MID);
  ptm_session *s = NULL;
  ptm_result r = ptm_session_new(U("subscription"), 12, U(config), strlen(config), creds, &s);
  if (r != PTM_OK) {
    fail_call("ptm_session_new", r);
    end();
    return;
  }
  /* The mandate's VPA declines the first renewal (renewfail1@…, docs/sandbox.md). */
  customer c = {.mandate_order = "E2E_C_SUB", .mandate_vpa = "renewfail1@paytm"};
  record rec;
  memset(&rec, 0, sizeof rec);
  json *o = run(s, NULL, &c, &rec, 100);
  CHECKF(!o && rec.idle, "the mandate did not become active");
  json_free(o);
  CHECKF(!strcmp(rec.trail, "initiate_subscription,process,deep_link,callback,subscription_status"), "trail %s", rec.trail);
  CHECKF(rec.subs_id[0] && rec.refused == 0, "subsId %s, %d refused", rec.subs_id, rec.refused);
  char params[512], state[64];
  snprintf(params, sizeof params, "{\"mid\":\"%s\",\"subsId\":\"%s\"}", TEST_MID, rec.subs_id);
  ask("subscription_status", params, NULL, "status", state, sizeof state);
  CHECKF(!strcmp(state, "ACTIVE"), "status %s", state);

  collect_cycle(s, "2027-01", "E2E_C_REN1", "499.00", "PN_C_1", &c, &rec);
  collect_cycle(s, "2027-01", "E2E_C_REN1B", "499.00", NULL, &c, &rec); /* accepted: REN1 declined */
  collect_cycle(s, "2027-02", "E2E_C_REN2", "250.00", "PN_C_2", &c, &rec);
  collect_cycle(s, "2027-03", "E2E_C_REN3", "500.00", "PN_C_3", &c, &rec);
  /* Never two collections in one cycle: a paid cycle is refused, nothing sent. */
  r = ptm_session_collect(s, U("2027-02"), 7, U("E2E_C_REN2B"), 11, U("250.00"), 6);
  CHECKF(r == PTM_SESSION_STATE, "a second collection of a paid cycle: %s", ptm_result_name(r));
  /* Each debit verified by the signed status of its order; the sandbox's recorded debits. */
  CHECKF(rec.sent[P_STATUS] == 4 && rec.refused == 0, "%d status, %d refused", rec.sent[P_STATUS], rec.refused);
  long st = 0;
  json *orders = get_json("/__admin/orders", &st);
  static const char *want[][3] = {{"E2E_C_REN1", "499.00", "TXN_FAILURE 227"},
                                  {"E2E_C_REN1B", "499.00", "TXN_SUCCESS"},
                                  {"E2E_C_REN2", "250.00", "TXN_SUCCESS"},
                                  {"E2E_C_REN3", "500.00", "TXN_SUCCESS"},
                                  {"E2E_C_REN2B", "", ""}};
  for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
    char amount[32], txn[32];
    recorded(orders, want[i][0], amount, txn, sizeof amount);
    CHECKF(!strcmp(amount, want[i][1]) && !strcmp(txn, want[i][2]), "%s: %s %s", want[i][0], amount, txn);
  }
  json_free(orders);

  /* Cancel: Paytm's verified answer ends the session; the subscription is REJECT. */
  r = ptm_session_cancel(s);
  CHECKF(r == PTM_OK, "ptm_session_cancel: %s", ptm_result_name(r));
  o = run(s, NULL, &c, &rec, 100);
  expect_failure(o, "cancelled", NULL);
  json_free(o);
  ask("subscription_status", params, NULL, "status", state, sizeof state);
  CHECKF(!strcmp(state, "REJECT"), "status after cancel %s", state);
  size_t tn = strlen(rec.trail);
  CHECKF(tn > 24 && !strcmp(rec.trail + tn - 24, "cancel_subscription,done"), "trail %s", rec.trail);
  release(NULL, &rec);
  ptm_session_free(s);
  end();
}

/* ------------------------------------------------------------------------------------------ */
/* Issue #19, continued: webhooks pushed to a socket here */

static int hook_fd = -1;
static char hook_url[128];

static int webhook_listen(void) {
  struct sockaddr_in a = {0};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  hook_fd = socket(AF_INET, SOCK_STREAM, 0);
  socklen_t len = sizeof a;
  if (hook_fd < 0 || bind(hook_fd, (struct sockaddr *)&a, sizeof a) || listen(hook_fd, 16) ||
      getsockname(hook_fd, (struct sockaddr *)&a, &len)) {
    perror("webhook listener");
    return -1;
  }
  snprintf(hook_url, sizeof hook_url, "http://127.0.0.1:%u/paytm/webhook", (unsigned)ntohs(a.sin_port));
  /* This merchant's webhooks go here (docs/sandbox.md: POST /__admin/webhook). */
  char *u = curl_easy_escape(curl, hook_url, 0);
  char url[512];
  snprintf(url, sizeof url, "%s/__admin/webhook?mid=%s&url=%s", base, TEST_MID, u);
  curl_free(u);
  buf b = {0};
  long st = 0;
  int rc = http("POST", url, NULL, NULL, 0, &st, &b);
  buf_free(&b);
  return rc == 0 && st == 200 ? 0 : -1;
}

/* The next webhook body about `order` (its ORDERID field), answered 200; bodies about other
 * orders are answered and dropped. NULL after 10 s. free() it. */
static char *webhook_next(const char *order) {
  char want[160];
  snprintf(want, sizeof want, "ORDERID=%s", order);
  for (;;) {
    struct pollfd p = {hook_fd, POLLIN, 0};
    if (poll(&p, 1, 10000) != 1) return NULL;
    int c = accept(hook_fd, NULL, NULL);
    if (c < 0) return NULL;
    buf in = {0};
    char chunk[4096];
    size_t need = 0, head = 0;
    for (;;) {
      struct pollfd q = {c, POLLIN, 0};
      if (poll(&q, 1, 5000) != 1) break;
      ssize_t n = read(c, chunk, sizeof chunk);
      if (n <= 0) break;
      buf_add(&in, chunk, (size_t)n);
      if (!head) {
        char *e = strstr(in.p, "\r\n\r\n");
        if (e) {
          head = (size_t)(e - in.p) + 4;
          const char *cl = strstr(in.p, "Content-Length:");
          if (!cl) cl = strstr(in.p, "content-length:");
          need = cl && cl < e ? (size_t)strtoul(cl + 15, NULL, 10) : 0;
        }
      }
      if (head && in.n >= head + need) break;
    }
    static const char ok[] = "HTTP/1.1 200 OK\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";
    ssize_t w = write(c, ok, sizeof ok - 1);
    (void)w;
    close(c);
    if (head && in.n >= head + need) {
      char *body = xstrndup(in.p + head, need);
      buf_free(&in);
      /* ORDERID=<order> as a whole field */
      const char *f = strstr(body, want);
      size_t wl = strlen(want);
      if (f && (f == body || f[-1] == '&') && (f[wl] == '&' || f[wl] == 0)) return body;
      free(body);
    } else {
      buf_free(&in);
    }
  }
}

/* ptm_callback_parse with the key: its JSON (json_free it), or NULL with `*res` the refusal. */
static json *parse_hook(const char *body, ptm_result *res) {
  char *text = NULL;
  *res = ptm_callback_parse(U(body), strlen(body), merchant_key, NULL, 0, &text);
  if (*res != PTM_OK) return NULL;
  json *v = json_parse(text, strlen(text));
  ptm_string_free(text);
  return v;
}

static const char *hook_state(const json *cb) { return jstr(jget(cb, "transaction"), "state"); }

static void payment_request(void) {
  begin("payment request: sent, paid at its page, its webhook verified, status reports it (fulfil)");
  ptm_credentials *cr = NULL;
  ptm_result r = ptm_credentials_new(merchant_key, U("C11"), 3, NULL, 0, &cr);
  if (r != PTM_OK) {
    fail_call("ptm_credentials_new", r);
    end();
    return;
  }
  char params[512];
  snprintf(params, sizeof params,
           "{\"head\":{\"channelId\":\"WEB\"},\"mid\":\"%s\",\"merchantOrderId\":\"C_PR_1\",\"amount\":\"55.00\","
           "\"posId\":\"S12_123\",\"userPhoneNo\":\"7777777777\",\"expiry\":\"2099-01-30 12:30:30\"}",
           TEST_MID);
  long st = 0;
  buf b = {0};
  char link[512] = "";
  if (send_built("send_payment_request", params, cr, &st, &b) == 0) {
    char *parsed = NULL;
    r = ptm_response_parse(U("send_payment_request"), 20, (uint32_t)st, U(b.p ? b.p : ""), b.n, merchant_key, NULL, 0, &parsed);
    CHECKF(r == PTM_OK, "send_payment_request answer: %s", ptm_result_name(r));
    json *p = parsed ? json_parse(parsed, strlen(parsed)) : NULL;
    CHECKF(!strcmp(jstr(p, "class"), "success") && !strcmp(jstr(p, "verification"), "verified"), "class %s",
           jstr(p, "class"));
    json_free(p);
    ptm_string_free(parsed);
    json *v = json_parse(b.p ? b.p : "", b.n);
    snprintf(link, sizeof link, "%s", jstr(jget(v, "body"), "sandboxPayLink"));
    json_free(v);
  }
  buf_free(&b);
  ptm_credentials_free(cr);
  CHECKF(!strncmp(link, base, strlen(base)), "pay link %s", link);

  /* The customer's page: Pay. */
  b = (buf){0};
  form page = {0};
  int rc = http("GET", link, NULL, NULL, 0, &st, &b);
  CHECK(rc == 0 && st == 200 && b.p && read_form(b.p, &page) == 0);
  buf_free(&b);
  if (page.action) {
    form_add(&page, "action", "approve");
    buf enc = {0}, resp = {0};
    form_encode(&page, &enc);
    struct curl_slist *h = curl_slist_append(NULL, "Content-Type: application/x-www-form-urlencoded");
    rc = http("POST", page.action, h, enc.p, enc.n, &st, &resp);
    curl_slist_free_all(h);
    CHECKF(rc == 0 && st == 200, "pay: HTTP %ld", st);
    buf_free(&enc);
    buf_free(&resp);
  }
  form_free(&page);

  char *hook = webhook_next("C_PR_1");
  CHECKF(hook != NULL, "no webhook for C_PR_1");
  if (hook) {
    json *cb = parse_hook(hook, &r);
    CHECKF(cb != NULL, "webhook refused: %s", ptm_result_name(r));
    CHECKF(!strcmp(hook_state(cb), "success"), "webhook state %s", hook_state(cb));
    CHECKF(!strcmp(jstr(jget(cb, "transaction"), "amount"), "55.00"), "amount");
    json_free(cb);
    /* Tampered: refused. */
    char *t = strstr(hook, "TXNAMOUNT=55.00");
    CHECK(t != NULL);
    if (t) {
      t[10] = '9';
      CHECK(parse_hook(hook, &r) == NULL && r == PTM_CHECKSUM_MISMATCH);
    }
    free(hook);
  }

  /* Transaction Status reports it; reconciled with our record it may be fulfilled. */
  snprintf(params, sizeof params, "{\"mid\":\"%s\",\"orderId\":\"C_PR_1\"}", TEST_MID);
  b = (buf){0};
  if (send_built("transaction_status", params, creds, &st, &b) == 0) {
    char *parsed = NULL;
    r = ptm_response_parse(U("transaction_status"), 18, (uint32_t)st, U(b.p ? b.p : ""), b.n, merchant_key, NULL, 0, &parsed);
    CHECKF(r == PTM_OK, "status answer: %s", ptm_result_name(r));
    json *p = parsed ? json_parse(parsed, strlen(parsed)) : NULL;
    const json *t = jget(p, "transaction");
    CHECKF(!strcmp(jstr(t, "state"), "success"), "status state %s", jstr(t, "state"));
    CHECKF(!strcmp(jstr(t, "amount"), "55.00"), "status amount %s", jstr(t, "amount"));
    json_free(p);
    /* ptm_reconcile with our record of the order and the answer's "transaction" object, as the
     * parse gave it (its text: from the key to the matching brace). */
    const char *o = parsed ? strstr(parsed, "\"transaction\":{") : NULL;
    size_t len = 0;
    if (o) {
      o += strlen("\"transaction\":");
      int depth = 0, in_str = 0;
      for (const char *q = o; *q; q++) {
        if (in_str) {
          if (*q == '\\' && q[1]) q++;
          else if (*q == '"') in_str = 0;
        } else if (*q == '"') {
          in_str = 1;
        } else if (*q == '{') {
          depth++;
        } else if (*q == '}' && --depth == 0) {
          len = (size_t)(q - o) + 1;
          break;
        }
      }
    }
    CHECKF(len > 0, "no transaction in the status answer");
    if (len) {
      char expected[256];
      snprintf(expected, sizeof expected, "{\"mid\":\"%s\",\"orderId\":\"C_PR_1\",\"amount\":\"55.00\"}", TEST_MID);
      char *verdict = NULL;
      r = ptm_reconcile(U(expected), strlen(expected), U(o), len, &verdict);
      CHECKF(r == PTM_OK && verdict && strstr(verdict, "\"verdict\":\"fulfil\""), "reconcile: %s %s",
             ptm_result_name(r), verdict ? verdict : "");
      ptm_string_free(verdict);
    }
    ptm_string_free(parsed);
  }
  buf_free(&b);
  end();
}

/* A card checkout up to the bank page whose callback form is never posted (the customer closed
 * the page): the result comes by webhook. The session, waiting for the callback, or NULL. */
static ptm_session *paid_at_the_bank(const char *order, const char *amount, record *rec) {
  static const char payment[] =
      "{\"paymentMode\":\"CREDIT_CARD\",\"authMode\":\"otp\",\"cardInfo\":{\"type\":\"new\","
      "\"cardNumber\":\"4111111111111111\",\"cvv\":\"123\",\"expiry\":\"122032\"}}";
  memset(rec, 0, sizeof *rec);
  ptm_session *s = checkout_session(order, amount);
  if (!s) return NULL;
  customer c = {0};
  c.otp = GOOD_OTP;
  c.stop_after_bank = 1;
  json *o = run(s, payment, &c, rec, 50);
  CHECKF(o == NULL && rec->lost_callbacks == 1, "the checkout did not stop at the bank page (%s)", rec->trail);
  json_free(o);
  return s;
}

/* ptm_session_save's text (free() it). */
static char *saved(const ptm_session *s) {
  char *t = NULL;
  ptm_result r = ptm_session_save(s, &t);
  if (r != PTM_OK) {
    fail_call("ptm_session_save", r);
    return xstrndup("", 0);
  }
  char *copy = xstrndup(t, strlen(t));
  ptm_string_free(t);
  return copy;
}

static void feed(ptm_session *s, const char *body, const char *what) {
  ptm_result r = ptm_session_handle_callback(s, U(body), strlen(body), sandbox_now());
  CHECKF(r == PTM_OK, "%s: %s", what, ptm_result_name(r));
}

/* Ends the checkout (the webhook made it check the status) and checks it succeeded. */
static void finish_checkout(ptm_session *s, const char *amount) {
  record rec = {0};
  customer c = {0};
  json *o = run(s, "{}", &c, &rec, 50);
  expect_success(o, amount);
  CHECKF(!strcmp(rec.trail, "status,done"), "trail %s", rec.trail);
  release(o, &rec);
}

/* A validly signed webhook about C_WH_DUP, kept for the next scenario (another order's). */
static char *other_order_hook;

/* A webhook scenario: a card checkout of `order` paid at the bank page whose callback form is
 * never posted, and the first two webhooks the sandbox pushes about it (NULL if none came).
 * `feed` checks the webhooks and feeds them to the session (it may keep one: it sets it to NULL);
 * when it did (it returns 1), finish_checkout ends the checkout in success. */
static void webhook_scenario(const char *name, const char *order, const char *amount,
                             int (*feed_hooks)(ptm_session *s, char *hooks[2])) {
  begin(name);
  record rec;
  ptm_session *s = paid_at_the_bank(order, amount, &rec);
  char *hooks[2];
  for (int i = 0; i < 2; i++) hooks[i] = webhook_next(order); /* in the order they came */
  if (feed_hooks(s, hooks)) finish_checkout(s, amount);
  free(hooks[0]);
  free(hooks[1]);
  release(NULL, &rec);
  ptm_session_free(s);
  end();
}

static int duplicate_fed(ptm_session *s, char *hooks[2]) {
  char *a = hooks[0], *b = hooks[1];
  CHECKF(a && b && !strcmp(a, b), "two identical webhooks");
  other_order_hook = a; /* webhook_out_of_order frees it */
  hooks[0] = NULL;
  if (!(s && a && b)) return 0;
  ptm_result r;
  json *cb = parse_hook(a, &r);
  CHECKF(cb && !strcmp(hook_state(cb), "success"), "webhook: %s", cb ? hook_state(cb) : ptm_result_name(r));
  json_free(cb);
  char *before = saved(s);
  feed(s, a, "the webhook");
  char *after_first = saved(s);
  CHECK(strcmp(before, after_first) != 0); /* news */
  feed(s, b, "its duplicate");
  char *after_dup = saved(s);
  CHECKF(!strcmp(after_first, after_dup), "the duplicate changed the session");
  free(before);
  free(after_first);
  free(after_dup);
  return 1;
}

static int out_of_order_fed(ptm_session *s, char *hooks[2]) {
  char *fin = hooks[0], *stale = hooks[1];
  CHECKF(fin && stale, "two webhooks");
  int fed = s && fin && stale;
  if (fed) {
    ptm_result r;
    json *f = parse_hook(fin, &r), *p = parse_hook(stale, &r);
    /* Both validly signed: the stale one is not refused, it is ignored. */
    CHECKF(f && !strcmp(hook_state(f), "success"), "final: %s", f ? hook_state(f) : "refused");
    CHECKF(p && !strcmp(hook_state(p), "pending"), "stale: %s", p ? hook_state(p) : "refused");
    json_free(f);
    json_free(p);
    feed(s, fin, "the final webhook");
    char *after_final = saved(s);
    feed(s, stale, "the stale webhook");
    char *after_stale = saved(s);
    CHECKF(!strcmp(after_final, after_stale), "the stale PENDING webhook changed the session");
    /* Another order's webhook, validly signed, is refused and changes nothing either. */
    CHECK(other_order_hook != NULL);
    if (other_order_hook) {
      r = ptm_session_handle_callback(s, U(other_order_hook), strlen(other_order_hook), sandbox_now());
      CHECKF(r == PTM_ORDER_MISMATCH, "another order's webhook: %s", ptm_result_name(r));
      char *after_other = saved(s);
      CHECKF(!strcmp(after_final, after_other), "another order's webhook changed the session");
      free(after_other);
    }
    free(after_final);
    free(after_stale);
  }
  free(other_order_hook);
  other_order_hook = NULL;
  return fed;
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
  ptm_result r = ptm_merchant_key_new(U(TEST_KEY), strlen(TEST_KEY), &merchant_key);
  if (r == PTM_OK) r = ptm_credentials_new(merchant_key, NULL, 0, NULL, 0, &creds);
  if (r == PTM_OK)
    r = ptm_credentials_new(merchant_key, U("merchant-sandbox"), 16, U("sandbox-client-secret"), 21, &wallet_creds);
  if (r != PTM_OK) {
    fprintf(stderr, "credentials: %s\n", ptm_result_name(r));
    return 2;
  }

  checkout_scenarios();
  refund();
  wallet_link_add_withdraw_revoke();
  wallet_cancel_and_wrong_otp();
  subscription_lifecycle();
  if (webhook_listen() != 0) {
    fprintf(stderr, "the webhook listener did not start\n");
    return 2;
  }
  payment_request();
  webhook_scenario("webhooks: a duplicate (201.00) fed to the checkout session changes nothing; success",
                   "C_WH_DUP", "201.00", duplicate_fed);
  webhook_scenario("webhooks: out of order (202.00), the stale PENDING after the final one (and another order's) change nothing",
                   "C_WH_OOO", "202.00", out_of_order_fed);

  close(hook_fd);
  ptm_credentials_free(wallet_creds);
  ptm_merchant_key_free(merchant_key);
  ptm_credentials_free(creds);
  curl_easy_cleanup(curl);
  curl_global_cleanup();
  printf("c-e2e: %d passed, %d failed\n", passed, failed_count);
  return failed_count ? 1 : 0;
}

/*
 * A whole Paytm card checkout in C, driven by the library's engine (ptm_session): the host loops
 * on "what next?" and moves bytes; the library decides. See README.md for the build line.
 *
 *   ptm_session_next_action -> {"type":"send",...}             send the request, hand back the reply
 *                            -> {"type":"collect_payment",...} give the customer's card
 *                            -> {"type":"render_bank_form",...} show the bank page (a web view)
 *                            -> {"type":"wait",...}            wait; the callback may arrive
 *                            -> {"type":"done","outcome":...}  fulfil only on "success"
 *
 * The library never does I/O. This example has no HTTP client (none on the build machines):
 * each request's method and URL are printed and it is answered from recorded/ — Paytm's answers for
 * this order, signed with the test key by Paytm's own Python library. A real host sends
 * action.request (method, url, headers, body) with libcurl, OkHttp or URLSession instead; the
 * mapping is in README.md. A real host also parses the action JSON with its JSON library; this
 * one only looks for a few members with strstr.
 *
 * Environment: PAYTM_MERCHANT_KEY (default: the project's test key, which signed recorded/),
 * PAYTM_EXAMPLE_DIR (the directory holding recorded/; default examples/c).
 */
#include "paytm_checkout.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define U(s) ((const uint8_t *)(s))

/* Prints the failing call, the code's text and the library's detailed message; returns 1. */
static int fail(const char *what, ptm_result r) {
  char *detail = NULL;
  fprintf(stderr, "%s failed: %s", what, ptm_result_message(r));
  if (ptm_last_error_message(&detail) == PTM_OK) {
    fprintf(stderr, " (%s)", detail);
    ptm_string_free(detail);
  }
  fprintf(stderr, "\n");
  return 1;
}

/* Reads recorded/NAME into a NUL-terminated malloc'd buffer (the host's job, not the library's). */
static char *recorded(const char *name, size_t *len) {
  const char *dir = getenv("PAYTM_EXAMPLE_DIR");
  char path[1024];
  snprintf(path, sizeof path, "%s/recorded/%s", dir ? dir : "examples/c", name);
  FILE *f = fopen(path, "rb");
  if (!f) {
    perror(path);
    return NULL;
  }
  fseek(f, 0, SEEK_END);
  long n = ftell(f);
  fseek(f, 0, SEEK_SET);
  char *buf = malloc((size_t)n + 1);
  if (buf && fread(buf, 1, (size_t)n, f) != (size_t)n) {
    free(buf);
    buf = NULL;
  }
  fclose(f);
  if (buf) {
    buf[n] = 0;
    *len = (size_t)n;
  }
  return buf;
}

/* Prints the action's request line: method and URL only. The body carries card data for Process
 * Transaction: a host sends it and never logs it. */
static void print_request(const char *name, const char *action) {
  const char *url = strstr(action, "\"url\":\"");
  const char *method = strstr(action, "\"method\":\"");
  if (!url || !method) return;
  url += 7;
  method += 10;
  printf("send %-13s %.*s %.*s\n", name, (int)strcspn(method, "\""), method, (int)strcspn(url, "\""), url);
}

/* True when the action JSON carries "member":"value" (enough for this example's dispatch). */
static int has(const char *json, const char *member, const char *value) {
  char needle[128];
  snprintf(needle, sizeof needle, "\"%s\":\"%s\"", member, value);
  return strstr(json, needle) != NULL;
}

int main(void) {
  const char *key = getenv("PAYTM_MERCHANT_KEY");
  if (!key) key = "PmX#a0x4VpTXRzfK";
  /* The order: what the merchant's server knows (recorded/config.json: MID, order, amount and
   * the Initiate Transaction input). */
  size_t config_len = 0;
  char *config = recorded("config.json", &config_len);
  if (!config) return 1;

  /* 1. The key, then the credentials: the key is copied into zeroizing storage (the caller may
   * wipe its own copy now) and enters the library only here; the credentials keep their own copy
   * of it, so the key handle may be freed once they exist. */
  ptm_merchant_key *merchant_key = NULL;
  ptm_result r = ptm_merchant_key_new(U(key), strlen(key), &merchant_key);
  if (r != PTM_OK) return fail("ptm_merchant_key_new", r);
  ptm_credentials *creds = NULL;
  r = ptm_credentials_new(merchant_key, NULL, 0, NULL, 0, &creds);
  ptm_merchant_key_free(merchant_key);
  if (r != PTM_OK) return fail("ptm_credentials_new", r);

  /* 2. The session: a server-side checkout (it initiates, so it needs the key). */
  ptm_session *s = NULL;
  r = ptm_session_new(U("checkout"), 8, U(config), config_len, creds, &s);
  free(config);
  ptm_credentials_free(creds);
  if (r != PTM_OK) return fail("ptm_session_new", r);

  /* 3. The loop. The clock is the host's: here a simulated one, so the run is reproducible. */
  uint64_t now = 1700000000000ULL;
  int status = 1;
  for (int round = 0; round < 20; round++) {
    char *action = NULL;
    r = ptm_session_next_action(s, now, &action);
    if (r != PTM_OK) {
      status = fail("ptm_session_next_action", r);
      break;
    }
    if (has(action, "type", "send")) {
      /* The request line, then the recorded answer. */
      const char *name = has(action, "purpose", "initiate") ? "initiate.json"
                         : has(action, "purpose", "process") ? "process.json"
                                                             : "status.json";
      print_request(name, action);
      size_t len = 0;
      char *body = recorded(name, &len);
      if (!body) break;
      now += 300; /* the round trip */
      r = ptm_session_handle_response(s, 200, U(body), len, now);
      free(body);
      if (r != PTM_OK) {
        /* A tampered or unusable answer: an error, and the session retries or asks again. */
        fail("ptm_session_handle_response", r);
      }
    } else if (has(action, "type", "collect_payment")) {
      /* The customer's card (never saved by the session; zeroed when released). */
      const char *card = "{\"paymentMode\":\"CREDIT_CARD\",\"authMode\":\"otp\",\"cardInfo\":"
                         "{\"type\":\"new\",\"cardNumber\":\"4111111111111111\",\"cvv\":\"111\","
                         "\"expiry\":\"122032\"}}";
      printf("collect_payment: paying by card\n");
      now += 60000;
      r = ptm_session_pay(s, U(card), strlen(card), now);
      if (r != PTM_OK) {
        status = fail("ptm_session_pay", r);
        ptm_string_free(action);
        break;
      }
    } else if (has(action, "type", "render_bank_form")) {
      /* A real app POSTs form.redirectForm (actionURL + content) in a web view. */
      const char *to = strstr(action, "\"actionURL\":\"");
      printf("render_bank_form: POST the form to %.*s\n", to ? (int)strcspn(to + 13, "\"") : 0, to ? to + 13 : "");
    } else if (has(action, "type", "wait")) {
      /* The customer authenticates at the bank; Paytm then POSTs the callback to callbackUrl,
       * which the merchant's server hands to the session. */
      size_t len = 0;
      char *cb = recorded("callback.txt", &len);
      if (!cb) break;
      now += 120000;
      r = ptm_session_handle_callback(s, U(cb), len, now);
      free(cb);
      printf("callback CHECKSUMHASH: %s\n", r == PTM_OK ? "verified" : ptm_result_message(r));
    } else if (has(action, "type", "done")) {
      printf("done: %s\n", strstr(action, "\"outcome\":"));
      status = has(action, "status", "success") ? 0 : 1;
      printf("%s\n", status == 0 ? "paid, verified with the status API and reconciled: fulfil"
                                 : "not paid: do not fulfil");
      ptm_string_free(action);
      break;
    }
    ptm_string_free(action);
  }

  /* 4. Across an app restart a host would store ptm_session_save's JSON (no secrets in it). */
  char *saved = NULL;
  if (ptm_session_save(s, &saved) == PTM_OK) {
    printf("saved session: %zu bytes, no key, token or card in it\n", strlen(saved));
    ptm_string_free(saved);
  }
  ptm_session_free(s);
  return status;
}

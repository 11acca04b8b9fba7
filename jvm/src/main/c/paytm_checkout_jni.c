/*
 * JNI shim between dev.paytmcheckout.Native (Java) and libpaytm_checkout (the C API of
 * include/paytm_checkout.h). It copies byte arrays in and out, calls one ptm_* function, and turns
 * a ptm_result into a dev.paytmcheckout.PaytmException carrying the code, its stable name and the
 * library's detailed message. Nothing else: no payment rule lives here or in Java.
 *
 * - Text crosses as UTF-8 byte[] both ways, never as jstring: JNI's string functions use
 *   "modified UTF-8", which is not what the library signs (and CheckJNI aborts on some inputs).
 * - Handles travel to Java as jlong; Java's NativeHandle keeps a closed handle from being used.
 * - Secrets (the merchant key, the client secret, card data, OTPs, tokens): JNI's copy of the
 *   array is zeroed before it is released (the caller's own array is the caller's to wipe).
 *
 * Built by scripts/jvm.sh for the host (gcc, linked with the static libpaytm_checkout.a) and, with
 * the Android NDK, per ABI (jvm/android/CMakeLists.txt).
 */
#include <jni.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "paytm_checkout.h"

#define UNUSED __attribute__((unused))
#define NATIVE(ret, name) JNIEXPORT ret JNICALL Java_dev_paytmcheckout_Native_##name
#define H(type, h) ((type *)(intptr_t)(h))

static jclass exception_class;
static jmethodID exception_ctor;

/* Cached once: FindClass from a thread the app attached later would use the system class loader,
 * which does not see the app's classes on Android. */
JNIEXPORT jint JNICALL JNI_OnLoad(JavaVM *vm, void *reserved UNUSED) {
  JNIEnv *env = NULL;
  if ((*vm)->GetEnv(vm, (void **)&env, JNI_VERSION_1_6) != JNI_OK) return JNI_ERR;
  jclass cls = (*env)->FindClass(env, "dev/paytmcheckout/PaytmException");
  if (cls == NULL) return JNI_ERR;
  exception_class = (jclass)(*env)->NewGlobalRef(env, cls);
  (*env)->DeleteLocalRef(env, cls);
  if (exception_class == NULL) return JNI_ERR;
  exception_ctor = (*env)->GetMethodID(env, exception_class, "<init>", "(I[B[B)V");
  if (exception_ctor == NULL) return JNI_ERR;
  return JNI_VERSION_1_6;
}

static jbyteArray bytes_of(JNIEnv *env, const char *s) {
  jsize n = (jsize)strlen(s);
  jbyteArray out = (*env)->NewByteArray(env, n);
  if (out != NULL) (*env)->SetByteArrayRegion(env, out, 0, n, (const jbyte *)s);
  return out;
}

/* Throws PaytmException(code, name, detail) for a failed call; the detail is the thread's last
 * error message (it names fields, never their values or a secret). */
static void throw_result(JNIEnv *env, ptm_result r) {
  char *detail = NULL;
  const char *msg = ptm_result_message(r);
  if (ptm_last_error_message(&detail) == PTM_OK && detail[0] != '\0') msg = detail;
  jbyteArray name = bytes_of(env, ptm_result_name(r));
  jbyteArray text = name == NULL ? NULL : bytes_of(env, msg);
  ptm_string_free(detail);
  if (text == NULL) return; /* OutOfMemoryError pending */
  jobject e = (*env)->NewObject(env, exception_class, exception_ctor, (jint)r, name, text);
  if (e != NULL) (*env)->Throw(env, (jthrowable)e);
}

/* A Java byte[] (or null) as (pointer, length). */
struct bytes {
  jbyteArray array;
  jbyte *ptr;
  size_t len;
  jboolean is_copy;
  int wipe;
};

static int get_bytes(JNIEnv *env, jbyteArray a, int wipe, struct bytes *b) {
  b->array = a;
  b->ptr = NULL;
  b->len = 0;
  b->is_copy = JNI_FALSE;
  b->wipe = wipe;
  if (a == NULL) return 1;
  b->len = (size_t)(*env)->GetArrayLength(env, a);
  if (b->len == 0) return 1;
  b->ptr = (*env)->GetByteArrayElements(env, a, &b->is_copy);
  return b->ptr != NULL;
}

static void release_bytes(JNIEnv *env, struct bytes *b) {
  if (b->ptr == NULL) return;
  if (b->wipe && b->is_copy) memset(b->ptr, 0, b->len);
  (*env)->ReleaseByteArrayElements(env, b->array, b->ptr, JNI_ABORT);
  b->ptr = NULL;
}

/* Takes n arrays in order; on failure (an exception is pending) releases those taken. */
static int get_all(JNIEnv *env, int n, const jbyteArray *arrays, const int *wipe, struct bytes *out) {
  for (int i = 0; i < n; i++) {
    if (!get_bytes(env, arrays[i], wipe[i], &out[i])) {
      while (i-- > 0) release_bytes(env, &out[i]);
      return 0;
    }
  }
  return 1;
}

static void release_all(JNIEnv *env, int n, struct bytes *b) {
  for (int i = 0; i < n; i++) release_bytes(env, &b[i]);
}

/* The string a successful call returned, as UTF-8 bytes (then freed, zeroed, by the library);
 * or the exception of a failed call. */
static jbyteArray result_string(JNIEnv *env, ptm_result r, char *s) {
  if (r != PTM_OK) {
    throw_result(env, r);
    return NULL;
  }
  jbyteArray out = bytes_of(env, s);
  ptm_string_free(s);
  return out;
}

static void result_void(JNIEnv *env, ptm_result r) {
  if (r != PTM_OK) throw_result(env, r);
}

/* The handle a successful constructor returned, as a jlong; or 0 and the exception of a failed one. */
static jlong result_handle(JNIEnv *env, ptm_result r, void *handle) {
  result_void(env, r);
  return r == PTM_OK ? (jlong)(intptr_t)handle : 0;
}

#define B(x) ((const uint8_t *)(x).ptr), (x).len
#define ARRAYS(...) ((jbyteArray[]){__VA_ARGS__})
#define WIPE(...) ((int[]){__VA_ARGS__})

/* The calls that take one or two (pointer, length) inputs, optionally after a key, and give a
 * string: the array(s) in (a's copy zeroed on release when wipe is set), the call, the result. */
typedef ptm_result (*string_of_one_fn)(const uint8_t *, size_t, char **);
typedef ptm_result (*string_of_two_fn)(const uint8_t *, size_t, const uint8_t *, size_t, char **);
typedef ptm_result (*keyed_string_fn)(const ptm_merchant_key *, const uint8_t *, size_t, char **);

static jbyteArray string_of_one(JNIEnv *env, jbyteArray a, int wipe, string_of_one_fn f) {
  struct bytes in;
  if (!get_bytes(env, a, wipe, &in)) return NULL;
  char *out = NULL;
  ptm_result r = f(B(in), &out);
  release_bytes(env, &in);
  return result_string(env, r, out);
}

static jbyteArray string_of_two(JNIEnv *env, jbyteArray a, jbyteArray b, string_of_two_fn f) {
  struct bytes in[2];
  if (!get_all(env, 2, ARRAYS(a, b), WIPE(0, 0), in)) return NULL;
  char *out = NULL;
  ptm_result r = f(B(in[0]), B(in[1]), &out);
  release_all(env, 2, in);
  return result_string(env, r, out);
}

static jbyteArray keyed_string(JNIEnv *env, jlong key, jbyteArray a, int wipe, keyed_string_fn f) {
  struct bytes in;
  if (!get_bytes(env, a, wipe, &in)) return NULL;
  char *out = NULL;
  ptm_result r = f(H(const ptm_merchant_key, key), B(in), &out);
  release_bytes(env, &in);
  return result_string(env, r, out);
}

/* The session calls that take one (pointer, length) input and the time, and give nothing. */
typedef ptm_result (*session_input_fn)(ptm_session *, const uint8_t *, size_t, uint64_t);

static void session_input(JNIEnv *env, jlong session, jbyteArray a, int wipe, jlong now, session_input_fn f) {
  struct bytes in;
  if (!get_bytes(env, a, wipe, &in)) return;
  ptm_result r = f(H(ptm_session, session), B(in), (uint64_t)now);
  release_bytes(env, &in);
  result_void(env, r);
}

/* ---- keys and credentials ------------------------------------------------------------------ */

NATIVE(jlong, keyNew)(JNIEnv *env, jclass cls UNUSED, jbyteArray key) {
  struct bytes k;
  if (!get_bytes(env, key, 1, &k)) return 0;
  ptm_merchant_key *out = NULL;
  ptm_result r = ptm_merchant_key_new(B(k), &out);
  release_bytes(env, &k);
  return result_handle(env, r, out);
}

NATIVE(void, keyFree)(JNIEnv *env UNUSED, jclass cls UNUSED, jlong key) {
  ptm_merchant_key_free(H(ptm_merchant_key, key));
}

NATIVE(jlong, credentialsNew)(JNIEnv *env, jclass cls UNUSED, jlong key, jbyteArray id, jbyteArray secret) {
  struct bytes in[2];
  if (!get_all(env, 2, ARRAYS(id, secret), WIPE(0, 1), in)) return 0;
  ptm_credentials *out = NULL;
  ptm_result r = ptm_credentials_new(H(const ptm_merchant_key, key), B(in[0]), B(in[1]), &out);
  release_all(env, 2, in);
  return result_handle(env, r, out);
}

NATIVE(void, credentialsFree)(JNIEnv *env UNUSED, jclass cls UNUSED, jlong credentials) {
  ptm_credentials_free(H(ptm_credentials, credentials));
}

/* ---- checksums ------------------------------------------------------------------------------ */

/* salt null: a random salt. map: params is a JSON object (map mode). */
NATIVE(jbyteArray, checksumGenerate)(JNIEnv *env, jclass cls UNUSED, jlong key, jbyteArray params,
                                     jbyteArray salt, jboolean map) {
  struct bytes in[2];
  if (!get_all(env, 2, ARRAYS(params, salt), WIPE(0, 0), in)) return NULL;
  const ptm_merchant_key *k = H(const ptm_merchant_key, key);
  char *out = NULL;
  ptm_result r;
  if (salt == NULL)
    r = map ? ptm_checksum_generate_map(k, B(in[0]), &out) : ptm_checksum_generate(k, B(in[0]), &out);
  else
    r = map ? ptm_checksum_generate_map_with_salt(k, B(in[0]), B(in[1]), &out)
            : ptm_checksum_generate_with_salt(k, B(in[0]), B(in[1]), &out);
  release_all(env, 2, in);
  return result_string(env, r, out);
}

NATIVE(jboolean, checksumVerify)(JNIEnv *env, jclass cls UNUSED, jlong key, jbyteArray params,
                                 jbyteArray checksum, jboolean map) {
  struct bytes in[2];
  if (!get_all(env, 2, ARRAYS(params, checksum), WIPE(0, 0), in)) return JNI_FALSE;
  bool valid = false;
  const ptm_merchant_key *k = H(const ptm_merchant_key, key);
  ptm_result r = map ? ptm_checksum_verify_map(k, B(in[0]), B(in[1]), &valid)
                     : ptm_checksum_verify(k, B(in[0]), B(in[1]), &valid);
  release_all(env, 2, in);
  result_void(env, r);
  return r == PTM_OK && valid ? JNI_TRUE : JNI_FALSE;
}

/* 0 when authentic, else the 2xxx code saying why; any other code is thrown (misuse). */
NATIVE(jint, checksumCheck)(JNIEnv *env, jclass cls UNUSED, jlong key, jbyteArray params,
                            jbyteArray checksum, jboolean map) {
  struct bytes in[2];
  if (!get_all(env, 2, ARRAYS(params, checksum), WIPE(0, 0), in)) return 0;
  const ptm_merchant_key *k = H(const ptm_merchant_key, key);
  ptm_result r = map ? ptm_checksum_check_map(k, B(in[0]), B(in[1])) : ptm_checksum_check(k, B(in[0]), B(in[1]));
  release_all(env, 2, in);
  if (r != PTM_OK && (r < 2000 || r >= 3000)) throw_result(env, r);
  return (jint)r;
}

NATIVE(jbyteArray, checksumExplain)(JNIEnv *env, jclass cls UNUSED, jlong key, jbyteArray params,
                                    jbyteArray checksum, jint mode) {
  struct bytes in[2];
  if (!get_all(env, 2, ARRAYS(params, checksum), WIPE(0, 0), in)) return NULL;
  char *out = NULL;
  ptm_result r = ptm_checksum_explain(H(const ptm_merchant_key, key), B(in[0]), B(in[1]), (uint32_t)mode, &out);
  release_all(env, 2, in);
  return result_string(env, r, out);
}

/* joined false: what a map checksum covers (ptm_params_signing_string); true: Paytm's
 * getStringByParams (ptm_params_joined, CHECKSUMHASH kept). */
NATIVE(jbyteArray, paramsString)(JNIEnv *env, jclass cls UNUSED, jbyteArray json, jboolean joined) {
  struct bytes in;
  if (!get_bytes(env, json, 0, &in)) return NULL;
  char *out = NULL;
  ptm_result r = joined ? ptm_params_joined(B(in), &out) : ptm_params_signing_string(B(in), &out);
  release_bytes(env, &in);
  return result_string(env, r, out);
}

NATIVE(jbyteArray, checksumHash)(JNIEnv *env, jclass cls UNUSED, jbyteArray params, jbyteArray salt) {
  return string_of_two(env, params, salt, ptm_checksum_hash);
}

NATIVE(jbyteArray, textEncrypt)(JNIEnv *env, jclass cls UNUSED, jlong key, jbyteArray text) {
  return keyed_string(env, key, text, 1, ptm_text_encrypt);
}

NATIVE(jbyteArray, textDecrypt)(JNIEnv *env, jclass cls UNUSED, jlong key, jbyteArray text) {
  return keyed_string(env, key, text, 0, ptm_text_decrypt);
}

NATIVE(jbyteArray, cardInfoEncode)(JNIEnv *env, jclass cls UNUSED, jbyteArray json) {
  return string_of_one(env, json, 1, ptm_card_info_encode);
}

NATIVE(jbyteArray, doctor)(JNIEnv *env, jclass cls UNUSED, jbyteArray json) {
  return string_of_one(env, json, 1, ptm_doctor); /* may hold the key and the client secret */
}

/* ---- requests, responses, callbacks -------------------------------------------------------- */

NATIVE(jbyteArray, requestBuild)(JNIEnv *env, jclass cls UNUSED, jbyteArray api, jbyteArray params,
                                 jlong credentials, jbyteArray options, jboolean curl) {
  struct bytes in[3]; /* params may hold card data */
  if (!get_all(env, 3, ARRAYS(api, params, options), WIPE(0, 1, 0), in)) return NULL;
  char *out = NULL;
  const ptm_credentials *c = H(const ptm_credentials, credentials);
  ptm_result r = curl ? ptm_request_build_curl(B(in[0]), B(in[1]), c, B(in[2]), &out)
                      : ptm_request_build(B(in[0]), B(in[1]), c, B(in[2]), &out);
  release_all(env, 3, in);
  return result_string(env, r, out);
}

/* 0: ptm_api_names, 1: ptm_response_api_names, 2: ptm_result_code_table_names. */
NATIVE(jbyteArray, names)(JNIEnv *env, jclass cls UNUSED, jint which) {
  char *out = NULL;
  ptm_result r = which == 0   ? ptm_api_names(&out)
                 : which == 1 ? ptm_response_api_names(&out)
                              : ptm_result_code_table_names(&out);
  return result_string(env, r, out);
}

NATIVE(jbyteArray, responseParse)(JNIEnv *env, jclass cls UNUSED, jbyteArray api, jint status,
                                  jbyteArray body, jlong key, jbyteArray options) {
  struct bytes in[3]; /* responses carry tokens */
  if (!get_all(env, 3, ARRAYS(api, body, options), WIPE(0, 1, 0), in)) return NULL;
  char *out = NULL;
  /* A negative jint becomes a huge status, which the library refuses (PTM_RESPONSE_HTTP_STATUS). */
  ptm_result r = ptm_response_parse(B(in[0]), (uint32_t)status, B(in[1]), H(const ptm_merchant_key, key),
                                    B(in[2]), &out);
  release_all(env, 3, in);
  return result_string(env, r, out);
}

NATIVE(jbyteArray, callbackParse)(JNIEnv *env, jclass cls UNUSED, jbyteArray body, jlong key, jbyteArray options) {
  struct bytes in[2];
  if (!get_all(env, 2, ARRAYS(body, options), WIPE(0, 0), in)) return NULL;
  char *out = NULL;
  ptm_result r = ptm_callback_parse(B(in[0]), H(const ptm_merchant_key, key), B(in[1]), &out);
  release_all(env, 2, in);
  return result_string(env, r, out);
}

NATIVE(jbyteArray, reconcile)(JNIEnv *env, jclass cls UNUSED, jbyteArray expected, jbyteArray transaction) {
  return string_of_two(env, expected, transaction, ptm_reconcile);
}

NATIVE(jint, resultCodeClassify)(JNIEnv *env, jclass cls UNUSED, jbyteArray table, jbyteArray code,
                                 jbyteArray status) {
  struct bytes in[3];
  if (!get_all(env, 3, ARRAYS(table, code, status), WIPE(0, 0, 0), in)) return 0;
  enum ptm_result_class out = PTM_CLASS_UNKNOWN;
  ptm_result r = ptm_result_code_classify(B(in[0]), B(in[1]), B(in[2]), &out);
  release_all(env, 3, in);
  result_void(env, r);
  return r == PTM_OK ? (jint)out : 0;
}

/* code null: the whole table (ptm_result_code_table); else one entry (ptm_result_code_lookup). */
NATIVE(jbyteArray, resultCodeLookup)(JNIEnv *env, jclass cls UNUSED, jbyteArray table, jbyteArray code) {
  struct bytes in[2];
  if (!get_all(env, 2, ARRAYS(table, code), WIPE(0, 0), in)) return NULL;
  char *out = NULL;
  ptm_result r = code == NULL ? ptm_result_code_table(B(in[0]), &out) : ptm_result_code_lookup(B(in[0]), B(in[1]), &out);
  release_all(env, 2, in);
  return result_string(env, r, out);
}

NATIVE(jbyteArray, resultName)(JNIEnv *env, jclass cls UNUSED, jint code) {
  return bytes_of(env, ptm_result_name((ptm_result)code));
}

NATIVE(jbyteArray, resultMessage)(JNIEnv *env, jclass cls UNUSED, jint code) {
  return bytes_of(env, ptm_result_message((ptm_result)code));
}

NATIVE(jbyteArray, version)(JNIEnv *env, jclass cls UNUSED) { return bytes_of(env, ptm_version()); }

/* ---- sessions ------------------------------------------------------------------------------- */

NATIVE(jlong, sessionNew)(JNIEnv *env, jclass cls UNUSED, jbyteArray kind, jbyteArray config, jlong credentials) {
  struct bytes in[2];
  if (!get_all(env, 2, ARRAYS(kind, config), WIPE(0, 0), in)) return 0;
  ptm_session *out = NULL;
  ptm_result r = ptm_session_new(B(in[0]), B(in[1]), H(const ptm_credentials, credentials), &out);
  release_all(env, 2, in);
  return result_handle(env, r, out);
}

NATIVE(jlong, sessionRestore)(JNIEnv *env, jclass cls UNUSED, jbyteArray saved, jlong credentials, jbyteArray token) {
  struct bytes in[2];
  if (!get_all(env, 2, ARRAYS(saved, token), WIPE(0, 1), in)) return 0;
  ptm_session *out = NULL;
  ptm_result r = ptm_session_restore(B(in[0]), H(const ptm_credentials, credentials), B(in[1]), &out);
  release_all(env, 2, in);
  return result_handle(env, r, out);
}

NATIVE(void, sessionFree)(JNIEnv *env UNUSED, jclass cls UNUSED, jlong session) {
  ptm_session_free(H(ptm_session, session));
}

/* now_ms: Java checks it is not negative. */
NATIVE(jbyteArray, sessionNextAction)(JNIEnv *env, jclass cls UNUSED, jlong session, jlong now) {
  char *out = NULL;
  ptm_result r = ptm_session_next_action(H(ptm_session, session), (uint64_t)now, &out);
  return result_string(env, r, out);
}

NATIVE(void, sessionHandleResponse)(JNIEnv *env, jclass cls UNUSED, jlong session, jint status, jbyteArray body,
                                    jlong now) {
  struct bytes in;
  if (!get_bytes(env, body, 1, &in)) return;
  ptm_result r = ptm_session_handle_response(H(ptm_session, session), (uint32_t)status, B(in), (uint64_t)now);
  release_bytes(env, &in);
  result_void(env, r);
}

NATIVE(void, sessionHandleSendFailure)(JNIEnv *env, jclass cls UNUSED, jlong session, jlong now) {
  result_void(env, ptm_session_handle_send_failure(H(ptm_session, session), (uint64_t)now));
}

NATIVE(void, sessionHandleCallback)(JNIEnv *env, jclass cls UNUSED, jlong session, jbyteArray body, jlong now) {
  session_input(env, session, body, 0, now, ptm_session_handle_callback);
}

NATIVE(void, sessionPay)(JNIEnv *env, jclass cls UNUSED, jlong session, jbyteArray payment, jlong now) {
  session_input(env, session, payment, 1, now, ptm_session_pay); /* card data */
}

NATIVE(void, sessionSubmitOtp)(JNIEnv *env, jclass cls UNUSED, jlong session, jbyteArray otp, jlong now) {
  session_input(env, session, otp, 1, now, ptm_session_submit_otp);
}

NATIVE(void, sessionRetry)(JNIEnv *env, jclass cls UNUSED, jlong session, jlong now) {
  result_void(env, ptm_session_retry(H(ptm_session, session), (uint64_t)now));
}

NATIVE(void, sessionCollect)(JNIEnv *env, jclass cls UNUSED, jlong session, jbyteArray cycle, jbyteArray order_id,
                             jbyteArray amount) {
  struct bytes in[3];
  if (!get_all(env, 3, ARRAYS(cycle, order_id, amount), WIPE(0, 0, 0), in)) return;
  ptm_result r = ptm_session_collect(H(ptm_session, session), B(in[0]), B(in[1]), B(in[2]));
  release_all(env, 3, in);
  result_void(env, r);
}

NATIVE(void, sessionCancel)(JNIEnv *env, jclass cls UNUSED, jlong session) {
  result_void(env, ptm_session_cancel(H(ptm_session, session)));
}

NATIVE(void, sessionPause)(JNIEnv *env, jclass cls UNUSED, jlong session) {
  result_void(env, ptm_session_pause(H(ptm_session, session)));
}

NATIVE(void, sessionResume)(JNIEnv *env, jclass cls UNUSED, jlong session) {
  result_void(env, ptm_session_resume(H(ptm_session, session)));
}

NATIVE(void, sessionPreNotify)(JNIEnv *env, jclass cls UNUSED, jlong session, jbyteArray cycle, jbyteArray amount,
                               jbyteArray txn_date, jbyteArray reference_id, jbyteArray txn_message,
                               jbyteArray invoice_display_no) {
  struct bytes in[6];
  if (!get_all(env, 6, ARRAYS(cycle, amount, txn_date, reference_id, txn_message, invoice_display_no),
               WIPE(0, 0, 0, 0, 0, 0), in))
    return;
  ptm_result r = ptm_session_pre_notify(H(ptm_session, session), B(in[0]), B(in[1]), B(in[2]), B(in[3]), B(in[4]),
                                        B(in[5]));
  release_all(env, 6, in);
  result_void(env, r);
}

NATIVE(jbyteArray, sessionSave)(JNIEnv *env, jclass cls UNUSED, jlong session) {
  char *out = NULL;
  ptm_result r = ptm_session_save(H(const ptm_session, session), &out);
  return result_string(env, r, out);
}

/*
 * JNI shim between PaytmCheckout.java and libpaytm_checkout: copies byte arrays in and out, turns
 * a ptm_result into a PaytmCheckout$PaytmException carrying the code and the library's detailed
 * message, and nothing else. Handles travel to Java as jlong.
 *
 * Build (scripts/test-c.sh does this; on Android the NDK's clang does the same per ABI):
 *   gcc -shared -fPIC -I$JAVA_HOME/include -I$JAVA_HOME/include/linux -Iinclude \
 *       examples/jni/paytm_checkout_jni.c target/release/libpaytm_checkout.a \
 *       -lm -lpthread -ldl -o libpaytm_checkout_jni.so
 */
#include <jni.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "paytm_checkout.h"

static void throw_result(JNIEnv *env, ptm_result r) {
  char *detail = NULL;
  const char *msg = ptm_result_message(r);
  if (ptm_last_error_message(&detail) == PTM_OK && detail[0] != '\0') msg = detail;
  jclass cls = (*env)->FindClass(env, "PaytmCheckout$PaytmException");
  if (cls != NULL) {
    jmethodID ctor = (*env)->GetMethodID(env, cls, "<init>", "(ILjava/lang/String;)V");
    jstring text = (*env)->NewStringUTF(env, msg); /* library messages are ASCII */
    if (ctor != NULL && text != NULL) {
      jobject e = (*env)->NewObject(env, cls, ctor, (jint)r, text);
      if (e != NULL) (*env)->Throw(env, (jthrowable)e);
    }
  }
  ptm_string_free(detail);
}

/* A Java byte[] (or null) as (pointer, length); release with release_bytes. `wipe` marks a
 * secret: JNI's copy of it is zeroed on release (never the caller's own array, when JNI pinned
 * it). */
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

/* The byte arrays of one call, taken in order: on failure (an exception is pending) those already
 * taken are released and 0 is returned. `wipe` lists which ones are secrets. */
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

/* Hands a library string to Java as UTF-8 bytes and frees it. */
static jbyteArray to_java(JNIEnv *env, char *s) {
  jsize n = (jsize)strlen(s);
  jbyteArray out = (*env)->NewByteArray(env, n);
  if (out != NULL) (*env)->SetByteArrayRegion(env, out, 0, n, (const jbyte *)s);
  ptm_string_free(s);
  return out;
}

#define B(x) ((const uint8_t *)(x).ptr), (x).len

JNIEXPORT jlong JNICALL Java_PaytmCheckout_nativeKeyNew(JNIEnv *env, jclass cls, jbyteArray key) {
  (void)cls;
  struct bytes k;
  if (!get_bytes(env, key, 1, &k)) return 0;
  ptm_merchant_key *out = NULL;
  ptm_result r = ptm_merchant_key_new(B(k), &out);
  release_bytes(env, &k);
  if (r != PTM_OK) {
    throw_result(env, r);
    return 0;
  }
  return (jlong)(intptr_t)out;
}

JNIEXPORT void JNICALL Java_PaytmCheckout_nativeKeyFree(JNIEnv *env, jclass cls, jlong key) {
  (void)env, (void)cls;
  ptm_merchant_key_free((ptm_merchant_key *)(intptr_t)key);
}

JNIEXPORT jbyteArray JNICALL Java_PaytmCheckout_nativeSign(JNIEnv *env, jclass cls, jlong key,
                                                           jbyteArray body) {
  (void)cls;
  struct bytes b;
  if (!get_bytes(env, body, 0, &b)) return NULL;
  char *sum = NULL;
  ptm_result r = ptm_checksum_generate((const ptm_merchant_key *)(intptr_t)key, B(b), &sum);
  release_bytes(env, &b);
  if (r != PTM_OK) {
    throw_result(env, r);
    return NULL;
  }
  return to_java(env, sum);
}

JNIEXPORT jboolean JNICALL Java_PaytmCheckout_nativeVerify(JNIEnv *env, jclass cls, jlong key,
                                                           jbyteArray params, jbyteArray checksum,
                                                           jboolean map) {
  (void)cls;
  struct bytes in[2];
  if (!get_all(env, 2, (jbyteArray[]){params, checksum}, (int[]){0, 0}, in)) return JNI_FALSE;
  bool valid = false;
  const ptm_merchant_key *k = (const ptm_merchant_key *)(intptr_t)key;
  ptm_result r = map ? ptm_checksum_verify_map(k, B(in[0]), B(in[1]), &valid)
                     : ptm_checksum_verify(k, B(in[0]), B(in[1]), &valid);
  release_all(env, 2, in);
  if (r != PTM_OK) {
    throw_result(env, r);
    return JNI_FALSE;
  }
  return valid ? JNI_TRUE : JNI_FALSE;
}

JNIEXPORT jlong JNICALL Java_PaytmCheckout_nativeCredentialsNew(JNIEnv *env, jclass cls, jlong key,
                                                                jbyteArray id, jbyteArray secret) {
  (void)cls;
  struct bytes in[2];
  if (!get_all(env, 2, (jbyteArray[]){id, secret}, (int[]){0, 1}, in)) return 0;
  ptm_credentials *out = NULL;
  /* The credentials copy the key's schedule: the MerchantKey may be closed afterwards. */
  ptm_result r = ptm_credentials_new((const ptm_merchant_key *)(intptr_t)key, B(in[0]), B(in[1]), &out);
  release_all(env, 2, in);
  if (r != PTM_OK) {
    throw_result(env, r);
    return 0;
  }
  return (jlong)(intptr_t)out;
}

JNIEXPORT void JNICALL Java_PaytmCheckout_nativeCredentialsFree(JNIEnv *env, jclass cls,
                                                                jlong credentials) {
  (void)env, (void)cls;
  ptm_credentials_free((ptm_credentials *)(intptr_t)credentials);
}

JNIEXPORT jbyteArray JNICALL Java_PaytmCheckout_nativeBuildRequest(JNIEnv *env, jclass cls,
                                                                   jbyteArray api, jbyteArray params,
                                                                   jlong credentials,
                                                                   jbyteArray options) {
  (void)cls;
  struct bytes in[3]; /* params may hold card data */
  if (!get_all(env, 3, (jbyteArray[]){api, params, options}, (int[]){0, 1, 0}, in)) return NULL;
  char *json = NULL;
  ptm_result r = ptm_request_build(B(in[0]), B(in[1]), (const ptm_credentials *)(intptr_t)credentials,
                                   B(in[2]), &json);
  release_all(env, 3, in);
  if (r != PTM_OK) {
    throw_result(env, r);
    return NULL;
  }
  return to_java(env, json);
}

JNIEXPORT jbyteArray JNICALL Java_PaytmCheckout_nativeParseResponse(JNIEnv *env, jclass cls,
                                                                    jbyteArray api, jint status,
                                                                    jbyteArray body, jlong key,
                                                                    jbyteArray options) {
  (void)cls;
  struct bytes in[3]; /* responses carry tokens */
  if (!get_all(env, 3, (jbyteArray[]){api, body, options}, (int[]){0, 1, 0}, in)) return NULL;
  char *json = NULL;
  /* A negative jint becomes a huge status, which the library refuses (PTM_RESPONSE_HTTP_STATUS). */
  ptm_result r = ptm_response_parse(B(in[0]), (uint32_t)status, B(in[1]),
                                    (const ptm_merchant_key *)(intptr_t)key, B(in[2]), &json);
  release_all(env, 3, in);
  if (r != PTM_OK) {
    throw_result(env, r);
    return NULL;
  }
  return to_java(env, json);
}

JNIEXPORT jbyteArray JNICALL Java_PaytmCheckout_nativeVersion(JNIEnv *env, jclass cls) {
  (void)cls;
  const char *v = ptm_version();
  jsize n = (jsize)strlen(v);
  jbyteArray out = (*env)->NewByteArray(env, n);
  if (out != NULL) (*env)->SetByteArrayRegion(env, out, 0, n, (const jbyte *)v);
  return out;
}

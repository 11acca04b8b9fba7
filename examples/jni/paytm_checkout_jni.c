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

/* A Java byte[] (or null) as (pointer, length); release with release_bytes. */
struct bytes {
  jbyteArray array;
  jbyte *ptr;
  size_t len;
  jboolean is_copy;
};

static int get_bytes(JNIEnv *env, jbyteArray a, struct bytes *b) {
  b->array = a;
  b->ptr = NULL;
  b->len = 0;
  b->is_copy = JNI_FALSE;
  if (a == NULL) return 1;
  b->len = (size_t)(*env)->GetArrayLength(env, a);
  if (b->len == 0) return 1;
  b->ptr = (*env)->GetByteArrayElements(env, a, &b->is_copy);
  return b->ptr != NULL;
}

static void release_bytes(JNIEnv *env, struct bytes *b, int wipe) {
  if (b->ptr == NULL) return;
  /* Wipe JNI's copy of a secret; never the caller's own array (when JNI pinned it). */
  if (wipe && b->is_copy) memset(b->ptr, 0, b->len);
  (*env)->ReleaseByteArrayElements(env, b->array, b->ptr, JNI_ABORT);
  b->ptr = NULL;
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
  if (!get_bytes(env, key, &k)) return 0;
  ptm_merchant_key *out = NULL;
  ptm_result r = ptm_merchant_key_new(B(k), &out);
  release_bytes(env, &k, 1);
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
  if (!get_bytes(env, body, &b)) return NULL;
  char *sum = NULL;
  ptm_result r = ptm_checksum_generate((const ptm_merchant_key *)(intptr_t)key, B(b), &sum);
  release_bytes(env, &b, 0);
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
  struct bytes p, c;
  if (!get_bytes(env, params, &p)) return JNI_FALSE;
  if (!get_bytes(env, checksum, &c)) {
    release_bytes(env, &p, 0);
    return JNI_FALSE;
  }
  bool valid = false;
  const ptm_merchant_key *k = (const ptm_merchant_key *)(intptr_t)key;
  ptm_result r = map ? ptm_checksum_verify_map(k, B(p), B(c), &valid)
                     : ptm_checksum_verify(k, B(p), B(c), &valid);
  release_bytes(env, &p, 0);
  release_bytes(env, &c, 0);
  if (r != PTM_OK) {
    throw_result(env, r);
    return JNI_FALSE;
  }
  return valid ? JNI_TRUE : JNI_FALSE;
}

JNIEXPORT jlong JNICALL Java_PaytmCheckout_nativeCredentialsNew(JNIEnv *env, jclass cls,
                                                                jbyteArray key, jbyteArray id,
                                                                jbyteArray secret) {
  (void)cls;
  struct bytes k, i, s;
  if (!get_bytes(env, key, &k)) return 0;
  if (!get_bytes(env, id, &i)) {
    release_bytes(env, &k, 1);
    return 0;
  }
  if (!get_bytes(env, secret, &s)) {
    release_bytes(env, &k, 1);
    release_bytes(env, &i, 0);
    return 0;
  }
  ptm_credentials *out = NULL;
  ptm_result r = ptm_credentials_new(B(k), B(i), B(s), &out);
  release_bytes(env, &k, 1);
  release_bytes(env, &i, 0);
  release_bytes(env, &s, 1);
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
  struct bytes a, p, o;
  if (!get_bytes(env, api, &a)) return NULL;
  if (!get_bytes(env, params, &p)) {
    release_bytes(env, &a, 0);
    return NULL;
  }
  if (!get_bytes(env, options, &o)) {
    release_bytes(env, &a, 0);
    release_bytes(env, &p, 0);
    return NULL;
  }
  char *json = NULL;
  ptm_result r = ptm_request_build(B(a), B(p), (const ptm_credentials *)(intptr_t)credentials, B(o),
                                   &json);
  release_bytes(env, &a, 0);
  release_bytes(env, &p, 1); /* params may hold card data */
  release_bytes(env, &o, 0);
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
  struct bytes a, b, o;
  if (!get_bytes(env, api, &a)) return NULL;
  if (!get_bytes(env, body, &b)) {
    release_bytes(env, &a, 0);
    return NULL;
  }
  if (!get_bytes(env, options, &o)) {
    release_bytes(env, &a, 0);
    release_bytes(env, &b, 0);
    return NULL;
  }
  char *json = NULL;
  /* A negative jint becomes a huge status, which the library refuses (PTM_RESPONSE_HTTP_STATUS). */
  ptm_result r = ptm_response_parse(B(a), (uint32_t)status, B(b),
                                    (const ptm_merchant_key *)(intptr_t)key, B(o), &json);
  release_bytes(env, &a, 0);
  release_bytes(env, &b, 1); /* responses carry tokens */
  release_bytes(env, &o, 0);
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

#!/usr/bin/env bash
# Builds the JVM library (docs/jvm.md) into target/jvm/:
#
#   scripts/jvm.sh          (make jvm)
#
# target/jvm/
#   paytm-checkout.jar                 dev.paytmcheckout.* (Java 8 bytecode: javac --release 8) and
#                                      the host's JNI library as a resource
#                                      (dev/paytmcheckout/native/linux-x86_64/libpaytm_checkout_jni.so),
#                                      which the classes load when none is on java.library.path
#   libpaytm_checkout_jni.so           the JNI shim (jvm/src/main/c) linked with the static
#                                      libpaytm_checkout.a: one self-contained .so, exporting only
#                                      JNI_OnLoad and the Java_dev_paytmcheckout_* functions
#   android/                           the Android layout: paytm-checkout.jar (classes only: the
#                                      APK carries the .so files), jni/<abi>/ (see below),
#                                      cpp/ (the shim, header and CMakeLists.txt for an NDK build)
#
# Android: jni/<abi>/libpaytm_checkout_jni.so is linked only when an NDK is present
# ($ANDROID_NDK_HOME or $ANDROID_NDK_ROOT) and target/mobile/android/jniLibs/<abi>/libpaytm_checkout.a
# was built (make mobile). Without an NDK there is no C compiler for Android, no bionic to link
# against and no unwinder (the Rust archive needs _Unwind_*, which the NDK's clang links), so the
# layout ships the jar, the shim and the build files, and says so in android/README.txt.
#
# Honours CARGO_TARGET_DIR and JAVA_HOME.
. "$(dirname "$0")/lib.sh" jvm
OUT="$ROOT/target/jvm"
BUILD="$OUT/build"

if [ -z "${JAVA_HOME:-}" ]; then
  command -v javac >/dev/null || die "javac not found (scripts/setup.sh jdk)"
  JAVA_HOME=$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")
fi
for t in javac jar java; do [ -x "$JAVA_HOME/bin/$t" ] || die "$JAVA_HOME/bin/$t not found (scripts/setup.sh jdk)"; done
[ -f "$JAVA_HOME/include/jni.h" ] || die "jni.h not found under JAVA_HOME=$JAVA_HOME"
command -v gcc >/dev/null || die "gcc not found"

say "cargo build --release -p paytm-checkout-ffi (target dir $TARGET)"
CARGO_TARGET_DIR="$TARGET" cargo build --release --locked -q -p paytm-checkout-ffi
[ -f "$LIB/libpaytm_checkout.a" ] || die "$LIB/libpaytm_checkout.a was not built"

rm -rf "$BUILD" "$OUT/android"
mkdir -p "$BUILD/classes" "$OUT"

say "gcc: the JNI shim + libpaytm_checkout.a -> libpaytm_checkout_jni.so"
# --exclude-libs,ALL: the archive's ptm_* symbols stay inside (no clash with another copy of the
# library in the process); --gc-sections drops what no JNI function reaches.
gcc -std=c11 -O2 -Wall -Wextra -Werror -shared -fPIC -fvisibility=hidden \
  -I"$JAVA_HOME/include" -I"$JAVA_HOME/include/linux" -I"$ROOT/include" \
  jvm/src/main/c/paytm_checkout_jni.c "$LIB/libpaytm_checkout.a" \
  -Wl,--exclude-libs,ALL -Wl,--gc-sections -Wl,-z,defs -Wl,-soname,libpaytm_checkout_jni.so -s \
  -lm -lpthread -ldl -o "$OUT/libpaytm_checkout_jni.so"
exported=$(nm -D --defined-only "$OUT/libpaytm_checkout_jni.so" | awk '{print $3}' | grep -v '^Java_dev_paytmcheckout_Native_' || true)
[ "$exported" = JNI_OnLoad ] || die "libpaytm_checkout_jni.so exports more than JNI_OnLoad and Java_*: $exported"

say "javac --release 8: dev.paytmcheckout"
"$JAVA_HOME/bin/javac" --release 8 -Xlint:all -Werror -encoding UTF-8 -d "$BUILD/classes" \
  $(find jvm/src/main/java -name '*.java' | sort)
# The host library as a resource, named by Native.platform() (linux-x86_64 here).
case "$(uname -m)" in x86_64) arch=x86_64 ;; aarch64) arch=aarch64 ;; *) arch=$(uname -m) ;; esac
cp -r "$BUILD/classes" "$BUILD/android-classes"
mkdir -p "$BUILD/classes/dev/paytmcheckout/native/linux-$arch"
cp "$OUT/libpaytm_checkout_jni.so" "$BUILD/classes/dev/paytmcheckout/native/linux-$arch/"
version=$(sed -n 's/^version=//p' jvm/version.properties)
[ -n "$version" ] || die "jvm/version.properties has no version="
# In the jar too: PaytmCheckout.bindingVersion() reads it, and the tests compare it with the library's.
cp jvm/version.properties "$BUILD/classes/dev/paytmcheckout/version.properties"
cp jvm/version.properties "$BUILD/android-classes/dev/paytmcheckout/version.properties"
printf 'Implementation-Title: paytm-checkout\nImplementation-Version: %s\nAutomatic-Module-Name: dev.paytmcheckout\n' \
  "$version" >"$BUILD/manifest.txt"
rm -f "$OUT/paytm-checkout.jar"
"$JAVA_HOME/bin/jar" --create --file "$OUT/paytm-checkout.jar" --manifest "$BUILD/manifest.txt" -C "$BUILD/classes" .

say "Android layout: target/jvm/android/"
A="$OUT/android"
mkdir -p "$A/cpp"
"$JAVA_HOME/bin/jar" --create --file "$A/paytm-checkout.jar" --manifest "$BUILD/manifest.txt" -C "$BUILD/android-classes" .
cp jvm/src/main/c/paytm_checkout_jni.c include/paytm_checkout.h jvm/android/CMakeLists.txt "$A/cpp/"
cp jvm/android/proguard-rules.pro "$A/"
ndk="${ANDROID_NDK_HOME:-${ANDROID_NDK_ROOT:-}}"
linked=()
for pair in arm64-v8a:aarch64-linux-android armeabi-v7a:armv7a-linux-androideabi x86:i686-linux-android x86_64:x86_64-linux-android; do
  abi=${pair%%:*} triple=${pair#*:}
  mkdir -p "$A/jni/$abi"
  archive="$ROOT/target/mobile/android/jniLibs/$abi/libpaytm_checkout.a"
  clang="$ndk/toolchains/llvm/prebuilt/linux-x86_64/bin/${triple}21-clang"
  if [ -n "$ndk" ] && [ -x "$clang" ] && [ -f "$archive" ]; then
    "$clang" -std=c11 -O2 -shared -fPIC -fvisibility=hidden -I"$ROOT/include" \
      jvm/src/main/c/paytm_checkout_jni.c "$archive" \
      -Wl,--exclude-libs,ALL -Wl,--gc-sections -Wl,-z,defs -Wl,-soname,libpaytm_checkout_jni.so -s \
      -ldl -lm -o "$A/jni/$abi/libpaytm_checkout_jni.so"
    linked+=("$abi")
  fi
done
cp jvm/android/README.txt "$A/README.txt"
if [ ${#linked[@]} -eq 4 ]; then
  echo "Linked here with the NDK at $ndk: ${linked[*]}." >>"$A/README.txt"
else
  echo "Not linked here: ${ndk:+the NDK at $ndk was found, but }$([ -n "$ndk" ] || echo "no Android NDK (ANDROID_NDK_HOME); ")linked ABIs: ${linked[*]:-none}. Build them with the NDK as above." >>"$A/README.txt"
fi

for f in "$OUT/paytm-checkout.jar" "$OUT/libpaytm_checkout_jni.so" "$A/paytm-checkout.jar"; do
  printf '%-48s %9d bytes\n' "${f#"$ROOT"/}" "$(stat -c %s "$f")"
done
say "built target/jvm (Android .so files: ${linked[*]:-none, no NDK})"

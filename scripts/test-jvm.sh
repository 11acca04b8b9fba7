#!/usr/bin/env bash
# The JVM suite (docs/jvm.md), on the host JVM:
#
#   scripts/test-jvm.sh          (make test-jvm; `make test` runs it)
#
# 1. scripts/jvm.sh builds target/jvm/paytm-checkout.jar (with the host JNI library inside);
# 2. the tests (jvm/src/test/java) are compiled with javac --release 8 against the jar ALONE
#    (-cp paytm-checkout.jar) and run with no java.library.path, so the jar loads its bundled
#    library: what a Java program that only has the jar sees. They run the shared vectors through
#    PaytmChecksum (String and TreeMap) and MerchantKey, every golden request, every response
#    fixture against its expected.json (and reconcile), the server's map rule, error paths, one
#    key shared by 8 threads and closed under load, then 8 sessions end to end against a
#    paytm-sandbox process over HTTP (HttpURLConnection). The counts are checked.
# 3. once more with -Xcheck:jni (the JVM checks every JNI call of the shim) and the library from
#    java.library.path, without the sandbox;
#    With $PAYTM_JAVA_CHECKSUM_JAR (Paytm's paytmpayments-checksum jar: not on any registry CI
#    reaches; it is in GitHub's paytm/Paytm_JAVA_Checksum) on the classpath, 300 random cases
#    are signed here and verified there, and the reverse, in string and map mode.
# 4. Kotlin: if kotlinc is installed (Debian's `kotlin`), jvm/src/test/kotlin/Usage.kt is
#    compiled against the jar and run; otherwise skipped, and the output says so.
# Honours CARGO_TARGET_DIR and JAVA_HOME. The sandbox is the debug build `cargo test` leaves.
. "$(dirname "$0")/lib.sh" test-jvm
start=$(date +%s)

SANDBOX="$TARGET/debug/paytm-sandbox"
OUT="$ROOT/target/jvm"
BUILD="$OUT/test"
EXPECTED_VECTORS=28
EXPECTED_SCENARIOS=8

if [ -z "${JAVA_HOME:-}" ]; then
  command -v javac >/dev/null || die "javac not found (scripts/setup.sh jdk)"
  JAVA_HOME=$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")
fi
export JAVA_HOME
scripts/jvm.sh
JAR="$OUT/paytm-checkout.jar"

say "javac --release 8 -cp paytm-checkout.jar (nothing else): jvm/src/test/java"
rm -rf "$BUILD"; mkdir -p "$BUILD/classes"
"$JAVA_HOME/bin/javac" --release 8 -Xlint:all -Werror -encoding UTF-8 -cp "$JAR" -d "$BUILD/classes" \
  $(find jvm/src/test/java -name '*.java' | sort)

say "cargo build -p paytm-sandbox (target dir $TARGET)"
CARGO_TARGET_DIR="$TARGET" cargo build --locked -q -p paytm-sandbox
[ -x "$SANDBOX" ] || die "$SANDBOX was not built"
start_sandbox "$SANDBOX" "$BUILD"

say "java -cp paytm-checkout.jar:tests (the library loaded from the jar), sandbox at $BASE"
out="$BUILD/output.txt"
paytm_cp=""
[ -z "${PAYTM_JAVA_CHECKSUM_JAR:-}" ] || paytm_cp=":$PAYTM_JAVA_CHECKSUM_JAR"
if ! "$JAVA_HOME/bin/java" -Dfile.encoding=UTF-8 -cp "$JAR:$BUILD/classes$paytm_cp" dev.paytmcheckout.tests.JvmTests "$ROOT" "$BASE" >"$out" 2>&1; then
  cat "$out"; die "the JVM suite failed"
fi
cat "$out"
stop_sandbox
grep -q "^vectors: $EXPECTED_VECTORS cases " "$out" || die "expected $EXPECTED_VECTORS checksum vectors"
grep -q "^sandbox: $EXPECTED_SCENARIOS scenarios " "$out" || die "expected $EXPECTED_SCENARIOS sandbox scenarios"
grep -q "^jvm: [1-9][0-9]* passed, 0 failed$" "$out" || die "no passing summary line"
for s in 4111111111111111 4000000000000002 4000000000000119 'PmX#a0x4VpTXRzfK'; do
  if grep -qF -- "$s" "$out"; then die "a card number or the merchant key appears in the output"; fi
done

say "again with -Xcheck:jni, the library from java.library.path (no sandbox)"
xout="$BUILD/output-checkjni.txt"
if ! "$JAVA_HOME/bin/java" -Xcheck:jni -Djava.library.path="$OUT" -cp "$JAR:$BUILD/classes" \
    dev.paytmcheckout.tests.JvmTests "$ROOT" >"$xout" 2>&1; then
  cat "$xout"; die "the JVM suite failed under -Xcheck:jni"
fi
# -Xcheck:jni prints warnings (not errors) for JNI misuse; there must be none.
if grep -q "WARNING in native method\|FATAL ERROR in native method" "$xout"; then cat "$xout"; die "-Xcheck:jni found JNI misuse"; fi
grep "^jvm: " "$xout" | sed 's/^/-Xcheck:jni /'
grep -q "^jvm: [1-9][0-9]* passed, 0 failed$" "$xout" || die "-Xcheck:jni: no passing summary line"

kotlin="skipped (no kotlinc: apt-get install kotlin)"
if command -v kotlinc >/dev/null; then
  say "kotlinc: jvm/src/test/kotlin/Usage.kt against the jar"
  mkdir -p "$BUILD/kotlin"
  # AutoCloseable.use is in kotlin-stdlib-jdk7 (Debian: /usr/share/java).
  kt_lib=""
  for j in kotlin-stdlib kotlin-stdlib-jdk7; do
    [ -f "/usr/share/java/$j.jar" ] || die "/usr/share/java/$j.jar not found (Debian's kotlin)"
    kt_lib+=":/usr/share/java/$j.jar"
  done
  if ! kotlinc -jvm-target 1.8 -cp "$JAR$kt_lib" -d "$BUILD/kotlin/usage.jar" jvm/src/test/kotlin/Usage.kt >"$BUILD/kotlinc.log" 2>&1; then
    cat "$BUILD/kotlinc.log"; die "kotlinc failed"
  fi
  "$JAVA_HOME/bin/java" -cp "$JAR:$BUILD/kotlin/usage.jar$kt_lib" UsageKt "$ROOT/tests/vectors/checksum.json" \
    | tee "$BUILD/output-kotlin.txt"
  grep -q "^kotlin: [1-9][0-9]* vectors reproduced$" "$BUILD/output-kotlin.txt" || die "the Kotlin usage failed"
  kotlin="$(sed -n 's/^kotlin: //p' "$BUILD/output-kotlin.txt") ($(kotlinc -version 2>&1 | grep -o 'kotlinc-jvm [^ ]*' | head -1))"
fi

echo "test-jvm: $(grep '^jvm: ' "$out"); -Xcheck:jni: $(grep '^jvm: ' "$xout" | sed 's/^jvm: //'); Kotlin: $kotlin"
echo "test-jvm: jar $(stat -c %s "$JAR") bytes, libpaytm_checkout_jni.so $(stat -c %s "$OUT/libpaytm_checkout_jni.so") bytes; every JVM test passed in $(( $(date +%s) - start )) s"

#!/usr/bin/env bash
# Builds the mobile release artifacts: libpaytm_checkout.a for four Android ABIs and three iOS
# slices, into target/mobile/ (see docs/mobile.md for how apps consume them).
#
#   scripts/mobile.sh                          all seven targets
#   PAYTM_MOBILE_TARGETS="aarch64-linux-android aarch64-apple-ios" scripts/mobile.sh
#
# target/mobile/
#   android/jniLibs/{arm64-v8a,armeabi-v7a,x86_64,x86}/libpaytm_checkout.a   per-ABI static libraries
#   android/include/paytm_checkout.h
#   ios/{ios-arm64,ios-arm64-simulator,ios-x86_64-simulator}/libpaytm_checkout.a
#   ios/include/{paytm_checkout.h,module.modulemap}
#   ios/PaytmCheckout.xcframework/   Info.plist + ios-arm64/ + ios-arm64_x86_64-simulator/ (a fat
#                                    archive made with llvm-lipo), each with Headers/ (header and
#                                    module map). Written by hand: no Xcode here to verify it.
#
# How (see /work/shared/toolchain.md, "Android and iOS static libraries"): a static library needs
# no NDK or Xcode linker. Where rustup has every requested target's standard library, rustup's
# cargo builds them; otherwise (a fresh machine) Debian's rustc-web builds std from rust-web-src
# (RUSTC_BOOTSTRAP=1, -Z build-std) in its own target dir, $PAYTM_MOBILE_TARGET_DIR (target/cross).
#
# Two cargo steps, because `cargo rustc --crate-type` (the only way to ask for a staticlib alone:
# the ffi crate's cdylib would need the NDK's or Xcode's linker) accepts a single --target:
#   1. `cargo build -p paytm-checkout` for all targets in ONE invocation: std and every dependency
#      for all targets share one job queue (both cores busy) and the host proc-macros build once.
#      With the fat-LTO profile below these units are bitcode-only, exactly what step 2 needs, so
#      step 2 finds them fresh.
#   2. `cargo rustc -p paytm-checkout-ffi --crate-type staticlib` per target: the ffi crate, the fat
#      LTO and the code generation (~20 s of CPU each).
# Measured (2 cores shared with other builds, opt-level "z", fat LTO, cgu 1, no backtrace support
# in std): one target ~135-150 s CPU alone; all seven cold 945 s CPU, 1048 s wall (step 1 846 s,
# step 2 7 x ~28 s); warm with nothing changed 2 s (docs/mobile.md has the details). No LTO
# with 16 codegen units was slower (178 s CPU for one target: every std function reaches codegen)
# and its archive 4.5x bigger (21 MB for aarch64-linux-android).
#
# Profile `mobile` (given with --config: the workspace Cargo.toml is not changed): release +
# opt-level "z" + panic "unwind". Unwinding stays ON: every ffi export runs inside catch_unwind
# and turns a panic into PTM_PANIC; with panic=abort a panic would kill the app instead.
# -Z build-std=std,panic_abort builds std with panic_unwind (cargo adds it with std;
# scripts/test-mobile.sh checks it is linked in); -Z build-std-features=panic-unwind leaves out
# std's backtrace symbolizer (addr2line, gimli, object, miniz_oxide), which a release never uses.
#
# Stripped for release (archives only; the final app link strips further):
#   - the embedded LLVM bitcode of the compiler_builtins member (ELF .llvmbc/.llvmcmd, Mach-O
#     __LLVM,__bitcode/__cmdline): dead weight (Xcode 14 dropped bitcode builds);
#   - debug info; on ELF also local symbols no relocation needs (--strip-unneeded). Mach-O keeps
#     its local symbols (-S only): `strip -x` broke linking (ld64.lld crashed on the result) and
#     they delimit the atoms Apple's linker dead-strips by.
# scripts/test-mobile.sh links every stripped archive with lld to prove it still links.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD

ALL_TARGETS="aarch64-linux-android armv7-linux-androideabi x86_64-linux-android i686-linux-android
aarch64-apple-ios aarch64-apple-ios-sim x86_64-apple-ios"
TARGETS=${PAYTM_MOBILE_TARGETS:-$ALL_TARGETS}
TARGET_DIR=${PAYTM_MOBILE_TARGET_DIR:-target/cross}
case "$TARGET_DIR" in /*) ;; *) TARGET_DIR="$ROOT/$TARGET_DIR" ;; esac
OUT=$ROOT/target/mobile
PROFILE=mobile
LIB=libpaytm_checkout.a

say() { printf '\033[1m[mobile]\033[0m %s\n' "$*" >&2; }
die() { printf '\033[1m[mobile] FAILED:\033[0m %s\n' "$*" >&2; exit 1; }

# target triple -> directory in target/mobile
slot() {
  case "$1" in
    aarch64-linux-android) echo android/jniLibs/arm64-v8a ;;
    armv7-linux-androideabi) echo android/jniLibs/armeabi-v7a ;;
    x86_64-linux-android) echo android/jniLibs/x86_64 ;;
    i686-linux-android) echo android/jniLibs/x86 ;;
    aarch64-apple-ios) echo ios/ios-arm64 ;;
    aarch64-apple-ios-sim) echo ios/ios-arm64-simulator ;;
    x86_64-apple-ios) echo ios/ios-x86_64-simulator ;;
    *) return 1 ;;
  esac
}
for t in $TARGETS; do slot "$t" >/dev/null || die "unknown target $t (known: $(echo $ALL_TARGETS))"; done

# The LLVM tools come from Debian's llvm package (scripts/setup.sh apt).
for tool in llvm-objcopy llvm-strip llvm-lipo; do
  command -v "$tool" >/dev/null || command -v "$tool-14" >/dev/null || die "$tool not found (scripts/setup.sh apt)"
done
tool() { if command -v "$1" >/dev/null; then echo "$1"; else echo "$1-14"; fi; }
OBJCOPY=$(tool llvm-objcopy); STRIP=$(tool llvm-strip); LIPO=$(tool llvm-lipo)

PROFILE_CONFIG=(
  --config "profile.$PROFILE.inherits=\"release\""
  --config "profile.$PROFILE.opt-level=\"z\""
  --config "profile.$PROFILE.panic=\"unwind\""
)
# rustup's cargo when it has every target's std (a developer laptop), else Debian's rustc-web.
installed=$(rustup target list --installed 2>/dev/null || true)
route=rustup
for t in $TARGETS; do grep -qx "$t" <<<"$installed" || route=debian; done
if [ "$route" = rustup ]; then
  CARGO=(cargo)
  BUILD_STD=()
  export CARGO_TARGET_DIR="$TARGET_DIR"
else
  [ -x /usr/bin/rustc ] && [ -x /usr/bin/cargo ] && [ -d /usr/lib/rustlib/src/rust/library ] \
    || die "Debian's rustc-web, cargo-web and rust-web-src are needed (scripts/setup.sh apt)"
  CARGO=(/usr/bin/cargo)
  BUILD_STD=(-Z build-std=std,panic_abort -Z build-std-features=panic-unwind)
  export RUSTC_BOOTSTRAP=1 RUSTC=/usr/bin/rustc RUSTDOC=/usr/bin/rustdoc CARGO_TARGET_DIR="$TARGET_DIR"
fi
# Fixed flags: a RUSTFLAGS change would rebuild std for every target.
unset RUSTFLAGS CARGO_ENCODED_RUSTFLAGS

target_args=()
for t in $TARGETS; do target_args+=(--target "$t"); done

start=$(date +%s)
say "step 1: std and dependencies for $(wc -w <<<"$TARGETS") targets ($route route, $TARGET_DIR)"
"${CARGO[@]}" build --locked -p paytm-checkout --profile "$PROFILE" "${PROFILE_CONFIG[@]}" \
  "${target_args[@]}" "${BUILD_STD[@]}"
step1=$(date +%s)
for t in $TARGETS; do
  say "step 2: staticlib for $t"
  "${CARGO[@]}" rustc --locked -p paytm-checkout-ffi --lib --crate-type staticlib \
    --profile "$PROFILE" "${PROFILE_CONFIG[@]}" --target "$t" "${BUILD_STD[@]}"
done
step2=$(date +%s)

# Lay out target/mobile afresh from the built archives.
rm -rf "$OUT"
for t in $TARGETS; do
  src=$TARGET_DIR/$t/$PROFILE/$LIB
  [ -f "$src" ] || die "$src was not built"
  dest=$OUT/$(slot "$t")
  mkdir -p "$dest"
  cp "$src" "$dest/$LIB"
  case "$t" in
    *-apple-*)
      "$OBJCOPY" --remove-section=__LLVM,__bitcode --remove-section=__LLVM,__cmdline "$dest/$LIB"
      "$STRIP" -S "$dest/$LIB" ;;
    *)
      "$OBJCOPY" --remove-section=.llvmbc --remove-section=.llvmcmd "$dest/$LIB"
      "$STRIP" --strip-unneeded "$dest/$LIB" ;;
  esac
done
if [ -d "$OUT/android" ]; then
  mkdir -p "$OUT/android/include"
  cp include/paytm_checkout.h "$OUT/android/include/"
fi
if [ -d "$OUT/ios" ]; then
  mkdir -p "$OUT/ios/include"
  cp include/paytm_checkout.h include/module.modulemap "$OUT/ios/include/"
fi

# The XCFramework: one slice per platform variant, so the two simulator archives become one fat
# archive. Built only when all three iOS slices are there. Info.plist follows what
# `xcodebuild -create-xcframework -library ... -headers ...` writes for static libraries.
if [ -f "$OUT/ios/ios-arm64/$LIB" ] && [ -f "$OUT/ios/ios-arm64-simulator/$LIB" ] \
  && [ -f "$OUT/ios/ios-x86_64-simulator/$LIB" ]; then
  xc=$OUT/ios/PaytmCheckout.xcframework
  mkdir -p "$xc/ios-arm64/Headers" "$xc/ios-arm64_x86_64-simulator/Headers"
  cp "$OUT/ios/ios-arm64/$LIB" "$xc/ios-arm64/$LIB"
  "$LIPO" -create "$OUT/ios/ios-arm64-simulator/$LIB" "$OUT/ios/ios-x86_64-simulator/$LIB" \
    -output "$xc/ios-arm64_x86_64-simulator/$LIB"
  for slice in ios-arm64 ios-arm64_x86_64-simulator; do
    cp include/paytm_checkout.h include/module.modulemap "$xc/$slice/Headers/"
  done
  # One <dict> per slice: identifier, architectures, then an optional platform variant.
  slice_plist() { # identifier "arch ..." [variant]
    printf '\t\t<dict>\n\t\t\t<key>BinaryPath</key>\n\t\t\t<string>%s</string>\n' "$LIB"
    printf '\t\t\t<key>HeadersPath</key>\n\t\t\t<string>Headers</string>\n'
    printf '\t\t\t<key>LibraryIdentifier</key>\n\t\t\t<string>%s</string>\n' "$1"
    printf '\t\t\t<key>LibraryPath</key>\n\t\t\t<string>%s</string>\n' "$LIB"
    printf '\t\t\t<key>SupportedArchitectures</key>\n\t\t\t<array>\n'
    for arch in $2; do printf '\t\t\t\t<string>%s</string>\n' "$arch"; done
    printf '\t\t\t</array>\n\t\t\t<key>SupportedPlatform</key>\n\t\t\t<string>ios</string>\n'
    if [ -n "${3:-}" ]; then
      printf '\t\t\t<key>SupportedPlatformVariant</key>\n\t\t\t<string>%s</string>\n' "$3"
    fi
    printf '\t\t</dict>\n'
  }
  {
    cat <<'PLIST'
<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">
<plist version="1.0">
<dict>
	<key>AvailableLibraries</key>
	<array>
PLIST
    slice_plist ios-arm64 "arm64"
    slice_plist ios-arm64_x86_64-simulator "arm64 x86_64" simulator
    cat <<'PLIST'
	</array>
	<key>CFBundlePackageType</key>
	<string>XFWK</string>
	<key>XCFrameworkFormatVersion</key>
	<string>1.0</string>
</dict>
</plist>
PLIST
  } >"$xc/Info.plist"
fi

for t in $TARGETS; do
  f=$OUT/$(slot "$t")/$LIB
  printf '%-24s %-58s %9d bytes\n' "$t" "${f#"$ROOT"/}" "$(stat -c %s "$f")"
done
say "built in $((step2 - start)) s (step 1 $((step1 - start)) s, step 2 $((step2 - step1)) s) into ${OUT#"$ROOT"/}"

#!/usr/bin/env bash
# Inspects the mobile artifacts that scripts/mobile.sh put in target/mobile/ (run that first;
# `make test-mobile` does). Nothing here can run the code: there is no emulator, device or Xcode.
#
#   scripts/test-mobile.sh
#
# For every archive (the targets in PAYTM_MOBILE_TARGETS, default all seven):
#   1. every member is an object of the right format and architecture (ELF: llvm-objdump -f;
#      Mach-O: the Mach header's cputype and filetype), and on iOS of the right platform: LC_BUILD_VERSION/LC_VERSION_MIN says iOS for the device slice and
#      iOS Simulator for arm64-sim (x86_64 iOS objects carry LC_VERSION_MIN_IPHONEOS; the arch
#      alone marks them as simulator);
#   2. no embedded LLVM bitcode is left (mobile.sh strips it);
#   3. every ptm_* function declared in include/paytm_checkout.h is a defined global symbol
#      (Mach-O: with the leading underscore);
#   4. panic unwinding is linked in (the ffi boundary catches panics): _Unwind_RaiseException is
#      referenced, which only panic_unwind does; with panic=abort it would not be;
#   5. every symbol the archive leaves undefined is in the allowed list below for its platform;
#   6. lld links the archive into a shared library (ld.lld -shared --gc-sections for Android,
#      ld64.lld -dylib -dead_strip for iOS, undefined platform symbols left to the loader), the
#      result exports every ptm_* function, and its size is reported: roughly what the library
#      adds to an app;
# and the archive's size is printed. The XCFramework's Info.plist must parse and name slices that
# exist, with the architectures it claims (llvm-lipo -archs).
#
# No separate `cargo check` per target: mobile.sh compiles core (step 1) and ffi (step 2) for
# every target, which is a superset of what a check would prove and already in the same CI run.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
OUT=$ROOT/target/mobile
LIB=libpaytm_checkout.a
TARGETS=${PAYTM_MOBILE_TARGETS:-"aarch64-linux-android armv7-linux-androideabi x86_64-linux-android
i686-linux-android aarch64-apple-ios aarch64-apple-ios-sim x86_64-apple-ios"}
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

say() { printf '\033[1m[test-mobile]\033[0m %s\n' "$*" >&2; }
fail=0
bad() { printf '\033[1m[test-mobile] FAIL:\033[0m %s\n' "$*" >&2; fail=1; }

tool() { if command -v "$1" >/dev/null; then echo "$1"; elif command -v "$1-14" >/dev/null; then echo "$1-14"; else
  echo "$1 not found (scripts/setup.sh apt installs Debian's llvm and lld)" >&2; exit 1; fi; }
NM=$(tool llvm-nm); OBJDUMP=$(tool llvm-objdump); LIPO=$(tool llvm-lipo); AR=$(tool llvm-ar)
LLD=$(tool ld.lld); LD64=$(tool ld64.lld)

# ---- Allowed undefined symbols -------------------------------------------------------------
# What the archive may leave for the app's link to resolve. Anything new here is a decision
# (a new platform dependency), so the list is explicit, not a pattern. Measured with Rust 1.96.
#
# Android, from bionic libc (every app links it): memory, string, file and thread primitives
# that Rust's std uses, syscall (getrandom(2) for salts and HashMap keys), gettid, getcwd.
ANDROID_LIBC="abort calloc close free getcwd gettid malloc memcmp memcpy memmove memset open poll
posix_memalign read realloc strerror_r strlen syscall write writev __errno
pthread_getspecific pthread_key_create pthread_key_delete pthread_setspecific"
# libdl: std looks up optional libc functions at run time (dlsym) instead of requiring a newer
# Android API level. getauxval (bionic): std_detect reads the CPU's feature bits on aarch64.
ANDROID_DL="dlsym getauxval"
# The unwinder (the NDK's libunwind, linked by its clang driver): panics unwind to the ffi's
# catch_unwind. armv7 uses ARM EHABI (_Unwind_VRS_*, __gnu_unwind_frame) and its division and
# memory helpers (__aeabi_*) come from the NDK's compiler-rt builtins, as for any C code.
UNWIND="_Unwind_Backtrace _Unwind_DeleteException _Unwind_GetDataRelBase _Unwind_GetIP
_Unwind_GetIPInfo _Unwind_GetLanguageSpecificData _Unwind_GetRegionStart _Unwind_GetTextRelBase
_Unwind_RaiseException _Unwind_Resume _Unwind_SetGR _Unwind_SetIP"
ARM_EHABI="_Unwind_VRS_Get _Unwind_VRS_Set __gnu_unwind_frame __aeabi_unwind_cpp_pr0
__aeabi_unwind_cpp_pr1 __aeabi_memclr __aeabi_memclr4 __aeabi_memclr8 __aeabi_memcpy
__aeabi_memcpy4 __aeabi_memcpy8 __aeabi_memmove __aeabi_memmove4 __aeabi_memmove8 __aeabi_memset
__aeabi_memset4 __aeabi_memset8"
# i686: the GOT symbol is defined by every linker for position-independent code.
I686="_GLOBAL_OFFSET_TABLE_"
# iOS, all from libSystem (always linked): libc and pthreads, libdispatch (std's thread parking),
# dyld's thread-local variables (__tlv_*), CommonCrypto's CCRandomGenerateBytes (randomness), and
# libunwind (__Unwind_*, panics).
APPLE_LIBSYSTEM="_abort _bzero _calloc _free _getcwd _malloc _memcmp _memcpy _memmove _memset
_posix_memalign _realloc _strerror_r _strlen _write _writev ___error
_pthread_mutex_destroy _pthread_mutex_init _pthread_mutex_lock _pthread_mutex_trylock
_pthread_mutex_unlock _pthread_mutexattr_destroy _pthread_mutexattr_init _pthread_mutexattr_settype
_pthread_threadid_np _dispatch_release _dispatch_semaphore_create _dispatch_semaphore_signal
_dispatch_semaphore_wait __tlv_atexit __tlv_bootstrap _CCRandomGenerateBytes"
APPLE_UNWIND=$(for s in $UNWIND; do printf '_%s ' "$s"; done)

# target -> dir | ELF: llvm-objdump -f format, Mach-O: cputype | architecture
describe() {
  case "$1" in
    aarch64-linux-android) echo "android/jniLibs/arm64-v8a|elf64-littleaarch64|aarch64" ;;
    armv7-linux-androideabi) echo "android/jniLibs/armeabi-v7a|elf32-littlearm|arm" ;;
    x86_64-linux-android) echo "android/jniLibs/x86_64|elf64-x86-64|x86_64" ;;
    i686-linux-android) echo "android/jniLibs/x86|elf32-i386|i386" ;;
    aarch64-apple-ios) echo "ios/ios-arm64|ARM64|arm64" ;;
    aarch64-apple-ios-sim) echo "ios/ios-arm64-simulator|ARM64|arm64" ;;
    x86_64-apple-ios) echo "ios/ios-x86_64-simulator|X86_64|x86_64" ;;
    *) return 1 ;;
  esac
}
allowed() {
  case "$1" in
    armv7-linux-androideabi) echo $ANDROID_LIBC $ANDROID_DL $UNWIND $ARM_EHABI ;;
    i686-linux-android) echo $ANDROID_LIBC $ANDROID_DL $UNWIND $I686 ;;
    *-android) echo $ANDROID_LIBC $ANDROID_DL $UNWIND ;;
    *-apple-ios*) echo $APPLE_LIBSYSTEM $APPLE_UNWIND ;;
  esac
}

# The ptm_* functions the header declares (comments removed first, declarations may wrap).
python3 - include/paytm_checkout.h >"$WORK/functions" <<'PY'
import re, sys
text = open(sys.argv[1], encoding="utf-8").read()
text = re.sub(r"/\*.*?\*/", "", text, flags=re.S)
text = re.sub(r"//[^\n]*", "", text)
text = re.sub(r"^\s*#[^\n]*", "", text, flags=re.M)
names = sorted(set(re.findall(r"\b(ptm_[A-Za-z0-9_]+)\s*\(", text)))
print("\n".join(names))
PY
nfun=$(wc -l <"$WORK/functions")
[ "$nfun" -ge 20 ] || { echo "only $nfun ptm_* functions found in the header" >&2; exit 1; }
say "$nfun ptm_* functions declared in include/paytm_checkout.h"

checked=0
printf '%-24s %12s %14s  %s\n' target "archive" "linked (lld)" path >"$WORK/sizes"
for t in $TARGETS; do
  IFS='|' read -r dir format arch <<<"$(describe "$t")" || { bad "unknown target $t"; continue; }
  a=$OUT/$dir/$LIB
  if [ ! -f "$a" ]; then bad "$t: $a missing (run make mobile)"; continue; fi
  prefix="" platform="" minos=""; case "$t" in *-apple-*) prefix=_ ;; esac

  # 1. format and architecture of every member.
  members=$("$AR" t "$a")
  nmem=$(wc -l <<<"$members")
  if [ -z "$prefix" ]; then
    "$OBJDUMP" -f "$a" >"$WORK/f" 2>&1 || { cat "$WORK/f" >&2; bad "$t: llvm-objdump -f failed"; continue; }
    nfmt=$(grep -c "file format $format\$" "$WORK/f" || true)
    narch=$(grep -c "^architecture: $arch\$" "$WORK/f" || true)
    [ "$nfmt" = "$nmem" ] && [ "$narch" = "$nmem" ] \
      || bad "$t: $nmem members, $nfmt in format '$format', $narch of architecture '$arch'"
  else
    # Mach-O: llvm-objdump -f (LLVM 14) rejects these objects; the Mach header says it all.
    "$OBJDUMP" --macho --private-headers "$a" >"$WORK/h" 2>&1
    nfmt=$(grep -cE "^ *MH_MAGIC_64 +$format +ALL +0x00 +OBJECT " "$WORK/h" || true)
    [ "$nfmt" = "$nmem" ] || bad "$t: $nfmt of $nmem members are 64-bit Mach-O $format objects"
    case "$t" in
      aarch64-apple-ios)
        n=$(grep -c "cmd LC_VERSION_MIN_IPHONEOS\|platform ios\$" "$WORK/h" || true)
        want="iOS (device)" ;;
      aarch64-apple-ios-sim)
        n=$(grep -c "platform iossimulator\$" "$WORK/h" || true)
        want="iOS Simulator" ;;
      x86_64-apple-ios)
        n=$(grep -c "cmd LC_VERSION_MIN_IPHONEOS\|platform iossimulator\$" "$WORK/h" || true)
        want="iOS (x86_64: simulator)" ;;
    esac
    [ "$n" = "$nmem" ] || bad "$t: $n of $nmem members are built for $want"
    platform=$(grep -m1 -E "platform |cmd LC_VERSION_MIN" "$WORK/h" | awk '{print $2}')
    minos=$(grep -m1 -E "^ +(minos|version) " "$WORK/h" | awk '{print $2}')
  fi

  # 2. no bitcode.
  "$OBJDUMP" -h "$a" >"$WORK/sections" 2>&1
  if grep -qE "\.llvmbc|__bitcode|\.llvmcmd|__cmdline" "$WORK/sections"; then bad "$t: embedded bitcode left"; fi

  # 3. every header function defined and global.
  "$NM" --defined-only --extern-only "$a" 2>/dev/null | awk 'NF==3 && $2 ~ /^[TtDdBbRrSs]$/ {print $3}' \
    | sort -u >"$WORK/defined"
  missing=$(sed "s/^/$prefix/" "$WORK/functions" | sort | comm -23 - "$WORK/defined")
  [ -z "$missing" ] || bad "$t: header functions not defined: $(echo $missing)"
  "$NM" --defined-only "$a" 2>/dev/null | awk 'NF==3 {print $3}' | sort -u >"$WORK/alldefined"

  # 4 and 5. undefined symbols of the archive as a whole (undefined in a member, defined by none).
  # (llvm-nm prints "U name" for ELF and a bare name for Mach-O; member headers end in ':'.)
  "$NM" --undefined-only "$a" 2>/dev/null | awk 'NF>0 && $NF !~ /:$/ {print $NF}' | sort -u \
    | comm -23 - "$WORK/alldefined" >"$WORK/undefined"
  grep -qx "${prefix}_Unwind_RaiseException" "$WORK/undefined" \
    || bad "$t: no reference to _Unwind_RaiseException: panic unwinding is not linked in"
  tr ' ' '\n' <<<"$(allowed "$t")" | grep -v '^$' | sort -u >"$WORK/allowed"
  unexpected=$(comm -23 "$WORK/undefined" "$WORK/allowed")
  [ -z "$unexpected" ] || bad "$t: unexpected undefined symbols: $(echo $unexpected)"

  # 6. it links, and the linked library exports every header function.
  so=$WORK/$t.so
  case "$t" in
    *-android*)
      "$LLD" -shared --gc-sections -o "$so" --whole-archive "$a" 2>"$WORK/ld.log" \
        || { cat "$WORK/ld.log" >&2; bad "$t: ld.lld could not link the archive"; }
      exports="$("$NM" -D --defined-only "$so" 2>/dev/null | awk '{print $NF}')" ;;
    *)
      pv="ios"; [ "$t" = aarch64-apple-ios ] || pv="ios-simulator"
      a64=arm64; [ "$t" = x86_64-apple-ios ] && a64=x86_64
      "$LD64" -arch "$a64" -platform_version "$pv" 14.0 17.0 -dylib -dead_strip \
        -undefined dynamic_lookup -all_load -o "$so" "$a" 2>"$WORK/ld.log" \
        || { cat "$WORK/ld.log" >&2; bad "$t: ld64.lld could not link the archive"; }
      exports="$("$NM" -gU "$so" 2>/dev/null | awk '{print $NF}')" ;;
  esac
  linked=0
  if [ -f "$so" ]; then
    linked=$(stat -c %s "$so")
    sed "s/^/$prefix/" "$WORK/functions" >"$WORK/want"
    nexp=$(grep -cxF -f "$WORK/want" <<<"$exports" || true)
    [ "$nexp" = "$nfun" ] || bad "$t: the linked library exports $nexp of $nfun header functions"
  fi

  size=$(stat -c %s "$a")
  printf '%-24s %12d %14d  %s\n' "$t" "$size" "$linked" "${a#"$ROOT"/}" >>"$WORK/sizes"
  echo "mobile $t: $format $arch${prefix:+ ($platform ${minos:-?})}, $nmem members, $(wc -l <"$WORK/defined") global symbols, $(wc -l <"$WORK/undefined") undefined (all allowed: $([ -z "$unexpected" ] && echo yes || echo NO)), $nfun/$nfun ptm_* defined, links with lld"
  checked=$((checked + 1))
done

# The XCFramework, when all three iOS slices were built.
xc=$OUT/ios/PaytmCheckout.xcframework
if [ -d "$xc" ]; then
  python3 - "$xc" "$LIPO" "$OBJDUMP" <<'PY' || bad "PaytmCheckout.xcframework is not consistent"
import os, plistlib, subprocess, sys
xc, lipo, objdump = sys.argv[1:4]
info = plistlib.load(open(os.path.join(xc, "Info.plist"), "rb"))
assert info["CFBundlePackageType"] == "XFWK", info
libs = info["AvailableLibraries"]
assert {l["LibraryIdentifier"] for l in libs} == {"ios-arm64", "ios-arm64_x86_64-simulator"}, libs
for l in libs:
    d = os.path.join(xc, l["LibraryIdentifier"])
    lib = os.path.join(d, l["LibraryPath"])
    for f in ("paytm_checkout.h", "module.modulemap"):
        assert os.path.isfile(os.path.join(d, l["HeadersPath"], f)), (d, f)
    if open(lib, "rb").read(4) == b"\xca\xfe\xba\xbe":  # universal (fat) archive
        archs = subprocess.run([lipo, "-archs", lib], check=True, capture_output=True, text=True).stdout.split()
    else:  # llvm-lipo 14 crashes on a thin archive: read the members' Mach headers
        out = subprocess.run([objdump, "--macho", "--private-headers", lib], check=True,
                             capture_output=True, text=True).stdout
        archs = sorted({line.split()[1].lower().replace("arm64", "arm64") for line in out.splitlines()
                        if line.strip().startswith("MH_MAGIC_64")})
    assert sorted(archs) == sorted(l["SupportedArchitectures"]), (lib, archs, l["SupportedArchitectures"])
    assert l["SupportedPlatform"] == "ios"
    assert l.get("SupportedPlatformVariant") == ("simulator" if "simulator" in l["LibraryIdentifier"] else None)
    print(f"xcframework {l['LibraryIdentifier']}: {' '.join(archs)}, {os.path.getsize(lib)} bytes, Headers ok")
PY
fi

cat "$WORK/sizes"
[ "$checked" -gt 0 ] || bad "no archive was checked"
[ "$fail" = 0 ] || { echo "test-mobile: FAILED" >&2; exit 1; }
echo "test-mobile: $checked archives passed (format, platform, no bitcode, $nfun ptm_* functions, undefined symbols, lld link)"

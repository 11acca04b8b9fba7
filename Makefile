# The project's verbs. README, CI and people use these and nothing else.
#   make demo     a complete checkout and refund through the engine against the offline sandbox
#   make test     every test in the repo (installs what it needs first)
#   make wasm     build the npm package into wasm/pkg/
#   make header   regenerate include/paytm_checkout.h with cbindgen
#   make bench    criterion benchmarks and the JS benchmark against the official npm module
#   make fuzz     fuzz every parser and decoder for a while (FUZZ_SECONDS per target)
#   make release-check  what a registry would accept: versions agree, crates and npm package pack
#   make mobile   build the Android and iOS static libraries into target/mobile/ (docs/mobile.md)
#   make test-mobile  build them and inspect every archive (format, symbols, links with lld)
#   make python   build the Python wheel (bundles libpaytm_checkout) into target/wheels/ (docs/python.md)
#   make test-python  install the wheel into a fresh virtualenv and run python/tests against it
#   make jvm      build the JVM library into target/jvm/ (jar, JNI library, Android layout; docs/jvm.md)
#
# Every verb installs what it needs first (scripts/setup.sh with the parts its scripts use), so
# each works on a fresh clone; `make lint` checks that none runs a script before its set-up
# (scripts/setup.sh check).
SHELL := bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

export PAYTM_TOOLS ?= $(HOME)/.cache/paytm-checkout
export PATH := $(PAYTM_TOOLS)/bin:$(PATH)
export CARGO_TERM_COLOR ?= never
FUZZ_SECONDS ?= 60

.PHONY: help setup demo test lint release-check test-rust test-interop test-cli header header-check test-c wasm test-js bench fuzz fuzz-smoke clean mobile test-mobile python test-python jvm test-jvm

help:
	@sed -n 's/^#   make /make /p' Makefile

setup:
	@scripts/setup.sh

demo:
	@scripts/setup.sh apt >/dev/null
	@scripts/demo.sh

test: setup
	@start=$$(date +%s); \
	$(MAKE) --no-print-directory lint test-rust test-interop header-check test-c test-jvm wasm test-js test-e2e test-python fuzz-smoke; \
	echo "make test: every suite passed in $$(( $$(date +%s) - start )) s"

lint:
	@# Every verb runs scripts/setup.sh with what its scripts need before running them.
	@scripts/setup.sh check
	@# Every member, fuzz included: cargo fuzz would otherwise update Cargo.lock silently.
	cargo metadata --locked --format-version 1 >/dev/null
	cargo fmt --all -- --check
	cargo clippy --all-targets --locked -- -D warnings
	@# The npm package's two builds compile code the default features leave out.
	cargo clippy -p paytm-checkout-wasm --features web --locked -- -D warnings
	cargo clippy -p paytm-checkout-wasm --features node --locked -- -D warnings
	cargo clippy -p paytm-checkout-wasm --features web-helpers --locked -- -D warnings
	@# Core without its default checkout-helpers (the web build's core).
	cargo clippy -p paytm-checkout --no-default-features --locked -- -D warnings
	@# Core's TypeScript export (feature ts, used by the npm build) compiles code nothing else does.
	cargo clippy -p paytm-checkout --features ts --all-targets --locked -- -D warnings
	@# No crate's modules import each other in a cycle.
	python3 scripts/check-cycles.py core/src ffi/src wasm/src cli/src sandbox/src
	@# The crate's API docs: every intra-doc link resolves.
	RUSTDOCFLAGS="-D warnings" cargo doc --no-deps --locked -p paytm-checkout

test-rust:
	@# sandbox/tests/python_crosscheck.rs runs Paytm's own Python library from the venv.
	@scripts/setup.sh python
	cargo test --locked

test-interop:
	@scripts/setup.sh python
	@scripts/test-interop.sh

header:
	@scripts/setup.sh cbindgen
	@scripts/header.sh

header-check:
	@scripts/setup.sh cbindgen
	@scripts/header.sh --check

test-c:
	@scripts/setup.sh apt python
	@scripts/test-c.sh

# Debian's rust-web-src and wasm-ld, wasm-bindgen, and npm binaryen's wasm-opt (tests/js), without
# which the web build is over its size budget.
wasm:
	@scripts/setup.sh apt wasm-bindgen node
	@scripts/build-wasm.sh

test-js: wasm
	@scripts/setup.sh apt node
	@scripts/test-js.sh

# End-to-end against the offline sandbox: the C library (libcurl host, valgrind), the npm package in
# Node and a card payment in headless Chromium (scripts/test-e2e.sh, docs/sandbox.md).
.PHONY: test-e2e
test-e2e: wasm
	@scripts/setup.sh apt node
	@scripts/test-e2e.sh

# The Python package: a platform wheel with the shared library inside, loaded with ctypes.
python:
	@scripts/setup.sh python
	@scripts/build-python.sh

# The wheel installed into a fresh virtualenv, then python/tests with pytest (the shared vectors,
# sessions, the PaytmChecksum drop-in against PyPI paytmchecksum, a checkout against the sandbox).
test-python:
	@scripts/setup.sh python
	@scripts/test-python.sh

bench: setup wasm
	cargo bench --locked -p paytm-checkout
	@scripts/bench-js.sh
	@scripts/bench-c.sh
	@scripts/setup.sh jdk python
	@scripts/bench-jvm.sh

release-check: wasm
	@scripts/setup.sh node cbindgen
	@scripts/release-check.sh

fuzz:
	@scripts/setup.sh fuzz
	@scripts/fuzz.sh $(FUZZ_SECONDS)

fuzz-smoke:
	@scripts/setup.sh fuzz
	@scripts/fuzz.sh 10

mobile:
	@scripts/setup.sh apt >/dev/null
	@scripts/mobile.sh

test-mobile: mobile
	@scripts/test-mobile.sh

# The JVM library over the C ABI: jar (Java 8), host JNI library, Android layout (docs/jvm.md).
jvm:
	@scripts/setup.sh jdk
	@scripts/jvm.sh

# Its suite on the host JVM, compiled against the jar alone, with checkouts against the sandbox.
test-jvm:
	@scripts/setup.sh jdk
	@scripts/test-jvm.sh

clean:
	cargo clean
	rm -f wasm/pkg/node/paytm_checkout* wasm/pkg/web/paytm_checkout*
	rm -rf tests/js/node_modules

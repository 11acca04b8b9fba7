//! WASM (stub).

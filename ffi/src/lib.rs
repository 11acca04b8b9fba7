//! C ABI (stub).
#[no_mangle]
pub extern "C" fn ptm_stub() -> u32 { paytm_checkout::ErrorCode::Panic.number() }

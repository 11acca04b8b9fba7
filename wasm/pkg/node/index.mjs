// ES module entry for Node: the wasm-bindgen `--target nodejs` glue is CommonJS (it loads the
// .wasm synchronously), so this file re-exports it by name. tests/js checks the two stay equal.
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const cjs = require("./paytm_checkout.js");

export const {
  MerchantKey,
  PaytmChecksum,
  clearKeyCache,
  errorCodes,
  generateChecksum,
  verifyChecksum,
  version,
} = cjs;
export default cjs;

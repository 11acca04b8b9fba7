// ES module entry for Node: the wasm-bindgen `--target nodejs` glue is CommonJS (it loads the
// .wasm synchronously), so this file re-exports every export of it by name (tests/js checks the two
// stay equal, and tests/js/types/usage.ts type-checks each named import).
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const cjs = require("./paytm_checkout.js");

export const {
  MerchantKey,
  PaytmChecksum,
  Session,
  apiNames,
  buildRequest,
  classifyResult,
  clearKeyCache,
  doctor,
  encodeCardInfo,
  errorCodes,
  explain,
  generateChecksum,
  lookupResultCode,
  parseCallback,
  parseResponse,
  reconcile,
  responseApiNames,
  resultCodeTable,
  resultCodeTables,
  verifyChecksum,
  version,
} = cjs;
/** The CommonJS module object, for `import pkg from "paytm-checkout"`; prefer the named exports. */
export default cjs;

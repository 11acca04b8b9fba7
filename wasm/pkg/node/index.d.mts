// Types of node/index.mjs: every named export of the Node build, and the module object as default.
export * from "./paytm_checkout.js";
import * as all from "./paytm_checkout.js";
export default all;

export * from "./paytm_checkout.js";
import * as all from "./paytm_checkout.js";
export default all;

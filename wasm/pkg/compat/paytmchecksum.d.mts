import { PaytmChecksum } from "../node/paytm_checkout.js";
export default PaytmChecksum;

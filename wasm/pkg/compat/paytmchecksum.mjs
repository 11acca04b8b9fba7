// `import PaytmChecksum from "paytm-checkout/paytmchecksum"`.
import { PaytmChecksum } from "../node/index.mjs";
export default PaytmChecksum;

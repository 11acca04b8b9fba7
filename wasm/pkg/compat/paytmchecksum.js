// `const PaytmChecksum = require("paytm-checkout/paytmchecksum")`: the same shape as
// `require("paytmchecksum")` (the class itself is the module).
"use strict";
module.exports = require("../node/paytm_checkout.js").PaytmChecksum;

// Deliberately wrong: scripts/test-js.sh requires `tsc -p types/tsconfig.wrong.json` to FAIL with
// exactly the errors listed in EXPECTED below (one per line marked "error:"), proving the
// package's types are precise and not `any`. Never run.
import { buildRequest, generateChecksum, verifyChecksum, MerchantKey, explain, parseResponse, reconcile } from "paytm-checkout";
import * as web from "paytm-checkout/web";

generateChecksum(42, "PmX#a0x4VpTXRzfK"); // error: a number is not params
const n: number = verifyChecksum({ A: "1" }, "PmX#a0x4VpTXRzfK", "sig"); // error: boolean, not number
new MerchantKey(["k"]); // error: a key is a string or bytes
buildRequest("no_such_api", {}); // error: not an ApiName
explain("x", "PmX#a0x4VpTXRzfK", "sig").verdict.nope; // error: no such member
web.generateChecksum({ A: "1" }, "PmX#a0x4VpTXRzfK"); // error: the web build has no checksum functions
const p = parseResponse("refund_status", 200, "{}");
const s: string = p.data.state; // fine: a RefundState is a string
const t: number = p.transaction; // error: refund_status carries no transaction
parseResponse("withdraw", "200", "{}"); // error: the HTTP status is a number
reconcile({ orderId: "O1", amount: 1 }, { state: "success", verification: "verified" }); // error: amounts are strings
reconcile({ orderId: "O1", amount: "1" }, { state: "paid", verification: "verified" }); // error: not a TxnState
console.log(n, s, t);

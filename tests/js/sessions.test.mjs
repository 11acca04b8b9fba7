// (11) The checkout engine from JS: every scenario of tests/vectors/sessions/scenarios.json
// (responses signed by Paytm's own Python library; the Rust and C runners replay the same file)
// through the Node build's Session class, checking each call's error code and each action's
// expected members; then misuse.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import path from "node:path";
import { ours, ROOT, throwsCoded } from "./helpers.mjs";

const { Session } = ours;
const SCENARIOS = path.join(ROOT, "tests", "vectors", "sessions", "scenarios.json");
/** core/tests/sessions.rs asserts the same number. */
export const EXPECTED_SCENARIOS = 33;
const TEST_KEY = "PmX#a0x4VpTXRzfK";
const SECRETS = [TEST_KEY, "4111111111111111", "f0bed899539742309eebd8", "client-secret-1", "c748d624-d92a", "489871"];

const scenarios = () => JSON.parse(readFileSync(SCENARIOS, "utf8")).scenarios;
const credentialsOf = (s) => s.credentials ?? (s.key === "test" ? { merchantKey: TEST_KEY } : undefined);
const at = (v, p) => p.split(".").reduce((o, k) => (o !== null && typeof o === "object" && k in o ? o[k] : undefined), v);

function step(session, st, sc) {
  switch (st.op) {
    case "next": return session.nextAction(st.now);
    case "respond": return session.handleResponse(st.status, st.body, st.now);
    case "send_failure": return session.handleSendFailure(st.now);
    case "pay": return session.pay(st.payment, st.now);
    case "callback": return session.handleCallback(st.body, st.now);
    case "otp": return session.submitOtp(st.otp, st.now);
    case "retry": return session.retry(st.now);
    default: assert.fail(`${sc.name}: unknown op ${st.op}`);
  }
}

test(`all ${EXPECTED_SCENARIOS} session scenarios through the Session class`, () => {
  const all = scenarios();
  assert.equal(all.length, EXPECTED_SCENARIOS);
  let checks = 0;
  for (const sc of all) {
    let s = new Session(sc.kind, sc.config, credentialsOf(sc));
    sc.steps.forEach((st, i) => {
      const where = `${sc.name} step ${i}`;
      if (st.op === "restart") {
        const saved = s.save();
        for (const secret of SECRETS) assert.ok(!saved.includes(secret), `${where}: saved session holds a secret`);
        s.free();
        s = Session.restore(saved, credentialsOf(sc), st.withToken ? st.token : undefined);
        checks++;
        return;
      }
      if (st.error) {
        throwsCoded(() => step(s, st, sc), st.error);
        checks++;
        return;
      }
      const action = step(s, st, sc);
      for (const [p, want] of Object.entries(st.expect ?? {})) {
        assert.deepEqual(at(action, p), want, `${where}: ${p} in ${JSON.stringify(action)}`);
        checks++;
      }
      if (action !== undefined) assert.equal(Object.getPrototypeOf(action), Object.prototype, `${where}: a plain object`);
      checks++;
    });
    s.free();
  }
  assert.ok(checks > 700, `${checks} checks`);
});

test("sessions: bad arguments are coded errors, never crashes", () => {
  const sc = scenarios()[0];
  throwsCoded(() => new Session("nope", sc.config, credentialsOf(sc)), "INVALID_ARGUMENT");
  throwsCoded(() => new Session(sc.kind, sc.config), "INVALID_CREDENTIALS");
  throwsCoded(() => new Session(sc.kind, 42, credentialsOf(sc)), "INVALID_ARGUMENT");
  throwsCoded(() => new Session(sc.kind, "{", credentialsOf(sc)));
  const s = new Session(sc.kind, JSON.stringify(sc.config), credentialsOf(sc));
  for (const now of [-1, 1.5, NaN, Infinity, 2 ** 60]) throwsCoded(() => s.nextAction(now), "INVALID_ARGUMENT");
  throwsCoded(() => s.handleResponse(200, "{}", 0), "SESSION_STATE");
  throwsCoded(() => s.handleResponse(70000, "{}", 0), "RESPONSE_HTTP_STATUS");
  throwsCoded(() => s.handleResponse(200, 5, 0), "INVALID_ARGUMENT");
  throwsCoded(() => s.retry(0), "SESSION_STATE");
  throwsCoded(() => s.submitOtp("1234", 0), "SESSION_STATE");
  throwsCoded(() => s.pay({ paymentMode: "BALANCE" }, 0), "SESSION_STATE");
  throwsCoded(() => Session.restore("{}", credentialsOf(sc)), "SESSION_RESTORE");
  throwsCoded(() => Session.restore(17), "INVALID_ARGUMENT");
  assert.equal(s.nextAction(0).type, "send");
  s.handleSendFailure(1);
  assert.equal(s.nextAction(2).type, "wait");
  s.free();
});

"""A Python host for the end-to-end tests (tests/e2e/host.mjs's, in Python, with urllib): it
sends each request exactly as the engine built it, takes `now` from the sandbox's clock, serves
a `Wait` by advancing that clock, and plays the customer at the bank page and in the UPI app."""

import html
import json
import re
import urllib.error
import urllib.parse
import urllib.request

from paytm_checkout import CollectOtp, CollectPayment, Done, OpenDeepLink, OpenForm, PaytmError, RenderBankForm, Send, Wait

GOOD_OTP = "123456"
OAUTH_OTP = "489871"


class Host:
    def __init__(self, base):
        self.base = base.rstrip("/")
        self.steps = []

    def _open(self, method, url, headers=(), body=None):
        req = urllib.request.Request(url, data=body, method=method, headers=dict(headers))
        try:
            with urllib.request.urlopen(req, timeout=30) as r:
                return r.status, r.read()
        except urllib.error.HTTPError as e:
            return e.code, e.read()

    def admin(self, method, path):
        status, body = self._open(method, self.base + path)
        assert status == 200, (path, status, body)
        return json.loads(body)

    def now(self):
        return self.admin("GET", "/__admin/clock")["now"]

    def advance(self, ms):
        return self.admin("POST", "/__admin/advance?ms=%d" % ms)["now"]

    def post_form(self, url, fields):
        status, body = self._open("POST", url, [("Content-Type", "application/x-www-form-urlencoded")],
                                  urllib.parse.urlencode(fields).encode())
        return status, body.decode("utf-8")

    def send_for(self, session, action):
        req = action.request
        try:
            status, body = self._open(req.method, req.url, req.headers, req.body_bytes if req.body else None)
        except OSError as e:
            self.steps.append(("send_failed", action.purpose, str(e)))
            session.handle_send_failure(self.now())
            return
        self.steps.append(("sent", action.purpose, status))
        try:
            session.handle_response(status, body, self.now())
        except PaytmError as e:
            self.steps.append(("refused", action.purpose, e.name))

    def callback(self, session, form):
        action, fields = form
        self.steps.append(("callback", dict(fields)))
        try:
            session.handle_callback(urllib.parse.urlencode(fields), self.now())
        except PaytmError as e:
            self.steps.append(("refused", "callback", e.name))

    def bank_page(self, form, otp):
        rf = form["redirectForm"]
        status, page = self.post_form(rf["actionURL"], [(k, str(v)) for k, v in (rf.get("content") or {}).items()])
        assert status == 200, page
        action, fields = read_form(page)
        self.steps.append(("bank_page", rf["actionURL"]))
        status, page = self.post_form(action, fields + [("otp", otp)])
        assert status == 200, page
        return read_form(page)

    def upi_app(self, link, approve=True):
        tr = urllib.parse.parse_qs(link.split("?", 1)[1])["tr"][0]
        status, page = self.post_form(self.base + "/sandbox/upi/pay", [("tr", tr), ("action", "approve" if approve else "decline")])
        assert status == 200, page
        return read_form(page)

    def run(self, session, payment=None, otp=GOOD_OTP, max_actions=500):
        for _ in range(max_actions):
            now = self.now()
            a = session.next_action(now)
            if isinstance(a, Send):
                self.send_for(session, a)
            elif isinstance(a, CollectPayment):
                session.pay(payment, now)
                self.steps.append(("paid", payment["paymentMode"]))
            elif isinstance(a, RenderBankForm):
                self.callback(session, self.bank_page(a.form, otp))
            elif isinstance(a, OpenDeepLink):
                self.steps.append(("deep_link", a.url))
                self.callback(session, self.upi_app(a.url))
            elif isinstance(a, CollectOtp):
                session.submit_otp(OAUTH_OTP, now)
                self.steps.append(("otp_submitted",))
            elif isinstance(a, OpenForm):
                self.callback(session, self.wallet_page(a))
            elif isinstance(a, Wait):
                assert a.until is not None, "the session waits for a reply, but none is outstanding"
                self.advance(max(a.until - now, 1))
                self.steps.append(("waited", a.reason))
            elif isinstance(a, Done):
                self.steps.append(("done", a.outcome.status))
                return a.outcome
            else:
                raise AssertionError("unexpected action %r" % (a,))
        raise AssertionError("the session did not end")

    def wallet_page(self, form, approve=True):
        """Add Money: the signed form -> the wallet page -> approve -> the callback form."""
        status, page = self.post_form(form.action, form.fields)
        assert status == 200, page
        _, fields = read_form(page)
        self.steps.append(("wallet_page", form.action))
        status, page = self.post_form(self.base + "/sandbox/wallet/add-money", fields + [("action", "approve" if approve else "decline")])
        assert status == 200, page
        return read_form(page)

    def kinds(self):
        return [s[1] if s[0] == "sent" else s[0] for s in self.steps]


def read_form(page):
    """The first form of a sandbox page: (action, [(name, value)...]) of its hidden inputs."""
    m = re.search(r"<form [^>]*>.*?</form>", page, re.S)
    assert m, "no form in the page"
    form = m.group(0)
    action = html.unescape(re.search(r' action="([^"]*)"', form).group(1))
    fields = []
    for tag in re.findall(r'<input type="hidden"[^>]*>', form):
        name = re.search(r' name="([^"]*)"', tag).group(1)
        value = re.search(r' value="([^"]*)"', tag).group(1)
        fields.append((html.unescape(name), html.unescape(value)))
    return action, fields


def checkout_config(base, order_id, amount, mid):
    return {
        "environment": {"custom": base}, "mid": mid, "orderId": order_id, "amount": amount,
        "initiate": {"mid": mid, "orderId": order_id, "websiteName": "WEBSTAGING",
                     "txnAmount": {"value": amount, "currency": "INR"}, "userInfo": {"custId": "CUST_001"},
                     "callbackUrl": "https://merchant.example/paytm/callback"},
    }


def card(number, cvv="123"):
    return {"paymentMode": "CREDIT_CARD", "authMode": "otp",
            "cardInfo": {"type": "new", "cardNumber": number, "cvv": cvv, "expiry": "122032"}}

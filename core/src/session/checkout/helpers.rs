//! The native helpers inside the payment step, shared by both halves: a UPI collect payment's
//! VPA is checked with Validate VPA ([`crate::api::native::ValidateVpa`]) before Process
//! Transaction goes out.
//!
//! Rules (money safety: only a verified answer about *this* VPA lets the payment go):
//! - `pay` with `paymentMode: "UPI"` and a `payerAccount` keeps the request and sends
//!   [`Purpose::ValidateVpa`] first; Process Transaction goes out only after a success whose
//!   `valid` is `true` and whose `vpa` is the one paid with;
//! - an answer naming another VPA is [`ErrorCode::OrderMismatch`] and changes nothing (the
//!   check is still out);
//! - Paytm calling the VPA invalid ends that attempt: the session collects the payment again,
//!   `retryOf` saying why (`INVALID_VPA`); an answer that does not read (garbled, an outage, a
//!   success without `vpa`) ends the attempt too (`VPA_UNVERIFIED`) and is returned as an error;
//! - a check that got no response is sent again; a save never holds the prepared request (card
//!   or VPA data), so a session restored while the check was out collects the payment again.

use super::step::Payment;
use crate::api::native::{Checkout, ValidateVpa};
use crate::error::{Error, ErrorCode, Result};
use crate::http::{Environment, HttpRequest};
use crate::input::Json;
use crate::response::NativeResponse;
use crate::result_codes::ResultClass;
use crate::session::action::{state_error, Action, Failure, InFlight, Purpose};
use crate::types::{Mid, OrderId};

fn failure(code: &str, message: &str) -> Option<Failure> {
    Some(Failure {
        code: Some(code.to_owned()),
        message: Some(message.to_owned()),
    })
}

impl Payment {
    /// The request the payment step sends now, if `pay` prepared one: the VPA check while one
    /// is due, else Process Transaction (the payment is then under way).
    pub fn next_request(
        &mut self,
        (env, mid, order_id): (&Environment, &Mid, &OrderId),
        now: u64,
    ) -> Result<Option<Action>> {
        if self.prepared.is_none() {
            return Ok(None);
        }
        if let Some(vpa) = self.vpa_check.clone() {
            let token = self
                .token
                .clone()
                .ok_or_else(|| state_error("pay: the txnToken was not restored"))?;
            let check = ValidateVpa {
                checkout: Checkout::new(token, mid.clone(), order_id.clone()),
                vpa: Some(vpa),
                numeric_id: None,
            };
            let request: HttpRequest = check.build(env)?;
            return Ok(Some(self.send(Purpose::ValidateVpa, request, now)));
        }
        Ok(self
            .take_prepared(now)
            .map(|request| self.send(Purpose::Process, request, now)))
    }

    /// The attempt `pay` prepared ends before any money moved: the payment is collected again.
    fn drop_attempt(&mut self, why: Option<Failure>) {
        self.prepared = None;
        self.vpa_check = None;
        self.last_failure = why;
    }

    /// The answer to the VPA check `sent`, whose JSON text `parse` reads (see the module docs).
    pub fn on_vpa(
        &mut self,
        sent: InFlight,
        http_status: u16,
        body: &[u8],
        parse: impl FnOnce(&str) -> Result<Json>,
    ) -> Result<()> {
        let Some(vpa) = self.vpa_check.clone() else {
            return Err(state_error("validate_vpa: no VPA check is due (a bug)"));
        };
        let parsed = crate::response::native_keyless("validate_vpa", http_status, body, parse);
        let (class, r) = match parsed {
            Ok((_, class, NativeResponse::Vpa(r))) => (class, r),
            Ok(_) => return Err(state_error("validate_vpa: unexpected answer type (a bug)")),
            Err(e) => {
                self.drop_attempt(failure(
                    "VPA_UNVERIFIED",
                    "the VPA could not be checked; pay again",
                ));
                return Err(e);
            }
        };
        match r.vpa.as_deref() {
            Some(v) if !v.eq_ignore_ascii_case(vpa.as_str()) => {
                // About another VPA: not this check's answer, which is still awaited.
                self.in_flight = Some(sent);
                return Err(Error::with_message(
                    ErrorCode::OrderMismatch,
                    "validate_vpa: the answer is about another VPA",
                ));
            }
            None if class == ResultClass::Success => {
                self.drop_attempt(failure(
                    "VPA_UNVERIFIED",
                    "the VPA could not be checked; pay again",
                ));
                return Err(Error::with_message(
                    ErrorCode::ResponseMalformed,
                    "validate_vpa: a success answer without vpa",
                ));
            }
            _ => {}
        }
        match (class, r.valid) {
            (ResultClass::Success, Some(true)) => self.vpa_check = None,
            (_, Some(false)) => {
                self.drop_attempt(failure("INVALID_VPA", "the UPI id is not valid; pay again"))
            }
            _ => {
                // Paytm did not say (a refusal of the request, a system error): Paytm's words.
                let message = r.result_info.result_msg.as_deref().map(str::to_owned);
                self.drop_attempt(Some(Failure {
                    code: Some("VPA_UNVERIFIED".to_owned()),
                    message: message.or(Some("the VPA could not be checked; pay again".into())),
                }));
            }
        }
        Ok(())
    }
}

//! Fieldless enums that travel as one of a fixed list of names (`"credit_card"`, `"success"`):
//! the enum and its names are declared once, in [`named!`], and every reading and writing uses them — serde's
//! `Serialize` and `Deserialize`, and the JSON-tree readers of [`crate::input`] (the
//! [`Named::ALL`] table is what `Obj::choice` takes), and with feature `ts` the TypeScript union
//! of the npm package's `.d.ts` (`ts.rs`). No second list can drift.
//!
//! Why not `#[derive(Serialize, Deserialize)]`: a derived `Serialize` writes each name at its own
//! call site into the serializer (0.2–0.6 KB per enum in the npm package's browser build, ~5 KB
//! over the enums it links, measured 2026-11-22); here a name is a table lookup and one call.

use serde::de::{self, Deserializer, Visitor};

/// A fieldless enum and its names (see the [module docs](self)).
pub trait Named: Copy + Sized + 'static {
    /// Every variant with its name, in declaration order.
    const ALL: &'static [(&'static str, Self)];
    /// Every name, in the same order (for serde's "expected one of" messages).
    const NAMES: &'static [&'static str];
    /// The variant's name.
    fn name(self) -> &'static str;
    /// The variant of a name, if it is one.
    fn from_name(name: &str) -> Option<Self> {
        Self::ALL.iter().find(|(n, _)| *n == name).map(|(_, v)| *v)
    }
}

/// `Deserialize` for a [`Named`] enum: one of its names, else serde's "unknown variant" error.
pub(crate) fn deserialize<'de, D: Deserializer<'de>, T: Named>(d: D) -> Result<T, D::Error> {
    struct V<T>(core::marker::PhantomData<T>);
    impl<T: Named> Visitor<'_> for V<T> {
        type Value = T;
        fn expecting(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
            f.write_str("one of the names of the variants")
        }
        fn visit_str<E: de::Error>(self, s: &str) -> Result<T, E> {
            T::ALL
                .iter()
                .find(|(n, _)| *n == s)
                .map(|(_, v)| *v)
                .ok_or_else(|| E::unknown_variant(s, T::NAMES))
        }
    }
    d.deserialize_str(V(core::marker::PhantomData))
}

/// Declares a fieldless enum and its names in one list — each variant written once, with its
/// doc and its name — and implements [`Named`], `Serialize` and `Deserialize` from that list:
///
/// ```ignore
/// named! {
///     /// How a request is sent.
///     #[derive(Debug, Clone, Copy, PartialEq, Eq)]
///     pub enum Method {
///         /// GET.
///         Get = "GET",
///     }
/// }
/// ```
macro_rules! named {
    (
        $(#[$meta:meta])*
        $vis:vis enum $t:ident {
            $( $(#[$vmeta:meta])* $v:ident = $n:literal ),+ $(,)?
        }
    ) => {
        $(#[$meta])*
        $vis enum $t {
            $( $(#[$vmeta])* $v, )+
        }

        impl $crate::names::Named for $t {
            const ALL: &'static [(&'static str, Self)] = &[$(($n, $t::$v)),+];
            const NAMES: &'static [&'static str] = &[$($n),+];
            fn name(self) -> &'static str {
                match self {
                    $($t::$v => $n),+
                }
            }
        }
        impl serde::Serialize for $t {
            fn serialize<S: serde::Serializer>(&self, s: S) -> core::result::Result<S::Ok, S::Error> {
                s.serialize_str($crate::names::Named::name(*self))
            }
        }
        impl<'de> serde::Deserialize<'de> for $t {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> core::result::Result<Self, D::Error> {
                $crate::names::deserialize(d)
            }
        }
        // TypeScript (feature `ts`): the union of the same names, e.g. `"GET" | "POST"`.
        #[cfg(feature = "ts")]
        impl ts_rs::TS for $t {
            type WithoutGenerics = Self;
            type OptionInnerType = Self;
            fn name(_: &ts_rs::Config) -> String {
                $crate::ts::named_type(stringify!($t)).0.to_owned()
            }
            fn docs() -> Option<String> {
                $crate::ts::named_type(stringify!($t)).1
            }
            fn inline(_: &ts_rs::Config) -> String {
                $crate::ts::union(<$t as $crate::names::Named>::NAMES)
            }
            fn decl(cfg: &ts_rs::Config) -> String {
                format!("type {} = {};", <Self as ts_rs::TS>::name(cfg), <Self as ts_rs::TS>::inline(cfg))
            }
            fn decl_concrete(cfg: &ts_rs::Config) -> String {
                <Self as ts_rs::TS>::decl(cfg)
            }
            fn output_path() -> Option<std::path::PathBuf> {
                Some(std::path::PathBuf::from(concat!(stringify!($t), ".ts")))
            }
        }
    };
}
pub(crate) use named;

#[cfg(test)]
mod tests {
    use super::Named;

    /// Each enum's names round-trip through serde, and `ALL` lists every variant once.
    fn round_trip<
        T: Named + serde::Serialize + for<'de> serde::Deserialize<'de> + PartialEq + core::fmt::Debug,
    >() {
        assert_eq!(T::ALL.len(), T::NAMES.len());
        for (i, (n, v)) in T::ALL.iter().enumerate() {
            assert_eq!(T::NAMES[i], *n);
            assert_eq!(v.name(), *n);
            assert_eq!(serde_json::to_string(v).unwrap(), format!("\"{n}\""));
            assert_eq!(serde_json::from_str::<T>(&format!("\"{n}\"")).unwrap(), *v);
            assert_eq!(T::ALL.iter().filter(|(_, w)| w == v).count(), 1, "{n}");
        }
        let e = serde_json::from_str::<T>("\"no such name\"")
            .unwrap_err()
            .to_string();
        assert!(
            e.starts_with("unknown variant `no such name`, expected "),
            "{e}"
        );
    }

    #[test]
    fn names_round_trip() {
        use crate::api::process::{AuthMode, EmiType, OtpPage, PaymentFlow, PaymentMode};
        use crate::session::{CheckoutPhase, FailureReason, OutcomeStatus, Purpose, WaitReason};
        macro_rules! round_trip_each {
            ($($t:ty),* $(,)?) => { $(round_trip::<$t>();)* };
        }
        round_trip_each! {
            Purpose, FailureReason, OutcomeStatus, CheckoutPhase, crate::reconcile::Mismatch,
            crate::result_codes::TxnState, crate::result_codes::ResultClass,
            crate::response::Verification, PaymentMode, AuthMode, PaymentFlow, EmiType, OtpPage,
            crate::card::TokenType, crate::http::Method,
        }
        // Serialize only.
        assert_eq!(WaitReason::Callback.name(), "callback");
    }
}

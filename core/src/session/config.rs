//! What every session kind's config is, declared once: [`session_config!`].

/// Declares a session kind's config — the JSON object its `new`/`from_json` take and its save
/// keeps — with what every kind's config shares, so no kind can drift from it: camelCase member
/// names, unknown members refused, the TypeScript name `$ts` (optional members optional), and a
/// first member `environment` (where requests go; the default when absent). The members after
/// it are the kind's own; one written `= default` may be left out (its type's default, and
/// optional in TypeScript):
///
/// ```ignore
/// session_config! {
///     /// What a refund session needs.
///     pub struct RefundConfig as "RefundSessionConfig" {
///         /// The merchant id.
///         pub mid: Mid,
///         /// When to ask again about a pending refund.
///         pub pending_policy: PendingPolicy = default,
///     }
/// }
/// ```
macro_rules! session_config {
    (
        $(#[$meta:meta])*
        pub struct $name:ident as $ts:tt {
            $( $(#[$fmeta:meta])* pub $field:ident: $ty:ty $(= $default:ident)?, )*
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
        #[serde(rename_all = "camelCase", deny_unknown_fields)]
        #[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(rename = $ts, optional_fields))]
        pub struct $name {
            /// Where requests go.
            #[serde(default)]
            #[cfg_attr(feature = "ts", ts(as = "Option<_>", optional))]
            pub environment: $crate::http::Environment,
            $(
                $(#[$fmeta])*
                $(
                    #[serde($default)]
                    #[cfg_attr(feature = "ts", ts(as = "Option<_>", optional))]
                )?
                pub $field: $ty,
            )*
        }
    };
}

pub(crate) use session_config;

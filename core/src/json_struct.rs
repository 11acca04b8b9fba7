//! `json_struct!`: one declaration of a JSON struct whose optional members each state, on their
//! own line, how they are read and written, instead of a serde attribute repeated over every
//! member (the request inputs of [`crate::api`] and the responses of [`crate::response`]).
//!
//! A field is written in one of three ways, in the struct's order (the JSON order):
//! - `name: Option<T> => omit`: `#[serde(default, skip_serializing_if = "Option::is_none")]`
//!   (absent is `None`, and `None` is not written);
//! - `name: Option<T> => "reader"`: the same, read leniently through `deserialize_with = "reader"`
//!   (absent or `null` is `None`);
//! - `name: T`: passed through unchanged, with its own attributes.
//!
//! The attributes written are the very ones the fields carried by hand, so serde, ts-rs and the
//! JSON are unchanged. A leaf module: it imports nothing.

/// See the module docs.
macro_rules! json_struct {
    // Every field placed: the struct.
    (@fields [$($head:tt)*] [$($done:tt)*]) => {
        $($head)* { $($done)* }
    };
    (@fields $head:tt [$($done:tt)*]
        $(#[$fmeta:meta])* $fvis:vis $field:ident : $ty:ty => omit $(, $($rest:tt)*)?
    ) => {
        $crate::json_struct::json_struct!(@fields $head [$($done)*
            $(#[$fmeta])*
            #[serde(default, skip_serializing_if = "Option::is_none")]
            $fvis $field: $ty,
        ] $($($rest)*)?);
    };
    (@fields $head:tt [$($done:tt)*]
        $(#[$fmeta:meta])* $fvis:vis $field:ident : $ty:ty => $reader:literal $(, $($rest:tt)*)?
    ) => {
        $crate::json_struct::json_struct!(@fields $head [$($done)*
            $(#[$fmeta])*
            #[serde(default, deserialize_with = $reader, skip_serializing_if = "Option::is_none")]
            $fvis $field: $ty,
        ] $($($rest)*)?);
    };
    (@fields $head:tt [$($done:tt)*]
        $(#[$fmeta:meta])* $fvis:vis $field:ident : $ty:ty $(, $($rest:tt)*)?
    ) => {
        $crate::json_struct::json_struct!(@fields $head [$($done)*
            $(#[$fmeta])*
            $fvis $field: $ty,
        ] $($($rest)*)?);
    };
    (
        $(#[$meta:meta])*
        $vis:vis struct $name:ident { $($fields:tt)* }
    ) => {
        $crate::json_struct::json_struct!(@fields [$(#[$meta])* $vis struct $name] [] $($fields)*);
    };
}
pub(crate) use json_struct;

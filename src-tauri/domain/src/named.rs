//! Enums the store and the page name by a snake_case word and the doctor reads by a French label.
//! [`named_enum!`] writes their `ALL`, `as_str`, `parse` and `label` once, from one table per
//! enum, instead of three hand-written `match`es that must agree.

/// Declares a fieldless enum with its stored names and French labels:
///
/// ```
/// use serde::{Deserialize, Serialize};
/// erm_domain::named_enum! {
///     /// Doc of the enum.
///     #[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
///     #[serde(rename_all = "snake_case")]
///     pub enum Colour {
///         /// Doc of a variant.
///         DeepRed = "deep_red" => "rouge foncé",
///     }
/// }
/// assert_eq!(Colour::parse("deep_red"), Some(Colour::DeepRed));
/// assert_eq!(Colour::DeepRed.label(), "rouge foncé");
/// ```
///
/// The stored name must be what serde writes (`rename_all = "snake_case"`): `domain/named.rs`'s
/// tests check it for every enum declared this way.
#[macro_export]
macro_rules! named_enum {
    (
        $(#[$meta:meta])*
        $vis:vis enum $name:ident {
            $( $(#[$vmeta:meta])* $variant:ident = $stored:literal => $label:literal ),+ $(,)?
        }
    ) => {
        $(#[$meta])*
        $vis enum $name {
            $( $(#[$vmeta])* $variant ),+
        }

        impl $name {
            /// Every value, in declaration order.
            pub const ALL: [$name; [$($stored),+].len()] = [$($name::$variant),+];

            /// The snake_case name, as stored and as the page sends it.
            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $stored),+ }
            }

            /// The value named `s`, if any.
            pub fn parse(s: &str) -> Option<$name> {
                match s.trim() { $($stored => Some($name::$variant),)+ _ => None }
            }

            /// The French label the doctor reads.
            pub fn label(self) -> &'static str {
                match self { $($name::$variant => $label),+ }
            }
        }
    };
}

#[cfg(test)]
mod tests {
    use crate::letter::LetterKind;
    use crate::listing::{Shown, Status};
    use crate::review::{Ground, ReviewStatus};
    use crate::site::{Route, SiteKind};

    /// The stored name is what serde writes and reads, and `parse` finds every value back.
    fn agree<T: serde::Serialize + serde::de::DeserializeOwned + PartialEq + std::fmt::Debug + Copy>(
        all: &[T],
        as_str: fn(T) -> &'static str,
        parse: fn(&str) -> Option<T>,
        label: fn(T) -> &'static str,
    ) {
        for &v in all {
            assert_eq!(serde_json::to_string(&v).unwrap(), format!("\"{}\"", as_str(v)), "{v:?}");
            assert_eq!(serde_json::from_str::<T>(&format!("\"{}\"", as_str(v))).unwrap(), v);
            assert_eq!(parse(as_str(v)), Some(v));
            assert!(!label(v).is_empty(), "{v:?} has a label");
        }
        assert_eq!(parse("certainement pas"), None);
    }

    #[test]
    fn stored_names_are_serde_names_for_every_named_enum() {
        agree(&Status::ALL, Status::as_str, Status::parse, Status::label);
        agree(&Shown::ALL, Shown::as_str, Shown::parse, Shown::label);
        agree(&SiteKind::ALL, SiteKind::as_str, SiteKind::parse, SiteKind::label);
        agree(&Route::ALL, Route::as_str, Route::parse, Route::label);
        agree(&ReviewStatus::ALL, ReviewStatus::as_str, ReviewStatus::parse, ReviewStatus::label);
        agree(&Ground::ALL, Ground::as_str, Ground::parse, Ground::label);
        agree(&LetterKind::ALL, LetterKind::as_str, LetterKind::parse, LetterKind::label);
    }
}

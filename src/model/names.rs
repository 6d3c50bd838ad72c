//! `named_enum!`: a fieldless enum whose every value has one fixed name,
//! written in files, trailers and on the command line. The macro writes the
//! `ALL`, `as_str`, `parse` and `Display` that each such enum needs, from
//! one table, so a new value cannot be named in one place and forgotten in
//! another.

/// Declares the enum with `ALL` (every value, in declaration order),
/// `as_str` (its name), `parse` (the name, or any listed alias, back to the
/// value) and `Display` (the name).
///
/// ```text
/// named_enum! {
///     /// Progress of one step.
///     #[derive(Debug, Clone, Copy, PartialEq, Eq)]
///     pub enum StepState {
///         /// Not done yet.
///         Pending = "pending" | "todo",
///         Done = "done",
///     }
/// }
/// ```
///
/// A serde representation is not generated: keep `#[serde(rename_all =
/// "kebab-case")]` on the enum; the model's tests check that it agrees.
macro_rules! named_enum {
    (
        $(#[$meta:meta])*
        $vis:vis enum $name:ident {
            $(
                $(#[$vmeta:meta])*
                $variant:ident = $text:literal $(| $alias:literal)*
            ),+ $(,)?
        }
    ) => {
        $(#[$meta])*
        $vis enum $name {
            $( $(#[$vmeta])* $variant, )+
        }

        impl $name {
            /// Every value, in declaration order.
            pub const ALL: [$name; [$($text),+].len()] = [$(Self::$variant),+];

            /// The name used in files, trailers and on the command line.
            pub fn as_str(self) -> &'static str {
                match self {
                    $( Self::$variant => $text, )+
                }
            }

            /// Parses a name (or one of its short aliases).
            pub fn parse(s: &str) -> Option<Self> {
                match s {
                    $( $text $(| $alias)* => Some(Self::$variant), )+
                    _ => None,
                }
            }
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

pub(crate) use named_enum;

//! Validated value types. Each has `parse()` that accepts what people really
//! type and returns the one stored form, or an [`Invalid`] naming the field.
//!
//! - [`Inn`]: taxpayer number, 10 digits (organisation) or 12 (person)
//! - [`Ogrn`]: state registration number, 13 digits (ОГРН) or 15 (ОГРНИП)
//! - [`Phone`]: Russian number, stored as `+7XXXXXXXXXX`
//! - [`Email`]: mailbox with a real domain; Cyrillic domains kept
//! - [`SiteUrl`]: a site's main page, stored in IDNA form

mod email;
mod inn;
mod ogrn;
mod phone;
mod site_url;

pub use email::Email;
pub use inn::Inn;
pub use ogrn::Ogrn;
pub use phone::Phone;
pub use site_url::SiteUrl;

use super::error::{Field, Invalid, Problem};

/// Digits of `raw` with spaces removed; anything else is an error for `field`.
fn digits_only(raw: &str, field: Field) -> Result<Vec<u8>, Invalid> {
    let trimmed: String = raw.chars().filter(|c| !c.is_whitespace()).collect();
    if trimmed.is_empty() {
        return Err(Invalid::new(field, Problem::Empty));
    }
    trimmed
        .chars()
        .map(|c| c.to_digit(10).map(|d| d as u8))
        .collect::<Option<Vec<u8>>>()
        .ok_or(Invalid::new(field, Problem::NotDigits))
}

fn digits_to_string(digits: &[u8]) -> String {
    digits.iter().map(|d| char::from(b'0' + d)).collect()
}

/// Implements the string-like traits every value type shares.
macro_rules! string_value {
    ($ty:ident) => {
        impl $ty {
            /// The stored form.
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }
        impl std::fmt::Display for $ty {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(&self.0)
            }
        }
        impl serde::Serialize for $ty {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(&self.0)
            }
        }
        impl<'de> serde::Deserialize<'de> for $ty {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let raw = String::deserialize(d)?;
                $ty::parse(&raw).map_err(serde::de::Error::custom)
            }
        }
    };
}
use string_value;

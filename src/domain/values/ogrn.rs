use super::{Field, Invalid, Problem, digits_only, digits_to_string, string_value};

/// ОГРН (13 digits) or ОГРНИП (15 digits) with its check digit.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Ogrn(String);
string_value!(Ogrn);

/// The number formed by `digits` modulo `m`, without overflow for 14 digits.
fn modulo(digits: &[u8], m: u64) -> u64 {
    digits
        .iter()
        .fold(0, |acc, d| (acc * 10 + u64::from(*d)) % m)
}

impl Ogrn {
    pub fn parse(raw: &str) -> Result<Self, Invalid> {
        let d = digits_only(raw, Field::Ogrn)?;
        let modulus = match d.len() {
            13 => 11,
            15 => 13,
            got => {
                return Err(Invalid::new(
                    Field::Ogrn,
                    Problem::WrongLength {
                        expected: "13/15".into(),
                        got,
                    },
                ));
            }
        };
        let (body, check) = d.split_at(d.len() - 1);
        if modulo(body, modulus) % 10 == u64::from(check[0]) {
            Ok(Ogrn(digits_to_string(&d)))
        } else {
            Err(Invalid::new(Field::Ogrn, Problem::BadChecksum))
        }
    }

    /// An organisation's ОГРН from its first twelve digits (used to build demo data).
    pub fn for_organisation(first12: [u8; 12]) -> Self {
        let mut d = first12.to_vec();
        d.push((modulo(&first12, 11) % 10) as u8);
        Ogrn(digits_to_string(&d))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_valid_numbers() {
        // Sberbank's ОГРН and a valid ОГРНИП.
        assert!(Ogrn::parse("1027700132195").is_ok());
        assert!(Ogrn::parse("304500116000157").is_ok());
    }

    #[test]
    fn refuses_bad_numbers() {
        assert_eq!(
            Ogrn::parse("1027700132196").unwrap_err(),
            Invalid::new(Field::Ogrn, Problem::BadChecksum)
        );
        assert_eq!(
            Ogrn::parse("304500116000158").unwrap_err().problem,
            Problem::BadChecksum
        );
        assert_eq!(
            Ogrn::parse("10277001321").unwrap_err().problem,
            Problem::WrongLength {
                expected: "13/15".into(),
                got: 11
            }
        );
        assert_eq!(Ogrn::parse("").unwrap_err().problem, Problem::Empty);
    }

    #[test]
    fn builds_valid_numbers() {
        let ogrn = Ogrn::for_organisation([1, 0, 2, 1, 5, 0, 0, 0, 0, 1, 2, 3]);
        assert!(Ogrn::parse(ogrn.as_str()).is_ok());
    }
}

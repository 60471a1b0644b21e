use super::{Field, Invalid, Problem, digits_only, digits_to_string, string_value};

/// ИНН: 10 digits for an organisation (one check digit), 12 for a person (two).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Inn(String);
string_value!(Inn);

const W10: [u32; 9] = [2, 4, 10, 3, 5, 9, 4, 6, 8];
const W11: [u32; 10] = [7, 2, 4, 10, 3, 5, 9, 4, 6, 8];
const W12: [u32; 11] = [3, 7, 2, 4, 10, 3, 5, 9, 4, 6, 8];

fn check_digit(digits: &[u8], weights: &[u32]) -> u8 {
    let sum: u32 = digits
        .iter()
        .zip(weights)
        .map(|(d, w)| u32::from(*d) * w)
        .sum();
    ((sum % 11) % 10) as u8
}

impl Inn {
    pub fn parse(raw: &str) -> Result<Self, Invalid> {
        let d = digits_only(raw, Field::Inn)?;
        let valid = match d.len() {
            10 => check_digit(&d[..9], &W10) == d[9],
            12 => check_digit(&d[..10], &W11) == d[10] && check_digit(&d[..11], &W12) == d[11],
            got => {
                return Err(Invalid::new(
                    Field::Inn,
                    Problem::WrongLength {
                        expected: "10/12".into(),
                        got,
                    },
                ));
            }
        };
        if valid {
            Ok(Inn(digits_to_string(&d)))
        } else {
            Err(Invalid::new(Field::Inn, Problem::BadChecksum))
        }
    }

    /// An organisation's ИНН from its first nine digits (used to build demo data).
    pub fn for_organisation(first9: [u8; 9]) -> Self {
        let mut d = first9.to_vec();
        d.push(check_digit(&first9, &W10));
        Inn(digits_to_string(&d))
    }

    /// True for a 10-digit (organisation) number.
    pub fn is_organisation(&self) -> bool {
        self.0.len() == 10
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_valid_numbers() {
        // Real, published numbers: Sberbank (10) and a valid personal one (12).
        assert!(Inn::parse("7707083893").is_ok());
        assert!(Inn::parse("500100732259").is_ok());
        assert_eq!(Inn::parse(" 7707 083893 ").unwrap().as_str(), "7707083893");
    }

    #[test]
    fn refuses_bad_checksums_and_shapes() {
        let bad = Inn::parse("7707083894").unwrap_err();
        assert_eq!(bad, Invalid::new(Field::Inn, Problem::BadChecksum));
        assert_eq!(
            Inn::parse("500100732258").unwrap_err().problem,
            Problem::BadChecksum
        );
        assert_eq!(
            Inn::parse("12345").unwrap_err().problem,
            Problem::WrongLength {
                expected: "10/12".into(),
                got: 5
            }
        );
        assert_eq!(
            Inn::parse("77070838a3").unwrap_err().problem,
            Problem::NotDigits
        );
        assert_eq!(Inn::parse("  ").unwrap_err().problem, Problem::Empty);
    }

    #[test]
    fn builds_valid_organisation_numbers() {
        let inn = Inn::for_organisation([1, 5, 0, 1, 0, 2, 3, 4, 5]);
        assert!(Inn::parse(inn.as_str()).is_ok());
        assert!(inn.is_organisation());
    }
}

use super::{Field, Invalid, Problem, string_value};

/// A Russian phone number, stored as `+7XXXXXXXXXX` (mobile or landline).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Phone(String);
string_value!(Phone);

impl Phone {
    /// Accepts `+7 (912) 345-67-89`, `8 912 345 67 89`, `9123456789`,
    /// `8-800-555-35-35`, `(8672) 40-50-85`. A leading 8 is the trunk prefix
    /// only when eleven digits are given: ten digits are always the national
    /// number (area codes such as 8672 start with 8 too).
    pub fn parse(raw: &str) -> Result<Self, Invalid> {
        let raw = raw.trim();
        if raw.is_empty() {
            return Err(Invalid::new(Field::Phone, Problem::Empty));
        }
        let international = raw.starts_with('+');
        let body = raw.strip_prefix('+').unwrap_or(raw);
        let mut digits = String::with_capacity(11);
        for c in body.chars() {
            match c {
                '0'..='9' => digits.push(c),
                ' ' | '-' | '(' | ')' | '.' | '\u{a0}' => {}
                _ => return Err(Invalid::new(Field::Phone, Problem::NotDigits)),
            }
        }
        let national = match (international, digits.len()) {
            (true, 11) if digits.starts_with('7') => &digits[1..],
            (true, _) if !digits.starts_with('7') => {
                return Err(Invalid::new(Field::Phone, Problem::NotRussianPhone));
            }
            (false, 11) if digits.starts_with('7') || digits.starts_with('8') => &digits[1..],
            (false, 10) => &digits[..],
            (_, got) => {
                return Err(Invalid::new(
                    Field::Phone,
                    Problem::WrongLength {
                        expected: "10".into(),
                        got,
                    },
                ));
            }
        };
        // Russian numbering: 3xx, 4xx, 8xx geographic and toll-free, 9xx mobile.
        if !matches!(national.as_bytes()[0], b'3' | b'4' | b'8' | b'9') {
            return Err(Invalid::new(Field::Phone, Problem::NotRussianPhone));
        }
        Ok(Phone(format!("+7{national}")))
    }

    /// `+7 912 345-67-89`, for people.
    pub fn display(&self) -> String {
        let n = &self.0[2..];
        format!("+7 {} {}-{}-{}", &n[..3], &n[3..6], &n[6..8], &n[8..])
    }

    /// The ten digits after +7, as the onboarding form asks for them.
    pub fn national(&self) -> &str {
        &self.0[2..]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ok(raw: &str) -> String {
        Phone::parse(raw).unwrap().as_str().to_string()
    }

    #[test]
    fn accepts_what_people_type() {
        assert_eq!(ok("+7 (912) 345-67-89"), "+79123456789");
        assert_eq!(ok("8 912 345 67 89"), "+79123456789");
        assert_eq!(ok("9123456789"), "+79123456789");
        assert_eq!(ok("79123456789"), "+79123456789");
        assert_eq!(ok("8-800-555-35-35"), "+78005553535");
        assert_eq!(ok("800 555 35 35"), "+78005553535");
        assert_eq!(ok("8 (812) 123-45-67"), "+78121234567");
        assert_eq!(ok("(8672) 40-50-85"), "+78672405085");
        assert_eq!(ok("8 (8672) 40-50-85"), "+78672405085");
        assert_eq!(ok("+7 351 123 45 67"), "+73511234567");
    }

    #[test]
    fn refuses_what_is_not_a_russian_number() {
        let p = |raw: &str| Phone::parse(raw).unwrap_err().problem;
        assert_eq!(p("+1 212 555 0100"), Problem::NotRussianPhone);
        assert_eq!(p("+7 701 123 45 67"), Problem::NotRussianPhone); // Kazakhstan
        assert_eq!(
            p("12345"),
            Problem::WrongLength {
                expected: "10".into(),
                got: 5
            }
        );
        assert_eq!(
            p("912-345-67-89-00"),
            Problem::WrongLength {
                expected: "10".into(),
                got: 12
            }
        );
        assert_eq!(p("912 abc 67 89"), Problem::NotDigits);
        assert_eq!(p(""), Problem::Empty);
        assert_eq!(Phone::parse("1").unwrap_err().field, Field::Phone);
    }

    #[test]
    fn displays_grouped() {
        assert_eq!(
            Phone::parse("9123456789").unwrap().display(),
            "+7 912 345-67-89"
        );
        assert_eq!(Phone::parse("9123456789").unwrap().national(), "9123456789");
    }
}

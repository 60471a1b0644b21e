use super::{Field, Invalid, Problem, string_value};

/// An e-mail address. The domain is kept as people read it (Cyrillic
/// domains stay Cyrillic) and checked through its IDNA form.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Email(String);
string_value!(Email);

const MAX_LEN: usize = 254;

impl Email {
    pub fn parse(raw: &str) -> Result<Self, Invalid> {
        let raw = raw.trim();
        let invalid = |problem| Invalid::new(Field::Email, problem);
        if raw.is_empty() {
            return Err(invalid(Problem::Empty));
        }
        if raw.chars().count() > MAX_LEN {
            return Err(invalid(Problem::TooLong { max: MAX_LEN }));
        }
        let (local, domain) = raw.rsplit_once('@').ok_or(invalid(Problem::EmailShape))?;
        if local.is_empty()
            || local.contains('@')
            || local.chars().any(|c| c.is_whitespace() || c.is_control())
        {
            return Err(invalid(Problem::EmailShape));
        }
        let ascii = idna::domain_to_ascii(domain).map_err(|_| invalid(Problem::BadDomain))?;
        let labels: Vec<&str> = ascii.split('.').collect();
        let tld = labels.last().copied().unwrap_or_default();
        if labels.len() < 2 || labels.iter().any(|l| l.is_empty()) {
            return Err(invalid(Problem::EmailShape));
        }
        let tld_ok = tld.len() >= 2
            && (tld.chars().all(|c| c.is_ascii_alphabetic()) || tld.starts_with("xn--"));
        if !tld_ok {
            return Err(invalid(Problem::BadDomain));
        }
        let (unicode, result) = idna::domain_to_unicode(&ascii);
        if result.is_err() {
            return Err(invalid(Problem::BadDomain));
        }
        Ok(Email(format!("{local}@{unicode}")))
    }

    /// The key that makes addresses unique: case folded.
    pub fn key(&self) -> String {
        self.0.to_lowercase()
    }

    /// The address with its domain in IDNA (ASCII) form, for sending mail.
    pub fn ascii(&self) -> String {
        match self.0.rsplit_once('@') {
            Some((local, domain)) => {
                let domain = idna::domain_to_ascii(domain).unwrap_or_else(|_| domain.to_string());
                format!("{local}@{domain}")
            }
            None => self.0.clone(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_and_normalises() {
        assert_eq!(
            Email::parse(" Ivanov@School5.RU ").unwrap().as_str(),
            "Ivanov@school5.ru"
        );
        let cyr = Email::parse("директор@школа5.рф").unwrap();
        assert_eq!(cyr.as_str(), "директор@школа5.рф");
        assert_eq!(cyr.ascii(), "директор@xn--5-7sb3aeo2d.xn--p1ai");
        assert_eq!(Email::parse("A@B.ru").unwrap().key(), "a@b.ru");
        assert!(Email::parse("a.b+c@mail.xn--p1ai").is_ok());
    }

    #[test]
    fn refuses_bad_addresses() {
        let p = |raw: &str| Email::parse(raw).unwrap_err().problem;
        assert_eq!(p("ivanov"), Problem::EmailShape);
        assert_eq!(p("ivanov@localhost"), Problem::EmailShape);
        assert_eq!(p("@mail.ru"), Problem::EmailShape);
        assert_eq!(p("iva nov@mail.ru"), Problem::EmailShape);
        assert_eq!(p("ivanov@mail.r"), Problem::BadDomain);
        assert_eq!(p("ivanov@mail.123"), Problem::BadDomain);
        assert_eq!(p("ivanov@mail..ru"), Problem::EmailShape);
        assert_eq!(p(""), Problem::Empty);
        assert_eq!(Email::parse("x").unwrap_err().field, Field::Email);
    }
}

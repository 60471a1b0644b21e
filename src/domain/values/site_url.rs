use super::{Field, Invalid, Problem, string_value};

/// An organisation's official site: its main page only (http or https, a
/// host, path empty or `/`, no query or fragment). Stored in IDNA form as
/// `scheme://host[:port]/`; [`SiteUrl::display`] shows the Unicode host.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct SiteUrl(String);
string_value!(SiteUrl);

impl SiteUrl {
    pub fn parse(raw: &str) -> Result<Self, Invalid> {
        let raw = raw.trim();
        let invalid = |problem| Invalid::new(Field::Site, problem);
        if raw.is_empty() {
            return Err(invalid(Problem::Empty));
        }
        let lower = raw.to_lowercase();
        if !(lower.starts_with("http://") || lower.starts_with("https://")) {
            return Err(invalid(Problem::NotHttp));
        }
        let url = url::Url::parse(raw).map_err(|_| invalid(Problem::NotUrl))?;
        let host = match url.host() {
            Some(url::Host::Domain(d)) => d.to_string(),
            _ => return Err(invalid(Problem::BadDomain)),
        };
        let labels: Vec<&str> = host.split('.').collect();
        if labels.len() < 2 || labels.iter().any(|l| l.is_empty()) {
            return Err(invalid(Problem::BadDomain));
        }
        if !(url.path() == "/" || url.path().is_empty())
            || url.query().is_some()
            || url.fragment().is_some()
            || !url.username().is_empty()
            || url.password().is_some()
        {
            return Err(invalid(Problem::NotMainPage));
        }
        let port = url.port().map(|p| format!(":{p}")).unwrap_or_default();
        Ok(SiteUrl(format!("{}://{host}{port}/", url.scheme())))
    }

    /// The site's origin as browsers send it (`Origin:`): no final slash.
    pub fn origin(&self) -> &str {
        self.0.trim_end_matches('/')
    }

    /// The address with its host in Unicode, for people.
    pub fn display(&self) -> String {
        match url::Url::parse(&self.0) {
            Ok(url) => {
                let host = url.host_str().unwrap_or_default();
                let (unicode, _) = idna::domain_to_unicode(host);
                let port = url.port().map(|p| format!(":{p}")).unwrap_or_default();
                format!("{}://{unicode}{port}/", url.scheme())
            }
            Err(_) => self.0.clone(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_main_pages() {
        assert_eq!(
            SiteUrl::parse("https://school5.ru").unwrap().as_str(),
            "https://school5.ru/"
        );
        assert_eq!(
            SiteUrl::parse("HTTP://School5.RU/").unwrap().as_str(),
            "http://school5.ru/"
        );
        let rf = SiteUrl::parse("https://школа5.рф/").unwrap();
        assert_eq!(rf.as_str(), "https://xn--5-7sb3aeo2d.xn--p1ai/");
        assert_eq!(rf.display(), "https://школа5.рф/");
        assert_eq!(
            SiteUrl::parse("http://127.0.0.1.nip.io:8080")
                .unwrap()
                .as_str(),
            "http://127.0.0.1.nip.io:8080/"
        );
    }

    #[test]
    fn refuses_other_pages() {
        let p = |raw: &str| SiteUrl::parse(raw).unwrap_err().problem;
        assert_eq!(p("school5.ru"), Problem::NotHttp);
        assert_eq!(p("ftp://school5.ru"), Problem::NotHttp);
        assert_eq!(p("https://school5.ru/about"), Problem::NotMainPage);
        assert_eq!(p("https://school5.ru/?page=1"), Problem::NotMainPage);
        assert_eq!(p("https://school5.ru/#top"), Problem::NotMainPage);
        assert_eq!(p("https://localhost/"), Problem::BadDomain);
        assert_eq!(p("https://10.0.0.1/"), Problem::BadDomain);
        assert_eq!(p("https://"), Problem::NotUrl);
        assert_eq!(p(""), Problem::Empty);
    }
}

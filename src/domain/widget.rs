//! The site widget (docs/domain.md §5): its design variants, the code an
//! administrator hands to the site's maintainer, and the placement check
//! that reads a main page and finds (or misses) each part of that code.

use std::collections::BTreeMap;
use std::sync::LazyLock;

use regex::Regex;
use serde::{Deserialize, Serialize};

use super::error::{Field, Invalid, Problem};
use super::ids::OrgId;
use super::org::OrgKind;

const TEMPLATE: &str = include_str!("../../assets/widget/widget.html");
const POLLS_TEMPLATE: &str = include_str!("../../assets/widget/widget-polls.html");
const VARIANTS: &str = include_str!("../../assets/widget/variants.toml");

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum WidgetVariant {
    Schools,
    Kindergartens,
    Social,
    Utilities,
    General,
}

impl WidgetVariant {
    pub const ALL: [WidgetVariant; 5] = [
        WidgetVariant::Schools,
        WidgetVariant::Kindergartens,
        WidgetVariant::Social,
        WidgetVariant::Utilities,
        WidgetVariant::General,
    ];

    pub fn key(self) -> &'static str {
        match self {
            WidgetVariant::Schools => "schools",
            WidgetVariant::Kindergartens => "kindergartens",
            WidgetVariant::Social => "social",
            WidgetVariant::Utilities => "utilities",
            WidgetVariant::General => "general",
        }
    }

    pub fn parse(raw: &str) -> Result<Self, Invalid> {
        let raw = raw.trim().to_lowercase();
        WidgetVariant::ALL
            .into_iter()
            .find(|v| v.key() == raw)
            .ok_or(Invalid::new(
                Field::Variant,
                Problem::Unknown { value: raw },
            ))
    }

    /// The design that suits an organisation of this kind.
    pub fn for_kind(kind: OrgKind) -> Self {
        match kind {
            OrgKind::School => WidgetVariant::Schools,
            OrgKind::Kindergarten => WidgetVariant::Kindergartens,
            OrgKind::Social => WidgetVariant::Social,
            OrgKind::Utilities => WidgetVariant::Utilities,
            _ => WidgetVariant::General,
        }
    }

    fn design(self) -> &'static Design {
        // Every variant has a design: a test reads the asset for each.
        &DESIGNS[self.key()]
    }

    /// The banner text this design offers when the administrator types none.
    pub fn default_banner(self) -> &'static str {
        &self.design().banner
    }

    /// The polls widget's banner when the administrator types none.
    pub fn default_polls_banner(self) -> &'static str {
        "Примите участие в опросах и голосованиях"
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Design {
    background: String,
    slogan: String,
    banner: String,
}

static DESIGNS: LazyLock<BTreeMap<String, Design>> = LazyLock::new(|| {
    toml::from_str(VARIANTS).unwrap_or_else(|e| panic!("assets/widget/variants.toml: {e}"))
});

pub const MAX_BANNER: usize = 200;

/// What the widget opens: the message form, or the organisation's polls.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum WidgetKind {
    #[default]
    Messages,
    Polls,
}

/// The variant and banner an administrator chose.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WidgetSettings {
    /// The message form (the default) or the polls.
    #[serde(default)]
    pub kind: WidgetKind,
    pub variant: WidgetVariant,
    /// Empty: the variant's default text.
    #[serde(default)]
    pub banner: String,
}

impl WidgetSettings {
    /// The banner as it will be shown: trimmed, or the variant's default.
    pub fn banner_text(&self) -> Result<String, Invalid> {
        let banner = self.banner.split_whitespace().collect::<Vec<_>>().join(" ");
        if banner.chars().count() > MAX_BANNER {
            return Err(Invalid::new(
                Field::Banner,
                Problem::TooLong { max: MAX_BANNER },
            ));
        }
        Ok(if banner.is_empty() {
            match self.kind {
                WidgetKind::Messages => self.variant.default_banner().to_string(),
                WidgetKind::Polls => self.variant.default_polls_banner().to_string(),
            }
        } else {
            banner
        })
    }

    /// The HTML to put on the site's main page, its script and form served
    /// from `public_url`; the organisation's number is the last argument
    /// of `Widget(…)`.
    pub fn code(&self, org: OrgId, public_url: &str) -> Result<String, Invalid> {
        let design = self.variant.design();
        let template = match self.kind {
            WidgetKind::Messages => TEMPLATE,
            WidgetKind::Polls => POLLS_TEMPLATE,
        };
        Ok(template
            .replace("{public}", &escape_html(public_url.trim_end_matches('/')))
            .replace("{background}", &design.background)
            .replace("{slogan}", &escape_html(&design.slogan))
            .replace("{banner}", &escape_html(&self.banner_text()?))
            .replace("{variant}", self.variant.key())
            .replace("{org}", &org.to_string()))
    }
}

/// Text made safe to put inside HTML.
pub fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// One part of the widget code, as the placement check looks for it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum WidgetPart {
    /// `<script src="…/widget.js">` (ours), or the earlier form's
    /// `<script src="…/bin/script.min.js">`.
    Script,
    /// `<div id="js-show-iframe-wrapper">` with the `pos-banner-btn_2` button.
    Container,
    /// `Widget("…", NUMBER)` with this organisation's number.
    Call,
}

impl WidgetPart {
    pub const ALL: [WidgetPart; 3] = [WidgetPart::Script, WidgetPart::Container, WidgetPart::Call];

    pub fn key(self) -> &'static str {
        match self {
            WidgetPart::Script => "script",
            WidgetPart::Container => "container",
            WidgetPart::Call => "call",
        }
    }
}

/// What the page says about one part.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "state", rename_all = "kebab-case")]
pub enum PartState {
    Found,
    Missing,
    /// `Widget(…)` is there, with the number of another organisation
    /// (named when it exists).
    OtherOrganisation {
        number: i64,
        name: Option<String>,
    },
}

/// What the check of a main page found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WidgetCheck {
    pub org: OrgId,
    /// The page that was read.
    pub site: String,
    pub parts: Vec<(WidgetPart, PartState)>,
}

impl WidgetCheck {
    /// Every part is there, with this organisation's number.
    pub fn passed(&self) -> bool {
        self.parts.iter().all(|(_, s)| *s == PartState::Found)
    }
}

static SCRIPT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"(?is)<script\b[^>]*\bsrc\s*=\s*["']?[^"'\s>]*/(?:bin/script\.min|widget)\.js\b"#)
        .unwrap_or_else(|e| panic!("{e}"))
});
static CONTAINER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"(?is)<div\b[^>]*\bid\s*=\s*["']?js-show-iframe-wrapper\b"#)
        .unwrap_or_else(|e| panic!("{e}"))
});
static BUTTON: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"(?is)\bclass\s*=\s*["'][^"']*\bpos-banner-btn_2\b"#)
        .unwrap_or_else(|e| panic!("{e}"))
});
static CALL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"(?s)\bWidget\s*\(\s*(?:"[^"]*"|'[^']*')\s*,\s*["']?(\d{1,18})["']?\s*\)"#)
        .unwrap_or_else(|e| panic!("{e}"))
});

/// Looks for each part of `org`'s widget in a page. Numbers of other
/// organisations are returned unnamed; the service names them.
pub fn inspect(page: &str, org: OrgId, site: &str) -> WidgetCheck {
    let found = |yes: bool| {
        if yes {
            PartState::Found
        } else {
            PartState::Missing
        }
    };
    let numbers: Vec<i64> = CALL
        .captures_iter(page)
        .filter_map(|c| c.get(1)?.as_str().parse().ok())
        .collect();
    let call = if numbers.contains(&org.0) {
        PartState::Found
    } else if let Some(&number) = numbers.first() {
        PartState::OtherOrganisation { number, name: None }
    } else {
        PartState::Missing
    };
    WidgetCheck {
        org,
        site: site.to_string(),
        parts: vec![
            (WidgetPart::Script, found(SCRIPT.is_match(page))),
            (
                WidgetPart::Container,
                found(CONTAINER.is_match(page) && BUTTON.is_match(page)),
            ),
            (WidgetPart::Call, call),
        ],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn settings(variant: WidgetVariant, banner: &str) -> WidgetSettings {
        WidgetSettings {
            kind: Default::default(),
            variant,
            banner: banner.into(),
        }
    }

    #[test]
    fn every_variant_has_a_design_and_code_ends_with_the_number() {
        for v in WidgetVariant::ALL {
            assert!(!v.default_banner().is_empty());
            let code = settings(v, "")
                .code(OrgId(327974), "https://otklik.example.ru")
                .unwrap();
            assert!(code.trim_end().ends_with("327974)</script>"), "{code}");
            assert!(code.contains(v.default_banner()));
            assert!(
                code.contains("https://otklik.example.ru/widget.js"),
                "{code}"
            );
            assert!(code.contains("Widget(\"https://otklik.example.ru/form\", 327974)"));
            for placeholder in [
                "{background}",
                "{slogan}",
                "{banner}",
                "{variant}",
                "{org}",
                "{public}",
            ] {
                assert!(!code.contains(placeholder), "{placeholder} left in {v:?}");
            }
            assert!(inspect(&code, OrgId(327974), "x").passed(), "{v:?}");
        }
    }

    #[test]
    fn banners_are_escaped_and_bounded() {
        let code = settings(WidgetVariant::General, "<b>Пишите</b> & звоните")
            .code(OrgId(5), "https://otklik.example.ru/")
            .unwrap();
        assert!(code.contains("&lt;b&gt;Пишите&lt;/b&gt; &amp; звоните"));
        let long = "я".repeat(MAX_BANNER + 1);
        assert_eq!(
            settings(WidgetVariant::General, &long)
                .code(OrgId(5), "https://otklik.example.ru/")
                .unwrap_err()
                .field,
            Field::Banner
        );
        assert_eq!(
            WidgetVariant::parse(" Schools ").unwrap(),
            WidgetVariant::Schools
        );
        assert!(WidgetVariant::parse("cats").is_err());
    }

    #[test]
    fn inspection_names_the_missing_part() {
        let code = settings(WidgetVariant::Schools, "")
            .code(OrgId(42), "https://otklik.example.ru")
            .unwrap();
        let page = |body: &str| format!("<html><body><h1>Школа</h1>{body}</body></html>");
        let state = |check: &WidgetCheck, part| {
            check
                .parts
                .iter()
                .find(|(p, _)| *p == part)
                .map(|(_, s)| s.clone())
                .unwrap()
        };
        let no_script = code.replace("/widget.js", "/other.js");
        let check = inspect(&page(&no_script), OrgId(42), "x");
        assert_eq!(state(&check, WidgetPart::Script), PartState::Missing);
        assert_eq!(state(&check, WidgetPart::Call), PartState::Found);
        assert!(!check.passed());

        let no_button = code.replace("pos-banner-btn_2", "my-button");
        let check = inspect(&page(&no_button), OrgId(42), "x");
        assert_eq!(state(&check, WidgetPart::Container), PartState::Missing);

        let other = inspect(&page(&code), OrgId(43), "x");
        assert_eq!(
            state(&other, WidgetPart::Call),
            PartState::OtherOrganisation {
                number: 42,
                name: None
            }
        );
        let none = inspect(&page(""), OrgId(42), "x");
        assert!(none.parts.iter().all(|(_, s)| *s == PartState::Missing));
        // Single quotes and spacing as site editors leave them.
        let loose = "<script src='//pos.gosuslugi.ru/bin/script.min.js'></script>\
            <div class=x id='js-show-iframe-wrapper'><button class='a pos-banner-btn_2'>\
            </button></div><script>Widget( 'https://pos.gosuslugi.ru/form' , 42 )</script>";
        assert!(inspect(loose, OrgId(42), "x").passed());
    }
}

//! Organisations (cabinets, ЛКО) and their place in the tree.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use super::error::{Field, Invalid, Problem};

use super::ids::OrgId;
use super::values::{Inn, Ogrn, SiteUrl};

/// What kind of institution a cabinet belongs to; it picks the widget design too.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum OrgKind {
    Platform,
    Administration,
    Department,
    School,
    Kindergarten,
    Culture,
    Sport,
    Social,
    Utilities,
    Other,
}

impl OrgKind {
    pub const ALL: [OrgKind; 10] = [
        OrgKind::Platform,
        OrgKind::Administration,
        OrgKind::Department,
        OrgKind::School,
        OrgKind::Kindergarten,
        OrgKind::Culture,
        OrgKind::Sport,
        OrgKind::Social,
        OrgKind::Utilities,
        OrgKind::Other,
    ];

    pub fn key(self) -> &'static str {
        match self {
            OrgKind::Platform => "platform",
            OrgKind::Administration => "administration",
            OrgKind::Department => "department",
            OrgKind::School => "school",
            OrgKind::Kindergarten => "kindergarten",
            OrgKind::Culture => "culture",
            OrgKind::Sport => "sport",
            OrgKind::Social => "social",
            OrgKind::Utilities => "utilities",
            OrgKind::Other => "other",
        }
    }

    pub fn from_key(key: &str) -> Option<OrgKind> {
        OrgKind::ALL.into_iter().find(|k| k.key() == key)
    }
}

/// An organisation's cabinet with all its details.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Organisation {
    pub id: OrgId,
    pub parent: Option<OrgId>,
    pub name: String,
    pub short_name: String,
    pub kind: OrgKind,
    pub ogrn: Option<Ogrn>,
    pub inn: Option<Inn>,
    pub site: Option<SiteUrl>,
    pub ready: bool,
    pub widget_site_approved: bool,
    pub archived: bool,
    pub widget: WidgetState,
    /// The date the subtree is to be ready by, as set here by a curator.
    pub readiness_deadline: Option<NaiveDate>,
}

/// The widget as last generated for the organisation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WidgetState {
    pub variant: Option<super::widget::WidgetVariant>,
    pub banner: Option<String>,
    pub generated_at: Option<DateTime<Utc>>,
    /// The last placement check: when, and whether the widget was found.
    pub checked_at: Option<DateTime<Utc>>,
    pub found: Option<bool>,
}

/// What an administrator types into the organisation form.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrgDraft {
    pub name: String,
    #[serde(default)]
    pub short_name: String,
    pub kind: Option<OrgKind>,
    #[serde(default)]
    pub ogrn: String,
    #[serde(default)]
    pub inn: String,
    #[serde(default)]
    pub site: String,
}

/// An [`OrgDraft`] that passed every check.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidOrg {
    pub name: String,
    /// The full name when none was given.
    pub short_name: String,
    pub kind: OrgKind,
    pub ogrn: Option<Ogrn>,
    pub inn: Option<Inn>,
    pub site: Option<SiteUrl>,
}

pub const MAX_ORG_NAME: usize = 500;

impl OrgDraft {
    pub fn of(org: &Organisation) -> Self {
        OrgDraft {
            name: org.name.clone(),
            short_name: org.short_name.clone(),
            kind: Some(org.kind),
            ogrn: org.ogrn.as_ref().map(|o| o.to_string()).unwrap_or_default(),
            inn: org.inn.as_ref().map(|i| i.to_string()).unwrap_or_default(),
            site: org.site.as_ref().map(|s| s.display()).unwrap_or_default(),
        }
    }

    /// The problem of each field, in form order; empty when all is well.
    pub fn problems(&self) -> Vec<Invalid> {
        self.check().err().unwrap_or_default()
    }

    pub fn validate(&self) -> Result<ValidOrg, Invalid> {
        self.check().map_err(|mut all| all.swap_remove(0))
    }

    fn check(&self) -> Result<ValidOrg, Vec<Invalid>> {
        let mut problems = Vec::new();
        let squash = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
        let name = squash(&self.name);
        if name.is_empty() {
            problems.push(Invalid::new(Field::Name, Problem::Empty));
        } else if name.chars().count() > MAX_ORG_NAME {
            problems.push(Invalid::new(
                Field::Name,
                Problem::TooLong { max: MAX_ORG_NAME },
            ));
        }
        let short = squash(&self.short_name);
        if short.chars().count() > MAX_ORG_NAME {
            problems.push(Invalid::new(
                Field::ShortName,
                Problem::TooLong { max: MAX_ORG_NAME },
            ));
        }
        let mut optional = |raw: &str, parse: &dyn Fn(&str) -> Result<(), Invalid>| {
            if !raw.trim().is_empty()
                && let Err(e) = parse(raw)
            {
                problems.push(e);
            }
        };
        optional(&self.ogrn, &|r| Ogrn::parse(r).map(drop));
        optional(&self.inn, &|r| Inn::parse(r).map(drop));
        optional(&self.site, &|r| SiteUrl::parse(r).map(drop));
        if !problems.is_empty() {
            return Err(problems);
        }
        fn some(raw: &str) -> Option<&str> {
            Some(raw).filter(|r| !r.trim().is_empty())
        }
        Ok(ValidOrg {
            short_name: if short.is_empty() {
                name.clone()
            } else {
                short
            },
            name,
            kind: self.kind.unwrap_or(OrgKind::Other),
            ogrn: some(&self.ogrn).and_then(|r| Ogrn::parse(r).ok()),
            inn: some(&self.inn).and_then(|r| Inn::parse(r).ok()),
            site: some(&self.site).and_then(|r| SiteUrl::parse(r).ok()),
        })
    }
}

/// A change to an organisation: its details, and the flags each set by
/// whom the rules allow (`ready` by its administrators, `widget_site_approved`
/// by platform curators only).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrgChange {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub details: Option<OrgDraft>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ready: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub widget_site_approved: Option<bool>,
}

/// Per-organisation message counts shown in the tree.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrgCounts {
    pub new: u64,
    pub in_work: u64,
    pub overdue: u64,
}

/// One row of the organisation tree: enough to draw it and to expand it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrgNode {
    pub id: OrgId,
    pub parent: Option<OrgId>,
    pub short_name: String,
    pub kind: OrgKind,
    pub child_count: u64,
    pub counts: OrgCounts,
}

/// A materialised path `/1/5/23/`: the ids from the root down to the organisation.
/// An organisation is in the subtree of another when its path starts with the other's.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct OrgPath(pub String);

impl OrgPath {
    pub fn root(id: OrgId) -> Self {
        OrgPath(format!("/{id}/"))
    }

    pub fn child(&self, id: OrgId) -> Self {
        OrgPath(format!("{}{id}/", self.0))
    }

    /// True when `self` is `other` or one of its ancestors.
    pub fn contains(&self, other: &OrgPath) -> bool {
        other.0.starts_with(&self.0)
    }

    /// The ids on the path, root first.
    pub fn ids(&self) -> Vec<OrgId> {
        self.0
            .split('/')
            .filter_map(|s| s.parse().ok().map(OrgId))
            .collect()
    }

    pub fn is_root(&self) -> bool {
        self.ids().len() == 1
    }

    /// The exclusive upper bound of the subtree's paths in byte order
    /// (`/1/5/` → `/1/50`), for index range scans.
    pub fn subtree_end(&self) -> String {
        let mut end = self.0.clone();
        end.pop();
        end.push('0'); // '0' is the byte after '/'
        end
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_know_their_subtree() {
        let root = OrgPath::root(OrgId(1));
        let dept = root.child(OrgId(5));
        let school = dept.child(OrgId(23));
        assert!(root.contains(&school) && dept.contains(&school) && school.contains(&school));
        assert!(!school.contains(&dept));
        assert!(!OrgPath("/1/50/".into()).contains(&dept));
        assert!(!dept.contains(&OrgPath("/1/50/".into())));
        assert_eq!(school.ids(), vec![OrgId(1), OrgId(5), OrgId(23)]);
        assert!(root.is_root() && !dept.is_root());
        let end = dept.subtree_end();
        assert!(school.0.as_str() < end.as_str() && dept.0.as_str() < end.as_str());
        assert!(*"/1/50/" >= *end);
    }
}

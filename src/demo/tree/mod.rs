//! The organisation tree: the platform, the city administration, its five
//! departments and their institutions, with names, numbers and sites.

mod institutions;

use super::people::translit;
use super::rng::Rng;
use super::texts::Profile;
use crate::domain::OrgKind;
use crate::domain::values::{Inn, Ogrn};
use std::collections::HashSet;

use institutions::*;

/// The city's domain; institutions' sites are its subdomains.
pub const CITY_DOMAIN: &str = "svetlogorsk.ru";

/// Mail domain of the platform curators (the regional management centre).
pub const PLATFORM_DOMAIN: &str = "cur39.ru";

/// ИНН/ОГРН region code: Kaliningrad oblast.
const REGION: [u8; 2] = [3, 9];

/// Tax inspections of the region used in the numbers.
const INSPECTIONS: &[[u8; 2]] = &[[1, 2], [1, 2], [1, 2], [0, 6], [1, 7]];

/// The organisations above the institutions: root, administration, departments.
pub const TOP: usize = 7;

/// Index of the administration in the plan (the root is 0, departments follow).
pub const ADMINISTRATION: usize = 1;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dept {
    Education,
    Social,
    Culture,
    Transport,
    Sport,
}

impl Dept {
    pub const ALL: [Dept; 5] = [
        Dept::Education,
        Dept::Social,
        Dept::Culture,
        Dept::Transport,
        Dept::Sport,
    ];

    fn short_name(self) -> &'static str {
        match self {
            Dept::Education => "Управление образования",
            Dept::Social => "Управление социальной защиты населения",
            Dept::Culture => "Управление культуры",
            Dept::Transport => "Управление транспорта и ЖКХ",
            Dept::Sport => "Управление физической культуры и спорта",
        }
    }

    fn full_name(self) -> &'static str {
        match self {
            Dept::Education => "Управление образования администрации города Светлогорска",
            Dept::Social => {
                "Управление социальной защиты населения администрации города Светлогорска"
            }
            Dept::Culture => "Управление культуры администрации города Светлогорска",
            Dept::Transport => {
                "Управление транспорта и жилищно-коммунального хозяйства администрации города Светлогорска"
            }
            Dept::Sport => {
                "Управление физической культуры и спорта администрации города Светлогорска"
            }
        }
    }

    fn host(self) -> &'static str {
        match self {
            Dept::Education => "obr.svetlogorsk.ru",
            Dept::Social => "uszn.svetlogorsk.ru",
            Dept::Culture => "kultura.svetlogorsk.ru",
            Dept::Transport => "utkh.svetlogorsk.ru",
            Dept::Sport => "sport.svetlogorsk.ru",
        }
    }

    fn profile(self) -> Profile {
        match self {
            Dept::Education => Profile::EducationDept,
            Dept::Social => Profile::Social,
            Dept::Culture => Profile::Culture,
            Dept::Transport => Profile::TransportDept,
            Dept::Sport => Profile::Sport,
        }
    }

    fn index(self) -> usize {
        Dept::ALL.iter().position(|d| *d == self).unwrap_or(0)
    }

    /// Index of the department in the plan.
    pub fn plan_index(self) -> usize {
        ADMINISTRATION + 1 + self.index()
    }
}

/// Which staff list an organisation's accounts are drawn from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Staff {
    Platform,
    Administration,
    Department,
    School,
    Kindergarten,
    Culture,
    Sport,
    Social,
    Utilities,
}

/// One organisation to create.
#[derive(Debug, Clone)]
pub struct OrgPlan {
    /// Index of the parent in the plan.
    pub parent: Option<usize>,
    pub name: String,
    pub short_name: String,
    pub kind: OrgKind,
    /// The site's host, also the staff's mail domain (`None` for the root).
    pub host: Option<String>,
    pub mail_domain: String,
    /// The number in the name (school № 5), used in message texts.
    pub number: Option<u32>,
    pub profile: Profile,
    pub staff: Staff,
    /// Relative share of the messages.
    pub weight: u32,
    pub ogrn: Option<Ogrn>,
    pub inn: Option<Inn>,
}

/// The institution every walkthrough hint points at.
pub const SHOWCASE: &str = "МБОУ «СОШ № 5»";

/// Splits `total` by `shares` with the largest-remainder method.
fn apportion(total: u64, shares: &[u32]) -> Vec<u64> {
    let sum: u64 = shares.iter().map(|s| u64::from(*s)).sum::<u64>().max(1);
    let mut counts: Vec<u64> = shares.iter().map(|s| total * u64::from(*s) / sum).collect();
    let mut rest: Vec<(u64, usize)> = shares
        .iter()
        .enumerate()
        .map(|(i, s)| (total * u64::from(*s) % sum, i))
        .collect();
    rest.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    let missing = total - counts.iter().sum::<u64>();
    for (_, i) in rest.into_iter().take(missing as usize) {
        counts[i] += 1;
    }
    counts
}

/// Unique registration numbers for the region.
struct Registry {
    ogrns: HashSet<String>,
    inns: HashSet<String>,
}

impl Registry {
    fn ogrn(&mut self, rng: &mut Rng) -> Ogrn {
        loop {
            let year = rng.range(2, 22) as u8;
            let insp = rng.pick(INSPECTIONS);
            let mut d = [0u8; 12];
            d[0] = 1;
            d[1] = year / 10;
            d[2] = year % 10;
            d[3..5].copy_from_slice(&REGION);
            d[5..7].copy_from_slice(&insp);
            for x in &mut d[7..] {
                *x = rng.digit();
            }
            let ogrn = Ogrn::for_organisation(d);
            if self.ogrns.insert(ogrn.as_str().to_string()) {
                return ogrn;
            }
        }
    }

    fn inn(&mut self, rng: &mut Rng) -> Inn {
        loop {
            let insp = rng.pick(INSPECTIONS);
            let mut d = [0u8; 9];
            d[..2].copy_from_slice(&REGION);
            d[2..4].copy_from_slice(&insp);
            for x in &mut d[4..] {
                *x = rng.digit();
            }
            let inn = Inn::for_organisation(d);
            if self.inns.insert(inn.as_str().to_string()) {
                return inn;
            }
        }
    }
}

/// The whole tree for `total` organisations (at least the [`TOP`] seven).
pub fn plan(total: u32, rng: &mut Rng) -> Vec<OrgPlan> {
    let total = (total as usize).max(TOP);
    let mut reg = Registry {
        ogrns: HashSet::new(),
        inns: HashSet::new(),
    };
    let mut hosts: HashSet<String> = HashSet::new();
    let mut out = Vec::with_capacity(total);
    out.push(OrgPlan {
        parent: None,
        name:
            "Платформа обратной связи (ПОС) Единого портала государственных и муниципальных услуг"
                .into(),
        short_name: "Платформа обратной связи".into(),
        kind: OrgKind::Platform,
        host: None,
        mail_domain: PLATFORM_DOMAIN.into(),
        number: None,
        profile: Profile::Administration,
        staff: Staff::Platform,
        weight: 0,
        ogrn: None,
        inn: None,
    });
    hosts.insert(CITY_DOMAIN.to_string());
    out.push(OrgPlan {
        parent: Some(0),
        name: "Администрация муниципального образования «Светлогорский городской округ»".into(),
        short_name: "Администрация города Светлогорска".into(),
        kind: OrgKind::Administration,
        host: Some(CITY_DOMAIN.into()),
        mail_domain: CITY_DOMAIN.into(),
        number: None,
        profile: Profile::Administration,
        staff: Staff::Administration,
        weight: 120,
        ogrn: Some(reg.ogrn(rng)),
        inn: Some(reg.inn(rng)),
    });
    for dept in Dept::ALL {
        hosts.insert(dept.host().to_string());
        out.push(OrgPlan {
            parent: Some(1),
            name: dept.full_name().into(),
            short_name: dept.short_name().into(),
            kind: OrgKind::Department,
            host: Some(dept.host().into()),
            mail_domain: dept.host().into(),
            number: None,
            profile: dept.profile(),
            staff: Staff::Department,
            weight: 40,
            ogrn: Some(reg.ogrn(rng)),
            inn: Some(reg.inn(rng)),
        });
    }
    let shares: Vec<u32> = TYPES.iter().map(|t| t.share).collect();
    let counts = apportion((total - TOP) as u64, &shares);
    for (t, count) in TYPES.iter().zip(counts) {
        for k in 1..=count as u32 {
            let (n, profile, mut weight) = (t.make)(k);
            if n.short == SHOWCASE {
                weight *= 3; // the walkthrough's school has a full queue
            }
            let mut host = format!("{}.{CITY_DOMAIN}", n.slug);
            let mut extra = 2;
            while !hosts.insert(host.clone()) {
                host = format!("{}-{extra}.{CITY_DOMAIN}", n.slug);
                extra += 1;
            }
            out.push(OrgPlan {
                parent: Some(t.dept.plan_index()),
                name: n.full,
                short_name: n.short,
                kind: if profile == Profile::Transport {
                    OrgKind::Other
                } else {
                    t.kind
                },
                mail_domain: host.clone(),
                host: Some(host),
                number: n.number,
                profile,
                staff: t.staff,
                weight,
                ogrn: Some(reg.ogrn(rng)),
                inn: Some(reg.inn(rng)),
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_tree_has_the_examples() {
        let plan = plan(66, &mut Rng::new(1));
        assert_eq!(plan.len(), 66);
        for name in [
            "МБОУ «СОШ № 5»",
            "МБДОУ «Детский сад № 12»",
            "МБУК «Дом культуры „Юность“»",
            "МБУ «Библиотека № 3»",
            "МБУ ДО «Спортивная школа № 2»",
            "ГБУ «Комплексный центр социального обслуживания»",
            "МУП «Теплосеть»",
            "МУП «Водоканал»",
        ] {
            assert!(plan.iter().any(|o| o.short_name == name), "{name}");
        }
        let per_dept = |d: usize| plan.iter().filter(|o| o.parent == Some(d)).count();
        let education = per_dept(2);
        for d in 3..7 {
            assert!(education > per_dept(d) && per_dept(d) > 0);
        }
    }

    #[test]
    fn large_trees_have_unique_names_and_hosts() {
        let plan = plan(5000, &mut Rng::new(1));
        assert_eq!(plan.len(), 5000);
        let names: HashSet<_> = plan.iter().map(|o| o.short_name.as_str()).collect();
        assert_eq!(names.len(), 5000);
        let hosts: HashSet<_> = plan.iter().filter_map(|o| o.host.as_deref()).collect();
        assert_eq!(hosts.len(), 4999);
        assert_eq!(apportion(10, &[1, 1, 1]), vec![4, 3, 3]);
    }
}

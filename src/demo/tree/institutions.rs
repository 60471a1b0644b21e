//! The kinds of institution the departments have, each with its names,
//! numbering, staff and sites.

use super::*;

pub(super) struct Names {
    pub(super) short: String,
    pub(super) full: String,
    pub(super) slug: String,
    pub(super) number: Option<u32>,
}

pub(super) fn names(short: String, full: String, slug: String, number: Option<u32>) -> Names {
    Names {
        short,
        full,
        slug,
        number,
    }
}

/// The `k`-th institution of a kind: one of its real-sounding `fixed`
/// names first, then numbered ones (`numbered(1)`, `numbered(2)`, …).
fn fixed_then_numbered(
    fixed: &[(&str, &str, &str)],
    k: u32,
    numbered: impl FnOnce(u32) -> (String, String, String),
) -> Names {
    match fixed.get(k as usize - 1) {
        Some((short, full, slug)) => {
            names(short.to_string(), full.to_string(), slug.to_string(), None)
        }
        None => {
            let b = k - fixed.len() as u32;
            let (short, full, slug) = numbered(b);
            names(short, full, slug, Some(b))
        }
    }
}

/// One kind of institution: where it sits, how many of them, how it is named.
pub(super) struct InstType {
    pub(super) dept: Dept,
    /// Share among institutions, per mille.
    pub(super) share: u32,
    pub(super) kind: OrgKind,
    pub(super) staff: Staff,
    /// Names of the k-th institution of this type (k from 1).
    pub(super) make: fn(u32) -> (Names, Profile, u32),
}

pub(super) fn school(k: u32) -> (Names, Profile, u32) {
    let n = match k % 10 {
        1 => names(
            format!("МАОУ «Гимназия № {k}»"),
            format!("Муниципальное автономное общеобразовательное учреждение «Гимназия № {k}»"),
            format!("gymnasium{k}"),
            Some(k),
        ),
        7 => names(
            format!("МАОУ «Лицей № {k}»"),
            format!("Муниципальное автономное общеобразовательное учреждение «Лицей № {k}»"),
            format!("lyceum{k}"),
            Some(k),
        ),
        9 => names(
            format!("МБОУ «ООШ № {k}»"),
            format!(
                "Муниципальное бюджетное общеобразовательное учреждение «Основная общеобразовательная школа № {k}»"
            ),
            format!("school{k}"),
            Some(k),
        ),
        _ => names(
            format!("МБОУ «СОШ № {k}»"),
            format!(
                "Муниципальное бюджетное общеобразовательное учреждение «Средняя общеобразовательная школа № {k}»"
            ),
            format!("school{k}"),
            Some(k),
        ),
    };
    (n, Profile::School, 13)
}

pub(super) const KINDERGARTEN_NAMES: &[&str] = &[
    "Солнышко",
    "Ромашка",
    "Теремок",
    "Золотой ключик",
    "Сказка",
    "Радуга",
    "Березка",
    "Колокольчик",
    "Журавушка",
    "Звездочка",
    "Янтарик",
    "Дельфиненок",
];

pub(super) fn kindergarten(k: u32) -> (Names, Profile, u32) {
    let n = if k % 3 == 1 {
        let name = KINDERGARTEN_NAMES[((k / 3) as usize) % KINDERGARTEN_NAMES.len()];
        names(
            format!("МАДОУ «Детский сад № {k} „{name}“»"),
            format!(
                "Муниципальное автономное дошкольное образовательное учреждение «Детский сад № {k} „{name}“»"
            ),
            format!("ds{k}"),
            Some(k),
        )
    } else {
        names(
            format!("МБДОУ «Детский сад № {k}»"),
            format!(
                "Муниципальное бюджетное дошкольное образовательное учреждение «Детский сад № {k}»"
            ),
            format!("ds{k}"),
            Some(k),
        )
    };
    (n, Profile::Kindergarten, 8)
}

pub(super) fn social(k: u32) -> (Names, Profile, u32) {
    let fixed: &[(&str, &str, &str)] = &[
        (
            "ГБУ «Комплексный центр социального обслуживания»",
            "Государственное бюджетное учреждение социального обслуживания «Комплексный центр социального обслуживания населения»",
            "kcson",
        ),
        (
            "ГКУ «Центр социальной поддержки населения»",
            "Государственное казенное учреждение «Центр социальной поддержки населения»",
            "cspn",
        ),
        (
            "ГБУ «Социально-реабилитационный центр „Маяк“»",
            "Государственное бюджетное учреждение социального обслуживания «Социально-реабилитационный центр для несовершеннолетних „Маяк“»",
            "src-mayak",
        ),
        (
            "ГБСУСО «Дом-интернат „Забота“»",
            "Государственное бюджетное стационарное учреждение социального обслуживания «Дом-интернат для престарелых и инвалидов „Забота“»",
            "zabota",
        ),
        (
            "МБУ «Центр помощи семье и детям»",
            "Муниципальное бюджетное учреждение «Центр психолого-педагогической помощи семье и детям»",
            "semya",
        ),
    ];
    let n = fixed_then_numbered(fixed, k, |b| {
        (
            format!("ГБУ «КЦСОН», отделение № {b}"),
            format!(
                "Отделение социального обслуживания на дому № {b} государственного бюджетного учреждения «Комплексный центр социального обслуживания населения»"
            ),
            format!("kcson{b}"),
        )
    });
    (n, Profile::Social, 10)
}

pub(super) const DK_NAMES: &[&str] = &[
    "Юность",
    "Янтарь",
    "Октябрь",
    "Родина",
    "Современник",
    "Прибой",
    "Меридиан",
];

pub(super) fn house_of_culture(k: u32) -> (Names, Profile, u32) {
    let n = match DK_NAMES.get(k as usize - 1) {
        Some(name) => {
            let mut slug = String::from("dk-");
            translit(name, &mut slug);
            names(
                format!("МБУК «Дом культуры „{name}“»"),
                format!("Муниципальное бюджетное учреждение культуры «Дом культуры „{name}“»"),
                slug,
                None,
            )
        }
        None => names(
            format!("МБУК «Дом культуры № {k}»"),
            format!("Муниципальное бюджетное учреждение культуры «Дом культуры № {k}»"),
            format!("dk{k}"),
            Some(k),
        ),
    };
    (n, Profile::Culture, 6)
}

pub(super) fn library(k: u32) -> (Names, Profile, u32) {
    (
        names(
            format!("МБУ «Библиотека № {k}»"),
            format!("Муниципальное бюджетное учреждение «Библиотека № {k}»"),
            format!("library{k}"),
            Some(k),
        ),
        Profile::Library,
        4,
    )
}

pub(super) fn art_school(k: u32) -> (Names, Profile, u32) {
    (
        names(
            format!("МБУ ДО «Детская школа искусств № {k}»"),
            format!(
                "Муниципальное бюджетное учреждение дополнительного образования «Детская школа искусств № {k}»"
            ),
            format!("dshi{k}"),
            Some(k),
        ),
        Profile::Culture,
        4,
    )
}

pub(super) fn museum(k: u32) -> (Names, Profile, u32) {
    let fixed: &[(&str, &str, &str)] = &[
        (
            "МБУК «Историко-краеведческий музей»",
            "Муниципальное бюджетное учреждение культуры «Историко-краеведческий музей»",
            "museum",
        ),
        (
            "МАУ «Парк культуры и отдыха „Светлогорский“»",
            "Муниципальное автономное учреждение «Парк культуры и отдыха „Светлогорский“»",
            "park",
        ),
        (
            "МБУК «Художественная галерея „Балтика“»",
            "Муниципальное бюджетное учреждение культуры «Художественная галерея „Балтика“»",
            "gallery",
        ),
    ];
    let n = fixed_then_numbered(fixed, k, |b| {
        (
            format!("МБУК «Выставочный зал № {b}»"),
            format!("Муниципальное бюджетное учреждение культуры «Выставочный зал № {b}»"),
            format!("expo{b}"),
        )
    });
    (n, Profile::Culture, 3)
}

pub(super) fn sport_school(k: u32) -> (Names, Profile, u32) {
    (
        names(
            format!("МБУ ДО «Спортивная школа № {k}»"),
            format!(
                "Муниципальное бюджетное учреждение дополнительного образования «Спортивная школа № {k}»"
            ),
            format!("sport{k}"),
            Some(k),
        ),
        Profile::Sport,
        6,
    )
}

pub(super) const FOK_NAMES: &[&str] = &[
    "Олимп",
    "Чайка",
    "Волна",
    "Атлант",
    "Триумф",
    "Лидер",
    "Дельфин",
];

pub(super) fn sports_centre(k: u32) -> (Names, Profile, u32) {
    let n = match FOK_NAMES.get(k as usize - 1) {
        Some(name) => {
            let mut slug = String::from("fok-");
            translit(name, &mut slug);
            names(
                format!("МАУ «ФОК „{name}“»"),
                format!(
                    "Муниципальное автономное учреждение «Физкультурно-оздоровительный комплекс „{name}“»"
                ),
                slug,
                None,
            )
        }
        None => names(
            format!("МАУ «ФОК № {k}»"),
            format!(
                "Муниципальное автономное учреждение «Физкультурно-оздоровительный комплекс № {k}»"
            ),
            format!("fok{k}"),
            Some(k),
        ),
    };
    (n, Profile::SportsFacility, 6)
}

pub(super) fn utility(k: u32) -> (Names, Profile, u32) {
    let fixed: &[(&str, &str, &str, Profile, u32)] = &[
        (
            "МУП «Теплосеть»",
            "Муниципальное унитарное предприятие «Теплосеть»",
            "teploset",
            Profile::Heating,
            30,
        ),
        (
            "МУП «Водоканал»",
            "Муниципальное унитарное предприятие «Водоканал»",
            "vodokanal",
            Profile::Water,
            25,
        ),
        (
            "МБУ «Благоустройство»",
            "Муниципальное бюджетное учреждение «Благоустройство»",
            "blagoustroystvo",
            Profile::Improvement,
            20,
        ),
        (
            "МУП «Горэлектросеть»",
            "Муниципальное унитарное предприятие «Городские электрические сети»",
            "elektroset",
            Profile::Power,
            15,
        ),
        (
            "МУП «Светлогорское ПАТП»",
            "Муниципальное унитарное предприятие «Светлогорское пассажирское автотранспортное предприятие»",
            "patp",
            Profile::Transport,
            15,
        ),
        (
            "МУП «Управляющая компания „Светлогорская“»",
            "Муниципальное унитарное предприятие «Управляющая компания „Светлогорская“»",
            "uk",
            Profile::Housing,
            20,
        ),
    ];
    match fixed.get(k as usize - 1) {
        Some((short, full, slug, profile, weight)) => (
            names(short.to_string(), full.to_string(), slug.to_string(), None),
            *profile,
            *weight,
        ),
        None => {
            let b = k - fixed.len() as u32;
            (
                names(
                    format!("МУП «ЖЭУ № {b}»"),
                    format!(
                        "Муниципальное унитарное предприятие «Жилищно-эксплуатационный участок № {b}»"
                    ),
                    format!("zheu{b}"),
                    Some(b),
                ),
                Profile::Housing,
                12,
            )
        }
    }
}

pub(super) const TYPES: &[InstType] = &[
    InstType {
        dept: Dept::Education,
        share: 270,
        kind: OrgKind::School,
        staff: Staff::School,
        make: school,
    },
    InstType {
        dept: Dept::Education,
        share: 230,
        kind: OrgKind::Kindergarten,
        staff: Staff::Kindergarten,
        make: kindergarten,
    },
    InstType {
        dept: Dept::Social,
        share: 90,
        kind: OrgKind::Social,
        staff: Staff::Social,
        make: social,
    },
    InstType {
        dept: Dept::Culture,
        share: 50,
        kind: OrgKind::Culture,
        staff: Staff::Culture,
        make: house_of_culture,
    },
    InstType {
        dept: Dept::Culture,
        share: 55,
        kind: OrgKind::Culture,
        staff: Staff::Culture,
        make: library,
    },
    InstType {
        dept: Dept::Culture,
        share: 30,
        kind: OrgKind::Culture,
        staff: Staff::Culture,
        make: art_school,
    },
    InstType {
        dept: Dept::Culture,
        share: 20,
        kind: OrgKind::Culture,
        staff: Staff::Culture,
        make: museum,
    },
    InstType {
        dept: Dept::Transport,
        share: 95,
        kind: OrgKind::Utilities,
        staff: Staff::Utilities,
        make: utility,
    },
    InstType {
        dept: Dept::Sport,
        share: 80,
        kind: OrgKind::Sport,
        staff: Staff::Sport,
        make: sport_school,
    },
    InstType {
        dept: Dept::Sport,
        share: 50,
        kind: OrgKind::Sport,
        staff: Staff::Sport,
        make: sports_centre,
    },
];

//! People: Russian names with gender agreement, e-mail local parts
//! transliterated from them, and mobile numbers.

use std::fmt::Write;

use super::rng::Rng;

/// Surnames in their masculine form; [`surname`] derives the feminine one.
const SURNAMES: &[&str] = &[
    "Иванов",
    "Смирнов",
    "Кузнецов",
    "Попов",
    "Васильев",
    "Петров",
    "Соколов",
    "Михайлов",
    "Новиков",
    "Федоров",
    "Морозов",
    "Волков",
    "Алексеев",
    "Лебедев",
    "Семенов",
    "Егоров",
    "Павлов",
    "Козлов",
    "Степанов",
    "Николаев",
    "Орлов",
    "Андреев",
    "Макаров",
    "Никитин",
    "Захаров",
    "Зайцев",
    "Соловьев",
    "Борисов",
    "Яковлев",
    "Григорьев",
    "Романов",
    "Воробьев",
    "Сергеев",
    "Кузьмин",
    "Фролов",
    "Александров",
    "Дмитриев",
    "Королев",
    "Гусев",
    "Киселев",
    "Ильин",
    "Максимов",
    "Поляков",
    "Сорокин",
    "Виноградов",
    "Ковалев",
    "Белов",
    "Медведев",
    "Антонов",
    "Тарасов",
    "Жуков",
    "Баранов",
    "Филиппов",
    "Комаров",
    "Давыдов",
    "Беляев",
    "Герасимов",
    "Богданов",
    "Осипов",
    "Сидоров",
    "Матвеев",
    "Титов",
    "Марков",
    "Миронов",
    "Крылов",
    "Куликов",
    "Карпов",
    "Власов",
    "Мельников",
    "Денисов",
    "Гаврилов",
    "Тихонов",
    "Казаков",
    "Афанасьев",
    "Данилов",
    "Савельев",
    "Тимофеев",
    "Фомин",
    "Чернов",
    "Абрамов",
    "Мартынов",
    "Ефимов",
    "Федотов",
    "Щербаков",
    "Назаров",
    "Калинин",
    "Исаев",
    "Чернышев",
    "Быков",
    "Маслов",
    "Родионов",
    "Коновалов",
    "Лазарев",
    "Воронин",
    "Климов",
    "Филатов",
    "Пономарев",
    "Голубев",
    "Кудрявцев",
    "Прохоров",
    "Наумов",
    "Потапов",
    "Журавлев",
    "Овчинников",
    "Трофимов",
    "Леонов",
    "Соболев",
    "Ермаков",
    "Колесников",
    "Гончаров",
    "Емельянов",
    "Никифоров",
    "Грачев",
    "Котов",
    "Гришин",
    "Ефремов",
    "Архипов",
    "Громов",
    "Кириллов",
    "Малышев",
    "Панов",
    "Моисеев",
    "Румянцев",
    "Акимов",
    "Кондратьев",
    "Бирюков",
    "Горбунов",
    "Анисимов",
    "Тихомиров",
    "Галкин",
    "Лукьянов",
    "Михеев",
    "Скворцов",
    "Юдин",
    "Белоусов",
    "Нестеров",
    "Симонов",
    "Харитонов",
    "Князев",
    "Цветков",
    "Левин",
    "Воронов",
    "Аксенов",
    "Мальцев",
    "Логинов",
    "Горшков",
    "Савин",
    "Краснов",
    "Майоров",
    "Демидов",
    "Елисеев",
    "Рыбаков",
    "Сафонов",
    "Плотников",
    "Хохлов",
    "Жданов",
    "Шубин",
    "Зуев",
    "Вишневский",
    "Островский",
    "Успенский",
    "Яблонский",
    "Дубровский",
    "Троицкий",
    "Зарецкий",
    "Высоцкий",
    "Каменский",
    "Покровский",
    "Шевченко",
    "Бондаренко",
    "Коваленко",
    "Ткаченко",
    "Кравченко",
    "Лысенко",
    "Черных",
    "Седых",
    "Ковальчук",
    "Мельничук",
    "Ким",
    "Толстой",
    "Донской",
    "Малахов",
    "Рябинин",
    "Сухов",
    "Блинов",
    "Лаптев",
    "Горелов",
];

const MALE_NAMES: &[&str] = &[
    "Александр",
    "Сергей",
    "Дмитрий",
    "Андрей",
    "Алексей",
    "Максим",
    "Евгений",
    "Иван",
    "Михаил",
    "Артем",
    "Николай",
    "Владимир",
    "Павел",
    "Денис",
    "Игорь",
    "Роман",
    "Олег",
    "Виктор",
    "Юрий",
    "Антон",
    "Илья",
    "Константин",
    "Кирилл",
    "Никита",
    "Вадим",
    "Василий",
    "Петр",
    "Геннадий",
    "Анатолий",
    "Валерий",
    "Георгий",
    "Егор",
    "Станислав",
    "Григорий",
    "Борис",
    "Леонид",
    "Вячеслав",
    "Тимур",
    "Руслан",
    "Федор",
    "Даниил",
    "Матвей",
];

const FEMALE_NAMES: &[&str] = &[
    "Анна",
    "Мария",
    "Елена",
    "Ольга",
    "Наталья",
    "Татьяна",
    "Ирина",
    "Светлана",
    "Екатерина",
    "Юлия",
    "Анастасия",
    "Марина",
    "Людмила",
    "Галина",
    "Валентина",
    "Надежда",
    "Оксана",
    "Виктория",
    "Ксения",
    "Дарья",
    "Алина",
    "Полина",
    "Вера",
    "Любовь",
    "Лариса",
    "Нина",
    "Евгения",
    "Алена",
    "Кристина",
    "Софья",
    "Елизавета",
    "Валерия",
    "Маргарита",
    "Инна",
    "Жанна",
    "Лидия",
    "Тамара",
    "Олеся",
    "Яна",
    "Диана",
];

/// Patronymics: (masculine, feminine).
const PATRONYMICS: &[(&str, &str)] = &[
    ("Александрович", "Александровна"),
    ("Сергеевич", "Сергеевна"),
    ("Дмитриевич", "Дмитриевна"),
    ("Андреевич", "Андреевна"),
    ("Алексеевич", "Алексеевна"),
    ("Евгеньевич", "Евгеньевна"),
    ("Иванович", "Ивановна"),
    ("Михайлович", "Михайловна"),
    ("Николаевич", "Николаевна"),
    ("Владимирович", "Владимировна"),
    ("Павлович", "Павловна"),
    ("Викторович", "Викторовна"),
    ("Юрьевич", "Юрьевна"),
    ("Игоревич", "Игоревна"),
    ("Олегович", "Олеговна"),
    ("Анатольевич", "Анатольевна"),
    ("Валерьевич", "Валерьевна"),
    ("Геннадьевич", "Геннадьевна"),
    ("Петрович", "Петровна"),
    ("Васильевич", "Васильевна"),
    ("Борисович", "Борисовна"),
    ("Григорьевич", "Григорьевна"),
    ("Леонидович", "Леонидовна"),
    ("Вячеславович", "Вячеславовна"),
    ("Константинович", "Константиновна"),
    ("Романович", "Романовна"),
    ("Степанович", "Степановна"),
    ("Федорович", "Федоровна"),
    ("Ильич", "Ильинична"),
    ("Георгиевич", "Георгиевна"),
    ("Витальевич", "Витальевна"),
    ("Аркадьевич", "Аркадьевна"),
    ("Максимович", "Максимовна"),
    ("Антонович", "Антоновна"),
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Gender {
    Male,
    Female,
}

/// A person's name as three indices into the lists above, so that a million
/// citizens cost no allocation until their name is written out.
#[derive(Debug, Clone, Copy)]
pub struct Person {
    pub gender: Gender,
    surname: u16,
    first: u16,
    patronymic: u16,
}

impl Person {
    pub fn random(rng: &mut Rng, female_share: f64) -> Person {
        let gender = if rng.chance(female_share) {
            Gender::Female
        } else {
            Gender::Male
        };
        let names = match gender {
            Gender::Male => MALE_NAMES.len(),
            Gender::Female => FEMALE_NAMES.len(),
        };
        Person {
            gender,
            surname: rng.index(SURNAMES.len()) as u16,
            first: rng.index(names) as u16,
            patronymic: rng.index(PATRONYMICS.len()) as u16,
        }
    }

    /// Appends the surname in the person's gender.
    pub fn push_surname(&self, out: &mut String) {
        push_surname(SURNAMES[usize::from(self.surname)], self.gender, out);
    }

    pub fn surname(&self) -> String {
        let mut s = String::new();
        self.push_surname(&mut s);
        s
    }

    pub fn first_name(&self) -> &'static str {
        match self.gender {
            Gender::Male => MALE_NAMES[usize::from(self.first)],
            Gender::Female => FEMALE_NAMES[usize::from(self.first)],
        }
    }

    pub fn patronymic(&self) -> &'static str {
        let (m, f) = PATRONYMICS[usize::from(self.patronymic)];
        match self.gender {
            Gender::Male => m,
            Gender::Female => f,
        }
    }

    /// "Иванова Анна Сергеевна".
    pub fn push_full_name(&self, out: &mut String) {
        self.push_surname(out);
        out.push(' ');
        out.push_str(self.first_name());
        out.push(' ');
        out.push_str(self.patronymic());
    }

    /// "Уважаемая Анна Сергеевна".
    pub fn push_salutation(&self, out: &mut String) {
        out.push_str(match self.gender {
            Gender::Male => "Уважаемый ",
            Gender::Female => "Уважаемая ",
        });
        out.push_str(self.first_name());
        out.push(' ');
        out.push_str(self.patronymic());
    }

    /// "ivanova.as": the surname transliterated, a dot, the two initials.
    pub fn mailbox(&self) -> String {
        let mut s = String::new();
        translit(&self.surname(), &mut s);
        s.push('.');
        for part in [self.first_name(), self.patronymic()] {
            let initial: String = part.chars().take(1).collect();
            let mut t = String::new();
            translit(&initial, &mut t);
            // One letter is enough for an initial ("Ж" would give "zh").
            s.extend(t.chars().take(1));
        }
        s
    }
}

/// A position as written for this person: «Заведующая» for a woman.
pub fn position_for(position: &str, gender: Gender) -> String {
    match (gender, position.strip_prefix("Заведующий")) {
        (Gender::Female, Some(rest)) => format!("Заведующая{rest}"),
        _ => position.to_string(),
    }
}

/// The surname in the gender: -ов/-ев/-ин/-ын take -а, -ский/-цкий become
/// -ская/-цкая, -ой becomes -ая; the rest (-ко, -ых, -ук, Ким) do not change.
pub fn push_surname(masculine: &str, gender: Gender, out: &mut String) {
    if gender == Gender::Male {
        out.push_str(masculine);
        return;
    }
    if ["ов", "ев", "ёв", "ин", "ын"]
        .iter()
        .any(|end| masculine.ends_with(end))
    {
        out.push_str(masculine);
        out.push('а');
    } else if let Some(stem) = masculine
        .strip_suffix("ий")
        .filter(|s| s.ends_with("ск") || s.ends_with("цк"))
    {
        out.push_str(stem);
        out.push_str("ая");
    } else if let Some(stem) = masculine.strip_suffix("ой") {
        out.push_str(stem);
        out.push_str("ая");
    } else {
        out.push_str(masculine);
    }
}

/// Lower-case Latin transliteration (the common e-mail style: ж→zh, х→kh,
/// ц→ts, щ→shch, ю→yu, я→ya; ь and ъ dropped).
pub fn translit(text: &str, out: &mut String) {
    for c in text.chars().flat_map(char::to_lowercase) {
        let t = match c {
            'а' => "a",
            'б' => "b",
            'в' => "v",
            'г' => "g",
            'д' => "d",
            'е' | 'ё' | 'э' => "e",
            'ж' => "zh",
            'з' => "z",
            'и' => "i",
            'й' => "y",
            'к' => "k",
            'л' => "l",
            'м' => "m",
            'н' => "n",
            'о' => "o",
            'п' => "p",
            'р' => "r",
            'с' => "s",
            'т' => "t",
            'у' => "u",
            'ф' => "f",
            'х' => "kh",
            'ц' => "ts",
            'ч' => "ch",
            'ш' => "sh",
            'щ' => "shch",
            'ы' => "y",
            'ю' => "yu",
            'я' => "ya",
            'ъ' | 'ь' => "",
            c if c.is_ascii_alphanumeric() => {
                out.push(c);
                continue;
            }
            _ => "-",
        };
        out.push_str(t);
    }
}

/// Mobile operators' codes seen in the Kaliningrad region.
const MOBILE_CODES: &[&str] = &[
    "900", "906", "909", "911", "921", "931", "950", "951", "952", "953", "960", "962", "963",
    "977", "981", "996", "999",
];

/// The ten national digits of a mobile number, e.g. `9114567890`.
pub fn push_mobile_digits(rng: &mut Rng, out: &mut String) {
    out.push_str(rng.pick(MOBILE_CODES));
    for _ in 0..7 {
        out.push(char::from(b'0' + rng.digit()));
    }
}

/// A mobile number as citizens leave it: `+7 911 456-78-90`.
pub fn push_mobile_display(rng: &mut Rng, out: &mut String) {
    let mut d = String::with_capacity(10);
    push_mobile_digits(rng, &mut d);
    out.push_str("+7 ");
    out.push_str(&d[..3]);
    out.push(' ');
    out.push_str(&d[3..6]);
    out.push('-');
    out.push_str(&d[6..8]);
    out.push('-');
    out.push_str(&d[8..]);
}

const MAIL_DOMAINS: &[&str] = &[
    "mail.ru",
    "yandex.ru",
    "gmail.com",
    "bk.ru",
    "list.ru",
    "inbox.ru",
    "rambler.ru",
    "ya.ru",
];

/// A citizen's private address: `petrova.olga84@mail.ru`.
pub fn push_private_email(person: &Person, rng: &mut Rng, out: &mut String) {
    translit(&person.surname(), out);
    match rng.below(3) {
        0 => {
            out.push('.');
            translit(person.first_name(), out);
        }
        1 => {
            out.push('_');
            let initial: String = person.first_name().chars().take(1).collect();
            let mut t = String::new();
            translit(&initial, &mut t);
            out.extend(t.chars().take(1));
        }
        _ => {}
    }
    let year = 60 + rng.below(45);
    let _ = write!(out, "{:02}", year % 100);
    out.push('@');
    out.push_str(rng.pick(MAIL_DOMAINS));
}

#[cfg(test)]
mod tests {
    use super::*;

    fn female(s: &str) -> String {
        let mut out = String::new();
        push_surname(s, Gender::Female, &mut out);
        out
    }

    #[test]
    fn feminine_surnames() {
        assert_eq!(female("Иванов"), "Иванова");
        assert_eq!(female("Ильин"), "Ильина");
        assert_eq!(female("Вишневский"), "Вишневская");
        assert_eq!(female("Зарецкий"), "Зарецкая");
        assert_eq!(female("Толстой"), "Толстая");
        assert_eq!(female("Шевченко"), "Шевченко");
        assert_eq!(female("Черных"), "Черных");
        assert_eq!(female("Ковальчук"), "Ковальчук");
    }

    #[test]
    fn mailboxes_are_ascii() {
        let mut out = String::new();
        translit("Щербакова Юлия", &mut out);
        assert_eq!(out, "shcherbakova-yuliya");
        let mut r = Rng::new(5);
        for _ in 0..500 {
            let p = Person::random(&mut r, 0.5);
            let m = p.mailbox();
            assert!(m.is_ascii() && m.len() >= 4, "{m}");
            assert!(!m.contains('-'), "{m}");
        }
    }

    #[test]
    fn every_surname_is_masculine_form() {
        for s in SURNAMES {
            let f = female(s);
            assert!(!f.is_empty());
        }
    }
}

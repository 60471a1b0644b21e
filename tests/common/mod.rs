//! The contract suite's fixture and backends.
//!
//! [`Fixture::build`] writes a small, precisely known tree into a fresh
//! SQLite file with the store's own insert functions (one writer
//! transaction); [`Ctx`] puts a `LocalService` over it, pinned to
//! [`TODAY`], and for [`Kind::Remote`] also starts the real HTTP server on
//! `127.0.0.1:0` and talks to it through `RemoteService`.
//!
//! The tree (org ids are assigned in this order, 1…7):
//!
//! ```text
//! ПОС (platform)                                  curator
//! └ Администрация г. Энска                         admin, curator
//!   ├ Управление образования                       admin, coordinator
//!   │ ├ МБОУ «СОШ № 5»  (school A)                 coordinator, E1, E2, leader, admin,
//!   │ │                                            archived executor, new executor
//!   │ ├ МБОУ «СОШ № 12» (school B)                 coordinator
//!   │ └ МБОУ «СОШ № 7»  (school C, archived)
//!   └ Управление культуры                          (nobody)
//! ```
//!
//! Messages: twelve in school A (`a1`…`a12`), two in school B (`b1`, `b2`),
//! interleaved by arrival; see [`Fixture::build`] for their statuses.

#![allow(dead_code)]

pub mod pg;
pub mod site;
pub mod smtp;
pub mod tmux;

use std::sync::Arc;

use chrono::{NaiveDate, TimeZone, Utc};
use otklik::domain::values::{Email, Inn, Ogrn, Phone, SiteUrl};
use otklik::domain::{
    AccountId, AccountStatus, Actor, CategoryId, MessageId, MessageKind, MessageSource,
    MessageStatus, OrgId, OrgKind, Role, Roles,
};
use otklik::service::{
    Credentials, Gateway, LocalService, RemoteService, ServiceError, ServiceResult, Session,
};
use otklik::store::records::{NewAccount, NewHistory, NewMessage, NewOrg};
use otklik::store::{AnyStore, Database, OpenMode, StoreError, Writer};
use tempfile::TempDir;

/// "Today" for every fixture: Monday, 16 March 2026.
pub const TODAY: (i32, u32, u32) = (2026, 3, 16);

pub fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("valid date")
}

pub fn today() -> NaiveDate {
    date(TODAY.0, TODAY.1, TODAY.2)
}

/// Unix seconds of a moment in UTC.
pub fn at(y: i32, m: u32, d: u32, h: u32, min: u32) -> i64 {
    Utc.with_ymd_and_hms(y, m, d, h, min, 0)
        .single()
        .expect("valid time")
        .timestamp()
}

/// Someone in the fixture: their account id and the e-mail they sign in with.
#[derive(Debug, Clone)]
pub struct Person {
    pub id: AccountId,
    pub email: String,
}

#[derive(Debug, Clone, Copy)]
pub struct Orgs {
    pub platform: OrgId,
    pub city: OrgId,
    pub edu: OrgId,
    pub school_a: OrgId,
    pub school_b: OrgId,
    /// Archived; a child of `edu`.
    pub school_c: OrgId,
    pub culture: OrgId,
}

#[derive(Debug, Clone)]
pub struct People {
    pub platform_curator: Person,
    pub city_admin: Person,
    pub city_curator: Person,
    pub edu_admin: Person,
    pub edu_coordinator: Person,
    pub a_coordinator: Person,
    /// Executor E1.
    pub a_e1: Person,
    /// Executor E2.
    pub a_e2: Person,
    pub a_leader: Person,
    /// Admin and nothing else.
    pub a_admin: Person,
    /// Archived executor.
    pub a_archived: Person,
    /// Invited, not confirmed; a namesake of E1 (same full name).
    pub a_new: Person,
    pub b_coordinator: Person,
}

#[derive(Debug, Clone, Copy)]
pub struct Cats {
    pub roads: CategoryId,
    pub potholes: CategoryId,
    pub lighting: CategoryId,
    pub education: CategoryId,
    pub food: CategoryId,
    pub repair: CategoryId,
    pub other: CategoryId,
}

/// What the fixture knows about one message it inserted.
#[derive(Debug, Clone)]
pub struct Msg {
    pub label: &'static str,
    pub id: MessageId,
    pub org: OrgId,
    pub status: MessageStatus,
    pub assignee: Option<AccountId>,
    pub category: CategoryId,
    pub deadline: NaiveDate,
    pub received_at: i64,
    pub citizen: &'static str,
    pub text: &'static str,
}

impl Msg {
    /// Open and past its deadline on [`TODAY`].
    pub fn overdue(&self) -> bool {
        self.status.is_open() && self.deadline < today()
    }
}

/// A message to insert: label, org, status, assignee, category, deadline,
/// received at, citizen, text.
type Planned = (
    &'static str,
    OrgId,
    MessageStatus,
    Option<AccountId>,
    CategoryId,
    NaiveDate,
    i64,
    &'static str,
    &'static str,
);

/// A history line to insert: message, at, actor, action, from, to, comment.
type PlannedHistory = (
    MessageId,
    i64,
    Option<AccountId>,
    &'static str,
    Option<MessageStatus>,
    MessageStatus,
    Option<&'static str>,
);

pub struct Fixture {
    _dir: TempDir,
    pub service: LocalService,
    pub org: Orgs,
    pub who: People,
    pub cat: Cats,
    /// Every message, in insertion (= id) order.
    pub msgs: Vec<Msg>,
    /// A live token of the archived account (issued before it was archived).
    pub archived_token: String,
    /// A revoked token of E1.
    pub revoked_token: String,
    /// The PostgreSQL database the fixture is in, if it is not in a file;
    /// dropped last, after the service.
    pub db: Option<pg::TestDatabase>,
}

/// What a raw statement of a test binds: `?1`, `?2`, … in its text.
#[derive(Debug, Clone)]
pub enum Param {
    Int(i64),
    Bool(bool),
    Text(String),
}

impl From<i64> for Param {
    fn from(v: i64) -> Self {
        Param::Int(v)
    }
}

impl From<bool> for Param {
    fn from(v: bool) -> Self {
        Param::Bool(v)
    }
}

impl From<&str> for Param {
    fn from(v: &str) -> Self {
        Param::Text(v.to_string())
    }
}

const SCHOOL_A_FULL: &str = "Муниципальное бюджетное общеобразовательное учреждение «Средняя общеобразовательная школа № 5»";

impl Fixture {
    /// The fixture in a fresh embedded store.
    pub fn build() -> Fixture {
        Fixture::build_in(None)
    }

    /// The fixture in `db` when given, else in a fresh embedded store.
    pub fn build_in(db: Option<pg::TestDatabase>) -> Fixture {
        let dir = tempfile::tempdir().expect("temp dir");
        let location = match &db {
            Some(db) => db.url.clone(),
            None => dir.path().join("otklik.db").display().to_string(),
        };
        let store = pg::off_runtime(|| AnyStore::open(&location, OpenMode::CreateIfMissing))
            .expect("store");
        let store = Arc::new(store);
        let now = at(2026, 1, 12, 9, 0);

        let built = store.write(|tx: &dyn Writer| -> Result<_, StoreError> {

        // Organisations.
        let org = |parent: Option<OrgId>, name: &str, short: &str, kind: OrgKind| NewOrg {
            parent,
            name: name.into(),
            short_name: short.into(),
            kind,
            ogrn: None,
            inn: None,
            site: None,
        };
        let ins_org = |o: NewOrg| tx.insert_org(&o, now).expect("org");
        let platform = ins_org(org(
            None,
            "Платформа обратной связи",
            "ПОС",
            OrgKind::Platform,
        ));
        let city = ins_org(org(
            Some(platform),
            "Администрация города Энска",
            "Администрация г. Энска",
            OrgKind::Administration,
        ));
        let edu = ins_org(org(
            Some(city),
            "Управление образования администрации города Энска",
            "Управление образования",
            OrgKind::Department,
        ));
        let school_a = ins_org(NewOrg {
            ogrn: Some(Ogrn::for_organisation([1, 0, 2, 7, 4, 0, 0, 5, 1, 2, 3, 4])),
            inn: Some(Inn::for_organisation([7, 4, 5, 3, 0, 1, 2, 3, 4])),
            site: Some(SiteUrl::parse("https://school5.ru").expect("site")),
            ..org(Some(edu), SCHOOL_A_FULL, "МБОУ «СОШ № 5»", OrgKind::School)
        });
        let school_b = ins_org(org(
            Some(edu),
            "Муниципальное бюджетное общеобразовательное учреждение «Средняя общеобразовательная школа № 12»",
            "МБОУ «СОШ № 12»",
            OrgKind::School,
        ));
        let school_c = ins_org(org(
            Some(edu),
            "Муниципальное бюджетное общеобразовательное учреждение «Средняя общеобразовательная школа № 7»",
            "МБОУ «СОШ № 7»",
            OrgKind::School,
        ));
        let culture = ins_org(org(
            Some(city),
            "Управление культуры администрации города Энска",
            "Управление культуры",
            OrgKind::Department,
        ));
        // The store has no archiving yet: mark school C archived directly.
        tx.set_org_archived(school_c, Some(now))
            .expect("archive org");

        // Accounts.
        let person = |org: OrgId,
                      (surname, first, patronymic): (&str, &str, &str),
                      email: &str,
                      position: &str,
                      roles: &[Role],
                      status: AccountStatus| {
            let a = NewAccount {
                org,
                surname: surname.into(),
                first_name: first.into(),
                patronymic: patronymic.into(),
                email: Email::parse(email).expect("email"),
                phone: Some(Phone::parse("+7 912 345-67-89").expect("phone")),
                position: position.into(),
                roles: roles.iter().copied().collect::<Roles>(),
                status,
                trained: status == AccountStatus::Confirmed,
            };
            Person {
                id: tx.insert_account(&a, now).expect("account"),
                email: email.into(),
            }
        };
        use AccountStatus::{Archived, Confirmed};
        let platform_curator = person(
            platform,
            ("Платонова", "Ольга", "Викторовна"),
            "curator@pos.gov.ru",
            "Куратор платформы",
            &[Role::Curator],
            Confirmed,
        );
        let city_admin = person(
            city,
            ("Городецкий", "Илья", "Петрович"),
            "admin@ensk.ru",
            "Главный специалист",
            &[Role::Admin],
            Confirmed,
        );
        let city_curator = person(
            city,
            ("Кураева", "Мария", "Ильинична"),
            "curator@ensk.ru",
            "Начальник отдела",
            &[Role::Curator],
            Confirmed,
        );
        let edu_admin = person(
            edu,
            ("Отделов", "Семен", "Аркадьевич"),
            "admin@edu.ensk.ru",
            "Ведущий специалист",
            &[Role::Admin],
            Confirmed,
        );
        let edu_coordinator = person(
            edu,
            ("Департаментов", "Олег", "Олегович"),
            "coordinator@edu.ensk.ru",
            "Специалист",
            &[Role::Coordinator],
            Confirmed,
        );
        // School A, inserted out of alphabetical order.
        let a_coordinator = person(
            school_a,
            ("Петрова", "Анна", "Сергеевна"),
            "petrova@school5.ru",
            "заместитель директора по УВР",
            &[Role::Coordinator],
            Confirmed,
        );
        let a_e1 = person(
            school_a,
            ("Иванов", "Иван", "Иванович"),
            "ivanov.ii@school5.ru",
            "Учитель математики",
            &[Role::Executor],
            Confirmed,
        );
        let a_e2 = person(
            school_a,
            ("Сидорова", "Елена", "Павловна"),
            "sidorova@school5.ru",
            "Учитель русского языка",
            &[Role::Executor],
            Confirmed,
        );
        let a_leader = person(
            school_a,
            ("Директорова", "Галина", "Николаевна"),
            "director@school5.ru",
            "Директор",
            &[Role::Leader],
            Confirmed,
        );
        let a_admin = person(
            school_a,
            ("Админов", "Кирилл", "Олегович"),
            "admin@school5.ru",
            "инженер-программист",
            &[Role::Admin],
            Confirmed,
        );
        let a_archived = person(
            school_a,
            ("Бывшева", "Зоя", "Ивановна"),
            "byvsheva@school5.ru",
            "Учитель истории",
            &[Role::Executor],
            Archived,
        );
        let a_new = person(
            school_a,
            ("Иванов", "Иван", "Иванович"),
            "ivanov.new@school5.ru",
            "Учитель биологии",
            &[Role::Executor],
            AccountStatus::New,
        );
        let b_coordinator = person(
            school_b,
            ("Борисов", "Борис", "Борисович"),
            "borisov@school12.ru",
            "заместитель директора",
            &[Role::Coordinator],
            Confirmed,
        );

        // Tokens that must not work.
        let archived_token = tx.issue_token(a_archived.id, now).expect("token");
        let revoked_token = tx.issue_token(a_e1.id, now).expect("token");
        tx.revoke_tokens(a_e1.id, now).expect("revoke");

        // The classifier; top level inserted alphabetically, subcategories not.
        let cat = |parent: Option<CategoryId>, name: &str, days: u32| {
            tx.insert_category(parent, name, days).expect("category")
        };
        let roads = cat(None, "Дороги", 10);
        let education = cat(None, "Образование", 10);
        let other = cat(None, "Прочее", 30);
        let potholes = cat(Some(roads), "Ямы на дорогах", 10);
        let lighting = cat(Some(roads), "Освещение улиц", 10);
        let repair = cat(Some(education), "Ремонт зданий", 15);
        let food = cat(Some(education), "Питание в школах", 5);
        let cat = Cats {
            roads,
            potholes,
            lighting,
            education,
            food,
            repair,
            other,
        };

        // Messages, in order of arrival. Texts hold no digits except a12's "100%".
        use MessageStatus::*;
        let (e1, e2) = (Some(a_e1.id), Some(a_e2.id));
        #[rustfmt::skip]
        let plan: Vec<Planned> = vec![
            ("a1", school_a, Answered, e1, food, date(2026, 2, 16), at(2026, 2, 2, 8, 15), "Смирнова Ольга Петровна", "Невкусная еда в столовой"),
            ("a2", school_a, Closed, None, other, date(2026, 2, 24), at(2026, 2, 10, 10, 0), "Кузнецов Павел", "Повторное сообщение о парковке"),
            ("a3", school_a, InWork, e1, potholes, date(2026, 3, 6), at(2026, 2, 20, 12, 30), "Морозов Андрей", "Яма на дороге у школы"),
            ("a4", school_a, OnApproval, e2, repair, date(2026, 3, 11), at(2026, 2, 25, 9, 45), "Смирнова Ольга Петровна", "Протекает крыша в спортзале"),
            ("b1", school_b, New, None, food, date(2026, 3, 10), at(2026, 2, 27, 11, 0), "Волков Игорь", "Холодные обеды в столовой"),
            ("a5", school_a, InWork, e2, education, date(2026, 3, 16), at(2026, 3, 2, 14, 0), "Лебедева Нина", "Нет учителя физики"),
            ("a6", school_a, New, None, lighting, date(2026, 3, 13), at(2026, 3, 3, 18, 20), "Козлов Денис", "Не горят фонари у входа"),
            ("a7", school_a, InWork, e1, food, date(2026, 3, 19), at(2026, 3, 5, 7, 50), "Новиков Артем", "Мало овощей в меню"),
            ("a8", school_a, RedirectRequested, e1, potholes, date(2026, 3, 15), at(2026, 3, 10, 16, 5), "Орлова Вера", "Яма во дворе, это дорожная служба"),
            ("a9", school_a, New, None, other, date(2026, 4, 22), at(2026, 3, 11, 13, 0), "Федоров Глеб", "Шумные соседи школы"),
            ("b2", school_b, InWork, None, repair, date(2026, 4, 1), at(2026, 3, 12, 9, 0), "Смирнова Ольга Петровна", "Сломан забор"),
            ("a10", school_a, OnApproval, e1, repair, date(2026, 3, 26), at(2026, 3, 12, 15, 10), "Соколов Максим", "Сломана дверь в раздевалке"),
            ("a11", school_a, Answered, e2, other, date(2026, 4, 24), at(2026, 3, 13, 10, 40), "Павлова Ирина", "Благодарность учителям"),
            ("a12", school_a, New, None, food, date(2026, 3, 30), at(2026, 3, 16, 8, 0), "Егоров Семен", "Родители просят 100% проверку меню"),
        ];
        let mut msgs = Vec::new();
        for (label, org, status, assignee, category, deadline, received_at, citizen, text) in plan {
            let m = NewMessage {
                org,
                category: Some(category),
                kind: MessageKind::Message,
                source: MessageSource::Widget,
                citizen_name: citizen.into(),
                citizen_contact: "citizen@mail.ru".into(),
                text: text.into(),
                address: None,
                received_at,
                deadline,
                status,
                assignee,
                draft: (status == OnApproval).then(|| "Проект ответа".to_string()),
                answer: (status == Answered).then(|| "Ответ гражданину".to_string()),
            };
            let id = tx.insert_message(&m).expect("message");
            msgs.push(Msg {
                label,
                id,
                org,
                status,
                assignee,
                category,
                deadline,
                received_at,
                citizen,
                text,
            });
        }

        // History of a4, interleaved with a3's so that order and ownership matter.
        let id_of = |label: &str| {
            msgs.iter()
                .find(|m| m.label == label)
                .map(|m| m.id)
                .expect("label")
        };
        let (a3, a4) = (id_of("a3"), id_of("a4"));
        let coord = Some(a_coordinator.id);
        let hist: [PlannedHistory; 5] = [
            (
                a4,
                at(2026, 2, 25, 9, 45),
                None,
                "received",
                None,
                New,
                None,
            ),
            (
                a3,
                at(2026, 2, 20, 12, 30),
                None,
                "received",
                None,
                New,
                None,
            ),
            (
                a4,
                at(2026, 2, 26, 10, 0),
                coord,
                "assign",
                Some(New),
                InWork,
                Some("Прошу подготовить ответ"),
            ),
            (
                a3,
                at(2026, 2, 21, 9, 0),
                coord,
                "assign",
                Some(New),
                InWork,
                None,
            ),
            (
                a4,
                at(2026, 3, 4, 15, 30),
                e2,
                "submit-draft",
                Some(InWork),
                OnApproval,
                None,
            ),
        ];
        for (message, when, actor, action, from, to, comment) in hist {
            // a3 was given to E1, a4 to E2.
            let executor = if message == a4 { &a_e2 } else { &a_e1 };
            tx.add_history(&NewHistory {
                    message,
                    at: when,
                    actor,
                    action,
                    from,
                    to: Some(to),
                    comment,
                    subject: (action == "assign").then_some(executor.id.0),
                    draft: None,
                },
            )
            .expect("history");
        }

        let org = Orgs {
                platform,
                city,
                edu,
                school_a,
                school_b,
                school_c,
                culture,
        };
        let who = People {
                platform_curator,
                city_admin,
                city_curator,
                edu_admin,
                edu_coordinator,
                a_coordinator,
                a_e1,
                a_e2,
                a_leader,
                a_admin,
                a_archived,
                a_new,
                b_coordinator,
        };
        Ok(((org, who, cat, msgs, archived_token, revoked_token), true))
        });
        let (org, who, cat, msgs, archived_token, revoked_token) = built.expect("fixture");
        let settings = otklik::service::rules::Settings::beside(&dir.path().join("otklik.db"));
        Fixture {
            _dir: dir,
            // Mail into the case's own folder, whichever store it is in.
            service: LocalService::new(store)
                .with_settings(settings)
                .with_today(today()),
            org,
            who,
            cat,
            msgs,
            archived_token,
            revoked_token,
            db,
        }
    }

    /// Records a1 answered before its deadline (16.02, on 13.02: 9 working
    /// days) and a11 after its own (24.04, on 27.04: 31 working days).
    pub fn answer_a1_and_a11(&self) {
        let answered = "UPDATE messages SET answered_at = ?1, answered_on_time = ?2 WHERE id = ?3";
        for (label, when, on_time) in [
            ("a1", at(2026, 2, 13, 12, 0), true),
            ("a11", at(2026, 4, 27, 12, 0), false),
        ] {
            self.exec(
                answered,
                &[when.into(), on_time.into(), self.msg(label).id.0.into()],
            );
        }
    }

    /// The message with this label (`a1`…`a12`, `b1`, `b2`).
    pub fn msg(&self, label: &str) -> &Msg {
        self.msgs
            .iter()
            .find(|m| m.label == label)
            .unwrap_or_else(|| panic!("no message {label}"))
    }

    /// Ids of `org`'s messages that pass `keep`, newest first.
    pub fn expect_ids(&self, org: OrgId, keep: impl Fn(&Msg) -> bool) -> Vec<MessageId> {
        let mut ids: Vec<MessageId> = self
            .msgs
            .iter()
            .filter(|m| m.org == org && keep(m))
            .map(|m| m.id)
            .collect();
        ids.sort_by(|a, b| b.cmp(a));
        ids
    }

    /// Ids of the messages with these labels, newest first.
    pub fn ids(&self, labels: &[&str]) -> Vec<MessageId> {
        let mut ids: Vec<MessageId> = labels.iter().map(|l| self.msg(l).id).collect();
        ids.sort_by(|a, b| b.cmp(a));
        ids
    }

    /// Runs raw SQL on the writer (for changes the store has no function for yet).
    /// A bearer token for each of `people`, by e-mail.
    pub fn tokens(&self, people: &[&Person]) -> std::collections::HashMap<String, String> {
        people
            .iter()
            .map(|p| {
                (
                    p.email.clone(),
                    self.service.issue_token(&p.email).expect("token"),
                )
            })
            .collect()
    }

    /// The embedded store the fixture is in (cases that run only there).
    /// The files of the embedded outbox (mails, texts), oldest first.
    pub fn outbox(&self) -> Vec<String> {
        let otklik::mail::MailTransport::Files(dir) = self.service.settings().mailer.transport()
        else {
            panic!("mail does not go to files")
        };
        let mut files: Vec<_> = match std::fs::read_dir(dir) {
            Ok(entries) => entries.flatten().map(|e| e.path()).collect(),
            Err(_) => Vec::new(),
        };
        files.sort_by_key(|p| std::fs::metadata(p).and_then(|m| m.modified()).ok());
        files
            .iter()
            .map(|p| std::fs::read_to_string(p).expect("mail"))
            .collect()
    }

    pub fn sqlite(&self) -> &otklik::store::SqliteStore {
        self.service.store().sqlite().expect("an embedded store")
    }

    /// Runs `f` in one write transaction of the fixture's store, through the port.
    pub fn write<T: Send>(&self, f: impl FnOnce(&dyn Writer) -> Result<T, StoreError> + Send) -> T {
        self.service
            .store()
            .write(|w| f(w).map(|v| (v, true)))
            .expect("a write to the fixture's store")
    }

    /// Runs `f` on one snapshot of the fixture's store, through the port.
    pub fn read<T: Send>(
        &self,
        f: impl FnOnce(&dyn otklik::store::Reader) -> Result<T, StoreError> + Send,
    ) -> T {
        self.service
            .store()
            .read(f)
            .expect("a read of the fixture's store")
    }

    /// The one integer a raw query with `?N` parameters answers.
    pub fn number(&self, sql: &str, params: &[Param]) -> i64 {
        self.value(sql, params)
    }

    /// The one text value a raw query with `?N` parameters answers.
    pub fn text(&self, sql: &str, params: &[Param]) -> String {
        self.value(sql, params)
    }

    fn value<T>(&self, sql: &str, params: &[Param]) -> T
    where
        T: rusqlite::types::FromSql + for<'r> postgres::types::FromSql<'r> + Send,
    {
        match &self.db {
            None => self
                .sqlite()
                .reader()
                .query_row(
                    sql,
                    rusqlite::params_from_iter(sqlite_values(params)),
                    |r| r.get(0),
                )
                .expect("query"),
            Some(db) => db.value(&inline(sql, params)),
        }
    }

    /// Runs one raw statement with `?N` parameters on whichever store
    /// holds the fixture (for changes the store has no function for).
    pub fn exec(&self, sql: &str, params: &[Param]) {
        match &self.db {
            None => {
                self.sqlite()
                    .writer()
                    .execute(sql, rusqlite::params_from_iter(sqlite_values(params)))
                    .expect("exec");
            }
            Some(db) => db.sql(&inline(sql, params)),
        }
    }
}

fn sqlite_values(params: &[Param]) -> Vec<rusqlite::types::Value> {
    params
        .iter()
        .map(|p| match p {
            Param::Int(v) => (*v).into(),
            Param::Bool(v) => i64::from(*v).into(),
            Param::Text(v) => v.clone().into(),
        })
        .collect()
}

/// The statement for PostgreSQL: `?N` replaced by the values, written in
/// (they are the tests' own).
fn inline(sql: &str, params: &[Param]) -> String {
    let mut text = sql.to_string();
    for (i, p) in params.iter().enumerate().rev() {
        let value = match p {
            Param::Int(v) => v.to_string(),
            Param::Bool(v) => v.to_string(),
            Param::Text(v) => format!("'{}'", v.replace('\'', "''")),
        };
        text = text.replace(&format!("?{}", i + 1), &value);
    }
    text
}

/// Which implementation of `Service` a case runs against.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Local,
    Remote,
}

/// One case's world: the fixture, and for [`Kind::Remote`] a running server.
pub struct Ctx {
    pub f: Fixture,
    pub kind: Kind,
    url: Option<String>,
    server: Option<tokio::task::JoinHandle<()>>,
}

impl Ctx {
    pub async fn new(kind: Kind) -> Ctx {
        Ctx::new_in(kind, None).await
    }

    /// A case on the server over a PostgreSQL database, or `None` (the
    /// reason printed) when the tests have no PostgreSQL server.
    pub async fn on_postgres() -> Option<Ctx> {
        let db = pg::TestDatabase::create()?;
        Some(Ctx::new_in(Kind::Remote, Some(db)).await)
    }

    async fn new_in(kind: Kind, db: Option<pg::TestDatabase>) -> Ctx {
        let f = Fixture::build_in(db);
        let (url, server) = match kind {
            Kind::Local => (None, None),
            Kind::Remote => {
                let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
                    .await
                    .expect("bind");
                let addr = listener.local_addr().expect("address");
                let app = otklik::server::router(f.service.clone());
                let server = tokio::spawn(async move {
                    axum::serve(listener, app).await.expect("server");
                });
                (Some(format!("http://{addr}")), Some(server))
            }
        };
        Ctx {
            f,
            kind,
            url,
            server,
        }
    }

    /// Changes the service's settings (mail, site proxy…); a remote
    /// context gets a new server over the changed service.
    pub async fn configure(&mut self, change: impl FnOnce(&mut otklik::service::rules::Settings)) {
        let mut settings = self.f.service.settings().clone();
        change(&mut settings);
        let service = self.f.service.clone().with_settings(settings);
        self.replace_service(service).await;
    }

    /// Pins the service's "today" elsewhere (a remote context gets a new server).
    pub async fn pin_today(&mut self, today: NaiveDate) {
        let service = self.f.service.clone().with_today(today);
        self.replace_service(service).await;
    }

    async fn replace_service(&mut self, service: otklik::service::LocalService) {
        self.f.service = service;
        if self.kind == Kind::Remote {
            if let Some(old) = self.server.take() {
                old.abort();
            }
            let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
                .await
                .expect("bind");
            let addr = listener.local_addr().expect("address");
            let app = otklik::server::router(self.f.service.clone());
            self.server = Some(tokio::spawn(async move {
                axum::serve(listener, app).await.expect("server");
            }));
            self.url = Some(format!("http://{addr}"));
        }
    }

    /// The `.eml` files of the embedded outbox, oldest first.
    pub fn outbox(&self) -> Vec<String> {
        self.f.outbox()
    }

    /// The server's address (remote only).
    pub fn url(&self) -> &str {
        self.url.as_deref().expect("a remote context")
    }

    /// The way in with this bearer token: the local service itself, or a
    /// `RemoteService` presenting the token to the server.
    pub fn service_with_token(&self, token: &str) -> Arc<dyn Gateway> {
        match self.kind {
            Kind::Local => Arc::new(self.f.service.clone()),
            Kind::Remote => Arc::new(RemoteService::new(self.url(), token).expect("remote")),
        }
    }

    /// Signs in with a token on this backend.
    pub async fn sign_in_token(&self, token: &str) -> ServiceResult<Actor> {
        Ok(self.session_with_token(token).await?.actor())
    }

    /// The session of a token on this backend.
    pub async fn session_with_token(&self, token: &str) -> ServiceResult<Session> {
        self.service_with_token(token)
            .sign_in(&Credentials::Token(token.to_string()))
            .await
    }

    /// The session of the account with `email`, and who it acts as.
    pub async fn service_as(&self, email: &str) -> (Session, Actor) {
        let session = match self.kind {
            Kind::Local => self
                .f
                .service
                .sign_in(&Credentials::Email(email.to_string()))
                .await
                .unwrap_or_else(|e| panic!("sign in as {email}: {e}")),
            Kind::Remote => {
                let token = self.f.service.issue_token(email).expect("token");
                self.session_with_token(&token)
                    .await
                    .unwrap_or_else(|e| panic!("sign in as {email}: {e}"))
            }
        };
        let actor = session.actor();
        (session, actor)
    }
}

impl Drop for Ctx {
    fn drop(&mut self) {
        if let Some(server) = self.server.take() {
            server.abort();
        }
    }
}

/// Asserts that `result` failed with exactly `expected`.
#[track_caller]
pub fn assert_err<T: std::fmt::Debug>(result: ServiceResult<T>, expected: ServiceError) {
    match result {
        Err(e) => assert_eq!(e, expected),
        Ok(v) => panic!("expected {expected:?}, got Ok({v:?})"),
    }
}

/// Runs one case on every backend: `contract!(name, |ctx| async move { … })`
/// makes `name::local`, `name::remote` and `name::postgres` (the server
/// over PostgreSQL). Attributes (e.g. `#[ignore]`) go
/// before the name and apply to each.
#[macro_export]
macro_rules! contract {
    ($(#[$meta:meta])* $name:ident, |$ctx:ident| $body:expr) => {
        mod $name {
            #[allow(unused_imports)]
            use super::*;

            $(#[$meta])*
            #[tokio::test]
            async fn local() {
                let $ctx = $crate::common::Ctx::new($crate::common::Kind::Local).await;
                $body.await
            }

            $(#[$meta])*
            #[tokio::test]
            async fn remote() {
                let $ctx = $crate::common::Ctx::new($crate::common::Kind::Remote).await;
                $body.await
            }

            /// The server over PostgreSQL (skipped without a test server).
            $(#[$meta])*
            #[tokio::test]
            async fn postgres() {
                let Some($ctx) = $crate::common::Ctx::on_postgres().await else {
                    return;
                };
                $body.await
            }
        }
    };
}

/// `otklik serve` as a real process on a free loopback port, killed on drop.
pub struct ServerProcess {
    child: std::process::Child,
    pub url: String,
}

impl ServerProcess {
    pub fn start(store: &std::path::Path) -> ServerProcess {
        ServerProcess::start_with(&["--store", &store.display().to_string()])
    }

    /// `otklik ARGS serve` (ARGS name the store: `--store`, `--database`).
    pub fn start_with(args: &[&str]) -> ServerProcess {
        ServerProcess::spawn(args, &[], std::process::Stdio::null())
    }

    /// `otklik ARGS serve` with `env` set and its log going to `stderr`.
    pub fn spawn(
        args: &[&str],
        env: &[(&str, &str)],
        stderr: std::process::Stdio,
    ) -> ServerProcess {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("a free port");
        let addr = listener.local_addr().expect("its address");
        drop(listener);
        ServerProcess::spawn_at(args, env, stderr, addr)
    }

    /// The same server again (a restart): `args` on the address it had.
    pub fn restart(&mut self, args: &[&str]) {
        self.stop();
        let addr = self
            .url
            .trim_start_matches("http://")
            .parse()
            .expect("an address");
        *self = ServerProcess::spawn_at(args, &[], std::process::Stdio::null(), addr);
    }

    /// A free loopback address to start a server on (its URL is known
    /// before it starts, for a configuration that names it).
    pub fn free_address() -> std::net::SocketAddr {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("a free port");
        listener.local_addr().expect("its address")
    }

    pub fn spawn_at(
        args: &[&str],
        env: &[(&str, &str)],
        stderr: std::process::Stdio,
        addr: std::net::SocketAddr,
    ) -> ServerProcess {
        let child = std::process::Command::new(assert_cmd::cargo::cargo_bin("otklik"))
            .args(args)
            .args(["serve", "--listen", &addr.to_string()])
            .envs(env.iter().copied())
            .stderr(stderr)
            .spawn()
            .expect("the server starts");
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
        while std::net::TcpStream::connect(addr).is_err() {
            assert!(
                std::time::Instant::now() < deadline,
                "the server did not start"
            );
            std::thread::sleep(std::time::Duration::from_millis(50));
        }
        ServerProcess {
            child,
            url: format!("http://{addr}"),
        }
    }

    /// The server's log, when it was spawned with a pipe for it.
    pub fn log(&mut self) -> Option<std::process::ChildStderr> {
        self.child.stderr.take()
    }

    /// Asks the server to stop (SIGTERM) and waits for it, up to 20 s.
    pub fn terminate(&mut self) -> Option<std::process::ExitStatus> {
        let pid = self.child.id().to_string();
        std::process::Command::new("kill")
            .args(["-TERM", &pid])
            .status()
            .expect("kill runs");
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
        while std::time::Instant::now() < deadline {
            if let Ok(Some(status)) = self.child.try_wait() {
                return Some(status);
            }
            std::thread::sleep(std::time::Duration::from_millis(20));
        }
        None
    }

    /// Kills the server at once (SIGKILL), whatever it is doing.
    pub fn stop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Drop for ServerProcess {
    fn drop(&mut self) {
        self.stop();
    }
}

/// The onboarding form with one clean row, as this program writes it.
pub fn clean_form() -> Vec<u8> {
    use otklik::domain::onboarding::{Column, FormRow};
    let mut row = FormRow::default();
    for (column, value) in [
        (Column::Organisation, "МБОУ «СОШ № 77»"),
        (Column::FullName, "Новикова Ольга Петровна"),
        (Column::Email, "novikova@school77.ru"),
        (Column::Phone, "+7 (912) 345-67-00"),
        (Column::Position, "Учитель математики"),
        (Column::Role, "Исполнитель"),
    ] {
        row.set(column, value.to_string());
    }
    otklik::sheets::form_xlsx(&[row], &[]).expect("the form is written")
}

/// A citizen's message about the school canteen (a five-day category) for
/// school A, as the intake receives it.
pub fn canteen_message(f: &Fixture, text: &str) -> otklik::domain::IncomingMessage {
    otklik::domain::IncomingMessage {
        org: f.org.school_a,
        category: Some(f.cat.food),
        kind: otklik::domain::MessageKind::Message,
        source: otklik::domain::MessageSource::Gosuslugi,
        citizen_name: "Антонова Вера".into(),
        citizen_contact: "antonova@mail.ru".into(),
        text: text.into(),
        address: None,
    }
}

/// The account form as an administrator fills it for a new teacher at `email`.
pub fn account_draft(email: &str) -> otklik::domain::AccountDraft {
    otklik::domain::AccountDraft {
        surname: "Новикова".into(),
        first_name: "Ольга".into(),
        patronymic: "Петровна".into(),
        email: email.into(),
        phone: "+7 (912) 345-67-00".into(),
        position: "Учитель математики".into(),
        roles: Roles::empty().with(Role::Executor),
    }
}

/// The invitation token in a mail (its body is base64, as lettre sends
/// non-ASCII text).
pub fn invitation_token(mail: &str) -> String {
    let decoded = mail_text(mail);
    let start = decoded.find("/invite/inv_").expect("an invitation link") + "/invite/".len();
    decoded[start..]
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
        .collect()
}

/// The decoded text of a mail's body.
/// The tokens of the ballot links (`{public}/v/<token>`) in these mails,
/// in their order.
pub fn ballot_tokens(mails: &[String], public: &str) -> Vec<String> {
    let prefix = format!("{public}/v/");
    mails
        .iter()
        .filter_map(|m| {
            mail_text(m)
                .split_whitespace()
                .find_map(|w| w.strip_prefix(&prefix).map(String::from))
        })
        .collect()
}

pub fn mail_text(mail: &str) -> String {
    use base64::Engine;
    let body = mail
        .split_once("\r\n\r\n")
        .map(|(_, b)| b)
        .unwrap_or(mail)
        .lines()
        .collect::<String>();
    base64::engine::general_purpose::STANDARD
        .decode(body.trim())
        .map(|b| String::from_utf8_lossy(&b).into_owned())
        .unwrap_or(body)
}

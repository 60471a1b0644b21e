//! The citizen's loop in a real browser: headless Chromium (through
//! chromedriver, driven by `tests/browser/citizen.py`) opens a school's
//! page carrying the generated widget, presses the banner's button, fills
//! the form in the dialog and sends it to a real `otklik serve`; staff
//! take the message through the server to an approved answer; the
//! tracking page shows it, and the citizen's notices arrive at a loopback
//! SMTP server. The form is sent once more with scripts off. Every page is
//! checked with axe-core; the screenshots land in
//! `target/browser-screenshots/` (the README shows copies).
#![allow(clippy::unwrap_used)] // test code: a failed unwrap is a failed test

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::site::Sites;
use common::smtp::SmtpServer;
use common::{Fixture, Param, ServerProcess};
use otklik::domain::widget::{WidgetSettings, WidgetVariant};
use otklik::domain::{Act, MessageId, MessageStatus};
use otklik::service::{Credentials, Gateway, RemoteService, Session};

const SITE_HOST: &str = "school5.test";

fn target_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target")
}

/// One step of the browser harness, with these variables; its JSON answer.
fn browser(step: &str, env: &[(&str, String)]) -> serde_json::Value {
    let out = Command::new("python3")
        .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/browser/citizen.py"))
        .arg(step)
        .envs(env.iter().map(|(k, v)| (*k, v.as_str())))
        .env("SITE_HOST", SITE_HOST)
        .env("SHOTS", target_dir().join("browser-screenshots"))
        .env("AXE_CACHE", target_dir().join("axe"))
        .output()
        .expect(
            "python3 runs (the browser tests need python3, selenium, chromium and chromedriver)",
        );
    assert!(
        out.status.success(),
        "the browser step {step} failed:\n{}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("the step's JSON")
}

async fn session(url: &str, token: &str) -> Session {
    RemoteService::new(url, token)
        .unwrap()
        .sign_in(&Credentials::Token(token.into()))
        .await
        .unwrap()
}

async fn step(who: &Session, id: MessageId, act: Act) {
    let version = who.message(id).await.unwrap().version;
    who.act(id, version, &act).await.unwrap();
}

/// A real `otklik serve` over the fixture's store with mail to a loopback
/// SMTP server, and the school's site (approved for its widget) beside it.
struct Platform {
    sites: Sites,
    site: String,
    smtp: SmtpServer,
    url: String,
    _server: ServerProcess,
    _home: tempfile::TempDir,
}

impl Platform {
    fn start(f: &Fixture) -> Platform {
        let store = f.service.store().path().unwrap().to_path_buf();
        let sites = Sites::start();
        let site = format!("http://{SITE_HOST}:{}", sites.port);
        f.exec(
            "UPDATE orgs SET site = ?1, widget_site_approved = ?2 WHERE id = ?3",
            &[
                Param::Text(format!("{site}/")),
                Param::Bool(true),
                Param::Int(f.org.school_a.0),
            ],
        );
        let smtp = SmtpServer::start();
        let addr = ServerProcess::free_address();
        let url = format!("http://{addr}");
        let home = tempfile::tempdir().unwrap();
        let config = home.path().join("config.toml");
        std::fs::write(
            &config,
            format!(
                "public_url = \"{url}\"\n\
                 [mail]\nfrom = \"Отклик <noreply@otklik.test>\"\nsmtp_host = \"127.0.0.1\"\n\
                 smtp_port = {}\nsmtp_security = \"none\"\n\
                 [intake]\nmin_fill_secs = 2\n",
                smtp.port
            ),
        )
        .unwrap();
        let config = config.display().to_string();
        let server = ServerProcess::spawn_at(
            &["--store", &store.display().to_string()],
            &[("OTKLIK_CONFIG", config.as_str())],
            std::process::Stdio::null(),
            addr,
        );
        Platform {
            sites,
            site,
            smtp,
            url,
            _server: server,
            _home: home,
        }
    }

    /// The school's main page, carrying `code`.
    fn school_page(&self, code: &str) {
        self.sites.set(
            SITE_HOST,
            &format!(
                "<!doctype html><html lang=\"ru\"><head><meta charset=\"utf-8\">\
                 <title>Школа № 5</title></head><body><main><h1>Школа № 5</h1>\
                 <p>Добро пожаловать на сайт школы.</p>{code}</main></body></html>"
            ),
        );
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn a_citizen_writes_through_the_widget_and_reads_the_answer() {
    let f = Fixture::build();
    let school = f.org.school_a;
    let who = &f.who;
    let tokens = f.tokens(&[
        &who.platform_curator,
        &who.a_coordinator,
        &who.a_e1,
        &who.a_leader,
    ]);
    let p = Platform::start(&f);
    let (site, url, smtp) = (&p.site, &p.url, &p.smtp);

    // The school's main page carries the widget as generated.
    let code = WidgetSettings {
        kind: Default::default(),
        variant: WidgetVariant::Schools,
        banner: String::new(),
    }
    .code(school, url)
    .unwrap();
    p.school_page(&code);

    let contact = "anna.ivanova@mail.test";
    let text = "Во дворе школы глубокая яма у входа";
    let sent = browser(
        "site",
        &[
            ("SITE", format!("{site}/")),
            ("TEXT", text.into()),
            ("CONTACT", contact.into()),
            ("FILL_SECS", "2.5".into()),
        ],
    );
    let id = MessageId(sent["number"].as_i64().unwrap());
    let link = sent["link"].as_str().unwrap().to_string();
    assert!(link.starts_with(&format!("{url}/m/trk_")), "{link}");

    // The message is in moderation, in the school, as the citizen wrote it.
    let curator = session(url, &tokens[&who.platform_curator.email]).await;
    let m = curator.message(id).await.unwrap();
    assert_eq!(
        (m.status, m.org, m.text.as_str(), m.citizen_contact.as_str()),
        (MessageStatus::Moderation, school, text, contact)
    );
    // Coordinator, executor and leader take it to an answer.
    step(&curator, id, Act::Accept).await;
    let coordinator = session(url, &tokens[&who.a_coordinator.email]).await;
    step(
        &coordinator,
        id,
        Act::Assign {
            executor: who.a_e1.id,
        },
    )
    .await;
    let executor = session(url, &tokens[&who.a_e1.email]).await;
    let answer = "Яму засыплют и огородят до пятницы.";
    step(
        &executor,
        id,
        Act::EditDraft {
            text: answer.into(),
        },
    )
    .await;
    step(&executor, id, Act::SubmitDraft).await;
    let leader = session(url, &tokens[&who.a_leader.email]).await;
    step(&leader, id, Act::Approve).await;

    let seen = browser("track", &[("LINK", link.clone())]);
    assert_eq!(seen["stage"], "ответ дан");
    assert_eq!(seen["answer"], answer);

    // The notices: registered, accepted, answered, each with a link.
    let mails = smtp.wait_for(3);
    let to_citizen: Vec<_> = mails
        .iter()
        .filter(|m| m.to == vec![contact.to_string()])
        .collect();
    assert_eq!(to_citizen.len(), 3, "{mails:?}");
    let last = common::mail_text(&to_citizen[2].data);
    assert!(
        last.contains(answer) && last.contains(&format!("{url}/m/trk_")),
        "{last}"
    );

    // The same form with scripts off, opened and sent by itself.
    let plain = browser(
        "plain",
        &[
            ("FORM", format!("{url}/form?org={school}")),
            ("TEXT", "Не горит фонарь у школы".into()),
            ("CONTACT", "+7 912 000-11-22".into()),
            ("FILL_SECS", "2.5".into()),
        ],
    );
    let other = MessageId(plain["number"].as_i64().unwrap());
    assert_eq!(
        curator.message(other).await.unwrap().citizen_contact,
        "+79120001122"
    );
}

/// The polls widget on the school's page: a citizen opens the poll from
/// it, asks for a link, gets it by mail, votes in the browser (choices by
/// their labels); a second citizen votes too; the poll closes and its
/// published results read the same on the page as through the service.
#[tokio::test(flavor = "multi_thread")]
async fn citizens_vote_through_the_polls_widget() {
    use chrono::{Duration, Utc};
    use otklik::domain::polls::{Audience, PollAction, PollDraft, Question, QuestionKind};
    use otklik::domain::widget::WidgetKind;

    let f = Fixture::build();
    let school = f.org.school_a;
    let tokens = f.tokens(&[&f.who.city_curator, &f.who.a_leader]);
    let p = Platform::start(&f);
    let curator = session(&p.url, &tokens[&f.who.city_curator.email]).await;
    let leader = session(&p.url, &tokens[&f.who.a_leader.email]).await;
    let title = "Что построить во дворе школы";
    let draft = PollDraft {
        title: title.into(),
        description: "Голосуют жители микрорайона".into(),
        questions: vec![
            Question {
                text: "Что построить первым?".into(),
                kind: QuestionKind::Single,
                options: vec!["Спортплощадку".into(), "Сквер".into(), "Парковку".into()],
            },
            Question {
                text: "Насколько это важно?".into(),
                kind: QuestionKind::Scale { min: 1, max: 5 },
                options: vec![],
            },
        ],
        opens_at: Utc::now() - Duration::minutes(1),
        closes_at: Utc::now() + Duration::days(7),
        audience: Audience::Residents,
    };
    let poll = curator.create_poll(school, &draft).await.unwrap();
    let poll = curator
        .poll_act(poll.id, poll.version, PollAction::Submit)
        .await
        .unwrap();
    let poll = leader
        .poll_act(poll.id, poll.version, PollAction::Approve)
        .await
        .unwrap();

    let code = WidgetSettings {
        kind: WidgetKind::Polls,
        variant: WidgetVariant::Schools,
        banner: String::new(),
    }
    .code(school, &p.url)
    .unwrap();
    p.school_page(&code);

    let prefix = format!("{}/v/", p.url);
    for (n, (contact, choices)) in [
        ("anna.ivanova@mail.test", "0:0,1:5"),
        ("boris.petrov@mail.test", "0:2,1:4"),
    ]
    .into_iter()
    .enumerate()
    {
        let asked = browser(
            "poll_site",
            &[
                ("SITE", format!("{}/", p.site)),
                ("TITLE", title.into()),
                ("CONTACT", contact.into()),
            ],
        );
        assert!(
            asked["status"].as_str().unwrap().contains("@mail.test"),
            "{asked}"
        );
        let mails = p.smtp.wait_for(n + 1);
        let text = common::mail_text(&mails[n].data);
        assert_eq!(mails[n].to, vec![contact.to_string()]);
        let link = text
            .split_whitespace()
            .find(|w| w.starts_with(&prefix))
            .unwrap_or_else(|| panic!("no ballot link in {text}"));
        let voted = browser(
            "ballot",
            &[("BALLOT", link.to_string()), ("CHOICES", choices.into())],
        );
        assert!(
            voted["status"]
                .as_str()
                .unwrap()
                .contains("Ваш голос учтён"),
            "{voted}"
        );
    }

    let results = curator.poll_results(poll.id).await.unwrap();
    assert_eq!(results.ballots, 2);
    assert_eq!(results.questions[0].result.counts, vec![1, 0, 1]);
    assert_eq!(results.questions[1].result.counts, vec![0, 0, 0, 1, 1]);
    let poll = curator
        .poll_act(poll.id, poll.version, PollAction::Close)
        .await
        .unwrap();
    curator
        .poll_act(poll.id, poll.version, PollAction::PublishResults)
        .await
        .unwrap();
    let seen = browser("results", &[("POLL", format!("{}/p/{}", p.url, poll.id))]);
    let rows: Vec<Vec<String>> = serde_json::from_value(seen["rows"].clone()).unwrap();
    let first: Vec<&[String]> = rows
        .iter()
        .filter(|r| r[0].starts_with("1."))
        .map(|r| &r[1..])
        .collect();
    assert_eq!(
        first,
        [
            ["Спортплощадку", "1", "50.0"],
            ["Сквер", "0", "0.0"],
            ["Парковку", "1", "50.0"]
        ]
    );
}

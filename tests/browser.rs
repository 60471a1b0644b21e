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

#[tokio::test(flavor = "multi_thread")]
async fn a_citizen_writes_through_the_widget_and_reads_the_answer() {
    let f = Fixture::build();
    let store = f.service.store().path().unwrap().to_path_buf();
    let school = f.org.school_a;
    let sites = Sites::start();
    let site = format!("http://{SITE_HOST}:{}", sites.port);
    f.exec(
        "UPDATE orgs SET site = ?1, widget_site_approved = ?2 WHERE id = ?3",
        &[
            Param::Text(format!("{site}/")),
            Param::Bool(true),
            Param::Int(school.0),
        ],
    );
    let who = &f.who;
    let tokens = f.tokens(&[
        &who.platform_curator,
        &who.a_coordinator,
        &who.a_e1,
        &who.a_leader,
    ]);

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
    let _server = ServerProcess::spawn_at(
        &["--store", &store.display().to_string()],
        &[("OTKLIK_CONFIG", config.as_str())],
        std::process::Stdio::null(),
        addr,
    );

    // The school's main page carries the widget as generated.
    let code = WidgetSettings {
        kind: Default::default(),
        variant: WidgetVariant::Schools,
        banner: String::new(),
    }
    .code(school, &url)
    .unwrap();
    sites.set(
        SITE_HOST,
        &format!(
            "<!doctype html><html lang=\"ru\"><head><meta charset=\"utf-8\">\
             <title>Школа № 5</title></head><body><main><h1>Школа № 5</h1>\
             <p>Добро пожаловать на сайт школы.</p>{code}</main></body></html>"
        ),
    );

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
    let curator = session(&url, &tokens[&who.platform_curator.email]).await;
    let m = curator.message(id).await.unwrap();
    assert_eq!(
        (m.status, m.org, m.text.as_str(), m.citizen_contact.as_str()),
        (MessageStatus::Moderation, school, text, contact)
    );
    // Coordinator, executor and leader take it to an answer.
    step(&curator, id, Act::Accept).await;
    let coordinator = session(&url, &tokens[&who.a_coordinator.email]).await;
    step(
        &coordinator,
        id,
        Act::Assign {
            executor: who.a_e1.id,
        },
    )
    .await;
    let executor = session(&url, &tokens[&who.a_e1.email]).await;
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
    let leader = session(&url, &tokens[&who.a_leader.email]).await;
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

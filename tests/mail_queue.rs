//! The outgoing mail queue on every backend: a mail that fails waits and
//! is tried again, archiving cancels what waits, administrators see where
//! each mail stands, and a process killed while sending an import's
//! invitations leaves each of them to be sent exactly once.
#![allow(clippy::unwrap_used)] // test code: a failed unwrap is a failed test

#[macro_use]
mod common;

use common::account_draft as draft;

use common::{Param, assert_err, invitation_token};
use otklik::domain::mail::{MailKind, MailState};
use otklik::mail::{MailTransport, Mailer, SmtpSecurity};
use otklik::service::{AccountQuery, MailOutcome, ServiceError};

fn smtp_on(port: u16) -> Mailer {
    Mailer::new(
        "noreply@otklik.test",
        MailTransport::Smtp {
            host: "127.0.0.1".into(),
            port,
            security: SmtpSecurity::None,
            credentials: None,
        },
    )
    .unwrap()
}

/// A port nothing listens on.
fn closed_port() -> u16 {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    listener.local_addr().unwrap().port()
}

/// With the mail server down (its port returned), school A's
/// administrator creates an account for `email`.
async fn invite_while_mail_is_down(
    ctx: &mut common::Ctx,
    email: &str,
) -> (u16, otklik::service::Session, otklik::service::AccountSaved) {
    let down = closed_port();
    ctx.configure(|s| s.mailer = smtp_on(down)).await;
    let (admin, _) = ctx.service_as(&ctx.f.who.a_admin.email).await;
    let saved = admin
        .create_account(ctx.f.org.school_a, &draft(email))
        .await
        .unwrap();
    (down, admin, saved)
}

contract!(
    a_mail_that_cannot_go_waits_and_is_sent_when_it_can,
    |ctx| async move {
        let mut ctx = ctx;
        let (down, admin, saved) = invite_while_mail_is_down(&mut ctx, "later@school5.ru").await;
        let school = ctx.f.org.school_a;
        let Some(MailOutcome::Failed { detail, will_retry }) = &saved.invitation else {
            panic!("{:?}", saved.invitation)
        };
        assert!(will_retry, "a mail server that is down is tried again");
        assert!(detail.contains(&format!("127.0.0.1:{down}")), "{detail}");

        // The accounts pane and the status say it waits, and why.
        let page = admin
            .accounts(school, &AccountQuery::default())
            .await
            .unwrap();
        let row = page
            .items
            .iter()
            .find(|a| a.id == saved.account.id)
            .unwrap();
        let mail = row.mail.as_ref().unwrap();
        assert_eq!((mail.state, mail.attempts), (MailState::Waiting, 1));
        assert_eq!(mail.error.as_deref(), Some(detail.as_str()));
        let status = admin.mail_status(school, false).await.unwrap();
        assert_eq!((status.waiting, status.sent, status.failed), (1, 0, 0));
        assert_eq!(status.unsent.len(), 1);
        assert_eq!(status.unsent[0].email, "later@school5.ru");
        assert_eq!(status.unsent[0].name, "Новикова Ольга Петровна");

        // Not due yet: the worker leaves it.
        assert_eq!(ctx.f.service.send_due_mail().await.unwrap().sent, 0);

        // The server is back and the minute has passed.
        let smtp = common::smtp::SmtpServer::start();
        ctx.configure(|s| s.mailer = smtp_on(smtp.port)).await;
        ctx.f.exec(
            "UPDATE mail_queue SET at = at - 61 WHERE account_id = ?1",
            &[Param::Int(saved.account.id.0)],
        );
        let run = ctx.f.service.send_due_mail().await.unwrap();
        assert_eq!((run.sent, run.failed), (1, 0));
        let mails = smtp.wait_for(1);
        assert_eq!(mails[0].to, vec!["later@school5.ru".to_string()]);
        let (admin, _) = ctx.service_as(&ctx.f.who.a_admin.email).await;
        let status = admin.mail_status(school, false).await.unwrap();
        assert_eq!((status.waiting, status.sent, status.failed), (0, 1, 0));
        assert!(status.unsent.is_empty());
        // The link in the mail that went is the one that works.
        admin
            .accept_invitation(&invitation_token(&mails[0].data), "later@school5.ru")
            .await
            .unwrap();
        // Nothing is sent twice.
        assert_eq!(ctx.f.service.send_due_mail().await.unwrap().sent, 0);
        assert_eq!(smtp.received_count(), 1);
    }
);

contract!(
    archiving_cancels_what_waits_and_the_status_is_for_those_who_see_accounts,
    |ctx| async move {
        let mut ctx = ctx;
        let (_, admin, saved) = invite_while_mail_is_down(&mut ctx, "gone@school5.ru").await;
        let school = ctx.f.org.school_a;
        let city = ctx.f.org.city;
        let (curator, _) = ctx.service_as(&ctx.f.who.city_curator.email).await;
        let whole = curator.mail_status(city, true).await.unwrap();
        assert_eq!(whole.waiting, 1, "the city's curator sees the subtree");
        assert_eq!(curator.mail_status(city, false).await.unwrap().waiting, 0);

        let (other, _) = ctx.service_as(&ctx.f.who.b_coordinator.email).await;
        assert_err(
            other.mail_status(school, false).await,
            ServiceError::Forbidden,
        );
        let (executor, _) = ctx.service_as(&ctx.f.who.a_e1.email).await;
        executor.mail_status(school, false).await.unwrap();
        assert_err(
            executor.mail_status(school, true).await,
            ServiceError::Forbidden,
        );

        admin.archive_account(saved.account.id).await.unwrap();
        ctx.f.exec("UPDATE mail_queue SET at = 0", &[]);
        let smtp = common::smtp::SmtpServer::start();
        ctx.configure(|s| s.mailer = smtp_on(smtp.port)).await;
        assert_eq!(ctx.f.service.send_due_mail().await.unwrap().sent, 0);
        assert_eq!(smtp.received_count(), 0, "an archived account gets no mail");
        let (admin, _) = ctx.service_as(&ctx.f.who.a_admin.email).await;
        let status = admin.mail_status(school, false).await.unwrap();
        assert_eq!((status.waiting, status.sent, status.failed), (0, 0, 0));

        // Restored, it is invited again, at once.
        let back = admin.restore_account(saved.account.id).await.unwrap();
        assert_eq!(back.invitation, Some(MailOutcome::Sent));
        assert_eq!(smtp.wait_for(1)[0].to, vec!["gone@school5.ru".to_string()]);

        // The account's card: its mails newest first, for the same people.
        let mails = admin.account_mail(saved.account.id).await.unwrap();
        let told: Vec<_> = mails.iter().map(|m| (m.kind, m.state)).collect();
        assert_eq!(
            told,
            vec![
                (MailKind::Restored, MailState::Sent),
                (MailKind::Invitation, MailState::Cancelled),
            ]
        );
        assert!(
            mails
                .iter()
                .all(|m| m.to == otklik::domain::mail::MailTo::Account(saved.account.id))
        );
        let (other, _) = ctx.service_as(&ctx.f.who.b_coordinator.email).await;
        assert_err(
            other.account_mail(saved.account.id).await,
            ServiceError::Forbidden,
        );
    }
);

/// `otklik` with a home of its own and the fixture's store.
fn otklik(home: &std::path::Path, store: &std::path::Path) -> std::process::Command {
    let mut cmd = std::process::Command::new(assert_cmd::cargo::cargo_bin("otklik"));
    cmd.env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("HOME", home)
        .env("XDG_CONFIG_HOME", home.join("config"))
        .env("XDG_STATE_HOME", home.join("state"))
        .arg("--store")
        .arg(store)
        .arg("--config")
        .arg(home.join("otklik.toml"));
    cmd
}

/// The `.eml` files of a folder.
fn mail_files(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    match std::fs::read_dir(dir) {
        Ok(entries) => entries
            .flatten()
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|x| x == "eml"))
            .collect(),
        Err(_) => Vec::new(),
    }
}

#[test]
fn an_import_killed_while_mailing_sends_each_invitation_once_after_restart() {
    const PEOPLE: usize = 600;
    let f = common::Fixture::build();
    let store = f.sqlite().path().to_path_buf();
    let outbox = store.parent().unwrap().join("outbox");
    let home = tempfile::tempdir().unwrap();
    // After the crash, what the killed process had taken is taken over at once.
    std::fs::write(
        home.path().join("otklik.toml"),
        "[mail]\nclaim_timeout_secs = 0\n",
    )
    .unwrap();
    let form = home.path().join("people.csv");
    let mut csv = String::from(
        "Наименование подведомственной организации;ОГРН;ИНН;ФИО ответственного;\
         Должность ответственного;Моб.телефон;Е-mail;Роль в ПОС\n",
    );
    let ogrn = otklik::domain::values::Ogrn::for_organisation([1, 0, 2, 3, 9, 0, 1, 2, 3, 4, 5, 7]);
    let inn = otklik::domain::values::Inn::for_organisation([3, 9, 1, 2, 0, 1, 2, 3, 7]);
    for n in 0..PEOPLE {
        csv.push_str(&format!(
            "МБОУ «СОШ № 77»;{ogrn};{inn};Петров Пётр Петрович;Учитель;9123456789;\
             p{n}@school77.ru;Исполнитель\n"
        ));
    }
    std::fs::write(&form, csv).unwrap();

    let mut import = otklik(home.path(), &store)
        .args(["--as", &f.who.edu_admin.email, "import"])
        .arg(&form)
        .args(["--org", &f.org.edu.0.to_string()])
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    // Killed once the first invitations are out: the accounts are written.
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
    while mail_files(&outbox).len() < 5 {
        assert!(std::time::Instant::now() < deadline, "no mail was sent");
        assert!(
            import.try_wait().unwrap().is_none(),
            "the import ended early"
        );
        std::thread::sleep(std::time::Duration::from_millis(2));
    }
    import.kill().unwrap();
    import.wait().unwrap();
    let before = mail_files(&outbox).len();
    assert!(before < PEOPLE, "killed before all were sent ({before})");
    let invited = f.number(
        "SELECT count(*) FROM accounts WHERE email LIKE '%@school77.ru'",
        &[],
    );
    assert_eq!(invited, PEOPLE as i64, "the accounts were written whole");
    // The administrator sees what waits.
    let waiting = f.number(
        "SELECT count(*) FROM mail_queue WHERE state = 'waiting'",
        &[],
    );
    let sending = f.number(
        "SELECT count(*) FROM mail_queue WHERE state = 'sending'",
        &[],
    );
    assert!(waiting > 0);
    let out = otklik(home.path(), &store)
        .args([
            "--as",
            &f.who.edu_admin.email,
            "mail",
            "status",
            "--subtree",
        ])
        .output()
        .unwrap();
    let said = String::from_utf8_lossy(&out.stdout);
    assert!(
        said.contains(&format!("ждут отправки {waiting}, отправляются {sending}")),
        "{said}"
    );
    assert!(
        said.contains("@school77.ru"),
        "the unsent are listed: {said}"
    );

    let out = otklik(home.path(), &store)
        .args(["mail", "send"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );

    // One mail per person, none twice, each with the link that works.
    let files = mail_files(&outbox);
    let mut recipients = std::collections::HashMap::new();
    for path in &files {
        let mail = std::fs::read_to_string(path).unwrap();
        let to = mail
            .lines()
            .find_map(|l| l.strip_prefix("To: "))
            .unwrap()
            .to_string();
        let token = invitation_token(&mail);
        assert!(recipients.insert(to.clone(), token).is_none(), "{to} twice");
    }
    let to_school77 = recipients
        .keys()
        .filter(|t| t.contains("@school77.ru"))
        .count();
    assert_eq!(to_school77, PEOPLE);
    for (to, token) in &recipients {
        let hash = otklik::store::secrets::hash(token);
        let open = f.number(
            "SELECT count(*) FROM invitations i JOIN accounts a ON a.id = i.account_id
             WHERE i.hash = ?1 AND i.used_at IS NULL AND i.revoked_at IS NULL
               AND ?2 LIKE '%' || a.email || '%'",
            &[Param::Text(hash), Param::Text(to.clone())],
        );
        assert_eq!(open, 1, "the link mailed to {to} is open");
    }
    let waiting = f.number("SELECT count(*) FROM mail_queue WHERE state != 'sent'", &[]);
    assert_eq!(waiting, 0);
    // And again: nothing more goes.
    let out = otklik(home.path(), &store)
        .args(["mail", "send"])
        .output()
        .unwrap();
    assert!(out.status.success());
    assert_eq!(mail_files(&outbox).len(), files.len());
}

#[test]
fn a_server_answers_an_import_first_and_its_worker_sends_the_invitations() {
    let f = common::Fixture::build();
    let store = f.sqlite().path().to_path_buf();
    let outbox = store.parent().unwrap().join("outbox");
    let server = common::ServerProcess::start(&store);
    let tokens = f.tokens(&[&f.who.edu_admin]);
    let home = tempfile::tempdir().unwrap();
    std::fs::write(home.path().join("otklik.toml"), "").unwrap();
    let form = home.path().join("people.csv");
    std::fs::write(
        &form,
        "Наименование подведомственной организации;ФИО ответственного;\
         Должность ответственного;Моб.телефон;Е-mail;Роль в ПОС\n\
         МБОУ «СОШ № 5»;Орлова Вера Ивановна;Учитель;9123456701;orlova@school5.ru;Исполнитель\n\
         МБОУ «СОШ № 5»;Зуев Иван Петрович;Учитель;9123456702;zuev@school5.ru;Исполнитель\n",
    )
    .unwrap();
    let out = std::process::Command::new(assert_cmd::cargo::cargo_bin("otklik"))
        .env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("HOME", home.path())
        .env("XDG_CONFIG_HOME", home.path().join("config"))
        .env("XDG_STATE_HOME", home.path().join("state"))
        .args(["--server", &server.url, "--token"])
        .arg(&tokens[&f.who.edu_admin.email])
        .args(["import"])
        .arg(&form)
        .args(["--org", &f.org.edu.0.to_string(), "--json"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["accounts_created"], 2, "{report}");
    assert_eq!(report["invitations_queued"], 2, "{report}");
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    // The file is written before the queue row is marked sent: wait for both.
    let waiting = || f.number("SELECT count(*) FROM mail_queue WHERE state != 'sent'", &[]);
    while mail_files(&outbox).len() < 2 || waiting() > 0 {
        assert!(
            std::time::Instant::now() < deadline,
            "the worker has not sent both: {} files, {} waiting",
            mail_files(&outbox).len(),
            waiting()
        );
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    assert_eq!(mail_files(&outbox).len(), 2);
}

#[test]
fn the_terminal_client_on_an_embedded_store_sends_what_waits() {
    use otklik::domain::mail::MailKind;
    let f = common::Fixture::build();
    // Left waiting by a process that could not send it.
    let invited = f.who.a_new.id;
    f.write(|w| w.queue_mail(MailKind::Invitation, invited, otklik::store::now_secs()));
    let smtp = common::smtp::SmtpServer::start();
    let home = tempfile::tempdir().unwrap();
    let config = home.path().join("otklik.toml");
    std::fs::write(
        &config,
        format!(
            "[mail]\nsmtp_host = \"127.0.0.1\"\nsmtp_port = {}\nsmtp_security = \"none\"\n",
            smtp.port
        ),
    )
    .unwrap();
    let store = f.sqlite().path().display().to_string();
    let config_arg = config.display().to_string();
    let admin = common::tmux::Tmux::start(
        &[
            "--config",
            &config_arg,
            "--store",
            &store,
            "--as",
            &f.who.a_admin.email,
        ],
        &[],
        home.path(),
        200,
        40,
    );
    admin.wait_for(&["Учётные записи"]);
    let mails = smtp.wait_for(1);
    assert_eq!(mails[0].to, vec!["ivanov.new@school5.ru".to_string()]);
    // The pane hears it went.
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    loop {
        let screen = admin.screen();
        let row = screen
            .lines()
            .find(|l| l.contains("ivanov.new@school5.ru"))
            .unwrap_or_default()
            .to_string();
        if row.contains("отпр. ") {
            break;
        }
        assert!(std::time::Instant::now() < deadline, "{screen}");
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
}

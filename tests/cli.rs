//! The binary end to end: the command line for scripts, its errors, and
//! the same commands through a real server.
#![allow(clippy::unwrap_used)] // test code: a failed unwrap is a failed test

mod common;

use std::process::Output;

use assert_cmd::Command;
use common::Fixture;
use serde_json::Value;

fn otklik() -> Command {
    let mut cmd = Command::cargo_bin("otklik").expect("the otklik binary");
    // Nothing of the machine's own configuration leaks in.
    let home = tempfile::tempdir().expect("home").keep();
    cmd.env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("HOME", &home)
        .env("XDG_CONFIG_HOME", home.join("config"))
        .env("XDG_DATA_HOME", home.join("data"))
        .env("XDG_STATE_HOME", home.join("state"));
    cmd
}

fn store_arg(f: &Fixture) -> String {
    f.sqlite().path().display().to_string()
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

#[test]
fn orgs_accounts_and_messages_as_json() {
    let f = Fixture::build();
    let store = store_arg(&f);
    let who = &f.who.a_coordinator.email;

    let out = otklik()
        .args(["--store", &store, "--as", who, "orgs", "list", "--json"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let orgs: Vec<Value> = serde_json::from_slice(&out.stdout).unwrap();
    let ids: Vec<i64> = orgs.iter().map(|o| o["id"].as_i64().unwrap()).collect();
    // Depth first from the root; the archived school is not listed.
    assert_eq!(ids[0], f.org.platform.0);
    assert!(ids.contains(&f.org.school_a.0) && ids.contains(&f.org.school_b.0));
    assert!(!ids.contains(&f.org.school_c.0));

    let out = otklik()
        .args(["--store", &store, "--as", who, "accounts", "list", "--json"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let accounts: Vec<Value> = serde_json::from_slice(&out.stdout).unwrap();
    assert!(accounts.iter().all(|a| a["org"] == f.org.school_a.0));
    assert!(accounts.iter().any(|a| a["email"] == who.as_str()));

    let out = otklik()
        .args([
            "--store",
            &store,
            "--as",
            who,
            "messages",
            "list",
            "--status",
            "new,in-work",
            "--json",
        ])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let rows: Vec<Value> = serde_json::from_slice(&out.stdout).unwrap();
    let expected = f.expect_ids(f.org.school_a, |m| {
        matches!(
            m.status,
            otklik::domain::MessageStatus::New | otklik::domain::MessageStatus::InWork
        )
    });
    let got: Vec<i64> = rows.iter().map(|r| r["id"].as_i64().unwrap()).collect();
    assert_eq!(got, expected.iter().map(|m| m.0).collect::<Vec<_>>());
}

#[test]
fn tables_for_people_in_both_languages() {
    let f = Fixture::build();
    let store = store_arg(&f);
    let who = &f.who.a_coordinator.email;
    let out = otklik()
        .args(["--store", &store, "--as", who, "accounts", "list"])
        .output()
        .unwrap();
    let text = stdout(&out);
    assert!(text.starts_with("ФИО"), "{text}");
    assert!(text.contains("Подтверждён"));
    let out = otklik()
        .args([
            "--store", &store, "--as", who, "--lang", "en", "accounts", "list",
        ])
        .output()
        .unwrap();
    let text = stdout(&out);
    assert!(text.starts_with("Name"), "{text}");
    assert!(text.contains("Confirmed"));
}

#[test]
fn refusals_exit_non_zero_with_the_reason() {
    let f = Fixture::build();
    let store = store_arg(&f);
    // A coordinator of school B may not read school A's queue.
    let out = otklik()
        .args([
            "--store",
            &store,
            "--as",
            &f.who.b_coordinator.email,
            "messages",
            "list",
            "--org",
            &f.org.school_a.to_string(),
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(stderr(&out).trim(), "Недостаточно прав для этого действия");
    assert!(out.stdout.is_empty());
    // No --as on the embedded store.
    let out = otklik()
        .args(["--store", &store, "orgs", "list"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("--as"), "{}", stderr(&out));
    // An archived account.
    let out = otklik()
        .args([
            "--store",
            &store,
            "--as",
            &f.who.a_archived.email,
            "orgs",
            "list",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("не найдена, не подтверждена или в архиве"),
        "{}",
        stderr(&out)
    );
    // A bad status names the value.
    let out = otklik()
        .args([
            "--store",
            &store,
            "--as",
            &f.who.a_coordinator.email,
            "messages",
            "list",
            "--status",
            "lost",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("«lost»"), "{}", stderr(&out));
}

#[test]
fn a_file_that_is_not_a_store_is_refused_and_left_alone() {
    let dir = tempfile::tempdir().unwrap();
    let notes = dir.path().join("notes.txt");
    std::fs::write(&notes, "Список дел на неделю\n").unwrap();
    let other_db = dir.path().join("other.db");
    rusqlite::Connection::open(&other_db)
        .unwrap()
        .execute_batch("CREATE TABLE t (x); INSERT INTO t VALUES (1);")
        .unwrap();
    for path in [&notes, &other_db] {
        let before = std::fs::read(path).unwrap();
        let out = otklik()
            .args([
                "--store",
                &path.display().to_string(),
                "--as",
                "a@b.ru",
                "orgs",
                "list",
            ])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(1));
        assert!(
            stderr(&out).contains("не является хранилищем otklik"),
            "{}",
            stderr(&out)
        );
        assert_eq!(
            std::fs::read(path).unwrap(),
            before,
            "{} changed",
            path.display()
        );
        assert!(!path.with_extension("db-wal").exists() || path == &other_db);
    }
    // The terminal client refuses it the same way, before taking the screen.
    let before = std::fs::read(&notes).unwrap();
    let out = otklik()
        .args(["--store", &notes.display().to_string()])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("не является хранилищем otklik"));
    assert_eq!(std::fs::read(&notes).unwrap(), before);
}

#[test]
fn a_store_from_a_newer_version_is_refused_and_left_alone() {
    let f = Fixture::build();
    let path = f.sqlite().path().to_path_buf();
    drop(
        f.sqlite()
            .writer()
            .execute_batch("PRAGMA wal_checkpoint(TRUNCATE); PRAGMA user_version = 99;"),
    );
    let before = std::fs::read(&path).unwrap();
    let out = otklik()
        .args([
            "--store",
            &path.display().to_string(),
            "--as",
            &f.who.a_e1.email,
            "--lang",
            "en",
            "orgs",
            "list",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("newer otklik (schema version 99"),
        "{}",
        stderr(&out)
    );
    assert_eq!(std::fs::read(&path).unwrap(), before);
}

#[test]
fn a_missing_store_is_not_created_by_reading_commands() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("nothing.db");
    let out = otklik()
        .args([
            "--store",
            &path.display().to_string(),
            "--as",
            "a@b.ru",
            "orgs",
            "list",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("не найдено"), "{}", stderr(&out));
    assert!(!path.exists());
}

#[test]
fn a_config_with_an_unknown_time_zone_is_an_error_naming_it() {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("config.toml");
    std::fs::write(&config, "timezone = \"Europe/Svetlogorsk\"\n").unwrap();
    let path = config.display().to_string();
    for (lang, says) in [
        ("ru", "неизвестный часовой пояс «Europe/Svetlogorsk»"),
        ("en", "unknown time zone “Europe/Svetlogorsk”"),
    ] {
        let out = otklik()
            .args([
                "--config", &path, "--lang", lang, "calendar", "show", "2026",
            ])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(1));
        let said = stderr(&out);
        assert!(said.contains(says) && said.contains(&path), "{said}");
        assert!(out.stdout.is_empty());
    }
}

#[test]
fn a_config_with_an_unknown_key_is_an_error_naming_the_key() {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("config.toml");
    std::fs::write(&config, "lang = \"ru\"\nstorage = \"/tmp/x.db\"\n").unwrap();
    let out = otklik()
        .args(["--config", &config.display().to_string(), "orgs", "list"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("неизвестный ключ «storage»"),
        "{}",
        stderr(&out)
    );
    // The same through the environment variable, for the terminal client.
    std::fs::write(&config, "[keys]\nfly = [\"f\"]\n").unwrap();
    let out = otklik()
        .env("OTKLIK_CONFIG", &config)
        .arg("--lang")
        .arg("en")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("unknown action “fly”"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn tokens_are_printed_once_and_kept_only_as_hashes() {
    let f = Fixture::build();
    let store = store_arg(&f);
    let out = otklik()
        .args(["--store", &store, "token", "issue", &f.who.a_e1.email])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let printed = stdout(&out);
    let token = printed.trim();
    assert_eq!(printed, format!("{token}\n"), "the token alone on stdout");
    assert!(token.starts_with("otk_") && token.len() > 60);
    drop(
        f.sqlite()
            .writer()
            .execute_batch("PRAGMA wal_checkpoint(TRUNCATE);"),
    );
    let bytes = std::fs::read(f.sqlite().path()).unwrap();
    assert!(
        !bytes.windows(token.len()).any(|w| w == token.as_bytes()),
        "the token itself is stored"
    );
    // Not for an unknown or archived account.
    let out = otklik()
        .args(["--store", &store, "token", "issue", &f.who.a_archived.email])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let out = otklik()
        .args(["--store", &store, "token", "issue", "ghost@nowhere.ru"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("ghost@nowhere.ru"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn the_same_answers_through_the_server() {
    let f = Fixture::build();
    let store = store_arg(&f);
    let who = &f.who.a_coordinator.email;
    let mut server = common::ServerProcess::start(f.sqlite().path());
    let url = server.url.clone();
    let token = stdout(
        &otklik()
            .args(["--store", &store, "token", "issue", who])
            .output()
            .unwrap(),
    )
    .trim()
    .to_string();

    for args in [
        &["orgs", "list", "--json"][..],
        &["accounts", "list", "--json"],
        &["messages", "list", "--json"],
        &["messages", "list", "--search", "дороги", "--json"],
    ] {
        let local = otklik()
            .args(["--store", &store, "--as", who])
            .args(args)
            .output()
            .unwrap();
        let remote = otklik()
            .args(["--server", &url, "--token", &token])
            .args(args)
            .output()
            .unwrap();
        assert!(remote.status.success(), "{args:?}: {}", stderr(&remote));
        assert_eq!(stdout(&local), stdout(&remote), "{args:?}");
    }
    // OTKLIK_TOKEN works as well as --token.
    let out = otklik()
        .env("OTKLIK_TOKEN", &token)
        .args(["--server", &url, "orgs", "list"])
        .output()
        .unwrap();
    assert!(out.status.success());

    let out = otklik()
        .args(["--server", &url, "--token", "otk_wrong", "orgs", "list"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("Вход не выполнен"),
        "{}",
        stderr(&out)
    );
    let out = otklik()
        .args(["--server", &url, "orgs", "list"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("OTKLIK_TOKEN"), "{}", stderr(&out));
    server.stop();

    // Now nothing listens there.
    let out = otklik()
        .args([
            "--server", &url, "--token", &token, "--lang", "en", "orgs", "list",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("Service unavailable"),
        "{}",
        stderr(&out)
    );
    assert!(stderr(&out).contains(&url), "{}", stderr(&out));
}

#[test]
fn demo_data_goes_only_into_a_new_store() {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("city.db").display().to_string();
    let out = otklik()
        .args([
            "--store",
            &store,
            "demo",
            "--orgs",
            "20",
            "--messages",
            "300",
            "--seed",
            "3",
        ])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(
        text.contains("организаций 20") && text.contains("сообщений 300"),
        "{text}"
    );
    // One account to sign in as per role, and it works.
    let coordinator = text
        .lines()
        .find_map(|l| l.trim().strip_prefix("Координатор: "))
        .and_then(|rest| rest.split_whitespace().next())
        .expect("a coordinator to sign in as")
        .to_string();
    let out = otklik()
        .args([
            "--store",
            &store,
            "--as",
            &coordinator,
            "messages",
            "list",
            "--json",
        ])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let rows: Vec<Value> = serde_json::from_slice(&out.stdout).unwrap();
    assert!(!rows.is_empty());
    // A reader that stops early (`| head`) is no failure: the command ends quietly.
    let curator = text
        .lines()
        .find_map(|l| l.trim().strip_prefix("Куратор: "))
        .and_then(|rest| rest.split_whitespace().next())
        .expect("a curator to sign in as")
        .to_string();
    let big = [
        "--store",
        &store,
        "--as",
        &curator,
        "messages",
        "list",
        "--subtree",
        "--limit",
        "500",
        "--json",
    ];
    let whole = otklik().args(big).output().unwrap();
    assert!(whole.status.success(), "{}", stderr(&whole));
    // More than a pipe holds (64 KiB), so the write must meet the closed end.
    assert!(whole.stdout.len() > 70_000, "{} bytes", whole.stdout.len());
    let home = tempfile::tempdir().unwrap();
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin!("otklik"))
        .env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("HOME", home.path())
        .env("XDG_STATE_HOME", home.path().join("state"))
        .args(big)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "{:?}: {}", out.status, stderr(&out));
    assert!(stderr(&out).is_empty(), "{}", stderr(&out));
    // An unknown status is named as a status.
    let out = otklik()
        .args([
            "--store",
            &store,
            "--as",
            &coordinator,
            "messages",
            "list",
            "--status",
            "bogus",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).starts_with("Статус:"), "{}", stderr(&out));
    // A second run is refused and changes nothing.
    let before = std::fs::metadata(&store).unwrap().len();
    let out = otklik().args(["--store", &store, "demo"]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("не пустое"), "{}", stderr(&out));
    assert_eq!(std::fs::metadata(&store).unwrap().len(), before);
}

/// The whole way of a message through the command line, as scripts drive it.
fn walkthrough(target: &[&str], as_of: &dyn Fn(&str) -> Vec<String>, f: &Fixture) {
    let run = |who: &str, args: &[&str]| {
        let out = otklik()
            .args(target)
            .args(as_of(who))
            .args(args)
            .output()
            .unwrap();
        assert!(out.status.success(), "{args:?}: {}", stderr(&out));
        stdout(&out)
    };
    let w = &f.who;
    let id = f.msg("a6").id.to_string();
    let text = run(
        &w.a_coordinator.email,
        &["messages", "assign", &id, "--to", &w.a_e1.email],
    );
    assert_eq!(text.trim(), format!("Сообщение {id}: В работе"));
    let dir = tempfile::tempdir().unwrap();
    let draft = dir.path().join("draft.txt");
    std::fs::write(&draft, "Уважаемый Денис! Фонари заменят до пятницы.").unwrap();
    run(
        &w.a_e1.email,
        &[
            "messages",
            "draft",
            &id,
            "--file",
            &draft.display().to_string(),
        ],
    );
    run(&w.a_e1.email, &["messages", "submit", &id]);
    run(
        &w.a_leader.email,
        &[
            "messages",
            "return",
            &id,
            "--comment",
            "Укажите точную дату",
        ],
    );
    run(
        &w.a_e1.email,
        &[
            "messages",
            "draft",
            &id,
            "--text",
            "Фонари заменят 20 марта.",
        ],
    );
    run(&w.a_e1.email, &["messages", "submit", &id]);
    let json = run(&w.a_leader.email, &["messages", "approve", &id, "--json"]);
    let m: Value = serde_json::from_str(&json).unwrap();
    assert_eq!(m["status"], "answered");
    assert_eq!(m["answer"], "Фонари заменят 20 марта.");
    let actions: Vec<&str> = m["history"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["action"].as_str().unwrap())
        .collect();
    let steps = [
        "assign",
        "edit-draft",
        "submit-draft",
        "return",
        "edit-draft",
        "submit-draft",
        "approve",
    ];
    assert_eq!(actions[actions.len() - steps.len()..], steps);
    // Approved answers are immutable: the executor's next draft is refused.
    let out = otklik()
        .args(target)
        .args(as_of(&w.a_e1.email))
        .args(["messages", "draft", &id, "--text", "иначе"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("Сейчас это сделать нельзя"),
        "{}",
        stderr(&out)
    );
    // A human-readable view with the history.
    let shown = run(&w.a_leader.email, &["messages", "show", &id]);
    assert!(
        shown.contains("Отвечено")
            && shown.contains("Укажите точную дату")
            && shown.contains("ответ утверждён"),
        "{shown}"
    );
    // The same citizen's other messages in the school, by number.
    let others = shown
        .lines()
        .find(|l| l.starts_with("Другие сообщения заявителя ("))
        .unwrap_or_else(|| panic!("no other messages listed: {shown}"));
    assert!(
        others.contains(&format!("№ {}", f.msg("a1").id)),
        "{others}"
    );
    let listed: Vec<&str> = others
        .split_once(": ")
        .map(|(_, list)| list.split(", ").collect())
        .unwrap_or_default();
    assert!(!listed.contains(&format!("№ {id}").as_str()), "{others}");
}

#[test]
fn a_message_from_assignment_to_answer_on_the_embedded_store() {
    let f = Fixture::build();
    let store = store_arg(&f);
    walkthrough(
        &["--store", &store],
        &|who| vec!["--as".to_string(), who.to_string()],
        &f,
    );
}

#[test]
fn a_message_from_assignment_to_answer_through_the_server() {
    let f = Fixture::build();
    let server = common::ServerProcess::start(f.sqlite().path());
    let tokens = f.tokens(&[&f.who.a_coordinator, &f.who.a_e1, &f.who.a_leader]);
    walkthrough(
        &["--server", &server.url],
        &|who| vec!["--token".to_string(), tokens[who].clone()],
        &f,
    );
}

#[test]
fn lifecycle_refusals_name_the_reason() {
    let f = Fixture::build();
    let store = store_arg(&f);
    let id = f.msg("a6").id.to_string();
    // An executor may not assign.
    let out = otklik()
        .args([
            "--store",
            &store,
            "--as",
            &f.who.a_e1.email,
            "messages",
            "assign",
            &id,
            "--to",
            &f.who.a_e1.email,
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(stderr(&out).trim(), "Недостаточно прав для этого действия");
    // Nobody by that address works there.
    let out = otklik()
        .args([
            "--store",
            &store,
            "--as",
            &f.who.a_coordinator.email,
            "messages",
            "assign",
            &id,
            "--to",
            "nobody@school5.ru",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("Исполнитель"), "{}", stderr(&out));
    // An empty reason.
    let out = otklik()
        .args([
            "--store",
            &store,
            "--as",
            &f.who.a_leader.email,
            "messages",
            "close",
            &id,
            "--reason",
            " ",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(stderr(&out).trim(), "Причина: не заполнено");
    // A draft file that is not text.
    let dir = tempfile::tempdir().unwrap();
    let bin = dir.path().join("draft.bin");
    std::fs::write(&bin, [0xff, 0xfe, 0x00, 0x41]).unwrap();
    let out = otklik()
        .args([
            "--store",
            &store,
            "--as",
            &f.who.a_e1.email,
            "messages",
            "draft",
            &f.msg("a3").id.to_string(),
            "--file",
            &bin.display().to_string(),
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("не в кодировке UTF-8"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn templates_from_the_command_line() {
    let f = Fixture::build();
    let store = store_arg(&f);
    let admin = [
        "--store",
        store.as_str(),
        "--as",
        f.who.a_admin.email.as_str(),
    ];
    let out = otklik()
        .args(admin)
        .args([
            "templates",
            "add",
            "--title",
            "Питание",
            "--text",
            "Уважаемый(ая) {имя}! Меню проверено.",
            "--category",
        ])
        .arg(f.cat.food.to_string())
        .arg("--json")
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let t: Value = serde_json::from_slice(&out.stdout).unwrap();
    let id = t["id"].as_i64().unwrap().to_string();
    let out = otklik()
        .args(admin)
        .args(["templates", "edit", &id, "--title", "Школьное питание"])
        .output()
        .unwrap();
    assert!(
        stdout(&out).contains("Школьное питание"),
        "{}",
        stderr(&out)
    );
    let out = otklik()
        .args([
            "--store",
            &store,
            "--as",
            &f.who.a_e1.email,
            "templates",
            "list",
            "--json",
        ])
        .output()
        .unwrap();
    let list: Vec<Value> = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(list.len(), 1);
    assert_eq!(list[0]["title"], "Школьное питание");
    assert_eq!(list[0]["body"], "Уважаемый(ая) {имя}! Меню проверено.");
    // An executor may not delete it.
    let out = otklik()
        .args([
            "--store",
            &store,
            "--as",
            &f.who.a_e1.email,
            "templates",
            "delete",
            &id,
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let out = otklik()
        .args(admin)
        .args(["templates", "delete", &id])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let out = otklik()
        .args(admin)
        .args(["templates", "list", "--json"])
        .output()
        .unwrap();
    assert_eq!(
        serde_json::from_slice::<Vec<Value>>(&out.stdout)
            .unwrap()
            .len(),
        0
    );
}

#[test]
fn moderation_and_intake_from_the_command_line() {
    let f = Fixture::build();
    let store = store_arg(&f);
    let curator = &f.who.platform_curator.email;
    let run = |who: &str, args: &[&str]| {
        otklik()
            .args(["--store", &store, "--as", who])
            .args(args)
            .output()
            .unwrap()
    };
    let out = run(curator, &["moderation"]);
    assert!(
        stdout(&out).contains("Модерация включена"),
        "{}",
        stderr(&out)
    );
    let out = run(curator, &["moderation", "off"]);
    assert!(stdout(&out).contains("Модерация выключена"));
    let school = f.org.school_a.0.to_string();
    let out = run(
        curator,
        &[
            "messages",
            "receive",
            "--org",
            &school,
            "--text",
            "Нет горячей воды",
            "--citizen",
            "Зайцев Пётр",
            "--contact",
            "zaitsev@mail.ru",
            "--source",
            "gosuslugi",
            "--json",
        ],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let m: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(m["status"], "new");
    assert_eq!(m["source"], "gosuslugi");
    let out = run(&f.who.a_coordinator.email, &["moderation", "on"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("Недостаточно прав"));
}

#[test]
fn messages_list_filters_by_category_executor_source_and_subtree() {
    let f = Fixture::build();
    let store = store_arg(&f);
    let list = |who: &str, args: &[&str]| -> Vec<i64> {
        let out = otklik()
            .args(["--store", &store, "--as", who, "messages", "list", "--json"])
            .args(args)
            .output()
            .unwrap();
        assert!(out.status.success(), "{args:?}: {}", stderr(&out));
        let rows: Vec<Value> = serde_json::from_slice(&out.stdout).unwrap();
        rows.iter().map(|r| r["id"].as_i64().unwrap()).collect()
    };
    let coordinator = &f.who.a_coordinator.email;
    let ids = |v: Vec<otklik::domain::MessageId>| v.iter().map(|m| m.0).collect::<Vec<_>>();
    assert_eq!(
        list(coordinator, &["--category", &f.cat.food.0.to_string()]),
        ids(f.expect_ids(f.org.school_a, |m| m.category == f.cat.food))
    );
    assert_eq!(
        list(coordinator, &["--assignee", &f.who.a_e1.email]),
        ids(f.expect_ids(f.org.school_a, |m| m.assignee == Some(f.who.a_e1.id)))
    );
    assert_eq!(
        list(coordinator, &["--unassigned", "--status", "new"]),
        ids(f.expect_ids(f.org.school_a, |m| m.assignee.is_none()
            && m.status == otklik::domain::MessageStatus::New))
    );
    assert!(list(coordinator, &["--source", "gosuslugi"]).is_empty());
    let curator = &f.who.city_curator.email;
    let city = f.org.city.0.to_string();
    let all = list(curator, &["--org", &city, "--subtree", "--overdue"]);
    assert!(!all.is_empty());
    // In words, a listing over a subtree names each row's organisation.
    let out = otklik()
        .args(["--store", &store, "--as", curator, "messages", "list"])
        .args(["--org", &city, "--subtree", "--overdue"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.lines()
            .next()
            .is_some_and(|h| h.contains("Организация")),
        "{text}"
    );
    assert!(text.contains("МБОУ «СОШ № 5»"), "{text}");
    let out = otklik()
        .args([
            "--store",
            &store,
            "--as",
            coordinator,
            "messages",
            "list",
            "--subtree",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
}

#[test]
fn the_empty_onboarding_form_needs_nobody_signed_in() {
    let f = Fixture::build();
    let store = store_arg(&f);
    let dir = tempfile::tempdir().unwrap();
    let out_path = dir.path().join("form.xlsx");
    let out = otklik()
        .args([
            "--store",
            &store,
            "template",
            "onboarding",
            "--out",
            &out_path.display().to_string(),
        ])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let bytes = std::fs::read(&out_path).unwrap();
    assert!(bytes.starts_with(b"PK"), "not a workbook");
}

#[test]
fn the_servers_log_in_a_file_has_no_colour_codes() {
    let f = Fixture::build();
    let dir = tempfile::tempdir().unwrap();
    let log = dir.path().join("serve.log");
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    drop(listener);
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin!("otklik"))
        .env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("HOME", dir.path())
        // Every request a line, so that there is one to look at.
        .env("OTKLIK_LOG", "info,otklik::request=debug")
        .args([
            "--store",
            &store_arg(&f),
            "serve",
            "--listen",
            &addr.to_string(),
        ])
        .stderr(std::fs::File::create(&log).unwrap())
        .spawn()
        .unwrap();
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    let mut stream = loop {
        if let Ok(s) = std::net::TcpStream::connect(addr) {
            break s;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "the server did not start"
        );
        std::thread::sleep(std::time::Duration::from_millis(50));
    };
    use std::io::{Read, Write};
    write!(
        stream,
        "GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut answer = String::new();
    stream.read_to_string(&mut answer).unwrap();
    assert!(answer.ends_with("ok"), "{answer}");
    // The request line reaches the log before the process is stopped.
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(5);
    let text = loop {
        let text = std::fs::read_to_string(&log).unwrap();
        if text.contains("/healthz") || std::time::Instant::now() > deadline {
            break text;
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    };
    let _ = child.kill();
    let _ = child.wait();
    assert!(text.contains("/healthz"), "{text}");
    assert!(
        !text.contains('\u{1b}'),
        "colour codes in the log: {text:?}"
    );
}

#[cfg(unix)]
#[test]
fn a_new_store_its_folder_and_the_log_are_the_owners_only() {
    use std::os::unix::fs::PermissionsExt;
    let home = tempfile::tempdir().unwrap();
    let store = home.path().join("new/folder/city.db");
    let out = otklik()
        .env("HOME", home.path())
        .env("XDG_STATE_HOME", home.path().join("state"))
        .args(["--store", &store.display().to_string()])
        .args(["demo", "--orgs", "7", "--messages", "20"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let mode = |p: &std::path::Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode(&store), 0o600, "the store");
    assert_eq!(mode(&home.path().join("new/folder")), 0o700, "its folder");
    assert_eq!(mode(&home.path().join("new")), 0o700, "the folder above");
    let log = home.path().join("state/otklik/otklik.log");
    assert_eq!(mode(&log), 0o600, "the log");
    assert_eq!(
        mode(&home.path().join("state/otklik")),
        0o700,
        "the log's folder"
    );
}

#[test]
fn the_log_keeps_no_address() {
    let f = Fixture::build();
    let state = tempfile::tempdir().unwrap();
    let out = otklik()
        .env("XDG_STATE_HOME", state.path())
        .args([
            "--store",
            &store_arg(&f),
            "token",
            "issue",
            "nobody.private@example.ru",
        ])
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(
        stderr(&out).contains("nobody.private@example.ru"),
        "the person is told"
    );
    let log = std::fs::read_to_string(state.path().join("otklik/otklik.log")).unwrap();
    assert!(
        log.contains("command failed") && log.contains("not-found account"),
        "{log}"
    );
    assert!(
        !log.contains("nobody.private"),
        "no address in the log: {log}"
    );
}

#[test]
fn the_token_may_come_from_a_file_or_standard_input() {
    let f = Fixture::build();
    let server = common::ServerProcess::start(f.sqlite().path());
    let token = f.service.issue_token(&f.who.a_coordinator.email).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("token");
    std::fs::write(&file, format!("{token}\n")).unwrap();
    let from_file = otklik()
        .args([
            "--server",
            &server.url,
            "--token-file",
            &file.display().to_string(),
        ])
        .args(["orgs", "list", "--json"])
        .output()
        .unwrap();
    assert!(from_file.status.success(), "{}", stderr(&from_file));
    let from_stdin = otklik()
        .args([
            "--server",
            &server.url,
            "--token-file",
            "-",
            "orgs",
            "list",
            "--json",
        ])
        .write_stdin(token.clone())
        .output()
        .unwrap();
    assert!(from_stdin.status.success(), "{}", stderr(&from_stdin));
    assert_eq!(stdout(&from_file), stdout(&from_stdin));
    // An empty file says what to put in it.
    std::fs::write(&file, "\n").unwrap();
    let empty = otklik()
        .args([
            "--server",
            &server.url,
            "--token-file",
            &file.display().to_string(),
        ])
        .args(["orgs", "list"])
        .output()
        .unwrap();
    assert!(!empty.status.success());
    assert!(stderr(&empty).contains("нет токена"), "{}", stderr(&empty));
}

#[test]
fn messages_are_found_by_words_in_any_form() {
    let f = Fixture::build();
    let store = store_arg(&f);
    let list = |search: &str| -> Vec<serde_json::Value> {
        let out = otklik()
            .args(["--store", &store, "--as", &f.who.a_coordinator.email])
            .args(["messages", "list", "--search", search, "--json"])
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", stderr(&out));
        serde_json::from_str(&stdout(&out)).unwrap()
    };
    // «дороги» finds «Яма на дороге у школы», and nothing without the word.
    let found = list("дороги");
    let ids: Vec<i64> = found.iter().map(|m| m["id"].as_i64().unwrap()).collect();
    assert_eq!(ids, vec![f.msg("a3").id.0]);
    // The start of a word from three letters; a number finds its message.
    let started = list("дор");
    assert!(started.len() >= found.len());
    assert!(
        started
            .iter()
            .any(|m| m["id"].as_i64() == Some(f.msg("a3").id.0))
    );
    let by_number = list(&f.msg("a3").id.0.to_string());
    assert_eq!(by_number[0]["id"].as_i64(), Some(f.msg("a3").id.0));
    // Two letters match a whole word only: «до» is not «дороге».
    assert!(
        list("до")
            .iter()
            .all(|m| m["id"].as_i64() != Some(f.msg("a3").id.0))
    );
}

#[test]
fn a_note_is_added_from_the_command_line() {
    let f = Fixture::build();
    let store = store_arg(&f);
    let id = f.msg("a3").id.0.to_string();
    let out = otklik()
        .args(["--store", &store, "--as", &f.who.a_coordinator.email])
        .args([
            "messages",
            "note",
            &id,
            "--text",
            "Проверено на месте",
            "--json",
        ])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let m: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    let last = m["history"].as_array().unwrap().last().unwrap().clone();
    assert_eq!(last["action"], "note");
    assert_eq!(last["comment"], "Проверено на месте");
    // Empty: refused, naming the field.
    let out = otklik()
        .args(["--store", &store, "--as", &f.who.a_coordinator.email])
        .args(["messages", "note", &id, "--text", " "])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("Комментарий"), "{}", stderr(&out));
}

/// xmlcalendar's file for 2028 as a decree might publish it: the Labour
/// Code's holidays (Saturday 4 November moved to Monday the 6th) and
/// Monday 10 January moved off 1 January.
const XML_2028: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<calendar year="2028" lang="ru" country="ru">
  <days>
    <day d="01.01" t="1" h="1"/><day d="01.02" t="1" h="1"/><day d="01.03" t="1" h="1"/>
    <day d="01.04" t="1" h="1"/><day d="01.05" t="1" h="1"/><day d="01.06" t="1" h="1"/>
    <day d="01.07" t="1" h="2"/><day d="01.08" t="1" h="1"/><day d="01.10" t="1" f="01.01"/>
    <day d="02.23" t="1" h="3"/><day d="03.08" t="1" h="4"/><day d="05.01" t="1" h="5"/>
    <day d="05.09" t="1" h="6"/><day d="06.12" t="1" h="7"/><day d="11.04" t="1" h="8"/>
    <day d="11.06" t="1" f="11.04"/>
  </days>
</calendar>
"#;

/// `calendar show YEAR --json`, parsed.
fn shown_year(location: &[&str], year: &str) -> Value {
    let out = otklik()
        .args(location)
        .args(["calendar", "show", year, "--json"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    serde_json::from_str(&stdout(&out)).unwrap()
}

#[test]
fn platform_administrators_load_a_years_calendar_and_every_client_counts_by_it() {
    let f = Fixture::build();
    let store = store_arg(&f);
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("calendar-2028.xml");
    std::fs::write(&file, XML_2028).unwrap();
    let file_arg = file.display().to_string();
    let admin = &f.who.platform_curator.email;
    let roles = [otklik::domain::Role::Curator, otklik::domain::Role::Admin]
        .into_iter()
        .collect::<otklik::domain::Roles>();
    f.write(|w| w.set_account_roles(f.who.platform_curator.id, roles));

    let before = shown_year(&["--store", &store], "2028");
    assert_eq!(before["loaded"], false);
    assert_eq!(before["published"], false);

    // A dry run shows the year and loads nothing.
    let out = otklik()
        .args(["--store", &store, "--as", admin, "--lang", "en"])
        .args(["calendar", "load", &file_arg, "--dry-run"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stdout(&out).contains("2028: 12 days off (Mon–Fri), 0 working weekends"),
        "{}",
        stdout(&out)
    );
    assert_eq!(shown_year(&["--store", &store], "2028")["loaded"], false);

    // Someone who is not a platform administrator is refused.
    let out = otklik()
        .args(["--store", &store, "--as", &f.who.city_admin.email])
        .args(["calendar", "load", &file_arg])
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert_eq!(shown_year(&["--store", &store], "2028")["loaded"], false);

    let out = otklik()
        .args(["--store", &store, "--as", admin])
        .args(["calendar", "load", &file_arg])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stdout(&out).contains("2028"), "{}", stdout(&out));
    let after = shown_year(&["--store", &store], "2028");
    assert_eq!(after["loaded"], true);
    let days_off: Vec<&str> = after["days_off"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d.as_str().unwrap())
        .collect();
    assert!(days_off.contains(&"2028-01-10"), "{days_off:?}");
    assert!(days_off.contains(&"2028-11-06"), "{days_off:?}");
    assert_eq!(
        after["working_days"].as_i64().unwrap() + 1,
        before["working_days"].as_i64().unwrap(),
        "one day off more than the Labour Code's alone"
    );

    // A client of a server over the same store counts by it too.
    let mut server = common::ServerProcess::start(f.sqlite().path());
    let remote = shown_year(&["--server", &server.url], "2028");
    assert_eq!(remote, after);
    server.stop();
}

#[test]
fn a_bad_calendar_file_is_refused_naming_the_file_and_what_to_fix() {
    let f = Fixture::build();
    let store = store_arg(&f);
    let dir = tempfile::tempdir().unwrap();
    let admin = &f.who.platform_curator.email;
    let cases = [
        (
            "bad-type.xml",
            XML_2028.replace(r#"d="01.10" t="1""#, r#"d="01.10" t="7""#),
            "the day 10.01.2028 has type “7”; t is 1 (day off), 2 (shortened) or 3 (working)",
            "у дня 10.01.2028 тип «7»",
        ),
        (
            "broken.xml",
            XML_2028.replace("</days>", ""),
            "line 11: not well-formed XML",
            "строка 11: ошибка в XML",
        ),
        (
            "weekend.toml",
            "[years.2028]\ndays_off = [\"2028-01-08\"]\nworking_days = []\n".to_string(),
            "the day off 08.01.2028 is a Saturday or Sunday",
            "нерабочий день 08.01.2028 — суббота или воскресенье",
        ),
    ];
    for (name, text, english, russian) in cases {
        let path = dir.path().join(name);
        std::fs::write(&path, text).unwrap();
        let path_arg = path.display().to_string();
        for (lang, expected) in [("en", english), ("ru", russian)] {
            let out = otklik()
                .args(["--store", &store, "--as", admin, "--lang", lang])
                .args(["calendar", "load", &path_arg, "--dry-run"])
                .output()
                .unwrap();
            assert!(!out.status.success(), "{name}");
            let err = stderr(&out);
            assert!(err.contains(&path_arg), "{name} {lang}: {err}");
            assert!(err.contains(expected), "{name} {lang}: {err}");
        }
    }
    // Too large a file is not read at all.
    let big = dir.path().join("big.xml");
    std::fs::write(&big, vec![b' '; 2 * 1024 * 1024]).unwrap();
    let out = otklik()
        .args(["--store", &store, "--lang", "en", "calendar", "load"])
        .arg(&big)
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(
        stderr(&out).contains("more than 1024 KB"),
        "{}",
        stderr(&out)
    );
}

//! `otklik notices` from the command line: a platform administrator lists
//! the notices, replaces one from a file, sees it, and puts the shipped
//! text back; anyone else is refused and changes nothing.
#![allow(clippy::unwrap_used)] // test code: a failed unwrap is a failed test

mod common;

use assert_cmd::Command;
use common::Fixture;
use otklik::domain::{Role, Roles};

fn otklik(store: &str, who: &str) -> Command {
    let mut cmd = Command::new(assert_cmd::cargo::cargo_bin("otklik"));
    cmd.env("OTKLIK_CONFIG", "/nonexistent/otklik.toml")
        .args(["--store", store, "--as", who, "--lang", "en"]);
    cmd
}

fn text(out: &[u8]) -> String {
    String::from_utf8_lossy(out).into_owned()
}

#[test]
fn platform_administrators_edit_the_notices_from_the_command_line() {
    let f = Fixture::build();
    let store = f.service.store().path().unwrap().display().to_string();
    let admin = f.who.platform_curator.email.clone();
    let roles = [Role::Curator, Role::Admin].into_iter().collect::<Roles>();
    f.write(|w| w.set_account_roles(f.who.platform_curator.id, roles));

    let out = otklik(&store, &admin)
        .args(["notices", "list"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", text(&out.stderr));
    let listed = text(&out.stdout);
    for kind in [
        "registered",
        "accepted",
        "rejected",
        "redirected",
        "answered",
        "duplicate",
    ] {
        assert!(listed.contains(kind), "{listed}");
    }
    assert!(!listed.contains("edited"), "{listed}");

    let dir = tempfile::tempdir().unwrap();
    let body = dir.path().join("answered.txt");
    std::fs::write(&body, "{name}, ответ на № {number}: {answer}\n{link}").unwrap();
    let body_arg = body.display().to_string();
    let out = otklik(&store, &admin)
        .args([
            "notices",
            "set",
            "answered",
            "--subject",
            "Ответ № {number}",
        ])
        .args(["--body-file", &body_arg])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains("answered notice is saved"));
    let out = otklik(&store, &admin)
        .args(["notices", "show", "answered"])
        .output()
        .unwrap();
    assert_eq!(
        text(&out.stdout).trim(),
        "Ответ № {number}\n\n{name}, ответ на № {number}: {answer}\n{link}"
    );

    // A word the notices do not know, a file that is not text, a stranger.
    std::fs::write(&body, "Ваш пароль: {password}").unwrap();
    let out = otklik(&store, &admin)
        .args([
            "notices",
            "set",
            "answered",
            "--subject",
            "x",
            "--body-file",
            &body_arg,
        ])
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(
        text(&out.stderr).contains("{password}"),
        "{}",
        text(&out.stderr)
    );
    std::fs::write(&body, [0xff, 0xfe, 0x00]).unwrap();
    let out = otklik(&store, &admin)
        .args([
            "notices",
            "set",
            "answered",
            "--subject",
            "x",
            "--body-file",
            &body_arg,
        ])
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(text(&out.stderr).contains("UTF-8"), "{}", text(&out.stderr));
    let out = otklik(&store, &f.who.city_admin.email)
        .args(["notices", "reset", "answered"])
        .output()
        .unwrap();
    assert!(!out.status.success());

    let out = otklik(&store, &admin)
        .args(["notices", "reset", "answered", "--json"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", text(&out.stderr));
    let back: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(back["edited"], false);
    // The shipped text, in the language the platform speaks (here: --lang en).
    assert_eq!(back["subject"], "The answer to message No. {number}");
}

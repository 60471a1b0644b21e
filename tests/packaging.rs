//! What a package installs beside the binary: shell completions that a real
//! bash completes with, a manual page, and a version that names the store
//! schema it reads.
#![allow(clippy::unwrap_used)] // test code: a failed unwrap is a failed test

use std::process::Command;

fn otklik(args: &[&str]) -> (bool, String, String) {
    let out = Command::new(assert_cmd::cargo::cargo_bin("otklik"))
        .args(args)
        .env_remove("OTKLIK_STORE")
        .env_remove("OTKLIK_DATABASE_URL")
        .output()
        .unwrap();
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn the_version_names_the_store_schema_of_each_backend() {
    let (ok, out, _) = otklik(&["--version"]);
    assert!(ok);
    let expected = format!(
        "otklik {} (store schema: file {}, PostgreSQL {})",
        env!("CARGO_PKG_VERSION"),
        otklik::store::sqlite::schema_version(),
        otklik::store::postgres::schema_version()
    );
    assert_eq!(out.trim(), expected);
}

#[test]
fn bash_completes_subcommands_and_their_flags() {
    let (ok, script, _) = otklik(&["completions", "bash"]);
    assert!(ok);
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("otklik.bash");
    std::fs::write(&file, script).unwrap();
    // As bash calls it: the words so far, the one being completed, and
    // the command, that word and the one before it as arguments.
    let complete = |words: &str, index: usize| {
        let split: Vec<&str> = words.split(' ').collect();
        let out = Command::new("bash")
            .arg("-c")
            .arg(format!(
                "source {}; COMP_WORDS=({words}); COMP_CWORD={index}; \
                 COMP_LINE='{words}'; COMP_POINT=${{#COMP_LINE}}; \
                 _otklik otklik {} {}; printf '%s\\n' \"${{COMPREPLY[@]}}\"",
                file.display(),
                split[index],
                split[index - 1]
            ))
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    let subcommands = complete("otklik me", 1);
    assert_eq!(subcommands.trim(), "messages", "{subcommands}");
    let flags = complete("otklik messages list --sub", 3);
    assert!(flags.lines().any(|l| l == "--subtree"), "{flags}");
}

#[test]
fn zsh_and_fish_completions_name_the_program() {
    let (ok, zsh, _) = otklik(&["completions", "zsh"]);
    assert!(ok);
    assert!(zsh.starts_with("#compdef otklik"), "{zsh}");
    let (ok, fish, _) = otklik(&["completions", "fish"]);
    assert!(ok);
    assert!(fish.contains("complete -c otklik"), "{fish}");
    assert!(fish.contains("messages"));
}

#[test]
fn an_unknown_shell_is_refused_with_the_ones_there_are() {
    let (ok, _, err) = otklik(&["completions", "tcsh"]);
    assert!(!ok);
    assert!(err.contains("tcsh") && err.contains("bash"), "{err}");
}

#[test]
fn the_manual_page_is_roff_naming_every_subcommand() {
    let (ok, page, _) = otklik(&["man"]);
    assert!(ok);
    assert!(page.contains(".TH otklik 1"), "{page}");
    for name in ["serve", "messages", "accounts", "orgs", "completions"] {
        assert!(page.contains(name), "{name} in the manual page");
    }
}

#[test]
fn a_reader_that_stops_reading_is_no_failure() {
    let out = Command::new("bash")
        .arg("-c")
        .arg(format!(
            "set -o pipefail; {} man | head -c 10 >/dev/null",
            assert_cmd::cargo::cargo_bin("otklik").display()
        ))
        .output()
        .unwrap();
    assert!(
        !String::from_utf8_lossy(&out.stderr).contains("panicked"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

//! The platform's clock: "today", overdue and every time shown follow the
//! configured `timezone`, whatever the zone of the host or the terminal.
//! The binary runs under libfaketime at one chosen moment (the `faketime`
//! package), so that the days of the zones involved differ.
#![allow(clippy::unwrap_used)] // test code: a failed unwrap is a failed test

mod common;

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use common::{Fixture, ServerProcess};
use serde_json::Value;

/// 16 March 2026, 18:30 UTC: 20:30 of the 16th in Kaliningrad, 21:30 in
/// Moscow, already 04:30 of the 17th in Vladivostok.
const MOMENT: i64 = 1_773_685_800;

/// libfaketime's library, when the machine has it.
fn faketime() -> Option<PathBuf> {
    let found = std::fs::read_dir("/usr/lib")
        .ok()?
        .flatten()
        .map(|d| d.path().join("faketime/libfaketimeMT.so.1"))
        .find(|p| p.exists());
    if found.is_none() {
        eprintln!("skipped: libfaketime is not installed (Debian package faketime)");
    }
    found
}

/// The binary at [`MOMENT`] on a host in `host_zone`, with a configuration
/// that names `platform_zone` (none when `None`).
fn otklik(lib: &Path, host_zone: &str, platform_zone: Option<&str>) -> Command {
    let home = tempfile::tempdir().unwrap().keep();
    let config = home.join("config.toml");
    let text = platform_zone
        .map(|z| format!("timezone = \"{z}\"\n"))
        .unwrap_or_default();
    std::fs::write(&config, text).unwrap();
    let mut cmd = Command::cargo_bin("otklik").unwrap();
    cmd.env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("HOME", &home)
        .env("XDG_STATE_HOME", home.join("state"))
        .env("TZ", host_zone)
        .env("LD_PRELOAD", lib)
        .env("FAKETIME_FMT", "%s")
        .env("FAKETIME", format!("@{MOMENT}"))
        .env("FAKETIME_DONT_FAKE_MONOTONIC", "1")
        .arg("--config")
        .arg(&config);
    cmd
}

fn run(mut cmd: Command, args: &[&str]) -> String {
    let out = cmd.args(args).output().unwrap();
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

fn ids(json: &str) -> Vec<i64> {
    let rows: Vec<Value> = serde_json::from_str(json).unwrap();
    rows.iter().map(|r| r["id"].as_i64().unwrap()).collect()
}

#[test]
fn overdue_and_times_follow_the_platform_zone_not_the_hosts() {
    let Some(lib) = faketime() else { return };
    let f = Fixture::build();
    let store = f.sqlite().path().display().to_string();
    let who = f.who.a_coordinator.email.as_str();
    let a5 = f.msg("a5").id.0.to_string(); // in work, due on the 16th
    let a6 = f.msg("a6").id.0.to_string(); // received 3 March, 18:20 UTC
    let overdue = [
        "--store",
        &store,
        "--as",
        who,
        "messages",
        "list",
        "--overdue",
        "--json",
    ];
    let show = |id: &str, host: &str, zone: Option<&str>| {
        run(
            otklik(&lib, host, zone),
            &[
                "--store", &store, "--as", who, "--lang", "en", "messages", "show", id,
            ],
        )
    };

    let kaliningrad = Some("Europe/Kaliningrad");
    let on_utc_host = ids(&run(otklik(&lib, "UTC", kaliningrad), &overdue));
    let on_vladivostok_host = ids(&run(
        otklik(&lib, "Asia/Vladivostok", kaliningrad),
        &overdue,
    ));
    assert_eq!(on_utc_host, on_vladivostok_host);
    assert!(!on_utc_host.is_empty());
    assert!(!on_utc_host.contains(&f.msg("a5").id.0), "a5 is due today");
    assert_eq!(
        show(&a6, "UTC", kaliningrad),
        show(&a6, "Asia/Vladivostok", kaliningrad)
    );
    assert!(show(&a6, "Asia/Vladivostok", kaliningrad).contains("03.03.2026 20:20"));
    assert_eq!(
        show(&a5, "UTC", kaliningrad),
        show(&a5, "Asia/Vladivostok", kaliningrad)
    );

    // The platform's zone decides: in Vladivostok the 16th is over.
    let vladivostok = ids(&run(
        otklik(&lib, "UTC", Some("Asia/Vladivostok")),
        &overdue,
    ));
    assert!(vladivostok.contains(&f.msg("a5").id.0));
    assert_eq!(vladivostok.len(), on_utc_host.len() + 1);
    // Unset, it is Moscow's.
    assert!(show(&a6, "Asia/Vladivostok", None).contains("03.03.2026 21:20"));
}

#[test]
fn a_client_of_a_server_tells_time_on_the_servers_platform_clock() {
    let Some(lib) = faketime() else { return };
    let f = Fixture::build();
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("server.toml");
    std::fs::write(&config, "timezone = \"Europe/Kaliningrad\"\n").unwrap();
    let store = f.sqlite().path().display().to_string();
    let config_arg = config.display().to_string();
    let moment = format!("@{MOMENT}");
    let server = ServerProcess::spawn(
        &["--store", &store, "--config", &config_arg],
        &[
            ("TZ", "Asia/Vladivostok"),
            ("LD_PRELOAD", lib.to_str().unwrap()),
            ("FAKETIME_FMT", "%s"),
            ("FAKETIME", moment.as_str()),
            ("FAKETIME_DONT_FAKE_MONOTONIC", "1"),
        ],
        std::process::Stdio::null(),
    );
    let who = &f.who.a_coordinator;
    let token = f.tokens(&[who])[&who.email].clone();
    let a6 = f.msg("a6").id.0.to_string();
    // The client's own configuration names another zone; the server's wins.
    let mut client = otklik(&lib, "UTC", Some("Asia/Vladivostok"));
    client.env("OTKLIK_TOKEN", &token);
    let shown = run(
        client,
        &[
            "--server",
            &server.url,
            "--lang",
            "en",
            "messages",
            "show",
            &a6,
        ],
    );
    assert!(shown.contains("03.03.2026 20:20"), "{shown}");
    let mut client = otklik(&lib, "UTC", None);
    client.env("OTKLIK_TOKEN", &token);
    let overdue = ids(&run(
        client,
        &[
            "--server",
            &server.url,
            "messages",
            "list",
            "--overdue",
            "--json",
        ],
    ));
    assert!(!overdue.contains(&f.msg("a5").id.0));
}

/// 15 November 2027, noon UTC: within two months of the published calendar's end.
const LATE_2027: i64 = 1_826_280_000;
/// 15 October 2027, noon UTC.
const MID_OCTOBER_2027: i64 = 1_823_601_600;

#[test]
fn the_calendar_shows_a_year_and_warns_when_the_published_one_runs_out() {
    let Some(lib) = faketime() else { return };
    let at = |moment: i64, args: &[&str]| {
        let mut cmd = otklik(&lib, "UTC", None);
        cmd.env("FAKETIME", format!("@{moment}"));
        cmd.args(args).output().unwrap()
    };
    let out = at(MID_OCTOBER_2027, &["calendar", "show", "2028", "--json"]);
    assert!(out.status.success());
    assert_eq!(String::from_utf8_lossy(&out.stderr), "", "no warning yet");
    let year: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(year["published"], false);
    let off: Vec<&str> = year["days_off"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d.as_str().unwrap())
        .collect();
    // New Year's weekdays, and Monday for 4 November on a Saturday.
    assert!(off.contains(&"2028-01-03") && off.contains(&"2028-11-06"));
    assert!(!off.contains(&"2028-01-01"), "a Saturday is no weekday off");
    assert_eq!(year["working_days"], 249);

    let out = at(LATE_2027, &["--lang", "en", "calendar", "show", "2027"]);
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("2027: the published calendar"), "{text}");
    assert!(text.contains("Working weekends: 20.02"), "{text}");
    let warning = String::from_utf8_lossy(&out.stderr);
    assert!(warning.contains("ends with 2027"), "{warning}");

    let out = at(LATE_2027, &["calendar", "show", "0"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("0 — не год"));
}

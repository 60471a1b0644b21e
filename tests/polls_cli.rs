//! `otklik polls` from the command line: a poll made from the example file
//! in docs, submitted, published by the leader, voted in, closed, and its
//! results exported as CSV, JSON and a workbook that another program reads
//! back with the same numbers; a bad file and a refused step say why.
#![allow(clippy::unwrap_used)] // test code: a failed unwrap is a failed test

mod common;

use assert_cmd::Command;
use common::Fixture;
use otklik::domain::PollId;
use otklik::domain::polls::{Answer, BallotRequest, Vote};
use otklik::service::{Credentials, Gateway};

const PUBLIC: &str = "https://otklik.example.ru";

fn otklik(store: &str, who: &str) -> Command {
    let mut cmd = Command::new(assert_cmd::cargo::cargo_bin("otklik"));
    cmd.env("OTKLIK_CONFIG", "/nonexistent/otklik.toml")
        .args(["--store", store, "--as", who]);
    cmd
}

fn run(store: &str, who: &str, args: &[&str]) -> String {
    let out = otklik(store, who).args(args).output().unwrap();
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn refused(store: &str, who: &str, args: &[&str]) -> String {
    let out = otklik(store, who).args(args).output().unwrap();
    assert_eq!(out.status.code(), Some(1), "{args:?} should be refused");
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// Votes `ballots` (one option of the first question each) by links
/// asked for and mailed, as citizens would.
async fn vote(f: &Fixture, poll: PollId, ballots: &[usize]) {
    let intake = f.service.sign_in(&Credentials::Intake).await.unwrap();
    for (n, first) in ballots.iter().enumerate() {
        intake
            .request_ballot(&BallotRequest {
                poll,
                contact: format!("citizen{n}@example.ru"),
                client: format!("192.0.2.{n}"),
            })
            .await
            .unwrap();
        f.service.send_due_mail().await.unwrap();
        let token = common::ballot_tokens(&f.outbox(), PUBLIC).pop().unwrap();
        let answers = vec![
            Answer::Choice {
                chosen: vec![*first],
            },
            Answer::Choice { chosen: vec![1] },
            Answer::Skipped,
            Answer::Point { point: 4 },
        ];
        intake
            .cast_vote(&Vote {
                token,
                answers,
                resident: false,
            })
            .await
            .unwrap();
    }
}

#[test]
fn a_poll_from_a_file_to_its_results_in_a_workbook() {
    let mut f = Fixture::build();
    let mut settings = f.service.settings().clone();
    settings.public_url = PUBLIC.into();
    f.service = f.service.clone().with_settings(settings);
    let store = f.service.store().path().unwrap().display().to_string();
    let school = f.org.school_a.to_string();
    let curator = f.who.city_curator.email.clone();
    let leader = f.who.a_leader.email.clone();
    let dir = tempfile::tempdir().unwrap();

    // The example in docs, its period moved to now.
    let example = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/poll-example.toml"),
    )
    .unwrap();
    let now = chrono::Utc::now();
    let file = dir.path().join("poll.toml");
    std::fs::write(
        &file,
        example
            .replace(
                "2026-12-10T09:00:00+03:00",
                &(now - chrono::Duration::hours(1)).to_rfc3339(),
            )
            .replace(
                "2026-12-24T21:00:00+03:00",
                &(now + chrono::Duration::days(7)).to_rfc3339(),
            ),
    )
    .unwrap();
    let file = file.display().to_string();
    let created: serde_json::Value = serde_json::from_str(&run(
        &store,
        &curator,
        &["polls", "create", &file, "--org", &school, "--json"],
    ))
    .unwrap();
    let id = created["id"].as_i64().unwrap();
    let id_arg = id.to_string();
    assert_eq!(created["draft"]["questions"].as_array().unwrap().len(), 4);
    let shown = run(&store, &curator, &["polls", "show", &id_arg]);
    assert!(shown.contains("Что построить первым?"), "{shown}");
    assert!(shown.contains("черновик"), "{shown}");

    // The leader does not submit; the curator does not publish.
    let e = refused(&store, &leader, &["polls", "submit", &id_arg]);
    assert!(e.contains("Недостаточно прав"), "{e}");
    run(&store, &curator, &["polls", "submit", &id_arg]);
    let e = refused(&store, &curator, &["polls", "publish", &id_arg]);
    assert!(e.contains("Недостаточно прав"), "{e}");
    let out = run(&store, &leader, &["polls", "publish", &id_arg]);
    assert!(out.contains("опубликован"), "{out}");
    let listed = run(&store, &curator, &["polls", "list", "--org", &school]);
    assert!(
        listed.contains("Благоустройство школьного двора"),
        "{listed}"
    );

    let rt = tokio::runtime::Runtime::new().unwrap();
    rt.block_on(vote(&f, PollId(id), &[0, 0, 2, 1, 0]));
    run(&store, &curator, &["polls", "close", &id_arg]);
    let e = refused(&store, &curator, &["polls", "close", &id_arg]);
    assert!(e.contains("завершён"), "{e}");

    let json: serde_json::Value = serde_json::from_str(&run(
        &store,
        &curator,
        &["polls", "results", &id_arg, "--format", "json"],
    ))
    .unwrap();
    assert_eq!(json["ballots"], 5);
    assert_eq!(
        json["questions"][0]["result"]["counts"],
        serde_json::json!([3, 1, 1])
    );
    let csv = run(
        &store,
        &curator,
        &["polls", "results", &id_arg, "--format", "csv"],
    );
    assert!(
        csv.contains("Спортплощадку;3;60.0") || csv.contains("Спортплощадку,3,60.0"),
        "{csv}"
    );

    let xlsx = dir.path().join("results.xlsx");
    let xlsx_arg = xlsx.display().to_string();
    run(
        &store,
        &curator,
        &[
            "polls", "results", &id_arg, "--format", "xlsx", "--out", &xlsx_arg,
        ],
    );
    let script = r#"
import sys, zipfile, openpyxl
book = openpyxl.load_workbook(sys.argv[1])
sheet = book["Итоги"]
rows = [[c.value for c in r] for r in sheet.iter_rows()]
assert rows[0][0] == "Благоустройство школьного двора", rows[0]
assert rows[1][0] == "Проголосовали: 5", rows[1]
assert rows[3][:5] == ["№", "Вопрос", "Ответ", "Голосов", "Доля, %"], rows[3]
first = [r[2:5] for r in rows[4:] if r[0] == 1]
assert first == [["Спортплощадку", 3, 60], ["Сквер", 1, 20], ["Парковку", 1, 20]], first
scale = [r[2:4] for r in rows[4:] if r[0] == 4]
assert scale == [["1", 0], ["2", 0], ["3", 0], ["4", 5], ["5", 0]], scale
charts = [n for n in zipfile.ZipFile(sys.argv[1]).namelist() if n.startswith("xl/charts/chart")]
assert len(charts) == 3, charts
"#;
    let out = std::process::Command::new("python3")
        .args(["-c", script, &xlsx_arg])
        .output()
        .expect("python3 with openpyxl (see .ci/run)");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );

    // The polls widget: the second kind of the code, opening the polls.
    let code = run(
        &store,
        &f.who.a_admin.email,
        &["widget", "code", &school, "--polls"],
    );
    assert!(code.contains("id=\"otklik-polls\""), "{code}");
    assert!(
        code.contains(&format!("/polls\", {school}, \"otklik-polls\")")),
        "{code}"
    );

    // A file that is not a poll names itself and what is wrong.
    let bad = dir.path().join("bad.toml");
    std::fs::write(&bad, "title = \"Опрос\"\n").unwrap();
    let e = refused(
        &store,
        &curator,
        &["polls", "create", &bad.display().to_string()],
    );
    assert!(e.contains("bad.toml") && e.contains("questions"), "{e}");
}

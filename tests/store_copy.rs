//! `otklik store copy`: the demo store into PostgreSQL and back, with
//! nothing lost; a busy target or a failed copy leaves nothing behind.
#![allow(clippy::unwrap_used)] // test code: a failed unwrap is a failed test

mod common;

use std::process::Command;

use common::pg::TestDatabase;
use otklik::service::{Credentials, Gateway, LocalService, MessageQuery};
use otklik::store::sqlite::inspect;
use otklik::store::{OpenMode, SqliteStore};

fn otklik(args: &[&str]) -> (bool, String) {
    let out = Command::new(assert_cmd::cargo::cargo_bin("otklik"))
        .args(args)
        .env_remove("OTKLIK_DATABASE_URL")
        .env_remove("OTKLIK_STORE")
        .output()
        .unwrap();
    let said = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    (out.status.success(), said)
}

/// Every table with data, and the kept counts as they read (rows of
/// zero are left by changes and mean nothing).
fn contents(path: &std::path::Path) -> (String, Vec<String>) {
    let store = SqliteStore::open(path, OpenMode::Existing).unwrap();
    let tables: Vec<&str> = otklik::store::copy::TABLES.iter().map(|t| t.name).collect();
    let digest = inspect::digest(&store, &tables).unwrap();
    let counts = inspect::strings(
        &store,
        "SELECT org_id || ':' || status || ':' || n FROM org_status_counts WHERE n > 0
         UNION ALL
         SELECT org_id || ':' || category_id || ':' || status || ':' || on_time || ':' || n
         FROM org_figures WHERE n > 0 ORDER BY 1",
    )
    .unwrap();
    (digest, counts)
}

/// The first page of a word search as the busiest coordinator sees it.
async fn search_page(service: &LocalService, word: &str) -> Vec<i64> {
    let session = service
        .sign_in(&Credentials::Email(
            "fedotova.ar@school5.svetlogorsk.ru".into(),
        ))
        .await
        .unwrap();
    let org = session.actor().org;
    let mut query = MessageQuery::for_org(org);
    query.text = Some(word.into());
    let page = session.messages(&query).await.unwrap();
    page.items.iter().map(|m| m.id.0).collect()
}

#[tokio::test(flavor = "multi_thread")]
async fn the_demo_store_goes_to_postgres_and_back_with_nothing_lost() {
    let Some(db) = TestDatabase::create() else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let (original, back) = (dir.path().join("a.db"), dir.path().join("b.db"));
    let original_s = original.display().to_string();
    let (ok, said) = otklik(&["--store", &original_s, "demo"]);
    assert!(ok, "{said}");

    let (ok, said) = otklik(&["store", "copy", "--from", &original_s, "--to", &db.url]);
    assert!(ok, "{said}");
    assert!(said.contains("совпадают"), "{said}");
    // The database answers as the file did: the same search, the same rows.
    let on_file = LocalService::open(&original, OpenMode::Existing).unwrap();
    let on_db = LocalService::open(&db.url, OpenMode::Existing).unwrap();
    for word in ["питание", "школе", "3000"] {
        let expected = search_page(&on_file, word).await;
        assert!(!expected.is_empty(), "«{word}» finds something");
        assert_eq!(search_page(&on_db, word).await, expected, "«{word}»");
    }
    // New rows get numbers after the copied ones.
    drop(on_db);
    for (sequence, table) in [
        ("'orgs_id_seq'", "orgs"),
        ("pg_get_serial_sequence('messages', 'id')", "messages"),
        ("pg_get_serial_sequence('accounts', 'id')", "accounts"),
        (
            "pg_get_serial_sequence('message_history', 'id')",
            "message_history",
        ),
    ] {
        let next = db.number(&format!("SELECT nextval({sequence})"));
        let last = db.number(&format!("SELECT max(id) FROM {table}"));
        assert!(next > last, "{table}: next {next}, last {last}");
    }

    let back_s = back.display().to_string();
    let (ok, said) = otklik(&["store", "copy", "--from", &db.url, "--to", &back_s]);
    assert!(ok, "{said}");
    assert_eq!(contents(&back), contents(&original), "every table agrees");
    let on_back = LocalService::open(&back, OpenMode::Existing).unwrap();
    assert_eq!(
        search_page(&on_back, "питание").await,
        search_page(&on_file, "питание").await
    );

    // A target that holds data, or a file that exists: refused, untouched.
    let before = db.number("SELECT count(*) FROM messages");
    let (ok, said) = otklik(&["store", "copy", "--from", &original_s, "--to", &db.url]);
    assert!(!ok);
    assert!(said.contains("не пуста"), "{said}");
    assert_eq!(db.number("SELECT count(*) FROM messages"), before);
    let (ok, said) = otklik(&["store", "copy", "--from", &back_s, "--to", &original_s]);
    assert!(!ok);
    assert!(said.contains("уже существует"), "{said}");
    assert_eq!(contents(&original), contents(&back));
}

#[test]
fn the_demo_loaded_in_bulk_on_postgres_is_the_demo_on_a_file() {
    let Some(db) = TestDatabase::create() else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let opts = otklik::demo::DemoOptions {
        orgs: 40,
        messages: 2000,
        seed: 3,
        today: chrono::NaiveDate::from_ymd_opt(2025, 3, 14).unwrap(),
    };
    let file = dir.path().join("file.db");
    let on_file =
        otklik::store::AnyStore::open(&file.display().to_string(), OpenMode::CreateIfMissing)
            .unwrap();
    otklik::demo::build(&on_file, &opts, &mut |_| {}).unwrap();
    drop(on_file);
    let on_db = otklik::store::AnyStore::open(&db.url, OpenMode::CreateIfMissing).unwrap();
    otklik::demo::build(&on_db, &opts, &mut |_| {}).unwrap();
    drop(on_db);
    // The counts the database keeps are the messages' counts.
    let differing = "SELECT count(*) FROM (
        (SELECT org_id, status, count(*) FROM messages GROUP BY 1, 2
         EXCEPT SELECT org_id, status, n FROM org_status_counts WHERE n > 0)
        UNION ALL
        (SELECT org_id, status, n FROM org_status_counts WHERE n > 0
         EXCEPT SELECT org_id, status, count(*) FROM messages GROUP BY 1, 2)) d";
    assert_eq!(db.number(differing), 0);
    // The database's demo, brought back to a file, is the file's demo:
    // every row, the kept counts and the numbering.
    let back = dir.path().join("back.db");
    otklik::store::copy::copy_store(&db.url, &back.display().to_string(), &mut |_, _| {}).unwrap();
    assert_eq!(contents(&back), contents(&file));
}

use std::sync::OnceLock;

use super::*;
use crate::domain::values::{Inn, Ogrn};
use crate::domain::{MessageAction, MessageStatus};
use crate::store::sqlite::inspect;
use crate::store::{AccountReads, OpenMode, Store};

fn day() -> NaiveDate {
    NaiveDate::from_ymd_opt(2025, 3, 14).unwrap()
}

fn options() -> DemoOptions {
    DemoOptions {
        today: day(),
        ..DemoOptions::default()
    }
}

fn fresh(dir: &tempfile::TempDir, name: &str) -> Store {
    Store::open(&dir.path().join(name), OpenMode::CreateIfMissing).unwrap()
}

/// One default-size store shared by the read-only checks.
fn shared() -> &'static (tempfile::TempDir, Store, DemoSummary) {
    static SHARED: OnceLock<(tempfile::TempDir, Store, DemoSummary)> = OnceLock::new();
    SHARED.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        let store = fresh(&dir, "s.db");
        let summary = build(&store, &options(), &mut |_| {}).unwrap();
        (dir, store, summary)
    })
}

fn count(store: &Store, sql: &str) -> i64 {
    inspect::count(store, sql).unwrap()
}

fn strings(store: &Store, sql: &str) -> Vec<String> {
    inspect::strings(store, sql).unwrap()
}

fn digest(store: &Store) -> String {
    let tables = [
        "orgs",
        "accounts",
        "categories",
        "messages",
        "message_history",
        "org_status_counts",
    ];
    inspect::digest(store, &tables).unwrap()
}

#[test]
fn default_build_matches_its_options() {
    let dir = tempfile::tempdir().unwrap();
    let store = fresh(&dir, "s.db");
    let mut seen = Vec::new();
    let summary = build(&store, &options(), &mut |p| seen.push(p)).unwrap();
    assert_eq!(summary.orgs, 66);
    assert_eq!(summary.messages, 3000);
    assert!(
        (250..=450).contains(&summary.accounts),
        "{}",
        summary.accounts
    );
    assert_eq!(count(&store, "SELECT count(*) FROM orgs"), 66);
    assert_eq!(
        count(&store, "SELECT count(*) FROM accounts"),
        summary.accounts as i64
    );
    assert_eq!(count(&store, "SELECT count(*) FROM messages"), 3000);
    assert_eq!(
        count(&store, "SELECT coalesce(sum(n), 0) FROM org_status_counts"),
        3000
    );
    assert_eq!(seen[0], Progress::Orgs(66));
    assert_eq!(seen[1], Progress::Accounts(summary.accounts));
    assert_eq!(
        seen.last(),
        Some(&Progress::Messages {
            done: 3000,
            total: 3000
        })
    );
}

#[test]
fn a_second_build_is_refused() {
    let (_, store, _) = shared();
    let before = count(store, "SELECT count(*) FROM messages");
    assert!(matches!(
        build(store, &options(), &mut |_| {}),
        Err(DemoError::NotEmpty)
    ));
    assert_eq!(count(store, "SELECT count(*) FROM messages"), before);
}

#[test]
fn same_seed_and_day_give_the_same_store() {
    let dir = tempfile::tempdir().unwrap();
    let small = DemoOptions {
        orgs: 40,
        messages: 1500,
        ..options()
    };
    let a = fresh(&dir, "a.db");
    let b = fresh(&dir, "b.db");
    let c = fresh(&dir, "c.db");
    let sa = build(&a, &small, &mut |_| {}).unwrap();
    let sb = build(&b, &small, &mut |_| {}).unwrap();
    assert_eq!(sa, sb);
    assert_eq!(digest(&a), digest(&b));
    build(
        &c,
        &DemoOptions {
            seed: 2,
            ..small.clone()
        },
        &mut |_| {},
    )
    .unwrap();
    assert_ne!(digest(&a), digest(&c));
}

#[test]
fn stored_values_parse_again() {
    let (_, store, _) = shared();
    assert_eq!(
        count(store, "SELECT count(*) FROM orgs WHERE parent_id IS NULL"),
        1
    );
    assert_eq!(
        count(
            store,
            "SELECT count(*) FROM orgs WHERE parent_id IS NOT NULL
               AND (ogrn IS NULL OR inn IS NULL OR site IS NULL)"
        ),
        0
    );
    let ogrns = strings(store, "SELECT ogrn FROM orgs WHERE ogrn IS NOT NULL");
    assert_eq!(ogrns.len(), 65);
    for o in &ogrns {
        assert_eq!(o.len(), 13);
        assert!(o.starts_with('1') && &o[3..5] == "39", "{o}");
        assert_eq!(Ogrn::parse(o).unwrap().as_str(), o);
    }
    for i in strings(store, "SELECT inn FROM orgs WHERE inn IS NOT NULL") {
        assert_eq!(i.len(), 10);
        assert!(i.starts_with("39"), "{i}");
        assert_eq!(Inn::parse(&i).unwrap().as_str(), i);
    }
    for s in strings(store, "SELECT site FROM orgs WHERE site IS NOT NULL") {
        assert_eq!(SiteUrl::parse(&s).unwrap().as_str(), s);
        assert!(s.ends_with(".ru/"), "{s}");
    }
    assert!(
        strings(store, "SELECT site FROM orgs WHERE site IS NOT NULL")
            .iter()
            .any(|s| s == "https://school5.svetlogorsk.ru/")
    );
    for p in strings(store, "SELECT phone FROM accounts WHERE phone IS NOT NULL") {
        assert!(p.starts_with("+79") && p.len() == 12, "{p}");
        assert_eq!(Phone::parse(&p).unwrap().as_str(), p);
    }
    for e in strings(store, "SELECT email FROM accounts") {
        assert_eq!(Email::parse(&e).unwrap().as_str(), e);
    }
    assert_eq!(
        count(store, "SELECT count(DISTINCT lower(email)) FROM accounts"),
        count(store, "SELECT count(*) FROM accounts")
    );
    assert!(
        strings(store, "SELECT email FROM accounts")
            .iter()
            .all(|e| e.is_ascii() && e.contains(".svetlogorsk.ru")
                || e.ends_with("cur39.ru")
                || e.ends_with("@svetlogorsk.ru"))
    );
}

#[test]
fn every_status_and_role_appears() {
    let (_, store, _) = shared();
    for s in MessageStatus::ALL {
        let n = count(
            store,
            &format!("SELECT count(*) FROM messages WHERE status = {}", s.code()),
        );
        assert!(n > 0, "{s:?}");
    }
    let total = count(store, "SELECT count(*) FROM accounts") as f64;
    for s in AccountStatus::ALL {
        let n = count(
            store,
            &format!("SELECT count(*) FROM accounts WHERE status = '{}'", s.key()),
        );
        assert!(n > 0, "{s:?}");
        let share = n as f64 / total;
        match s {
            AccountStatus::Confirmed => assert!(share > 0.75, "{share}"),
            AccountStatus::New => assert!((0.05..0.16).contains(&share), "{share}"),
            AccountStatus::Archived => assert!((0.02..0.09).contains(&share), "{share}"),
        }
    }
    for r in Role::ALL {
        let bit = Roles::empty().with(r).bits();
        let n = count(
            store,
            &format!("SELECT count(*) FROM accounts WHERE roles & {bit} != 0"),
        );
        assert!(n > 0, "{r:?}");
    }
    // Several roles on one account happen.
    assert!(
        count(
            store,
            "SELECT count(*) FROM accounts WHERE roles NOT IN (1, 2, 4, 8, 16)"
        ) > 20
    );
    for kind in ["message", "appeal"] {
        assert!(
            count(
                store,
                &format!("SELECT count(*) FROM messages WHERE kind = '{kind}'")
            ) > 0
        );
    }
    for source in crate::domain::MessageSource::ALL {
        assert!(
            count(
                store,
                &format!(
                    "SELECT count(*) FROM messages WHERE source = '{}'",
                    source.key()
                )
            ) > 0
        );
    }
    let gosuslugi = count(
        store,
        "SELECT count(*) FROM messages WHERE source = 'gosuslugi'",
    );
    assert!(gosuslugi > 1200, "{gosuslugi}");
}

#[test]
fn a_share_of_open_messages_is_overdue() {
    let (_, store, _) = shared();
    let open = count(
        store,
        "SELECT count(*) FROM messages WHERE status IN (0, 1, 2, 3, 4)",
    );
    let overdue = count(
        store,
        "SELECT count(*) FROM messages WHERE status IN (0, 1, 2, 3, 4) AND deadline < '2025-03-14'",
    );
    assert!(open > 150, "{open}");
    assert!(
        overdue * 10 > open && overdue * 10 < open * 7,
        "{overdue} of {open}"
    );
    // Answered ones are mostly on time.
    let answered = count(store, "SELECT count(*) FROM messages WHERE status = 5");
    assert!(answered > 1500, "{answered}");
}

#[test]
fn assignees_are_confirmed_executors_of_the_org() {
    let (_, store, _) = shared();
    let with_assignee = |status: MessageStatus| {
        count(
            store,
            &format!(
                "SELECT count(*) FROM messages m
                 WHERE m.status = {} AND NOT EXISTS (SELECT 1 FROM accounts a
                   WHERE a.id = m.assignee_id AND a.org_id = m.org_id
                     AND a.roles & 4 != 0 AND a.status = 'confirmed')",
                status.code()
            ),
        )
    };
    for s in [
        MessageStatus::InWork,
        MessageStatus::OnApproval,
        MessageStatus::Answered,
    ] {
        assert_eq!(with_assignee(s), 0, "{s:?}");
    }
    assert_eq!(
        count(
            store,
            "SELECT count(*) FROM messages WHERE status IN (0, 1, 6, 7) AND assignee_id IS NOT NULL"
        ),
        0
    );
    assert_eq!(
        count(
            store,
            "SELECT count(*) FROM messages WHERE status = 3 AND draft IS NULL"
        ),
        0
    );
    assert_eq!(
        count(
            store,
            "SELECT count(*) FROM messages WHERE status = 5 AND answer IS NULL"
        ),
        0
    );
    assert!(
        count(
            store,
            "SELECT count(*) FROM messages WHERE status = 2 AND draft IS NOT NULL"
        ) > 0
    );
    assert_eq!(
        count(
            store,
            "SELECT count(*) FROM messages WHERE status = 4 AND (prev_status IS NULL OR redirect_org_id IS NULL)"
        ),
        0
    );
}

#[test]
fn every_institution_can_work_its_queue() {
    let (_, store, _) = shared();
    for bit in [2, 4, 8, 1] {
        let missing = count(
            store,
            &format!(
                "SELECT count(*) FROM orgs o WHERE o.parent_id IS NOT NULL AND NOT EXISTS
                   (SELECT 1 FROM accounts a WHERE a.org_id = o.id AND a.roles & {bit} != 0
                      AND a.status = 'confirmed')"
            ),
        );
        assert_eq!(missing, 0, "role bit {bit}");
    }
    // Curators sit at the top only.
    assert_eq!(
        count(
            store,
            "SELECT count(*) FROM accounts a JOIN orgs o ON o.id = a.org_id
             WHERE a.roles & 16 != 0 AND o.kind NOT IN ('platform', 'administration', 'department')"
        ),
        0
    );
    assert_eq!(
        count(
            store,
            "SELECT count(*) FROM accounts a JOIN orgs o ON o.id = a.org_id
             WHERE o.kind = 'platform' AND a.roles = 16"
        ),
        2
    );
}

#[test]
fn histories_are_consistent() {
    let (_, store, _) = shared();
    let conn = store.reader();
    let mut stmt = conn
        .prepare(
            "SELECT m.id, m.status, m.received_at, m.org_id, h.at, h.action, h.from_status,
                    h.to_status, h.actor_id, a.org_id, o.parent_id
             FROM messages m JOIN message_history h ON h.message_id = m.id
             LEFT JOIN accounts a ON a.id = h.actor_id
             LEFT JOIN orgs o ON o.id = a.org_id
             ORDER BY m.id, h.id",
        )
        .unwrap();
    let keys: Vec<&str> = MessageAction::ALL.iter().map(|a| a.key()).collect();
    let now = local_ts(day(), 10 * 3600);
    let mut rows = stmt.query([]).unwrap();
    let mut last: Option<(i64, i64, Option<i64>, i64)> = None; // id, status, to, at
    let mut per_message = std::collections::HashMap::new();
    let mut received_prev = 0;
    while let Some(r) = rows.next().unwrap() {
        let id: i64 = r.get(0).unwrap();
        let status: i64 = r.get(1).unwrap();
        let received: i64 = r.get(2).unwrap();
        let org: i64 = r.get(3).unwrap();
        let at: i64 = r.get(4).unwrap();
        let action: String = r.get(5).unwrap();
        let from: Option<i64> = r.get(6).unwrap();
        let to: Option<i64> = r.get(7).unwrap();
        let actor: Option<i64> = r.get(8).unwrap();
        let actor_org: Option<i64> = r.get(9).unwrap();
        let actor_org_parent: Option<i64> = r.get(10).unwrap();
        assert!(at >= received && at <= now, "#{id}");
        *per_message.entry(id).or_insert(0) += 1;
        match last {
            Some((prev, prev_status, prev_to, prev_at)) if prev == id => {
                assert_eq!(from, prev_to, "#{id}");
                assert!(at >= prev_at, "#{id}");
                let _ = prev_status;
            }
            other => {
                if let Some((prev, prev_status, prev_to, _)) = other {
                    assert_eq!(prev_to, Some(prev_status), "#{prev} ends elsewhere");
                }
                assert!(received >= received_prev, "numbers follow arrival");
                received_prev = received;
                if action == "received" {
                    assert_eq!(from, None);
                }
            }
        }
        if action == "received" {
            assert_eq!(actor, None);
        } else {
            assert!(keys.contains(&action.as_str()), "{action}");
            assert!(actor.is_some(), "#{id} {action}");
            if action == "reject" {
                assert_eq!(actor_org_parent, None, "moderated at the root");
            } else {
                assert_eq!(actor_org, Some(org), "#{id} {action}");
            }
        }
        last = Some((id, status, to, at));
    }
    if let Some((id, status, to, _)) = last {
        assert_eq!(to, Some(status), "#{id}");
    }
    assert_eq!(per_message.len(), 3000);
    assert!(per_message.values().all(|n| (1..=4).contains(n)));
}

#[test]
fn sign_in_hints_point_at_one_school() {
    let (_, store, summary) = shared();
    let roles: Vec<Role> = summary.sign_in.iter().map(|h| h.role).collect();
    assert_eq!(
        roles,
        vec![
            Role::Admin,
            Role::Coordinator,
            Role::Executor,
            Role::Leader,
            Role::Curator,
            Role::Curator
        ]
    );
    for h in &summary.sign_in[..4] {
        assert_eq!(h.org_name, "МБОУ «СОШ № 5»");
        assert!(h.email.ends_with("@school5.svetlogorsk.ru"), "{}", h.email);
    }
    assert_eq!(
        summary.sign_in[4].org_name,
        "Администрация города Светлогорска"
    );
    assert_eq!(summary.sign_in[5].org_name, "Платформа обратной связи");
    let conn = store.reader();
    for h in &summary.sign_in {
        let a = conn
            .account_by_email(&Email::parse(&h.email).unwrap())
            .unwrap()
            .unwrap();
        assert_eq!(a.status, AccountStatus::Confirmed);
        assert!(a.roles.has(h.role));
        assert!(a.trained_at.is_some());
        assert_eq!(a.full_name(), h.name);
    }
    // The school has a queue worth working.
    let queue = count(
        store,
        "SELECT count(*) FROM messages m JOIN orgs o ON o.id = m.org_id
         WHERE o.short_name = 'МБОУ «СОШ № 5»' AND m.status IN (1, 2, 3)",
    );
    assert!(queue >= 10, "{queue}");
}

#[test]
fn the_schema_is_left_as_it_was_and_full_text_search_works() {
    let (dir, store, _) = shared();
    let schema = |s: &Store| {
        strings(
            s,
            "SELECT type || ' ' || name || ' ' || coalesce(sql, '') FROM sqlite_master ORDER BY name",
        )
    };
    let empty = fresh(dir, "empty.db");
    assert_eq!(schema(store), schema(&empty));
    // The search index was filled once at the end and holds every message.
    let conn = store.writer();
    conn.execute_batch("INSERT INTO messages_fts (messages_fts) VALUES ('integrity-check')")
        .unwrap();
    drop(conn);
    let found = count(
        store,
        "SELECT count(*) FROM messages_fts WHERE messages_fts MATCH '\"отоплен\"*'",
    );
    let expected = count(
        store,
        "SELECT count(*) FROM messages WHERE text LIKE '%отоплен%' OR text LIKE '%Отоплен%'",
    );
    assert!(expected > 0);
    assert!(found >= expected, "{found} < {expected}");
}

#[test]
fn summer_has_no_snow_or_heating_complaints() {
    let dir = tempfile::tempdir().unwrap();
    let store = fresh(&dir, "summer.db");
    let summer = DemoOptions {
        orgs: 30,
        messages: 2000,
        today: NaiveDate::from_ymd_opt(2025, 8, 20).unwrap(),
        ..options()
    };
    build(&store, &summer, &mut |_| {}).unwrap();
    let in_warm_months = |name: &str| {
        count(
            &store,
            &format!(
                "SELECT count(*) FROM messages m JOIN categories c ON c.id = m.category_id
                 WHERE c.name = '{name}'
                   AND CAST(strftime('%m', m.received_at + 7200, 'unixepoch') AS INTEGER)
                       BETWEEN 5 AND 9"
            ),
        )
    };
    assert_eq!(in_warm_months("Уборка снега"), 0);
    assert_eq!(in_warm_months("Отопление"), 0);
    assert!(in_warm_months("Водоснабжение") > 0);
}

/// Writes a default store to `$OTKLIK_DEMO_DUMP` for looking at.
#[test]
#[ignore]
fn dump() {
    let path = std::env::var("OTKLIK_DEMO_DUMP").unwrap();
    let store = Store::open(std::path::Path::new(&path), OpenMode::CreateIfMissing).unwrap();
    let s = build(&store, &options(), &mut |_| {}).unwrap();
    eprintln!("{s:#?}");
}

#[test]
fn tiny_and_empty_requests_work() {
    let dir = tempfile::tempdir().unwrap();
    let store = fresh(&dir, "t.db");
    let s = build(
        &store,
        &DemoOptions {
            orgs: 1,
            messages: 0,
            ..options()
        },
        &mut |_| {},
    )
    .unwrap();
    assert_eq!((s.orgs, s.messages), (7, 0));
    assert_eq!(s.sign_in.len(), 6);
}

/// `cargo test --release --lib demo::tests::million -- --ignored --nocapture`
#[test]
#[ignore]
fn million() {
    let dir = tempfile::tempdir().unwrap();
    let store = fresh(&dir, "m.db");
    let start = std::time::Instant::now();
    let s = build(
        &store,
        &DemoOptions {
            orgs: 5000,
            messages: 1_000_000,
            ..options()
        },
        &mut |p| {
            if let Progress::Messages { done, .. } = p
                && done % 200_000 == 0
            {
                eprintln!("{done} messages after {:?}", start.elapsed());
            }
        },
    )
    .unwrap();
    let took = start.elapsed();
    let size = std::fs::metadata(dir.path().join("m.db")).unwrap().len();
    eprintln!(
        "{} orgs, {} accounts, {} messages in {took:?}; file {} MB",
        s.orgs,
        s.accounts,
        s.messages,
        size / 1_000_000
    );
    assert_eq!(s.messages, 1_000_000);
    assert!(took.as_secs() < 120);
    assert_eq!(count(&store, "SELECT count(*) FROM messages"), 1_000_000);
    assert_eq!(
        count(
            &store,
            "SELECT max(n) FROM (SELECT count(*) AS n FROM message_history GROUP BY message_id)"
        ),
        3
    );
    assert_eq!(
        count(&store, "SELECT count(DISTINCT status) FROM messages"),
        8
    );
    assert_eq!(s.sign_in[0].org_name, "МБОУ «СОШ № 5»");
}

#[test]
fn kept_figures_match_a_recount() {
    let (_dir, store, _) = shared();
    let mismatched = count(
        store,
        "SELECT count(*) FROM
           (SELECT org_id, status, sum(n) AS kept, sum(n * on_time) AS kept_on_time FROM org_figures GROUP BY 1, 2) k
           FULL JOIN
           (SELECT org_id, status, count(*) AS real, sum(answered_on_time) AS real_on_time FROM messages GROUP BY 1, 2) r
           USING (org_id, status)
         WHERE coalesce(kept, 0) != coalesce(real, 0) OR coalesce(kept_on_time, 0) != coalesce(real_on_time, 0)",
    );
    assert_eq!(mismatched, 0);
    assert!(
        count(
            store,
            "SELECT count(*) FROM messages WHERE answered_on_time = 1"
        ) > 0
    );
    assert!(
        count(
            store,
            "SELECT count(*) FROM messages WHERE status = 5 AND answered_at IS NULL"
        ) == 0
    );
}

//! Speed of what the terminal asks for on every key: a queue page, the
//! tree's counts, one message, and drawing a full frame — on a store of
//! 1,000,000 messages.

#[path = "common.rs"]
mod common;

use std::hint::black_box;
use std::sync::Arc;

use criterion::{Criterion, criterion_group, criterion_main};
use otklik::domain::{MessageStatus, OrgId, Role};
use otklik::service::{AccountQuery, Credentials, Gateway, LocalService, MessageQuery, Session};
use otklik::store::{AnyStore, Database};

struct Fixture {
    /// The store's own service, for what is not a signed-in call.
    local: LocalService,
    /// The coordinator's session.
    service: Session,
    org: OrgId,
    rt: tokio::runtime::Runtime,
}

/// Signs in as the coordinator of the organisation with the most messages.
fn fixture(store: Arc<AnyStore>) -> Fixture {
    let found = common::rows(
        &store,
        "SELECT c.org_id, min(a.email) FROM org_status_counts c JOIN accounts a ON a.org_id = c.org_id
         WHERE (a.roles & ?1) <> 0 AND a.status = 'confirmed'
         GROUP BY c.org_id ORDER BY sum(c.n) DESC, c.org_id LIMIT 1",
        &[1 << (Role::Coordinator as u8)],
    );
    let (org, email): (i64, String) = (
        found[0][0].parse().expect("an organisation"),
        found[0][1].clone(),
    );
    let rt = tokio::runtime::Runtime::new().expect("runtime");
    let local = LocalService::new(store);
    let service = rt
        .block_on(local.sign_in(&Credentials::Email(email)))
        .expect("sign in");
    Fixture {
        local,
        service,
        org: OrgId(org),
        rt,
    }
}

fn queue(c: &mut Criterion) {
    let f = fixture(common::bench_store());
    let total: u64 =
        f.rt.block_on(f.service.message_counts(f.org))
            .expect("counts")
            .total();
    eprintln!("busiest organisation {} holds {total} messages", f.org);

    let mut q = MessageQuery::for_org(f.org);
    q.limit = 100;
    c.bench_function("queue page: all, first 100", |b| {
        b.iter(|| black_box(f.rt.block_on(f.service.messages(&q)).expect("page")))
    });

    let mut q_new = q.clone();
    q_new.statuses = vec![MessageStatus::New];
    c.bench_function("queue page: new, first 100", |b| {
        b.iter(|| black_box(f.rt.block_on(f.service.messages(&q_new)).expect("page")))
    });

    // A page deep in the queue: keyset paging costs the same anywhere.
    let mut deep = q.clone();
    for _ in 0..20 {
        let page = f.rt.block_on(f.service.messages(&deep)).expect("page");
        match page.next {
            Some(next) => deep.after = Some(next),
            None => break,
        }
    }
    c.bench_function("queue page: 21st page of 100", |b| {
        b.iter(|| black_box(f.rt.block_on(f.service.messages(&deep)).expect("page")))
    });

    let mut overdue = q.clone();
    overdue.overdue = true;
    c.bench_function("queue page: overdue, first 100", |b| {
        b.iter(|| black_box(f.rt.block_on(f.service.messages(&overdue)).expect("page")))
    });

    let mut search = q.clone();
    search.text = Some("отоплен".into());
    c.bench_function("queue page: full-text search, first 100", |b| {
        b.iter(|| black_box(f.rt.block_on(f.service.messages(&search)).expect("page")))
    });
    // Short words, which match much of the store's index: the organisation's
    // scope is asked of the index with them.
    for word in ["от", "о"] {
        let mut short = q.clone();
        short.text = Some(word.into());
        c.bench_function(&format!("queue page: search «{word}», first 100"), |b| {
            b.iter(|| black_box(f.rt.block_on(f.service.messages(&short)).expect("page")))
        });
    }

    c.bench_function("tab counts", |b| {
        b.iter(|| {
            black_box(
                f.rt.block_on(f.service.message_counts(f.org))
                    .expect("counts"),
            )
        })
    });

    let roots = f.rt.block_on(f.service.org_children(None)).expect("roots");
    let city =
        f.rt.block_on(f.service.org_children(Some(roots[0].id)))
            .expect("city");
    let departments =
        f.rt.block_on(f.service.org_children(Some(city[0].id)))
            .expect("departments");
    let biggest = departments
        .iter()
        .max_by_key(|d| d.child_count)
        .expect("a department")
        .id;
    c.bench_function(
        "tree: children of the largest department, with counts",
        |b| {
            b.iter(|| {
                black_box(
                    f.rt.block_on(f.service.org_children(Some(biggest)))
                        .expect("children"),
                )
            })
        },
    );

    let first = f.rt.block_on(f.service.messages(&q)).expect("page").items[0].id;
    c.bench_function("one message with history", |b| {
        b.iter(|| black_box(f.rt.block_on(f.service.message(first)).expect("message")))
    });

    // One step, written: a message in work given to one executor, then
    // to another, and so on (each a version-checked write with its history).
    let executors: Vec<otklik::domain::AccountId> = common::rows(
        f.local.store(),
        "SELECT id FROM accounts WHERE org_id = ?1 AND (roles & ?2) <> 0 AND status = 'confirmed'
         ORDER BY id LIMIT 2",
        &[f.org.0, 1 << (Role::Executor as u8)],
    )
    .iter()
    .map(|r| otklik::domain::AccountId(r[0].parse().expect("an executor")))
    .collect();
    let mut in_work = q.clone();
    in_work.statuses = vec![MessageStatus::InWork];
    // Not the newest message: that one is "one message with history" above.
    let target =
        f.rt.block_on(f.service.messages(&in_work))
            .expect("page")
            .items
            .last()
            .expect("a message in work")
            .id;
    let mut version =
        f.rt.block_on(f.service.message(target))
            .expect("message")
            .version;
    let mut turn = 0;
    c.bench_function("act: reassign one message", |b| {
        b.iter(|| {
            turn += 1;
            let act = otklik::domain::Act::Assign {
                executor: executors[turn % executors.len()],
            };
            let m =
                f.rt.block_on(f.service.act(target, version, &act))
                    .expect("act");
            version = m.version;
        })
    });

    c.bench_function("accounts page", |b| {
        b.iter(|| {
            black_box(
                f.rt.block_on(f.service.accounts(f.org, &AccountQuery::default()))
                    .expect("accounts"),
            )
        })
    });
}

/// Assigning a marked set of 1,000 messages in one step (`act_many`).
fn bulk_assign(c: &mut Criterion) {
    let f = fixture(common::bench_store());
    let store = f.local.store();
    let open_in_org = || -> i64 {
        common::rows(
            store,
            "SELECT count(*) FROM messages WHERE org_id = ?1 AND status IN (1, 2)",
            &[f.org.0],
        )[0][0]
            .parse()
            .expect("count")
    };
    // Make sure the organisation has 1,000 assignable messages (kept for later runs).
    let missing = 1000 - open_in_org();
    if missing > 0 {
        let today = chrono::Local::now().date_naive();
        store
            .write(|tx| -> Result<_, otklik::store::StoreError> {
                for n in 0..missing {
                    let m = otklik::store::records::NewMessage {
                        org: f.org,
                        category: None,
                        kind: otklik::domain::MessageKind::Message,
                        source: otklik::domain::MessageSource::Widget,
                        citizen_name: "Бенчмарков Б. Б.".into(),
                        citizen_contact: "bench@example.ru".into(),
                        text: format!("Сообщение для замера № {n}"),
                        address: None,
                        received_at: chrono::Utc::now().timestamp(),
                        deadline: today,
                        status: MessageStatus::New,
                        assignee: None,
                        draft: None,
                        answer: None,
                    };
                    tx.insert_message(&m)?;
                }
                Ok(((), true))
            })
            .expect("messages to assign");
    }
    let executor: i64 = common::rows(
        store,
        "SELECT id FROM accounts WHERE org_id = ?1 AND (roles & ?2) <> 0 AND status = 'confirmed'
         ORDER BY id LIMIT 1",
        &[f.org.0, 1 << (Role::Executor as u8)],
    )[0][0]
        .parse()
        .expect("an executor");
    let act = otklik::domain::Act::Assign {
        executor: otklik::domain::AccountId(executor),
    };
    let marked = || -> Vec<(otklik::domain::MessageId, i64)> {
        common::rows(
            store,
            "SELECT id, version FROM messages WHERE org_id = ?1 AND status IN (1, 2)
             ORDER BY id DESC LIMIT 1000",
            &[f.org.0],
        )
        .iter()
        .map(|r| {
            (
                otklik::domain::MessageId(r[0].parse().expect("id")),
                r[1].parse().expect("version"),
            )
        })
        .collect()
    };
    let mut group = c.benchmark_group("bulk");
    group.sample_size(10);
    group.bench_function("assign 1,000 marked messages", |b| {
        b.iter_batched(
            marked,
            |items| {
                let report =
                    f.rt.block_on(f.service.act_many(&items, &act))
                        .expect("act_many");
                assert_eq!(report.done.len(), 1000, "{:?}", report.refused.first());
            },
            criterion::BatchSize::PerIteration,
        )
    });
    group.finish();
}

/// Figures of the whole platform (every message) and of one organisation.
fn statistics(c: &mut Criterion) {
    let store = common::bench_store();
    let email = common::rows(
        &store,
        "SELECT a.email FROM accounts a JOIN orgs o ON o.id = a.org_id
         WHERE o.parent_id IS NULL AND (a.roles & ?1) <> 0 AND a.status = 'confirmed'
         ORDER BY a.id LIMIT 1",
        &[1 << (Role::Curator as u8)],
    )[0][0]
        .clone();
    let f = fixture(std::sync::Arc::clone(&store));
    let curator =
        f.rt.block_on(f.local.sign_in(&Credentials::Email(email)))
            .expect("sign in");
    let platform = curator.actor().org;
    let mut group = c.benchmark_group("statistics");
    group.sample_size(10);
    group.bench_function("the whole platform, 1,000,000 messages", |b| {
        b.iter(|| {
            black_box(
                f.rt.block_on(curator.statistics(platform, true))
                    .expect("figures"),
            )
        })
    });
    group.bench_function("one organisation", |b| {
        b.iter(|| {
            black_box(
                f.rt.block_on(f.service.statistics(f.org, false))
                    .expect("figures"),
            )
        })
    });
    // The period report counts every message received in it, a page at a time.
    let to = otklik::domain::clock::today();
    let from = to - chrono::Days::new(90);
    group.bench_function("report of the last 90 days, the whole platform", |b| {
        b.iter(|| {
            black_box(
                f.rt.block_on(curator.statistics_report(platform, from, to, true))
                    .expect("report"),
            )
        })
    });
    group.bench_function("report of the last 90 days, one organisation", |b| {
        b.iter(|| {
            black_box(
                f.rt.block_on(f.service.statistics_report(f.org, from, to, false))
                    .expect("report"),
            )
        })
    });
    group.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(50);
    targets = queue, bulk_assign, statistics
}
criterion_main!(benches);

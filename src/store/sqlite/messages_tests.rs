//! The subtree plans give the pages the indexes give.

use super::*;
use crate::store::sqlite::plan::WALK_MAX_ROWS;
use crate::store::{Database, OpenMode, SqliteStore};

/// The demo's data with 8,000 messages (enough for the city's subtree to
/// be walked), in a file of its own.
fn demo_store() -> (tempfile::TempDir, SqliteStore) {
    let dir = tempfile::tempdir().unwrap();
    let store = SqliteStore::open(&dir.path().join("s.db"), OpenMode::CreateIfMissing).unwrap();
    let opts = crate::demo::DemoOptions {
        messages: 8_000,
        ..Default::default()
    };
    crate::demo::build(&store, &opts, &mut |_| {}).unwrap();
    (dir, store)
}

/// The demo's city holds almost every message: its curator's page is
/// walked newest first, and it is the page each organisation's index
/// gives; a school's page keeps the index.
#[test]
fn a_large_subtree_is_walked_newest_first_with_the_same_page() {
    let (_dir, store) = demo_store();
    let conn = store.reader();
    let city = Filter {
        subtree: Some(("/1/2/".into(), "/1/20".into())),
        limit: 100,
        ..Filter::default()
    };
    assert!(walk_newest(&conn, &city).unwrap());
    let walked = page_by(&conn, &city, Via::Walk, None).unwrap();
    assert_eq!(walked.0.len(), 100);
    assert_eq!(walked, page_by(&conn, &city, Via::Indexes, None).unwrap());
    let next = Filter {
        after: walked.1.as_deref().map(|c| c.parse().unwrap()),
        ..city.clone()
    };
    assert_eq!(
        page_by(&conn, &next, Via::Walk, None).unwrap(),
        page_by(&conn, &next, Via::Indexes, None).unwrap()
    );
    // Filters the kept counts do not describe keep the index.
    let unassigned = Filter {
        unassigned: true,
        ..city.clone()
    };
    assert!(!walk_newest(&conn, &unassigned).unwrap());
    // A small subtree keeps the index.
    let school: String = conn
        .query_row(
            "SELECT path FROM orgs WHERE path LIKE '/1/2/%/%/' ORDER BY id LIMIT 1",
            [],
            |r| r.get(0),
        )
        .unwrap();
    let end = crate::domain::OrgPath(school.clone()).subtree_end();
    let small = Filter {
        subtree: Some((school, end)),
        ..city
    };
    assert!(!walk_newest(&conn, &small).unwrap());
    let _ = store.read(|r| r.org_count());

    // A words search over the city reads the index newest first; its
    // pages are those of collecting every match, for short and long
    // words, with statuses, and on the page after.
    for text in ["на", "о", "отоплен", "яма дорога", "подъезд"] {
        let search = Filter {
            text: Some(text.into()),
            limit: 25,
            ..small.clone()
        };
        let city = Filter {
            subtree: Some(("/1/2/".into(), "/1/20".into())),
            ..search.clone()
        };
        let ordered = super::super::search::page_by_words(&conn, &city)
            .unwrap()
            .expect("the city holds most messages");
        assert_eq!(
            ordered,
            page_by(&conn, &city, Via::Indexes, None).unwrap(),
            "{text}"
        );
        let next = Filter {
            after: ordered.1.as_deref().map(|c| c.parse().unwrap()),
            ..city.clone()
        };
        assert_eq!(
            super::super::search::page_by_words(&conn, &next).unwrap(),
            Some(page_by(&conn, &next, Via::Indexes, None).unwrap()),
            "{text}"
        );
        // With statuses, whichever way the counts choose, the same page.
        let open = Filter {
            statuses: vec![MessageStatus::New, MessageStatus::InWork],
            ..next.clone()
        };
        assert_eq!(
            page(&conn, &open).unwrap(),
            page_by(&conn, &open, Via::Indexes, None).unwrap()
        );
        // A school's search keeps its own index.
        assert_eq!(
            super::super::search::page_by_words(&conn, &search).unwrap(),
            None
        );
    }
    assert!(
        super::super::search::page_by_words(
            &conn,
            &Filter {
                text: Some("#12".into()),
                ..city_filter()
            }
        )
        .unwrap()
        .is_none(),
        "a number keeps the other way"
    );
}

/// The city's overdue page (its curator's saved view) is tried among the
/// newest messages and, found there or not, is the page the indexes give.
#[test]
fn a_large_subtree_page_is_tried_among_the_newest_first() {
    let (_dir, store) = demo_store();
    let conn = store.reader();
    let overdue = Filter {
        overdue_before: Some(crate::domain::clock::today()),
        ..city_filter()
    };
    let indexed = page_by(&conn, &overdue, Via::Indexes, None).unwrap();
    assert_eq!(
        indexed.0.len(),
        25,
        "the demo has overdue messages in the city"
    );
    // A window over every message finds the page.
    assert_eq!(
        page_in_window(&conn, &overdue, WALK_MAX_ROWS).unwrap(),
        Some(indexed.clone())
    );
    assert_eq!(page(&conn, &overdue).unwrap(), indexed);
    // One that cannot hold a page says so, and the indexes answer.
    assert_eq!(page_in_window(&conn, &overdue, 10).unwrap(), None);
    // One large enough, below the cursor, finds the page after.
    let next = Filter {
        after: indexed.1.as_deref().map(|c| c.parse().unwrap()),
        ..overdue.clone()
    };
    let after = page_by(&conn, &next, Via::Indexes, None).unwrap();
    // The page is full when its one row more (the 26th) is in the window.
    let wider = Filter {
        limit: 26,
        ..next.clone()
    };
    let one_more = page_by(&conn, &wider, Via::Indexes, None).unwrap().0[25]
        .id
        .0;
    let rows = next.after.unwrap() - one_more;
    assert_eq!(
        page_in_window(&conn, &next, rows - 1).unwrap(),
        None,
        "one row short"
    );
    assert_eq!(page_in_window(&conn, &next, rows).unwrap(), Some(after));
}

fn city_filter() -> Filter {
    Filter {
        subtree: Some(("/1/2/".into(), "/1/20".into())),
        limit: 25,
        ..Filter::default()
    }
}

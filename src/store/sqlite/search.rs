//! Full-text search by word stems. Texts are reduced to their Russian
//! Snowball stems (case-folded, ё as е) both when a message is indexed
//! (the SQL function `otklik_stems`, registered on every connection) and
//! when a query is made, so different forms of a word meet. Beside the
//! stems, each message's `scope` names the organisations it lies under
//! (`otklik_scope`), so a search in one organisation or a small subtree
//! asks the index for both.

use rusqlite::functions::FunctionFlags;
use rusqlite::{Connection, ToSql};

use super::messages::{Via, conditions, number_in};
use super::plan::scope_share;
use crate::domain::MessageRow;
use crate::store::keys::split_page;
use crate::store::records::Filter;
use crate::store::rows::{MESSAGE_JOINS, message_row, row_columns};

use crate::store::keys::{MIN_PREFIX, stems};

/// The insert trigger of `messages_fts`, exactly as the schema has it
/// (dropped and recreated around bulk loads).
pub const INDEX_TRIGGER: &str = "CREATE TRIGGER messages_fts_insert AFTER INSERT ON messages BEGIN
    INSERT INTO messages_fts (rowid, stems, scope) VALUES (NEW.id, otklik_stems(NEW.text, NEW.citizen_name), otklik_scope((SELECT path FROM orgs WHERE id = NEW.org_id)));
END";

/// The FTS5 query for what someone typed: every word's stem, as a prefix
/// (so a word still being typed matches). `None` when there are no words.
pub fn query(text: &str) -> Option<String> {
    let words: Vec<String> = stems(text)
        .into_iter()
        // A short prefix would match much of the index («от»: 416,052 of a
        // million messages, «от» alone 39,667): such words match whole.
        .map(|s| {
            if s.chars().count() >= MIN_PREFIX {
                format!("stems:\"{s}\"*")
            } else {
                format!("stems:\"{s}\"")
            }
        })
        .collect();
    (!words.is_empty()).then(|| words.join(" "))
}

/// Where a search looks, as the index's `scope` column names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// The messages of this organisation.
    Org(i64),
    /// The messages of this organisation and of every one below it.
    Tree(i64),
}

/// [`query`] limited to a scope: the index finds only the scope's matches.
pub fn scoped_query(text: &str, scope: Scope) -> Option<String> {
    let token = match scope {
        Scope::Org(id) => format!("o{id}"),
        Scope::Tree(id) => format!("t{id}"),
    };
    query(text).map(|words| format!("{words} scope:{token}"))
}

/// The scope tokens of a message whose organisation has this path
/// (`/1/2/57/` → `t1 t2 t57 o57`).
pub fn scope_tokens(path: &str) -> String {
    let ids: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
    let mut tokens: Vec<String> = ids.iter().map(|id| format!("t{id}")).collect();
    if let Some(own) = ids.last() {
        tokens.push(format!("o{own}"));
    }
    tokens.join(" ")
}

/// A search's page is read from the index newest first, stopping at the
/// page's end, when its scope holds at least this share of all messages
/// (one in …): most of what the index finds is then in scope. Otherwise
/// every match is collected and the scope's own index sorts them.
const ORDERED_SHARE: i64 = 8;

/// The page of a words search over a scope that holds much of the store
/// (a city's curator): the index's matches newest first, each joined to
/// its message and tried against the other conditions, until the page is
/// full. «на» over the city on a million messages: 59 ms collecting every
/// match, 0.6 ms this way. `None` when the other way is the better one.
/// The scope token is left out here: walking newest first, FTS5 pays for a
/// token most messages carry on every step («от» AND the city's token,
/// newest 26: 116 ms against 0.56 ms for the words alone).
pub fn page_by_words(
    conn: &Connection,
    f: &Filter,
) -> rusqlite::Result<Option<(Vec<MessageRow>, Option<String>)>> {
    let Some(text) = f.text.as_deref().filter(|t| number_in(t).is_none()) else {
        return Ok(None);
    };
    let Some(words) = query(text) else {
        return Ok(None);
    };
    let (within, all) = scope_share(conn, f, f.subtree.as_ref().map(|(a, b)| (a, b)))?;
    if within * ORDERED_SHARE < all {
        return Ok(None);
    }
    let rest = Filter {
        text: None,
        ..f.clone()
    };
    let (conditions, mut args) = conditions(&rest, Via::Walk);
    let mut sql = format!(
        "SELECT {} FROM messages_fts w CROSS JOIN messages m ON m.id = w.rowid {MESSAGE_JOINS}
         WHERE messages_fts MATCH :words AND {conditions}",
        row_columns()
    );
    args.push((":words", Box::new(words)));
    if let Some(after) = f.after {
        sql += " AND w.rowid < :after";
        args.push((":after", Box::new(after)));
    }
    sql += " ORDER BY w.rowid DESC LIMIT :limit";
    args.push((":limit", Box::new(i64::from(f.limit) + 1)));
    let params: Vec<(&str, &dyn ToSql)> = args.iter().map(|(k, v)| (*k, v.as_ref())).collect();
    let rows = conn
        .prepare_cached(&sql)?
        .query_map(params.as_slice(), |r| message_row(r))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(Some(split_page(rows, f.limit, |m| m.id.0.to_string())))
}

/// Registers `otklik_stems(text, ...)` and `otklik_scope(path)` on a connection.
pub fn register(conn: &Connection) -> rusqlite::Result<()> {
    conn.create_scalar_function(
        "otklik_scope",
        1,
        FunctionFlags::SQLITE_UTF8 | FunctionFlags::SQLITE_DETERMINISTIC,
        |ctx| {
            let path = ctx.get::<Option<String>>(0)?;
            Ok(path.as_deref().map(scope_tokens).unwrap_or_default())
        },
    )?;
    conn.create_scalar_function(
        "otklik_stems",
        -1,
        FunctionFlags::SQLITE_UTF8 | FunctionFlags::SQLITE_DETERMINISTIC,
        |ctx| {
            let mut all = Vec::new();
            for i in 0..ctx.len() {
                if let Some(text) = ctx.get::<Option<String>>(i)? {
                    all.extend(stems(&text));
                }
            }
            Ok(all.join(" "))
        },
    )
}

/// Stops indexing row by row (for a bulk load inside one transaction).
pub fn suspend_indexing(conn: &Connection) -> rusqlite::Result<()> {
    conn.execute_batch("DROP TRIGGER IF EXISTS messages_fts_insert")
}

/// Indexes every message in one pass and indexes row by row again.
pub fn rebuild_index(conn: &Connection) -> rusqlite::Result<()> {
    conn.execute_batch(&format!(
        "DELETE FROM messages_fts;
         INSERT INTO messages_fts (rowid, stems, scope)
             SELECT m.id, otklik_stems(m.text, m.citizen_name), otklik_scope(o.path)
             FROM messages m JOIN orgs o ON o.id = m.org_id;
         DROP TRIGGER IF EXISTS messages_fts_insert;
         {INDEX_TRIGGER};"
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn word_forms_meet() {
        assert_eq!(stems("дорога"), stems("дороги"));
        assert_eq!(stems("дорогу"), stems("Дорогой"));
        assert_eq!(stems("Ёлки"), stems("елка"));
        assert_eq!(stems("ямы"), stems("Яма"));
        assert_eq!(stems("Отопления нет, 100%!"), vec!["отоплен", "нет", "100"]);
        assert_eq!(
            query("яма на дороге").as_deref(),
            Some(r#"stems:"ям" stems:"на" stems:"дорог"*"#)
        );
        assert_eq!(query(" \"*- "), None);
        assert_eq!(
            query("в школе").as_deref(),
            Some(r#"stems:"в" stems:"школ"*"#)
        );
        assert_eq!(query("от до").as_deref(), Some(r#"stems:"от" stems:"до""#));
        assert_eq!(
            scoped_query("от", Scope::Org(57)).as_deref(),
            Some(r#"stems:"от" scope:o57"#)
        );
        assert_eq!(
            scoped_query("школе", Scope::Tree(2)).as_deref(),
            Some(r#"stems:"школ"* scope:t2"#)
        );
        assert_eq!(scoped_query("--", Scope::Tree(2)), None);
    }

    #[test]
    fn scope_tokens_name_the_org_and_every_one_above() {
        assert_eq!(scope_tokens("/1/2/57/"), "t1 t2 t57 o57");
        assert_eq!(scope_tokens("/1/"), "t1 o1");
        assert_eq!(scope_tokens(""), "");
    }

    /// A store of schema 6 (the index without scopes) is migrated with every
    /// message under each organisation it lies in, and nowhere else.
    #[test]
    fn a_store_of_schema_6_gets_each_message_in_its_scopes() {
        use crate::store::{OpenMode, SqliteStore};
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("s.db");
        let store = SqliteStore::open(&file, OpenMode::CreateIfMissing).unwrap();
        let opts = crate::demo::DemoOptions {
            orgs: 30,
            messages: 600,
            ..Default::default()
        };
        crate::demo::build(&store, &opts, &mut |_| {}).unwrap();
        // Back to the index of schema 6 (as the first migration made it), filled.
        let first = include_str!("migrations/0001_init.sql");
        let start = first.find("CREATE VIRTUAL TABLE messages_fts").unwrap();
        let end = start + first[start..].find("CREATE TABLE message_history").unwrap();
        store
            .writer()
            .execute_batch(&format!(
                "DROP TRIGGER messages_fts_insert; DROP TRIGGER messages_fts_delete;
                 DROP TRIGGER messages_fts_update; DROP TABLE messages_fts;
                 {}
                 INSERT INTO messages_fts (rowid, stems) SELECT id, otklik_stems(text, citizen_name) FROM messages;
                 DROP TABLE message_links; ALTER TABLE message_history DROP COLUMN draft;
                 DROP TABLE tracking_links; DROP TABLE intake_limits;
                 DROP TABLE ballot_links; DROP TABLE ballot_requests; DROP TABLE poll_ballots;
                 DROP TABLE poll_tallies; DROP TABLE polls;
                 CREATE TABLE outbox (id INTEGER PRIMARY KEY, message_id INTEGER NOT NULL,
                     contact TEXT NOT NULL, answer TEXT NOT NULL, created_at INTEGER NOT NULL,
                     delivered_at INTEGER);
                 PRAGMA user_version = 6;",
                &first[start..end]
            ))
            .unwrap();
        drop(store);
        let store = SqliteStore::open(&file, OpenMode::Existing).unwrap();
        let conn = store.writer();
        let version: i64 = conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .unwrap();
        assert_eq!(version, super::super::schema_version());
        let number = |sql: &str| -> i64 { conn.query_row(sql, [], |r| r.get(0)).unwrap() };
        let own = "SELECT count(*) FROM orgs o
             WHERE (SELECT count(*) FROM messages_fts WHERE messages_fts MATCH 'scope:o' || o.id)
                != (SELECT count(*) FROM messages m WHERE m.org_id = o.id)";
        let tree = "SELECT count(*) FROM orgs o
             WHERE (SELECT count(*) FROM messages_fts WHERE messages_fts MATCH 'scope:t' || o.id)
                != (SELECT count(*) FROM messages m JOIN orgs p ON p.id = m.org_id
                    WHERE substr(p.path, 1, length(o.path)) = o.path)";
        assert_eq!((number(own), number(tree)), (0, 0));
        // Every message is under the root, and still found by its words.
        let all = number("SELECT count(*) FROM messages");
        let under_root = number(
            "SELECT count(*) FROM messages_fts WHERE messages_fts MATCH 'scope:t' ||
             (SELECT id FROM orgs WHERE parent_id IS NULL)",
        );
        let words = number(
            "SELECT count(*) FROM messages_fts WHERE messages_fts MATCH 'stems:\"отоплен\"*'",
        );
        assert_eq!(under_root, all);
        assert!(all >= 600 && words > 0, "{all} {words}");
    }

    #[test]
    fn the_schema_has_this_trigger() {
        let migration = include_str!("migrations/0007_search_scope.sql");
        assert!(
            migration.contains(INDEX_TRIGGER),
            "search::INDEX_TRIGGER differs from the migration"
        );
    }
}

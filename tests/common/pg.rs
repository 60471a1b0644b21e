//! A fresh PostgreSQL database per case, on the server named by
//! `OTKLIK_TEST_DATABASE_URL` (CI starts one: `scripts/pg-test-cluster`).

use std::sync::atomic::{AtomicU32, Ordering};

/// The variable that names the test server's maintenance database.
pub const URL_VARIABLE: &str = "OTKLIK_TEST_DATABASE_URL";

/// Runs `work` on a thread of its own: the blocking driver refuses to run
/// on a thread that drives an async runtime.
pub fn off_runtime<R: Send>(work: impl FnOnce() -> R + Send) -> R {
    std::thread::scope(|s| s.spawn(work).join().expect("the database work"))
}

/// An empty database made for one case and dropped after it.
pub struct TestDatabase {
    admin: String,
    name: String,
    pub url: String,
}

impl TestDatabase {
    /// A new empty database, or `None` (with the reason printed) when no
    /// test server is configured.
    pub fn create() -> Option<TestDatabase> {
        let Ok(admin) = std::env::var(URL_VARIABLE) else {
            eprintln!("skipped: {URL_VARIABLE} is not set (no PostgreSQL server for the tests)");
            return None;
        };
        static NEXT: AtomicU32 = AtomicU32::new(0);
        let name = format!(
            "otklik_t{}_{}_{}",
            std::process::id(),
            NEXT.fetch_add(1, Ordering::Relaxed),
            rand_suffix()
        );
        let mut url = url::Url::parse(&admin).expect("a URL in OTKLIK_TEST_DATABASE_URL");
        url.set_path(&format!("/{name}"));
        let db = TestDatabase {
            admin,
            name,
            url: url.to_string(),
        };
        db.admin_sql(&format!("CREATE DATABASE {}", db.name));
        Some(db)
    }

    /// Runs statements on the database (for what the store has no function for).
    pub fn sql(&self, sql: &str) {
        run(&self.url, sql);
    }

    /// The one text value `sql` answers.
    pub fn text(&self, sql: &str) -> String {
        self.value(sql)
    }

    /// The one integer `sql` answers.
    pub fn number(&self, sql: &str) -> i64 {
        self.value(sql)
    }

    /// The one value `sql` answers.
    pub fn value<T: for<'r> postgres::types::FromSql<'r> + Send>(&self, sql: &str) -> T {
        let (url, sql) = (self.url.clone(), sql.to_string());
        off_runtime(move || {
            let mut client = postgres::Client::connect(&url, postgres::NoTls).expect("connect");
            client.query_one(&sql, &[]).expect("query").get(0)
        })
    }

    fn admin_sql(&self, sql: &str) {
        run(&self.admin, sql);
    }
}

fn rand_suffix() -> String {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.subsec_nanos())
        .unwrap_or(0);
    format!("{nanos:x}")
}

fn run(url: &str, sql: &str) {
    let (url, sql) = (url.to_string(), sql.to_string());
    off_runtime(move || {
        let mut client = postgres::Client::connect(&url, postgres::NoTls).expect("connect");
        client.batch_execute(&sql).expect("sql");
    });
}

impl Drop for TestDatabase {
    fn drop(&mut self) {
        let sql = format!("DROP DATABASE IF EXISTS {} WITH (FORCE)", self.name);
        let admin = self.admin.clone();
        let _ = std::thread::spawn(move || {
            if let Ok(mut client) = postgres::Client::connect(&admin, postgres::NoTls) {
                let _ = client.batch_execute(&sql);
            }
        })
        .join();
    }
}

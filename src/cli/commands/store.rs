//! `otklik store copy`: a whole store into a new one, with a progress bar.

use std::io::IsTerminal;

use indicatif::{ProgressBar, ProgressStyle};

use super::super::{Context, Failure};
use crate::store::copy::{CopyError, copy_store};
use crate::store::postgres::redacted;

/// Opens the store, which brings its schema up to date, and checks it.
pub async fn migrate(ctx: &Context) -> Result<(), Failure> {
    let location = ctx.store_path().display().to_string();
    let opened = location.clone();
    let version = tokio::task::spawn_blocking(move || -> Result<i64, Failure> {
        use crate::store::{AnyStore, Database, OpenMode};
        let store = AnyStore::open(&opened, OpenMode::Existing)?;
        store.ready()?;
        Ok(match store {
            AnyStore::Sqlite(_) => crate::store::sqlite::schema_version(),
            AnyStore::Postgres(_) => crate::store::postgres::schema_version(),
        })
    })
    .await
    .map_err(|e| Failure::Other(e.to_string()))??;
    crate::cli::say(ctx.i18n.tr(
        "migrate-done",
        &[
            ("path", redacted(&location).as_str().into()),
            ("version", version.into()),
        ],
    ))?;
    Ok(())
}

pub async fn copy(ctx: &Context, from: &str, to: &str) -> Result<(), Failure> {
    let i = &ctx.i18n;
    let bar = std::io::stderr().is_terminal().then(|| {
        let bar = ProgressBar::new(0);
        bar.set_style(
            ProgressStyle::with_template("{msg} [{bar:40}] {pos}/{len}")
                .unwrap_or_else(|_| ProgressStyle::default_bar())
                .progress_chars("=> "),
        );
        bar.set_message(i.t("copy-copying"));
        bar
    });
    let shown = bar.clone();
    let (from_owned, to_owned) = (from.to_string(), to.to_string());
    let result = tokio::task::spawn_blocking(move || {
        copy_store(&from_owned, &to_owned, &mut |done, total| {
            if let Some(bar) = &shown {
                bar.set_length(total);
                bar.set_position(done);
            }
        })
    })
    .await
    .map_err(|e| Failure::Other(e.to_string()))?;
    if let Some(bar) = bar {
        bar.finish_and_clear();
    }
    let (from, to) = (redacted(from), redacted(to));
    match result {
        Ok(copied) => {
            crate::cli::say(i.tr(
                "copy-done",
                &[
                    ("rows", copied.rows().into()),
                    ("from", from.as_str().into()),
                    ("to", to.as_str().into()),
                ],
            ))?;
            Ok(())
        }
        Err(CopyError::Store(e)) => Err(Failure::Store(e)),
        Err(CopyError::TargetExists(path)) => {
            Err(Failure::message("copy-target-exists", &[("path", &path)]))
        }
        Err(CopyError::NotEmpty(table)) => Err(Failure::message(
            "copy-target-not-empty",
            &[("path", &to), ("table", table)],
        )),
        Err(CopyError::Mismatch { table, what }) => Err(Failure::message(
            "copy-mismatch",
            &[("path", &to), ("table", table), ("detail", &what)],
        )),
    }
}

//! `otklik notices`: the texts citizens get at each stage of their
//! message, as the platform's administrators keep them.

use super::{Context, Failure, ServiceError, say};
use crate::cli::NoticesCommand;
use crate::cli::output::{Table, print_json};
use crate::domain::notice::{MAX_BODY, Notice, NoticeTemplate};

/// The largest text file `notices set` reads (a template is far smaller).
const MAX_FILE_BYTES: u64 = 64 * 1024;

pub async fn notices(ctx: &Context, command: NoticesCommand) -> Result<(), Failure> {
    let (_, session) = crate::app::signed_in(ctx).await?;
    let i = &ctx.i18n;
    match command {
        NoticesCommand::List { json } => {
            let all = session.notice_templates().await?;
            if json {
                return print_json(&all);
            }
            let header = ["col-notice", "col-edited", "col-subject"].map(|k| i.t(k));
            let rows: Vec<Vec<String>> = all
                .iter()
                .map(|t| {
                    vec![
                        t.notice.key().to_string(),
                        i.t(if t.edited {
                            "notice-edited"
                        } else {
                            "notice-shipped"
                        }),
                        t.subject.clone(),
                    ]
                })
                .collect();
            Table::new(3).print(&mut std::io::stdout().lock(), &header, &rows)?;
            Ok(())
        }
        NoticesCommand::Show { notice, json } => {
            let notice = Notice::parse(&notice).map_err(ServiceError::from)?;
            let all = session.notice_templates().await?;
            let Some(found) = all.into_iter().find(|t| t.notice == notice) else {
                return Err(ServiceError::Forbidden.into());
            };
            if json {
                return print_json(&found);
            }
            say(format!("{}\n\n{}", found.subject, found.body))
        }
        NoticesCommand::Set {
            notice,
            subject,
            body_file,
            json,
        } => {
            let notice = Notice::parse(&notice).map_err(ServiceError::from)?;
            let body = read_text(&body_file)?;
            let saved = session
                .set_notice_template(&NoticeTemplate {
                    notice,
                    subject,
                    body,
                    edited: true,
                })
                .await?;
            if json {
                return print_json(&saved);
            }
            say(i.tr("cli-notice-saved", &[("notice", saved.notice.key().into())]))
        }
        NoticesCommand::Reset { notice, json } => {
            let notice = Notice::parse(&notice).map_err(ServiceError::from)?;
            let back = session.reset_notice_template(notice).await?;
            if json {
                return print_json(&back);
            }
            say(i.tr("cli-notice-reset", &[("notice", back.notice.key().into())]))
        }
    }
}

/// A template's text from a file: UTF-8, not larger than a template can be.
fn read_text(path: &std::path::Path) -> Result<String, Failure> {
    crate::app::files::read_small_text(
        path,
        MAX_FILE_BYTES,
        "cli-notice-file-too-large",
        &MAX_BODY.to_string(),
    )
}

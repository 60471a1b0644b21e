//! The citizen side: the public form's organisation, a message handed in
//! by the intake principal (with its limits kept in the store), the
//! tracking page's view of a message, and the notices' templates.

use super::*;
use crate::domain::citizen::{IntakeForm, Submission, Submitted, Tracking};
use crate::domain::links::LinkKind;
use crate::domain::notice::{Notice, NoticeTemplate};
use crate::domain::{MessageKind, MessageSource};
use crate::store::secrets;

/// Counting periods: posts per address by the hour, per contact by the day.
pub(super) const HOUR: i64 = 3_600;
pub(super) const DAY: i64 = 86_400;

/// Where the key that signs the form's stamps and keys its counters is
/// kept (made once per store, shared by its servers; it grants nothing).
const FORM_KEY: &str = "intake-form-key";

/// The longest a form may stay open before it is sent.
const FORM_LIFE: i64 = DAY;

/// `<secs>.<signature>`: when the form for `org` was opened.
fn stamp(key: &str, org: OrgId, secs: i64) -> String {
    let signature = secrets::hash(&format!("{key}:{org}:{secs}"));
    format!("{secs}.{}", &signature[..32])
}

/// The stamp is ours, for this organisation, not too old, and the form
/// was open long enough for a person to fill it in.
fn check_stamp(key: &str, org: OrgId, given: &str, now: i64, min_secs: u64) -> ServiceResult<()> {
    let expired = || Invalid::new(Field::Form, Problem::FormExpired);
    let secs: i64 = given
        .split_once('.')
        .and_then(|(secs, _)| secs.parse().ok())
        .ok_or_else(expired)?;
    if stamp(key, org, secs) != given || now - secs > FORM_LIFE || secs > now + 60 {
        return Err(expired().into());
    }
    if now - secs < min_secs as i64 {
        return Err(Invalid::new(Field::Form, Problem::TooFast).into());
    }
    Ok(())
}

/// Where an edited notice template is kept.
fn template_key(notice: Notice) -> String {
    format!("notice-template:{}", notice.key())
}

/// A counter's key: what it counts, hashed with the store's form key, so
/// that neither an address nor a contact can be read back from the store
/// (an address's plain hash could be found by trying every address).
pub(super) fn counter(key: &str, kind: &str, what: &str) -> String {
    format!("{kind}:{}", secrets::hash(&format!("{key}\u{1f}{what}")))
}

/// The counters a submission is checked against: (key, period, limit).
fn limits(
    key: &str,
    settings: &IntakeSettings,
    s: &Submission,
    contact: &str,
) -> [(String, i64, u32); 2] {
    [
        (
            counter(key, "a", &s.client),
            HOUR,
            settings.per_address_hour,
        ),
        (counter(key, "c", contact), DAY, settings.per_contact_day),
    ]
}

/// The key of "the same message again": organisation, contact and text
/// with its spacing and case folded.
fn repeat_key(key: &str, s: &Submission, contact: &str) -> String {
    let text = s
        .text
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase();
    counter(key, "d", &format!("{}\u{1f}{contact}\u{1f}{text}", s.org))
}

pub(super) fn period_start(now: i64, period: i64) -> i64 {
    now - now.rem_euclid(period)
}

pub(super) fn too_many(now: i64, period: i64) -> ServiceError {
    ServiceError::TooManyRequests {
        retry_after_secs: (period_start(now, period) + period - now).max(1) as u64,
    }
}

/// Whether the platform takes messages for `org` through the form.
fn accepting(settings: &IntakeSettings, org: &Organisation) -> bool {
    !org.archived
        && match settings.accepting {
            Accepting::Approved => org.widget_site_approved,
            Accepting::Ready => org.ready,
            Accepting::All => true,
        }
}

/// Refuses what the counts already forbid; `write` counts this post too.
fn check_limits(
    conn: &dyn Reader,
    checks: &[(String, i64, u32)],
    repeat: &str,
    now: i64,
) -> ServiceResult<()> {
    if let (_, Some(number)) = conn.intake_count(repeat, period_start(now, DAY))? {
        return Err(
            Invalid::new(Field::Text, Problem::AlreadyReceived { number: number.0 }).into(),
        );
    }
    for (key, period, limit) in checks {
        let (hits, _) = conn.intake_count(key, period_start(now, *period))?;
        if hits >= *limit {
            return Err(too_many(now, *period));
        }
    }
    Ok(())
}

impl<D: Database> Rules<'_, D> {
    /// The stamps' key, made by the first form ever shown.
    pub(super) async fn form_key(&self) -> ServiceResult<String> {
        let kept = self.read(|conn, _| Ok(conn.meta(FORM_KEY)?)).await?;
        if let Some(key) = kept.filter(|k| !k.is_empty()) {
            return Ok(key);
        }
        self.write(|tx, _| match tx.meta(FORM_KEY)?.filter(|k| !k.is_empty()) {
            Some(key) => Ok(key),
            None => {
                let key = hex::encode(rand::random::<[u8; 32]>());
                tx.set_meta(FORM_KEY, &key)?;
                Ok(key)
            }
        })
        .await
    }

    pub(crate) async fn intake_form(&self, actor: &Actor, org: OrgId) -> ServiceResult<IntakeForm> {
        if !actor.intake {
            return Err(ServiceError::Forbidden);
        }
        let settings = self.settings.intake.clone();
        let stamp = stamp(&self.form_key().await?, org, store::now_secs());
        self.read(move |conn, _| {
            let found = live_org(conn, org)?;
            Ok(IntakeForm {
                stamp,
                org,
                accepting: accepting(&settings, &found),
                name: found.short_name.clone(),
                site: found.site.as_ref().map(|s| s.origin().to_string()),
                categories: conn.categories()?,
            })
        })
        .await
    }

    pub(crate) async fn submit_message(
        &self,
        actor: &Actor,
        submission: &Submission,
    ) -> ServiceResult<Submitted> {
        if !actor.intake {
            return Err(ServiceError::Forbidden);
        }
        let contact = submission.validate()?;
        let settings = self.settings.intake.clone();
        let key = self.form_key().await?;
        check_stamp(
            &key,
            submission.org,
            &submission.stamp,
            store::now_secs(),
            settings.min_fill_secs,
        )?;
        let checks = limits(&key, &settings, submission, &contact.key());
        let repeat = repeat_key(&key, submission, &contact.key());
        // Refused posts (a burst from one address) are turned away by a
        // read: they never wait for the store's one writer.
        {
            let (checks, repeat) = (checks.clone(), repeat.clone());
            self.read(move |conn, _| check_limits(conn, &checks, &repeat, store::now_secs()))
                .await?;
        }
        let incoming = IncomingMessage {
            org: submission.org,
            category: submission.category,
            kind: MessageKind::Message,
            source: MessageSource::Widget,
            citizen_name: submission.name.trim().to_string(),
            citizen_contact: contact.stored(),
            text: submission.text.trim().to_string(),
            address: submission.address.clone(),
        };
        let received = self.today();
        let submitted = self
            .write(move |tx, now| {
                let org = live_org(tx, incoming.org)?;
                if !accepting(&settings, &org) {
                    return Err(Invalid::new(Field::Organisation, Problem::NotAccepting).into());
                }
                check_limits(tx, &checks, &repeat, now)?;
                for (key, period, _) in &checks {
                    tx.count_intake(key, period_start(now, *period), None)?;
                }
                // A topic not in the classifier is the form's field to fix.
                let (id, status, deadline) =
                    super::intake::insert_incoming(tx, &incoming, received, now).map_err(|e| {
                        match e {
                            ServiceError::NotFound {
                                entity: Entity::Category,
                                id,
                            } => {
                                Invalid::new(Field::Category, Problem::Unknown { value: id }).into()
                            }
                            other => other,
                        }
                    })?;
                tx.count_intake(&repeat, period_start(now, DAY), Some(id))?;
                tx.forget_intake(period_start(now, DAY) - DAY)?;
                Ok(Submitted {
                    number: id,
                    token: tx.issue_tracking(id, now)?,
                    deadline,
                    moderated: status == MessageStatus::Moderation,
                })
            })
            .await?;
        self.nudge_mail_worker();
        Ok(submitted)
    }

    pub(crate) async fn track_message(&self, token: &str) -> ServiceResult<Tracking> {
        let token = token.trim().to_string();
        self.read(move |conn, _| {
            let unknown = || not_found(Entity::Message, "");
            let id = conn.tracked_message(&token)?.ok_or_else(unknown)?;
            let message = conn.message(id)?.ok_or_else(unknown)?;
            let duplicate_of = conn
                .message_links(id, crate::domain::links::MAX_LINKS as u32)?
                .into_iter()
                .find(|(_, kind)| *kind == LinkKind::DuplicateOf)
                .map(|(other, _)| other);
            Ok(Tracking::of(&message, duplicate_of))
        })
        .await
    }

    pub(crate) async fn notice_templates(
        &self,
        actor: &Actor,
    ) -> ServiceResult<Vec<NoticeTemplate>> {
        platform_admin(actor)?;
        let lang = self.settings.lang.code();
        self.read(move |conn, _| {
            Notice::ALL
                .into_iter()
                .map(|n| notice_template(conn, n, lang))
                .collect()
        })
        .await
    }

    pub(crate) async fn set_notice_template(
        &self,
        actor: &Actor,
        template: &NoticeTemplate,
    ) -> ServiceResult<NoticeTemplate> {
        platform_admin(actor)?;
        template.validate()?;
        let template = NoticeTemplate {
            subject: template.subject.trim().to_string(),
            body: template.body.trim().to_string(),
            edited: true,
            ..template.clone()
        };
        let stored = serde_json::to_string(&template).map_err(|e| ServiceError::Internal {
            detail: e.to_string(),
        })?;
        self.write(move |tx, now| {
            tx.set_meta(&template_key(template.notice), &stored)?;
            changes::record(tx, &Change::Settings, now)?;
            Ok(template)
        })
        .await
    }

    pub(crate) async fn reset_notice_template(
        &self,
        actor: &Actor,
        notice: Notice,
    ) -> ServiceResult<NoticeTemplate> {
        platform_admin(actor)?;
        let lang = self.settings.lang.code();
        self.write(move |tx, now| {
            tx.set_meta(&template_key(notice), "")?;
            changes::record(tx, &Change::Settings, now)?;
            Ok(NoticeTemplate::shipped(notice, lang))
        })
        .await
    }
}

/// The platform's administrators (of the tree's root) write the notices.
fn platform_admin(actor: &Actor) -> ServiceResult<()> {
    if actor.has(Role::Admin) && actor.org_path.is_root() {
        Ok(())
    } else {
        Err(ServiceError::Forbidden)
    }
}

/// The template in use for `notice`: the edited one, or the shipped text.
pub(super) fn notice_template(
    conn: &dyn Reader,
    notice: Notice,
    lang: &str,
) -> ServiceResult<NoticeTemplate> {
    let edited = conn
        .meta(&template_key(notice))?
        .filter(|v| !v.is_empty())
        .and_then(|v| serde_json::from_str::<NoticeTemplate>(&v).ok());
    Ok(edited.unwrap_or_else(|| NoticeTemplate::shipped(notice, lang)))
}

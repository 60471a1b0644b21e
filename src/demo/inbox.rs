//! Messages: when they arrived, where, about what, how far they got, and
//! the history that got them there. Written in arrival order, so numbers
//! grow with time as they do in a real store.

use chrono::{Datelike, Days, NaiveDate, Weekday};

use super::people::{Person, push_mobile_display, push_private_email};
use super::rng::{Rng, Table};
use super::texts::{
    CLASSIFIER, CLOSE_REASONS, Ctx, Profile, REJECT_REASONS, RETURN_COMMENTS, message_text,
    reply_text,
};
use super::tree::ADMINISTRATION;
use super::{LOCAL_OFFSET, Progress, local_date, local_ts};
use crate::domain::calendar::WorkCalendar;
use crate::domain::{
    AccountId, CategoryId, MessageAction, MessageKind, MessageSource, MessageStatus, OrgId,
};
use crate::store::Writer;
use crate::store::records::{NewHistory, NewMessage};

/// How far back messages go, in days before today.
const SPAN_DAYS: u64 = 90;
/// The demo's "now": today at 10:00 local time.
pub const NOW_SECS_OF_DAY: i64 = 10 * 3600;
/// Above this many messages, history is kept to three rows per message.
const COMPACT_ABOVE: u32 = 200_000;
/// Deadline of an appeal (59-ФЗ), working days.
const APPEAL_DAYS: u32 = 30;

/// Messages per hour of the local day, night to night.
const HOURLY: [u64; 24] = [
    2, 1, 1, 1, 1, 2, 4, 7, 10, 12, 12, 11, 10, 10, 10, 9, 9, 9, 10, 11, 11, 9, 6, 3,
];

/// What the generator needs to know about one organisation.
pub struct OrgInfo {
    pub id: OrgId,
    pub short_name: String,
    pub number: Option<u32>,
    pub profile: Profile,
    pub weight: u32,
    pub coordinators: Vec<AccountId>,
    pub executors: Vec<AccountId>,
    pub leaders: Vec<AccountId>,
}

/// A subcategory as stored, with where it sits in [`CLASSIFIER`].
pub struct SubInfo {
    pub id: CategoryId,
    pub cat: usize,
    pub sub: usize,
}

pub struct Inbox<'a> {
    pub orgs: &'a [OrgInfo],
    pub subs: &'a [SubInfo],
    /// Accounts moderating at the root.
    pub moderators: &'a [AccountId],
    /// Per category index: the organisation that handles it (index into `orgs`).
    pub competent: &'a [usize],
    pub today: NaiveDate,
    pub total: u32,
}

/// A weighted choice among subcategories: the table and what its entries
/// stand for (indices into `subs`).
type Choice = (Table, Vec<usize>);

/// One step of a message's history.
#[derive(Clone, Copy)]
struct Step {
    at: i64,
    actor: Option<AccountId>,
    action: &'static str,
    from: Option<MessageStatus>,
    to: MessageStatus,
    comment: Comment,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Comment {
    None,
    Text(&'static str),
    Duplicate(i64),
    Redirect(usize),
}

fn pick_id(rng: &mut Rng, ids: &[AccountId]) -> Option<AccountId> {
    if ids.is_empty() {
        None
    } else {
        Some(rng.pick(ids))
    }
}

/// People act in office hours: the local day is squeezed into 08:30–18:30
/// (order kept) and a day off moves to the next working day.
fn office_hours(ts: i64, cal: &WorkCalendar) -> i64 {
    let local = ts + LOCAL_OFFSET;
    let second = local.rem_euclid(86_400);
    let mut at = local - second + 8 * 3600 + 1800 + second * 10 / 24 - LOCAL_OFFSET;
    let mut day = local_date(at);
    for _ in 0..10 {
        if cal.is_working_day(day) {
            break;
        }
        day = day.succ_opt().unwrap_or(day);
        at += 86_400;
    }
    at
}

/// Status of a message `age` days old: young ones are open, old ones mostly
/// answered, a few stuck (and overdue).
fn status_for(age: f64, rng: &mut Rng) -> MessageStatus {
    use MessageStatus::*;
    let p_open = 0.04 + 0.94 * (-age / 8.0).exp();
    if rng.chance(p_open) {
        let moderation = if age < 0.5 {
            400
        } else if age < 2.0 {
            60
        } else {
            3
        };
        let (new, in_work, approval) = if age < 1.0 {
            (450, 250, 30)
        } else if age < 2.0 {
            (450, 250, 120)
        } else {
            (200, 450, 180)
        };
        let w = [moderation, new, in_work, approval, 40];
        [Moderation, New, InWork, OnApproval, RedirectRequested][rng.weighted(&w)]
    } else {
        [Answered, Rejected, Closed][rng.weighted(&[92, 3, 5])]
    }
}

/// Per-day message counts over the span, fewer at weekends and a slow
/// growth as the platform becomes known; today only until "now".
fn daily_counts(today: NaiveDate, total: u32, cal: &WorkCalendar) -> Vec<(NaiveDate, u64)> {
    let days: Vec<NaiveDate> = (0..=SPAN_DAYS)
        .rev()
        .filter_map(|back| today.checked_sub_days(Days::new(back)))
        .collect();
    let n = days.len().max(1) as f64;
    let weights: Vec<u64> = days
        .iter()
        .enumerate()
        .map(|(i, d)| {
            let base = if !cal.is_working_day(*d) {
                if d.weekday() == Weekday::Sun { 45 } else { 60 }
            } else {
                100
            };
            let growth = 0.8 + 0.4 * (i as f64 / n);
            let w = f64::from(base) * growth;
            let w = if *d == today {
                w * 0.3 // only the night and the morning so far
            } else {
                w
            };
            (w * 100.0) as u64
        })
        .collect();
    let sum: u64 = weights.iter().sum::<u64>().max(1);
    let mut out = Vec::with_capacity(days.len());
    let mut cumulative = 0u64;
    let mut given = 0u64;
    for (d, w) in days.iter().zip(&weights) {
        cumulative += w;
        let upto = (u128::from(cumulative) * u128::from(total) / u128::from(sum)) as u64;
        out.push((*d, upto - given));
        given = upto;
    }
    out
}

/// The second of the local day of the `k`-th of `count` messages: sorted,
/// shaped like the day, never after `limit`.
fn second_of_day(k: u64, count: u64, limit: i64, rng: &mut Rng) -> i64 {
    let hours = ((limit + 3599) / 3600).clamp(1, 24) as usize;
    let weights = &HOURLY[..hours];
    let total: u64 = weights.iter().sum();
    let u = (k as f64 + rng.unit()) / count.max(1) as f64;
    let target = u * total as f64;
    let mut acc = 0.0;
    for (h, w) in weights.iter().enumerate() {
        let w = *w as f64;
        if acc + w >= target {
            let within = ((target - acc) / w).clamp(0.0, 0.9999);
            let s = h as i64 * 3600 + (within * 3600.0) as i64;
            return s.min(limit - 1);
        }
        acc += w;
    }
    limit - 1
}

impl Inbox<'_> {
    pub fn write(
        &self,
        conn: &dyn Writer,
        rng: &mut Rng,
        progress: &mut (dyn FnMut(Progress) + Send),
    ) -> crate::store::StoreResult<u64> {
        let cal = WorkCalendar::russian();
        let compact = self.total > COMPACT_ABOVE;
        let now = local_ts(self.today, NOW_SECS_OF_DAY);
        let org_table = Table::new(self.orgs.iter().map(|o| u64::from(o.weight)));
        if org_table.is_empty() || self.subs.is_empty() {
            return Ok(0);
        }
        // Per profile and month: a table over the subcategories in season
        // (indices into `subs`); all of them if none is.
        let in_season = |p: Profile, month: u32| -> Choice {
            let pick = |seasonal: bool| {
                let mut idx = Vec::new();
                let mut w = Vec::new();
                for (name, weight) in p.weights() {
                    let found = self.subs.iter().position(|s| {
                        let sub = &CLASSIFIER[s.cat].subs[s.sub];
                        sub.name == *name && (!seasonal || sub.season.fits(month))
                    });
                    if let Some(i) = found {
                        idx.push(i);
                        w.push(u64::from(*weight));
                    }
                }
                (Table::new(w), idx)
            };
            let (table, idx) = pick(true);
            if table.is_empty() {
                pick(false)
            } else {
                (table, idx)
            }
        };
        let profiles: Vec<(Profile, Vec<Choice>)> = Profile::ALL
            .iter()
            .map(|p| (*p, (1..=12).map(|m| in_season(*p, m)).collect()))
            .collect();
        let source_weights = [55, 20, 18, 7];
        let mut deadlines: std::collections::HashMap<(NaiveDate, u32), NaiveDate> =
            std::collections::HashMap::new();
        let mut last_in_org: Vec<Option<i64>> = vec![None; self.orgs.len()];

        let mut m = NewMessage {
            org: OrgId(0),
            category: None,
            kind: MessageKind::Message,
            source: MessageSource::Gosuslugi,
            citizen_name: String::with_capacity(64),
            citizen_contact: String::with_capacity(48),
            text: String::with_capacity(512),
            address: None,
            received_at: 0,
            deadline: self.today,
            status: MessageStatus::New,
            assignee: None,
            draft: None,
            answer: None,
        };
        let mut reply = String::with_capacity(512);
        let mut comment = String::with_capacity(128);
        let mut steps: Vec<Step> = Vec::with_capacity(5);
        let mut done = 0u64;
        let total = u64::from(self.total);

        for (day, count) in daily_counts(self.today, self.total, cal) {
            let limit = if day == self.today {
                NOW_SECS_OF_DAY
            } else {
                24 * 3600
            };
            for k in 0..count {
                let received = local_ts(day, second_of_day(k, count, limit, rng));
                let oi = org_table.draw(rng);
                let org = &self.orgs[oi];
                let (table, idx) = profiles
                    .iter()
                    .find(|(p, _)| *p == org.profile)
                    .and_then(|(_, months)| months.get(day.month0() as usize))
                    .unwrap_or(&profiles[0].1[0]);
                let si = if table.is_empty() {
                    rng.index(self.subs.len())
                } else {
                    idx[table.draw(rng)]
                };
                let sub_info = &self.subs[si];
                let cat = &CLASSIFIER[sub_info.cat];
                let sub = &cat.subs[sub_info.sub];

                let kind = if rng.chance(0.08) {
                    MessageKind::Appeal
                } else {
                    MessageKind::Message
                };
                let days = match kind {
                    MessageKind::Appeal => APPEAL_DAYS,
                    MessageKind::Message => sub.deadline_days,
                };
                let deadline = *deadlines
                    .entry((day, days))
                    .or_insert_with(|| cal.add_working_days(day, days));
                let deadline_end = local_ts(deadline, 18 * 3600);

                let citizen = Person::random(rng, 0.6);
                let mut ctx = Ctx::draw(rng, org.number, day);
                let template = &sub.texts[rng.index(sub.texts.len())];

                m.org = org.id;
                m.category = Some(sub_info.id);
                m.kind = kind;
                m.source = MessageSource::ALL[rng.weighted(&source_weights)];
                m.citizen_name.clear();
                citizen.push_full_name(&mut m.citizen_name);
                m.citizen_contact.clear();
                if rng.chance(0.65) {
                    push_mobile_display(rng, &mut m.citizen_contact);
                } else {
                    push_private_email(&citizen, rng, &mut m.citizen_contact);
                }
                m.text.clear();
                message_text(&ctx, template, rng, &mut m.text);
                let has_house =
                    template.title.contains("{house}") || template.body.contains("{house}");
                let has_flat =
                    template.title.contains("{flat}") || template.body.contains("{flat}");
                m.address = has_house.then(|| ctx.address(has_flat));
                m.received_at = received;
                m.deadline = deadline;

                // How far it got, and when.
                let age = (now - received) as f64 / 86_400.0;
                let status = status_for(age, rng);
                let span = (now - received).max(120);
                let at = |f: f64| received + ((span as f64) * f) as i64;
                steps.clear();
                let arrival = |to| Step {
                    at: received,
                    actor: None,
                    action: "received",
                    from: None,
                    to,
                    comment: Comment::None,
                };
                let coordinator = pick_id(rng, &org.coordinators);
                let leader = pick_id(rng, &org.leaders);
                let executor = pick_id(rng, &org.executors);
                m.assignee = None;
                let mut with_draft = false;
                let mut with_answer = false;
                let mut reply_date = self.today;
                let mut redirect_from = None;
                use MessageStatus as S;
                match status {
                    S::Moderation => steps.push(arrival(S::Moderation)),
                    S::Rejected => {
                        steps.push(arrival(S::Moderation));
                        let after = (rng.range(1, 20) as i64 * 3600).min(span / 2);
                        steps.push(Step {
                            at: received + after,
                            actor: pick_id(rng, self.moderators),
                            action: MessageAction::Reject.key(),
                            from: Some(S::Moderation),
                            to: S::Rejected,
                            comment: Comment::Text(rng.pick(REJECT_REASONS)),
                        });
                    }
                    S::New => steps.push(arrival(S::New)),
                    S::Closed => {
                        steps.push(arrival(S::New));
                        let reason = match last_in_org[oi] {
                            Some(prev) if rng.chance(0.5) => Comment::Duplicate(prev),
                            _ => Comment::Text(rng.pick(CLOSE_REASONS)),
                        };
                        steps.push(Step {
                            at: at(0.02 + 0.2 * rng.unit()),
                            actor: leader,
                            action: MessageAction::Close.key(),
                            from: Some(S::New),
                            to: S::Closed,
                            comment: reason,
                        });
                    }
                    S::InWork | S::OnApproval | S::RedirectRequested | S::Answered => {
                        // The last step's time: answers mostly before the deadline.
                        let end = if status == S::Answered {
                            let on_time = deadline_end.min(now);
                            if rng.chance(0.88) || deadline_end >= now {
                                received
                                    + ((on_time - received) as f64 * (0.25 + 0.7 * rng.unit()))
                                        as i64
                            } else {
                                (deadline_end + rng.range(3600, 8 * 86_400) as i64).min(now - 600)
                            }
                        } else {
                            at(0.35 + 0.65 * rng.unit())
                        }
                        .max(received + 60);
                        let part = |f: f64| received + ((end - received) as f64 * f) as i64;
                        let from_new = status == S::RedirectRequested && rng.chance(0.5);
                        if !(compact && status == S::Answered) {
                            steps.push(arrival(S::New));
                        }
                        if from_new {
                            redirect_from = Some(S::New);
                            steps.push(Step {
                                at: end,
                                actor: coordinator,
                                action: MessageAction::AskRedirect.key(),
                                from: Some(S::New),
                                to: S::RedirectRequested,
                                comment: Comment::Redirect(self.redirect_target(oi, sub_info.cat)),
                            });
                        } else {
                            m.assignee = executor;
                            steps.push(Step {
                                at: part(0.05 + 0.25 * rng.unit()),
                                actor: coordinator,
                                action: MessageAction::Assign.key(),
                                from: Some(S::New),
                                to: S::InWork,
                                comment: Comment::None,
                            });
                            match status {
                                S::InWork if !compact && age > 3.0 && rng.chance(0.15) => {
                                    with_draft = true;
                                    steps.push(Step {
                                        at: part(0.6),
                                        actor: executor,
                                        action: MessageAction::SubmitDraft.key(),
                                        from: Some(S::InWork),
                                        to: S::OnApproval,
                                        comment: Comment::None,
                                    });
                                    steps.push(Step {
                                        at: end,
                                        actor: leader,
                                        action: MessageAction::Return.key(),
                                        from: Some(S::OnApproval),
                                        to: S::InWork,
                                        comment: Comment::Text(rng.pick(RETURN_COMMENTS)),
                                    });
                                }
                                S::InWork => {
                                    if rng.chance(0.45) {
                                        with_draft = true;
                                        steps.push(Step {
                                            at: end,
                                            actor: executor,
                                            action: MessageAction::EditDraft.key(),
                                            from: Some(S::InWork),
                                            to: S::InWork,
                                            comment: Comment::None,
                                        });
                                    }
                                }
                                S::OnApproval => {
                                    with_draft = true;
                                    steps.push(Step {
                                        at: end,
                                        actor: executor,
                                        action: MessageAction::SubmitDraft.key(),
                                        from: Some(S::InWork),
                                        to: S::OnApproval,
                                        comment: Comment::None,
                                    });
                                }
                                S::RedirectRequested => {
                                    redirect_from = Some(S::InWork);
                                    steps.push(Step {
                                        at: end,
                                        actor: executor,
                                        action: MessageAction::AskRedirect.key(),
                                        from: Some(S::InWork),
                                        to: S::RedirectRequested,
                                        comment: Comment::Redirect(
                                            self.redirect_target(oi, sub_info.cat),
                                        ),
                                    });
                                }
                                _ => {
                                    with_answer = true;
                                    steps.push(Step {
                                        at: part(0.6 + 0.3 * rng.unit()),
                                        actor: executor,
                                        action: MessageAction::SubmitDraft.key(),
                                        from: Some(S::InWork),
                                        to: S::OnApproval,
                                        comment: Comment::None,
                                    });
                                    steps.push(Step {
                                        at: end,
                                        actor: leader,
                                        action: MessageAction::Approve.key(),
                                        from: Some(S::OnApproval),
                                        to: S::Answered,
                                        comment: Comment::None,
                                    });
                                }
                            }
                        }
                        reply_date = local_date(end);
                    }
                }
                m.status = status;

                m.draft = None;
                m.answer = None;
                if with_draft || with_answer {
                    ctx.limit_date2(reply_date);
                    reply.clear();
                    reply_text(
                        &ctx,
                        template,
                        &citizen,
                        day,
                        &org.short_name,
                        with_answer,
                        &mut reply,
                    );
                    if with_answer {
                        m.answer = Some(reply.clone());
                    } else {
                        m.draft = Some(reply.clone());
                    }
                }

                let id = conn.insert_message(&m)?;
                let mut prev = received;
                for step in &steps {
                    let at = if step.action == "received" {
                        received
                    } else {
                        office_hours(step.at, cal).max(prev + 60).min(now)
                    };
                    prev = at;
                    comment.clear();
                    let text = match step.comment {
                        Comment::None => None,
                        Comment::Text(t) => Some(t),
                        Comment::Duplicate(n) => {
                            comment.push_str("Дубликат сообщения № ");
                            comment.push_str(&n.to_string());
                            Some(comment.as_str())
                        }
                        Comment::Redirect(target) => {
                            comment.push_str("Вопрос относится к компетенции: ");
                            comment.push_str(&self.orgs[target].short_name);
                            Some(comment.as_str())
                        }
                    };
                    let subject = match step.comment {
                        Comment::Redirect(target) => Some(self.orgs[target].id.0),
                        _ if step.action == MessageAction::Assign.key() => m.assignee.map(|a| a.0),
                        _ => None,
                    };
                    conn.add_history(&NewHistory {
                        message: id,
                        at,
                        actor: step.actor,
                        action: step.action,
                        from: step.from,
                        to: Some(step.to),
                        comment: text,
                        subject,
                        draft: None,
                    })?;
                    if let Comment::Redirect(target) = step.comment
                        && let Some(from) = redirect_from
                    {
                        conn.set_redirect_request(id, from, self.orgs[target].id)?;
                    }
                }
                last_in_org[oi] = Some(id.0);

                done += 1;
                if done.is_multiple_of(10_000) {
                    progress(Progress::Messages { done, total });
                }
            }
        }
        if !done.is_multiple_of(10_000) {
            progress(Progress::Messages { done, total });
        }
        Ok(done)
    }

    /// Where a message of category `cat` received by `org` should go instead:
    /// the competent department, or the administration when that is `org`.
    fn redirect_target(&self, org: usize, cat: usize) -> usize {
        let target = self.competent.get(cat).copied().unwrap_or(ADMINISTRATION);
        if target != org {
            target
        } else if org != ADMINISTRATION {
            ADMINISTRATION
        } else {
            ADMINISTRATION + 1
        }
    }
}

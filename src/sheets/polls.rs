//! A poll's results as files: CSV, and a workbook with a bar chart per
//! question (the command line and the terminal write the same).

use crate::domain::polls::{PollResults, QuestionKind};
use crate::i18n::I18n;

pub fn header(i: &I18n) -> Vec<String> {
    [
        "poll-col-number",
        "poll-col-question",
        "poll-col-answer",
        "poll-col-votes",
        "poll-col-share",
    ]
    .iter()
    .map(|k| i.t(k))
    .collect()
}

/// One row of the results: question number and text, the answer (an
/// option, a point, or a citizen's words), its votes and share in percent
/// of those who answered the question.
pub struct Line {
    pub number: usize,
    pub question: String,
    pub answer: String,
    pub votes: Option<u64>,
    pub share: Option<f64>,
}

/// Every option or point of every question, with its count; a free-text
/// question lists the answers read.
pub fn lines(r: &PollResults) -> Vec<Line> {
    let mut out = Vec::new();
    for (n, q) in r.questions.iter().enumerate() {
        let line = |answer: String, votes: Option<u64>, share: Option<f64>| Line {
            number: n + 1,
            question: q.question.text.clone(),
            answer,
            votes,
            share,
        };
        if q.question.kind == QuestionKind::FreeText {
            out.extend(q.texts.iter().map(|t| line(t.clone(), None, None)));
            continue;
        }
        for (slot, label) in PollResults::labels(&q.question).into_iter().enumerate() {
            let votes = q.result.counts.get(slot).copied().unwrap_or(0);
            let share = q.result.share_permille(slot) as f64 / 10.0;
            out.push(line(label, Some(votes), Some(share)));
        }
    }
    out
}

fn text_rows(r: &PollResults) -> Vec<Vec<String>> {
    lines(r)
        .into_iter()
        .map(|l| {
            vec![
                l.number.to_string(),
                l.question,
                l.answer,
                l.votes.map(|v| v.to_string()).unwrap_or_default(),
                l.share.map(|s| format!("{s:.1}")).unwrap_or_default(),
            ]
        })
        .collect()
}

pub fn table_rows(r: &PollResults) -> Vec<Vec<String>> {
    text_rows(r)
}

pub fn csv(i: &I18n, r: &PollResults) -> Vec<u8> {
    crate::sheets::csv_file(std::iter::once(header(i)).chain(text_rows(r)))
}

pub fn xlsx(i: &I18n, r: &PollResults) -> Result<Vec<u8>, rust_xlsxwriter::XlsxError> {
    use rust_xlsxwriter::{Chart, ChartType, Format, Workbook};
    let mut book = Workbook::new();
    let bold = Format::new().set_bold();
    let name = i.t("poll-sheet");
    let sheet = book.add_worksheet();
    sheet.set_name(&name)?;
    sheet.write_string_with_format(0, 0, &r.title, &bold)?;
    sheet.write_string(
        1,
        0,
        i.tr("poll-ballots-line", &[("count", r.ballots.into())]),
    )?;
    const FIRST: u32 = 3;
    for (c, title) in header(i).iter().enumerate() {
        sheet.write_string_with_format(FIRST, c as u16, title, &bold)?;
    }
    let lines = lines(r);
    for (n, l) in lines.iter().enumerate() {
        let row = FIRST + 1 + n as u32;
        sheet.write_number(row, 0, l.number as f64)?;
        sheet.write_string(row, 1, &l.question)?;
        sheet.write_string(row, 2, &l.answer)?;
        if let (Some(votes), Some(share)) = (l.votes, l.share) {
            sheet.write_number(row, 3, votes as f64)?;
            sheet.write_number(row, 4, share)?;
        }
    }
    sheet.set_column_width(1, 40)?;
    sheet.set_column_width(2, 30)?;
    // A bar chart per counted question, beside the table.
    let mut at = 1;
    for (n, q) in r.questions.iter().enumerate() {
        if q.question.kind == QuestionKind::FreeText {
            continue;
        }
        let rows: Vec<u32> = lines
            .iter()
            .enumerate()
            .filter(|(_, l)| l.number == n + 1)
            .map(|(k, _)| FIRST + 1 + k as u32)
            .collect();
        let (Some(&top), Some(&bottom)) = (rows.first(), rows.last()) else {
            continue;
        };
        let mut chart = Chart::new(ChartType::Bar);
        chart
            .add_series()
            .set_name(i.t("poll-col-votes").as_str())
            .set_categories((name.as_str(), top, 2, bottom, 2))
            .set_values((name.as_str(), top, 3, bottom, 3));
        chart
            .title()
            .set_name(&format!("{}. {}", n + 1, q.question.text));
        chart.legend().set_hidden();
        sheet.insert_chart(at, 6, &chart)?;
        at += 16;
    }
    book.save_to_buffer()
}

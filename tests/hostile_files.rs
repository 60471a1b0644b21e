//! Files made to hurt the importer — a cell at XFD1048576, a sheet packed
//! from hundreds of megabytes of spaces, one enormous shared string, a CSV
//! of nothing but separators, an .ods of one cell repeated a million times
//! — are refused with a message naming the bound,
//! and the process stays within a stated memory bound: its own peak on a
//! clean form, plus the file's size, plus 64 MB. A workbook that only lies
//! about its dimension is read.
#![allow(clippy::unwrap_used)] // test code: a failed unwrap is a failed test

mod common;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::Duration;

use common::Fixture;

const SLACK: u64 = 64 * 1024 * 1024;

/// The peak resident memory of a run of the binary (VmHWM, read until it
/// exits), its exit code and what it said.
fn run(home: &Path, args: &[&str]) -> (u64, Option<i32>, String) {
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("otklik"))
        .args(args)
        .env("HOME", home)
        .env("XDG_CONFIG_HOME", home.join("config"))
        .env("XDG_STATE_HOME", home.join("state"))
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let status = format!("/proc/{}/status", child.id());
    let mut peak = 0u64;
    loop {
        if let Ok(text) = std::fs::read_to_string(&status)
            && let Some(kb) = text
                .lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|v| v.parse::<u64>().ok())
        {
            peak = peak.max(kb * 1024);
        }
        if child.try_wait().unwrap().is_some() {
            break;
        }
        std::thread::sleep(Duration::from_millis(5));
    }
    let out = child.wait_with_output().unwrap();
    let said = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    (peak, out.status.code(), said)
}

struct Case {
    f: Fixture,
    home: tempfile::TempDir,
}

impl Case {
    fn new() -> Case {
        Case {
            f: Fixture::build(),
            home: tempfile::tempdir().unwrap(),
        }
    }

    fn path(&self, name: &str) -> PathBuf {
        self.home.path().join(name)
    }

    /// A dry-run import of `file` into the education department.
    fn import(&self, file: &Path) -> (u64, Option<i32>, String) {
        let store = self.f.sqlite().path().display().to_string();
        let edu = self.f.org.edu.0.to_string();
        run(
            self.home.path(),
            &[
                "--store",
                &store,
                "--as",
                &self.f.who.edu_admin.email,
                "import",
                file.to_str().unwrap(),
                "--org",
                &edu,
                "--dry-run",
            ],
        )
    }

    /// The peak of a dry run on a clean one-row form.
    fn baseline(&self) -> u64 {
        let clean = self.path("clean.xlsx");
        std::fs::write(&clean, common::clean_form()).unwrap();
        let (peak, code, said) = self.import(&clean);
        assert_eq!(code, Some(0), "{said}");
        assert!(said.contains("Проверено строк: 1"), "{said}");
        peak
    }

    /// Imports `file`, expecting a refusal that says `expected`, within the bound.
    fn refused(&self, file: &Path, expected: &str) {
        let baseline = self.baseline();
        let size = std::fs::metadata(file).unwrap().len();
        let (peak, code, said) = self.import(file);
        assert_ne!(code, Some(0), "{said}");
        assert!(said.contains(expected), "expected «{expected}» in: {said}");
        assert!(
            said.contains(file.to_str().unwrap()),
            "names the file: {said}"
        );
        assert!(
            peak <= baseline + size + SLACK,
            "peak {} MB, bound {} MB",
            peak >> 20,
            (baseline + size + SLACK) >> 20
        );
    }
}

/// The parts of a workbook, by name, in order.
fn parts(xlsx: &[u8]) -> Vec<(String, Vec<u8>)> {
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(xlsx)).unwrap();
    (0..archive.len())
        .map(|i| {
            let mut entry = archive.by_index(i).unwrap();
            let mut bytes = Vec::new();
            std::io::Read::read_to_end(&mut entry, &mut bytes).unwrap();
            (entry.name().unwrap().to_string(), bytes)
        })
        .collect()
}

/// Writes a workbook of `parts`, the part `name` replaced by what `write`
/// streams into it (so that the test never holds it whole).
fn repack(path: &Path, parts: &[(String, Vec<u8>)], name: &str, write: impl Fn(&mut dyn Write)) {
    let file = std::fs::File::create(path).unwrap();
    let mut zip = zip::ZipWriter::new(file);
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .large_file(true);
    for (part, bytes) in parts {
        zip.start_file(part.as_str(), options).unwrap();
        if part == name {
            write(&mut zip);
        } else {
            zip.write_all(bytes).unwrap();
        }
    }
    zip.finish().unwrap();
}

fn sheet_xml(parts: &[(String, Vec<u8>)]) -> String {
    let (_, bytes) = parts
        .iter()
        .find(|(n, _)| n == "xl/worksheets/sheet1.xml")
        .unwrap();
    String::from_utf8(bytes.clone()).unwrap()
}

#[test]
fn a_cell_at_the_far_corner_is_refused_without_the_memory_it_asks_for() {
    let case = Case::new();
    let parts = parts(&common::clean_form());
    let xml = sheet_xml(&parts);
    // One more row, the last Excel has, with a cell in its last column.
    let far = "<row r=\"1048576\"><c r=\"XFD1048576\" t=\"inlineStr\"><is><t>x</t></is></c></row>";
    let bomb = xml.replace("</sheetData>", &format!("{far}</sheetData>"));
    let file = case.path("corner.xlsx");
    repack(&file, &parts, "xl/worksheets/sheet1.xml", |w| {
        w.write_all(bomb.as_bytes()).unwrap()
    });
    case.refused(&file, "строк больше допустимых 100000");
}

#[test]
fn a_sheet_that_only_claims_to_be_huge_is_read() {
    let case = Case::new();
    let baseline = case.baseline();
    let parts = parts(&common::clean_form());
    let xml = sheet_xml(&parts);
    let start = xml.find("<dimension ref=\"").unwrap() + "<dimension ref=\"".len();
    let end = start + xml[start..].find('"').unwrap();
    let lying = format!("{}A1:XFD1048576{}", &xml[..start], &xml[end..]);
    let file = case.path("lying.xlsx");
    repack(&file, &parts, "xl/worksheets/sheet1.xml", |w| {
        w.write_all(lying.as_bytes()).unwrap()
    });
    let (peak, code, said) = case.import(&file);
    assert_eq!(code, Some(0), "{said}");
    assert!(
        said.contains("Проверено строк: 1 (новых людей: 1"),
        "{said}"
    );
    let size = std::fs::metadata(&file).unwrap().len();
    assert!(peak <= baseline + size + SLACK, "peak {} MB", peak >> 20);
}

#[test]
fn a_sheet_packed_from_hundreds_of_megabytes_of_spaces_is_refused_unopened() {
    let case = Case::new();
    let parts = parts(&common::clean_form());
    let xml = sheet_xml(&parts);
    let (head, tail) = xml.split_at(xml.find("</sheetData>").unwrap());
    let file = case.path("spaces.xlsx");
    repack(&file, &parts, "xl/worksheets/sheet1.xml", |w| {
        w.write_all(head.as_bytes()).unwrap();
        let spaces = vec![b' '; 1 << 20];
        for _ in 0..300 {
            w.write_all(&spaces).unwrap();
        }
        w.write_all(tail.as_bytes()).unwrap();
    });
    assert!(std::fs::metadata(&file).unwrap().len() < 2 * 1024 * 1024);
    case.refused(&file, "«xl/worksheets/sheet1.xml» занимает 300 МБ");
}

#[test]
fn one_enormous_shared_string_is_refused_unopened() {
    let case = Case::new();
    let parts = parts(&common::clean_form());
    let name = "xl/sharedStrings.xml";
    assert!(
        parts.iter().any(|(n, _)| n == name),
        "the form has shared strings"
    );
    let file = case.path("string.xlsx");
    repack(&file, &parts, name, |w| {
        w.write_all(
            b"<?xml version=\"1.0\" encoding=\"UTF-8\"?><sst xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" count=\"1\" uniqueCount=\"1\"><si><t>",
        )
        .unwrap();
        let a = vec![b'a'; 1 << 20];
        for _ in 0..300 {
            w.write_all(&a).unwrap();
        }
        w.write_all(b"</t></si></sst>").unwrap();
    });
    case.refused(&file, "«xl/sharedStrings.xml» занимает 300 МБ");
}

#[test]
fn a_csv_of_separators_is_refused() {
    let case = Case::new();
    let file = case.path("wide.csv");
    let mut out = std::fs::File::create(&file).unwrap();
    out.write_all("Наименование организации;ФИО;E-mail;Роль\n".as_bytes())
        .unwrap();
    out.write_all(&vec![b';'; 19 * 1024 * 1024]).unwrap();
    drop(out);
    case.refused(&file, "в строке 2 больше 1000 полей");
}

#[test]
fn a_csv_cell_longer_than_allowed_is_refused() {
    let case = Case::new();
    let file = case.path("long.csv");
    let long = "а".repeat(otklik::sheets::MAX_CELL + 1);
    std::fs::write(
        &file,
        format!("Наименование организации;ФИО;E-mail;Роль\n{long};Новикова Ольга;n@school.ru;Исполнитель\n"),
    )
    .unwrap();
    case.refused(&file, "в строке 2, столбце 1 больше 10000 символов");
}

/// An OpenDocument spreadsheet of `rows` (text cells), with `more` XML
/// written after them inside the table.
fn ods(path: &Path, rows: &[&[&str]], more: &str) {
    let file = std::fs::File::create(path).unwrap();
    let mut zip = zip::ZipWriter::new(file);
    let stored =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    let packed = zip::write::SimpleFileOptions::default();
    zip.start_file("mimetype", stored).unwrap();
    zip.write_all(b"application/vnd.oasis.opendocument.spreadsheet")
        .unwrap();
    zip.start_file("META-INF/manifest.xml", packed).unwrap();
    zip.write_all(
        br#"<?xml version="1.0" encoding="UTF-8"?>
<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">
<manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>
<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>
</manifest:manifest>"#,
    )
    .unwrap();
    zip.start_file("content.xml", packed).unwrap();
    let mut xml = String::from(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2"><office:body><office:spreadsheet><table:table table:name="Форма">"#,
    );
    for row in rows {
        xml.push_str("<table:table-row>");
        for cell in *row {
            xml.push_str(&format!(
                "<table:table-cell office:value-type=\"string\"><text:p>{cell}</text:p></table:table-cell>"
            ));
        }
        xml.push_str("</table:table-row>");
    }
    xml.push_str(more);
    xml.push_str("</table:table></office:spreadsheet></office:body></office:document-content>");
    zip.write_all(xml.as_bytes()).unwrap();
    zip.finish().unwrap();
}

const ODS_FORM: &[&[&str]] = &[
    &[
        "Наименование подведомственной организации",
        "ФИО ответственного",
        "Должность ответственного",
        "Моб.телефон",
        "Е-mail",
        "Роль в ПОС",
    ],
    &[
        "МБОУ «СОШ № 5»",
        "Орлова Вера Ивановна",
        "Учитель",
        "9123456701",
        "orlova@school5.ru",
        "Исполнитель",
    ],
];

#[test]
fn an_ods_form_is_read_and_an_ods_of_repeated_cells_is_refused_unread() {
    let case = Case::new();
    let clean = case.path("form.ods");
    ods(&clean, ODS_FORM, "");
    let (_, code, said) = case.import(&clean);
    assert_eq!(code, Some(0), "{said}");
    assert!(said.contains("Проверено строк: 1"), "{said}");
    // LibreOffice's own way of saying "the rest is empty" stays readable.
    let tail = "<table:table-row table:number-rows-repeated=\"1048570\">\
        <table:table-cell table:number-columns-repeated=\"16384\"/></table:table-row>";
    let trailing = case.path("trailing.ods");
    ods(&trailing, ODS_FORM, tail);
    let (_, code, said) = case.import(&trailing);
    assert_eq!(code, Some(0), "{said}");
    // One filled cell repeated over a million rows and fifty columns.
    let bomb = "<table:table-row table:number-rows-repeated=\"1000000\">\
        <table:table-cell table:number-columns-repeated=\"50\" office:value-type=\"string\">\
        <text:p>x</text:p></table:table-cell></table:table-row>";
    let file = case.path("repeated.ods");
    ods(&file, ODS_FORM, bomb);
    case.refused(&file, "больше 1000000");
}

//! CSV import against real SQLite files: encodings, separators, missing columns, faulty rows
//! with their line numbers, an oversized file, duplicates, and the all-or-nothing rule proven
//! by reopening the database file.

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use erm_domain::review::{NewReview, PublishedDate, ReviewStatus};
use erm_usecases::import::{self, commit, import_file, ImportFormat, Parsed, MAX_FILE_BYTES};
use erm_store::reviews::{self, ReviewFilter};
use erm_store::Store;
use erm_usecases::Error;

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 3, 1).unwrap()
}

struct Fixture {
    dir: tempfile::TempDir,
    db: PathBuf,
    store: Store,
}

fn setup() -> Fixture {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("donnees.sqlite3");
    let store = Store::open(&db).unwrap();
    Fixture { dir, db, store }
}

impl Fixture {
    fn file(&self, name: &str, bytes: &[u8]) -> PathBuf {
        let path = self.dir.path().join(name);
        std::fs::write(&path, bytes).unwrap();
        path
    }

    fn import(&mut self, name: &str, bytes: &[u8]) -> Result<import::ImportReport, Error> {
        let path = self.file(name, bytes);
        import_file(&mut self.store, &path, ImportFormat::Csv, today())
    }

    /// Counts the rows as a fresh connection to the file sees them.
    fn count_on_disk(&self) -> u64 {
        count(&self.db)
    }
}

fn count(db: &Path) -> u64 {
    let store = Store::open(db).unwrap();
    reviews::list(store.conn(), &ReviewFilter::default()).unwrap().total
}

fn file_message(err: Error) -> String {
    match err {
        Error::Invalid(inv) => {
            assert!(inv.has("file"), "{inv:?}");
            inv.to_string()
        }
        other => panic!("expected a file-level refusal, got {other:?}"),
    }
}

const GOOD: &str = "\u{feff}plateforme;url;auteur;date;note;texte\r\n\
Google;https://maps.google.com/r/1;Jean D.;il y a 2 mois;2;\"Attente très longue ; secrétariat désagréable.\"\r\n\
Doctolib;;Marie L.;05/02/2026;5;Très à l'écoute.\r\n\
\r\n\
PagesJaunes;;Paul;2026-01-20;;\"Premier paragraphe.\r\n\r\nSecond paragraphe.\"\r\n";

#[test]
fn utf8_with_bom_semicolons_quotes_and_blank_lines() {
    let mut f = setup();
    let report = f.import("avis.csv", GOOD.as_bytes()).unwrap();
    assert_eq!((report.inserted, report.duplicates, report.rejected.len()), (3, 0, 0), "{report:?}");
    assert_eq!(report.summary(), "3 avis importés, 0 déjà présent.");
    let page = reviews::list(f.store.conn(), &ReviewFilter::default()).unwrap();
    let first = page.items.iter().find(|r| r.author == "Jean D.").unwrap();
    assert_eq!(first.text, "Attente très longue ; secrétariat désagréable.");
    assert_eq!(first.url.as_deref(), Some("https://maps.google.com/r/1"));
    assert_eq!(
        first.published,
        PublishedDate::Approximate {
            seen_text: "il y a 2 mois".into(),
            seen_on: today(),
            estimated_on: NaiveDate::from_ymd_opt(2026, 1, 1).unwrap()
        }
    );
    let paul = page.items.iter().find(|r| r.author == "Paul").unwrap();
    assert_eq!(paul.text, "Premier paragraphe.\n\nSecond paragraphe.");
    assert_eq!(paul.rating, None);
    assert_eq!(f.count_on_disk(), 3);
}

#[test]
fn windows_1252_with_accents_and_commas() {
    let mut f = setup();
    // "Zoé", "Secrétariat désagréable", "€", "’" and "œ" as Excel writes them on a French Windows.
    let bytes = b"Plateforme,Auteur,Date,Note,Texte\r\nGoogle,Zo\xE9,12/01/2026,2,\"Secr\xE9tariat d\xE9sagr\xE9able, 60 \x80 l\x92acte, \x9Cil\"\r\n";
    let report = f.import("windows.csv", bytes).unwrap();
    assert_eq!(report.inserted, 1, "{report:?}");
    let found = reviews::list(
        f.store.conn(),
        &ReviewFilter { text: Some("desagreable zoe".into()), ..Default::default() },
    )
    .unwrap();
    assert_eq!(found.total, 1);
    assert_eq!(found.items[0].author, "Zoé");
    assert_eq!(found.items[0].text, "Secrétariat désagréable, 60 € l’acte, œil");
}

#[test]
fn mixed_encodings_are_refused_with_their_lines() {
    let mut f = setup();
    let bytes = b"plateforme;auteur;date;note;texte\nGoogle;Zo\xE9;12/01/2026;2;tr\xE8s long\nGoogle;L\xC3\xA9a;13/01/2026;3;d\xC3\xA9\xC3\xA7u\n";
    let msg = file_message(f.import("mixte.csv", bytes).unwrap_err());
    assert!(msg.contains("mélange deux encodages") && msg.contains("ligne 3"), "{msg}");
    assert_eq!(f.count_on_disk(), 0);
}

#[test]
fn missing_required_columns_are_named() {
    let mut f = setup();
    let msg = file_message(f.import("colonnes.csv", "plateforme;note;texte\nGoogle;2;Bof\n".as_bytes()).unwrap_err());
    assert!(msg.contains("Colonnes obligatoires absentes : auteur, date"), "{msg}");
    assert!(msg.contains("Colonnes trouvées dans la première ligne : « plateforme », « note », « texte »"), "{msg}");
    assert!(msg.contains("Colonnes attendues : plateforme, auteur, date"), "{msg}");
    // Headers are shown as written, so the doctor recognises a misspelt one.
    let msg = file_message(f.import("faute.csv", "Plateforme;Auteurs;Date de publi\r\nGoogle;A;01/01/2026\r\n".as_bytes()).unwrap_err());
    assert!(msg.contains("« Plateforme », « Auteurs », « Date de publi »"), "{msg}");
    let msg = file_message(f.import("double.csv", "plateforme;auteur;author;date\n".as_bytes()).unwrap_err());
    assert!(msg.contains("apparaît deux fois"), "{msg}");
    let msg = file_message(f.import("vide.csv", b"\r\n\r\n").unwrap_err());
    assert!(msg.contains("vide"), "{msg}");
}

#[test]
fn wrong_separators_are_explained() {
    let mut f = setup();
    let msg = file_message(f.import("tab.csv", b"plateforme\tauteur\tdate\nGoogle\tA\t01/01/2026\n").unwrap_err());
    assert!(msg.contains("tabulations"), "{msg}");
    // Header with ";" but rows written with ",": every row refused on its line, nothing written.
    let report = f
        .import("melange.csv", "plateforme;auteur;date;note\nGoogle,A,01/01/2026,3\nGoogle;B;02/01/2026;4\nDoctolib,C,03/01/2026,1\n".as_bytes())
        .unwrap();
    assert_eq!(report.rejected.iter().map(|r| r.line).collect::<Vec<_>>(), vec![2, 4]);
    assert!(report.rejected[0].reason.contains("1 colonne au lieu de 4"), "{}", report.rejected[0].reason);
    assert_eq!((report.inserted, report.duplicates), (0, 0));
    assert_eq!(f.count_on_disk(), 0, "the good row 3 was not written either");
}

#[test]
fn faulty_rows_are_listed_with_their_line_and_nothing_is_written() {
    let mut f = setup();
    f.import("avant.csv", GOOD.as_bytes()).unwrap();
    let file = "plateforme;auteur;date;note;texte\n\
                Google;Ana;01/02/2026;4;\"Sur\ndeux lignes\"\n\
                Google;Bob;01/02/2026;6;Trop bien\n\
                Google;Cléo;31/02/2026;3;Date impossible\n\
                Google;Dan;la semaine dernière;3;Âge illisible\n\
                ;Eve;01/02/2026;2;Sans plateforme\n\
                Google;Fred;01/02/2026;;\n\
                Google;Gil;01/02/2099;5;Futur\n\
                Google;Hugo;il y a 3 jours;5;Correct\n";
    let report = f.import("fautes.csv", file.as_bytes()).unwrap();
    let lines: Vec<usize> = report.rejected.iter().map(|r| r.line).collect();
    assert_eq!(lines, vec![4, 5, 6, 7, 8, 9], "line numbers count the two-line field of Ana: {report:#?}");
    let reason = |line: usize| report.rejected.iter().find(|r| r.line == line).unwrap().reason.as_str();
    assert!(reason(4).contains("Note « 6 » invalide"), "{}", reason(4));
    assert!(reason(5).contains("« 31/02/2026 » n'est pas une date de publication lisible"), "{}", reason(5));
    assert!(reason(6).contains("il y a 2 mois"), "{}", reason(6));
    assert!(reason(7).contains("plateforme"), "{}", reason(7));
    assert!(reason(8).contains("sans texte"), "{}", reason(8));
    assert!(reason(9).contains("futur"), "{}", reason(9));
    assert_eq!((report.inserted, report.duplicates), (0, 0));
    assert!(report.summary().starts_with("Import annulé : 6 lignes refusées"), "{}", report.summary());
    assert_eq!(f.count_on_disk(), 3, "only the earlier import is in the file");
}

#[test]
fn duplicates_inside_the_file_and_against_the_database_are_skipped() {
    let mut f = setup();
    let file = "plateforme;auteur;date;note;texte\n\
                Google;Jean D.;01/02/2026;2;Attente trop longue.\n\
                Google;Marie;02/02/2026;5;Parfait.\n\
                Google;Jean D.;01/02/2026;2;Attente trop longue.\n";
    let first = f.import("a.csv", file.as_bytes()).unwrap();
    assert_eq!((first.inserted, first.duplicates), (2, 1));
    let again = f.import("a.csv", file.as_bytes()).unwrap();
    assert_eq!((again.inserted, again.duplicates), (0, 3));
    assert_eq!(again.summary(), "0 avis importé, 3 déjà présents.");
    // Same review typed differently (case, accents, spaces), plus one new one.
    let other = "Plateforme;Auteur;Date;Note;Texte\ngoogle;JEAN D.;2026-02-01;2;attente  trop longue.\nGoogle;Nina;03/02/2026;1;Non.\n";
    let third = f.import("b.csv", other.as_bytes()).unwrap();
    assert_eq!((third.inserted, third.duplicates), (1, 1));
    // A relative age seen another day is still the same review.
    let aged = "plateforme;auteur;date;vu_le;texte\nGoogle;Léo;il y a 2 mois;01/01/2026;Bien.\n";
    assert_eq!(f.import("c.csv", aged.as_bytes()).unwrap().inserted, 1);
    let later = "plateforme;auteur;date;vu_le;texte\nGoogle;Léo;il y a 3 mois;01/02/2026;Bien.\n";
    assert_eq!(f.import("d.csv", later.as_bytes()).unwrap().duplicates, 1);
    assert_eq!(f.count_on_disk(), 4);
    // Skipped rows left no trace in the full-text index either (FTS5 compares it with the table).
    f.store.conn().execute("INSERT INTO review_fts (review_fts, rank) VALUES ('integrity-check', 1)", []).unwrap();
    let total: i64 = f.store.conn().query_row("SELECT count(*) FROM review_fts WHERE review_fts MATCH 'attente'", [], |r| r.get(0)).unwrap();
    assert_eq!(total, 1);
}

#[test]
fn a_50_mb_file_is_refused_before_reading() {
    let mut f = setup();
    let path = f.dir.path().join("enorme.csv");
    {
        use std::io::Write;
        let mut out = std::io::BufWriter::new(std::fs::File::create(&path).unwrap());
        out.write_all(b"plateforme;auteur;date;note;texte\n").unwrap();
        let line = b"Google;Jean;01/02/2026;3;Un avis parfaitement valide, r\xC3\xA9p\xC3\xA9t\xC3\xA9 jusqu'\xC3\xA0 50 Mo.\n";
        let mut written = 0u64;
        while written < 50 * 1024 * 1024 {
            out.write_all(line).unwrap();
            written += line.len() as u64;
        }
    }
    assert!(std::fs::metadata(&path).unwrap().len() > MAX_FILE_BYTES);
    let msg = file_message(import_file(&mut f.store, &path, ImportFormat::Csv, today()).unwrap_err());
    assert!(msg.contains("la limite est de 20 Mo"), "{msg}");
    assert_eq!(f.count_on_disk(), 0);
    // The same cap applies to bytes handed over directly.
    let big = vec![b'a'; MAX_FILE_BYTES as usize + 1];
    assert!(import::parse(&big, ImportFormat::Csv, today()).is_err());
}

#[test]
fn a_failure_while_writing_rolls_the_whole_file_back() {
    let mut f = setup();
    let mut parsed: Parsed = import::parse(GOOD.as_bytes(), ImportFormat::Csv, today()).unwrap();
    // A row the validation would never let through; the database CHECK refuses it last.
    let mut broken: NewReview = parsed.rows[0].clone();
    broken.author = "Quelqu'un d'autre".into();
    broken.rating = Some(9);
    parsed.rows.push(broken);
    assert!(commit(&mut f.store, parsed).is_err());
    assert_eq!(f.count_on_disk(), 0, "the three good rows went back too");
    // And the store is still usable afterwards.
    assert_eq!(f.import("ok.csv", GOOD.as_bytes()).unwrap().inserted, 3);
    let r = reviews::list(f.store.conn(), &ReviewFilter::default()).unwrap();
    assert!(r.items.iter().all(|x| x.status == ReviewStatus::New));
}

/// Excel on Windows writes "\r\n": rejected rows must carry the same line numbers as with "\n"
/// (header = line 1, first data row = line 2), also after a quoted field spanning two lines.
#[test]
fn crlf_files_report_the_same_lines_as_lf_files() {
    let lf = "plateforme;auteur;date;note;texte\n\
              Google;Ana;31/02/2026;4;Date impossible\n\
              Google;Bob;01/02/2026;4;\"Sur\ndeux lignes\"\n\
              Google;Cléo;01/02/2026;6;Note impossible\n\
              \n\
              Google;Dan;01/02/2026;3;Correct\n\
              Google;Eve;bientôt;3;Date illisible\n";
    let lines = |text: &str| -> Vec<usize> {
        let p = import::parse(text.as_bytes(), ImportFormat::Csv, today()).unwrap();
        p.rejected.iter().map(|r| r.line).collect()
    };
    assert_eq!(lines(lf), vec![2, 5, 8], "LF");
    let crlf = lf.replace('\n', "\r\n");
    assert_eq!(lines(&crlf), vec![2, 5, 8], "CRLF");
    let cr = lf.replace('\n', "\r");
    assert_eq!(lines(&cr), vec![2, 5, 8], "CR (old Mac)");
    // The same in Windows-1252, as Excel saves "CSV (séparateur : point-virgule)".
    let (cp1252, _, _) = encoding_rs::WINDOWS_1252.encode(&crlf);
    let p = import::parse(&cp1252, ImportFormat::Csv, today()).unwrap();
    assert_eq!(p.rejected.iter().map(|r| r.line).collect::<Vec<_>>(), vec![2, 5, 8]);
    let p = import::parse(crlf.as_bytes(), ImportFormat::Csv, today()).unwrap();
    let row = |line: usize| p.rejected.iter().find(|r| r.line == line).unwrap().reason.as_str();
    assert!(row(2).contains("« 31/02/2026 »"), "{}", row(2));
    assert!(row(8).contains("« bientôt »"), "{}", row(8));
    // The quoted two-line field keeps one "\n", whatever the file's line ends.
    let ok = "plateforme;auteur;date;texte\r\nGoogle;Bob;01/02/2026;\"Sur\r\ndeux lignes\"\r\n";
    let p = import::parse(ok.as_bytes(), ImportFormat::Csv, today()).unwrap();
    assert_eq!(p.rows[0].text, "Sur\ndeux lignes");
}

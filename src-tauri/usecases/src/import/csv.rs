//! CSV import of reviews, for reviews copied into a spreadsheet by hand or exported by a tool.
//!
//! # The file
//!
//! * **Encoding**: UTF-8 (with or without BOM) or Windows-1252 ("CSV" from Excel on a French
//!   Windows). Detected: valid UTF-8 is read as such, anything else as Windows-1252; a file
//!   mixing both is refused with the lines concerned.
//! * **Separator**: `;` (French Excel) or `,`, recognised on the header line. Fields containing
//!   the separator, quotes or line breaks are quoted with `"` (doubled inside), as every
//!   spreadsheet does.
//! * **First line**: the column names below, in any order, case and accents ignored. Other
//!   columns are ignored.
//!
//! | Column (French) | Also accepted | Required | Content |
//! |---|---|---|---|
//! | `plateforme` | `plate-forme`, `platform`, `site`, `source` | yes | Where the review is published: `Google`, `Doctolib`… |
//! | `auteur` | `author`, `pseudo`, `pseudonyme`, `nom`, `name`, `reviewer` | yes | The author's pseudonym as shown. |
//! | `date` | `date_publication`, `publication`, `published`, `published_on` | yes | `JJ/MM/AAAA`, `AAAA-MM-JJ`, an RFC 3339 timestamp, or the age shown: `il y a 3 jours`, `il y a un mois`, `2 months ago`, `a year ago`. |
//! | `vu_le` | `date_vue`, `consulte_le`, `seen_on`, `seen` | no | The day a relative age was seen (`JJ/MM/AAAA`); default: the import day. |
//! | `note` | `rating`, `etoiles`, `stars`, `score` | no* | Whole number 1 to 5 (`4`, `4/5`); empty if none. |
//! | `texte` | `text`, `commentaire`, `comment`, `avis`, `review` | no* | The review's text. |
//! | `url` | `lien`, `link`, `adresse` | no | `http://` or `https://` address of the review. |
//!
//! \* A row needs a rating or a text (or both).
//!
//! Example (`;`, UTF-8):
//!
//! ```text
//! plateforme;url;auteur;date;note;texte
//! Google;https://maps.google.com/…;Jean D.;il y a 2 mois;2;"Attente très longue; secrétariat désagréable."
//! Doctolib;;Marie L.;05/03/2025;5;Très à l'écoute.
//! ```

use chrono::NaiveDate;

use erm_domain::review::published::quoted;
use erm_domain::review::{validate, ReviewInput};
use erm_domain::text::strip_accents;
use erm_domain::validation::Invalid;

use super::encoding::decode;
use super::{Parsed, RejectedRow};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Column {
    Platform,
    Author,
    Date,
    SeenOn,
    Rating,
    Text,
    Url,
}

impl Column {
    const REQUIRED: [Column; 3] = [Column::Platform, Column::Author, Column::Date];

    fn french(self) -> &'static str {
        match self {
            Column::Platform => "plateforme",
            Column::Author => "auteur",
            Column::Date => "date",
            Column::SeenOn => "vu_le",
            Column::Rating => "note",
            Column::Text => "texte",
            Column::Url => "url",
        }
    }

    /// Recognises a header cell: lower case, no accents, spaces and dashes as `_`.
    fn from_header(cell: &str) -> Option<Column> {
        let key: String = strip_accents(cell.trim().trim_start_matches('\u{feff}'))
            .to_lowercase()
            .chars()
            .map(|c| if c.is_alphanumeric() { c } else { '_' })
            .collect();
        Some(match key.trim_matches('_') {
            "plateforme" | "plate_forme" | "platform" | "site" | "source" => Column::Platform,
            "auteur" | "author" | "pseudo" | "pseudonyme" | "nom" | "name" | "reviewer" => Column::Author,
            "date" | "date_publication" | "date_de_publication" | "publication" | "published" | "published_on" => {
                Column::Date
            }
            "vu_le" | "date_vue" | "consulte_le" | "seen_on" | "seen" => Column::SeenOn,
            "note" | "rating" | "etoiles" | "stars" | "score" => Column::Rating,
            "texte" | "text" | "commentaire" | "comment" | "avis" | "review" => Column::Text,
            "url" | "lien" | "link" | "adresse" => Column::Url,
            _ => return None,
        })
    }
}

fn file_error(message: impl Into<String>) -> Invalid {
    Invalid::single("file", message)
}

/// Picks the separator from the header line: the more frequent of `;` and `,` outside quotes.
fn sniff_delimiter(header: &str) -> Result<u8, Invalid> {
    let (mut semicolons, mut commas, mut quoted) = (0, 0, false);
    for c in header.chars() {
        match c {
            '"' => quoted = !quoted,
            ';' if !quoted => semicolons += 1,
            ',' if !quoted => commas += 1,
            _ => {}
        }
    }
    if semicolons == 0 && commas == 0 {
        let other = if header.contains('\t') {
            Some("des tabulations")
        } else if header.contains('|') {
            Some("des barres « | »")
        } else {
            None
        };
        return Err(file_error(match other {
            Some(sep) => format!(
                "Les colonnes de ce fichier sont séparées par {sep} : seuls « ; » et « , » sont acceptés. \
                 Enregistrez-le à nouveau au format CSV."
            ),
            None => format!(
                "La première ligne doit nommer les colonnes, séparées par « ; » ou « , » : {}. \
                 Première ligne trouvée dans le fichier : {}.",
                expected_columns(),
                erm_domain::review::published::quoted(header)
            ),
        }));
    }
    Ok(if semicolons >= commas { b';' } else { b',' })
}

/// The header cells as written in the file, each quoted (cut to 40 characters), at most 20.
fn found_headers(headers: &::csv::StringRecord) -> String {
    let cells: Vec<&str> = headers.iter().map(|c| c.trim().trim_start_matches('\u{feff}').trim()).collect();
    if cells.iter().all(|c| c.is_empty()) {
        return "aucune (la première ligne est vide)".into();
    }
    let mut shown: Vec<String> =
        cells.iter().take(20).map(|c| if c.is_empty() { "(vide)".to_owned() } else { quoted(c) }).collect();
    if cells.len() > 20 {
        shown.push(format!("et {} autres", cells.len() - 20));
    }
    shown.join(", ")
}

fn expected_columns() -> String {
    "plateforme, auteur, date (obligatoires), puis note, texte, url, vu_le".into()
}

/// Parses a CSV file (see the module documentation). File-level problems are an `Err`;
/// each faulty row is a [`RejectedRow`] with its line.
pub fn parse(bytes: &[u8], today: NaiveDate) -> Result<Parsed, Invalid> {
    let (text, _encoding) = decode(bytes).map_err(file_error)?;
    // Excel on Windows ends lines with "\r\n" (old Macs with "\r"). The csv reader ends a record
    // at the "\r" and counts the line at the "\n", so each record would be reported one line too
    // early: line ends are made "\n" first (also inside quoted fields, as the review text's
    // normalisation would do anyway).
    let text = if text.contains('\r') { text.replace("\r\n", "\n").replace('\r', "\n") } else { text };
    let header_line = text.lines().find(|l| !l.trim().is_empty()).ok_or_else(|| file_error("Le fichier est vide."))?;
    let delimiter = sniff_delimiter(header_line)?;
    let mut reader = ::csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(true)
        .flexible(true)
        .from_reader(text.as_bytes());

    let headers = reader.headers().map_err(|e| file_error(format!("En-tête illisible : {e}.")))?.clone();
    let mut columns: Vec<Option<Column>> = Vec::with_capacity(headers.len());
    for cell in headers.iter() {
        let col = Column::from_header(cell);
        if let Some(c) = col.filter(|c| columns.contains(&Some(*c))) {
            return Err(file_error(format!(
                "La colonne « {} » apparaît deux fois dans la première ligne (sous le nom {}).",
                c.french(),
                quoted(cell)
            )));
        }
        columns.push(col);
    }
    let missing: Vec<&str> =
        Column::REQUIRED.iter().filter(|c| !columns.contains(&Some(**c))).map(|c| c.french()).collect();
    if !missing.is_empty() {
        let hint = if headers.len() == 1 {
            " Le séparateur n'a peut-être pas été reconnu : la première ligne ne forme qu'une seule colonne."
        } else {
            ""
        };
        return Err(file_error(format!(
            "Colonne{} obligatoire{} absente{} : {}. Colonnes trouvées dans la première ligne : {}. \
             Colonnes attendues : {}.{hint}",
            plural(missing.len()),
            plural(missing.len()),
            plural(missing.len()),
            missing.join(", "),
            found_headers(&headers),
            expected_columns()
        )));
    }

    let mut parsed = Parsed::default();
    let separator = if delimiter == b';' { "« ; »" } else { "« , »" };
    for record in reader.records() {
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                let line = e.position().map_or(0, |p| p.line() as usize);
                parsed.rejected.push(RejectedRow { line, reason: format!("Ligne illisible : {e}.") });
                continue;
            }
        };
        let line = record.position().map_or(0, |p| p.line() as usize);
        if record.iter().all(|f| f.trim().is_empty()) {
            continue;
        }
        if record.len() != headers.len() {
            parsed.rejected.push(RejectedRow {
                line,
                reason: format!(
                    "Cette ligne compte {} colonne{} au lieu de {} (séparateur attendu : {separator}). \
                     Un texte contenant le séparateur doit être entre guillemets.",
                    record.len(),
                    plural(record.len()),
                    headers.len()
                ),
            });
            continue;
        }
        let mut input = ReviewInput::default();
        for (cell, column) in record.iter().zip(&columns) {
            let slot = match column {
                Some(Column::Platform) => &mut input.platform,
                Some(Column::Author) => &mut input.author,
                Some(Column::Date) => &mut input.published,
                Some(Column::SeenOn) => &mut input.seen_on,
                Some(Column::Rating) => &mut input.rating,
                Some(Column::Text) => &mut input.text,
                Some(Column::Url) => &mut input.url,
                None => continue,
            };
            *slot = cell.to_owned();
        }
        match validate(&input, today) {
            Ok(review) => parsed.rows.push(review),
            Err(invalid) => parsed.rejected.push(RejectedRow { line, reason: invalid.to_string() }),
        }
    }
    Ok(parsed)
}

fn plural(n: usize) -> &'static str {
    if n > 1 { "s" } else { "" }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 3, 1).unwrap()
    }

    #[test]
    fn english_aliases_comma_and_quoted_fields() {
        let file = "Platform,Author,Published,Rating,Comment,Link\n\
                    Google,Jean D.,2 months ago,2,\"Long wait, rude staff\nsecond line\",https://g.co/x\n\
                    Google,Marie,2026-02-01,5,,\n";
        let p = parse(file.as_bytes(), today()).unwrap();
        assert!(p.rejected.is_empty(), "{:?}", p.rejected);
        assert_eq!(p.rows.len(), 2);
        assert_eq!(p.rows[0].text, "Long wait, rude staff\nsecond line");
        assert_eq!(p.rows[0].url.as_deref(), Some("https://g.co/x"));
        assert!(p.rows[0].published.is_approximate());
        assert_eq!(p.rows[1].rating, Some(5));
    }

    #[test]
    fn header_names_ignore_case_accents_and_unknown_columns() {
        let file = "Plate-forme;AUTEUR;Date de publication;Étoiles;Texte;Remarque interne\nDoctolib;Zoé;01/02/2026;;Bien;xx\n";
        let p = parse(file.as_bytes(), today()).unwrap();
        assert_eq!((p.rows.len(), p.rows[0].author.as_str(), p.rows[0].rating), (1, "Zoé", None));
    }

    #[test]
    fn delimiter_problems_are_explained() {
        let err = parse(b"plateforme\tauteur\tdate\nGoogle\tA\t01/01/2026\n", today()).unwrap_err();
        assert!(err.to_string().contains("tabulations"), "{err}");
        let err = parse(b"plateforme auteur date\n", today()).unwrap_err();
        assert!(err.to_string().contains("« ; » ou « , »"), "{err}");
        assert!(err.to_string().contains("Première ligne trouvée dans le fichier : « plateforme auteur date »"), "{err}");
    }
}

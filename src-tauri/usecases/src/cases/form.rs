//! The forms of the Dossiers area as the page sends them: dates as the doctor typed them
//! (JJ/MM/AAAA), read here field by field so a bad date is reported on its own field in French;
//! everything else is typed by serde (grounds, roles, decisions are enums, never free strings).

use chrono::NaiveDate;
use serde::Deserialize;
use serde_json::{Map, Value};

use erm_domain::case::{CaseEvent, CaseInput, FirstPublication, Party, QuotedStatement};
use erm_domain::validation::{parse_form_date, Invalid};

/// When the content was first published, as typed.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum PublicationForm {
    Exact { on: String },
    Approximate { earliest_on: String, latest_on: String, seen_text: String, seen_on: String },
}

/// The case form (open or edit).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct CaseForm {
    pub title: String,
    pub url: String,
    pub site_name: String,
    #[serde(default)]
    pub author: String,
    #[serde(default)]
    pub review_id: Option<i64>,
    pub statements: Vec<QuotedStatement>,
    #[serde(default)]
    pub parties: Vec<Party>,
    pub publication: PublicationForm,
    pub discovered_on: String,
    #[serde(default)]
    pub notes: String,
    /// The version the form was loaded with (see `store::versions`); required to update.
    #[serde(default)]
    pub row_version: Option<i64>,
}

impl CaseForm {
    /// The checked and cleaned domain input, or every fault at once: unreadable dates and the
    /// rules of `domain::case::validate` (a rule about a date that could not be read is not
    /// reported twice).
    pub fn validate(&self, today: NaiveDate) -> Result<CaseInput, Invalid> {
        let (input, mut inv) = self.to_input();
        match erm_domain::case::validate::validate_case(&input, today) {
            Ok(clean) if inv.is_empty() => Ok(clean),
            Ok(_) => Err(inv),
            Err(rules) => {
                let unreadable: Vec<String> = inv.errors.iter().map(|e| e.field.clone()).collect();
                inv.errors.extend(rules.errors.into_iter().filter(|e| !unreadable.contains(&e.field)));
                Err(inv)
            }
        }
    }

    /// The domain input and the unreadable dates (each replaced by a placeholder so the other
    /// fields can still be checked).
    fn to_input(&self) -> (CaseInput, Invalid) {
        let mut inv = Invalid::new();
        let mut date = |raw: &str, what: &str| -> NaiveDate {
            parse_form_date("first_publication", raw, what).unwrap_or_else(|e| {
                inv.errors.extend(e.errors);
                NaiveDate::MIN
            })
        };
        let first_publication = match &self.publication {
            PublicationForm::Exact { on } => FirstPublication::Exact { on: date(on, "la date de première publication") },
            PublicationForm::Approximate { earliest_on, latest_on, seen_text, seen_on } => FirstPublication::Approximate {
                earliest_on: date(earliest_on, "la date la plus ancienne possible de la publication"),
                latest_on: date(latest_on, "la date la plus récente possible de la publication"),
                seen_text: seen_text.clone(),
                seen_on: date(seen_on, "le jour où vous avez vu la date affichée"),
            },
        };
        let discovered_on = parse_form_date("discovered_on", &self.discovered_on, "le jour où vous avez découvert le contenu")
            .unwrap_or_else(|e| {
                inv.errors.extend(e.errors);
                NaiveDate::MIN
            });
        let author = self.author.trim();
        let input = CaseInput {
            title: self.title.clone(),
            url: self.url.clone(),
            site_name: self.site_name.clone(),
            author: (!author.is_empty()).then(|| author.to_owned()),
            review_id: self.review_id,
            statements: self.statements.clone(),
            parties: self.parties.clone(),
            first_publication,
            discovered_on,
            notes: self.notes.clone(),
        };
        (input, inv)
    }
}

/// The longest text a step field (reason, summary, reference, note…) takes.
pub const MAX_STEP_TEXT_CHARS: usize = 2_000;

/// One step of the ladder as the page sends it: `{ "kind": "report_made", "on": "03/03/2026",
/// "reason": "…", "note": "…" }`. The date is read here; the rest must be the event's own fields.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct CaseStepInput {
    pub kind: String,
    pub on: String,
    #[serde(default)]
    pub note: String,
    #[serde(flatten)]
    pub fields: Map<String, Value>,
}

impl CaseStepInput {
    /// The note kept beside the event in the chronology: empty when the event holds it itself.
    pub fn side_note(&self, event: &CaseEvent) -> &str {
        match event {
            CaseEvent::ReportDecided { .. } | CaseEvent::HostDecided { .. } | CaseEvent::Closed { .. } => "",
            _ => self.note.trim(),
        }
    }

    pub fn to_event(&self) -> Result<CaseEvent, Invalid> {
        let on = parse_form_date("on", &self.on, "la date de cette étape")?;
        // A paste of a whole page into a reference or a summary is refused, not stored.
        let too_long = self.fields.iter().find_map(|(k, v)| v.as_str().filter(|t| t.chars().count() > MAX_STEP_TEXT_CHARS).map(|_| k.clone()));
        if let Some(field) = too_long.or_else(|| (self.note.chars().count() > MAX_STEP_TEXT_CHARS).then(|| "note".to_owned())) {
            return Err(Invalid::single(&field, format!("Ce texte dépasse {MAX_STEP_TEXT_CHARS} caractères : résumez-le et joignez le document complet comme pièce du dossier.")));
        }
        let mut obj = Map::new();
        for (k, v) in &self.fields {
            match v {
                // An empty optional text is "not given", not an empty reference.
                Value::String(s) if s.trim().is_empty() => {}
                Value::String(s) if k == "deadline_days" || k == "letter_id" => {
                    let n: u32 = s.trim().parse().map_err(|_| Invalid::single(k, "Indiquez un nombre entier de jours."))?;
                    obj.insert(k.clone(), Value::from(n));
                }
                Value::String(s) if k == "complied" => {
                    obj.insert(k.clone(), Value::Bool(s == "true"));
                }
                Value::String(s) => {
                    obj.insert(k.clone(), Value::String(s.trim().to_owned()));
                }
                other => {
                    obj.insert(k.clone(), other.clone());
                }
            }
        }
        // Some steps carry their own note (what a decision said): the form's note is that text.
        if !self.note.trim().is_empty() {
            obj.insert("note".into(), Value::String(self.note.trim().to_owned()));
        }
        obj.insert("kind".into(), Value::String(self.kind.clone()));
        obj.insert("on".into(), Value::String(on.to_string()));
        serde_json::from_value(Value::Object(obj)).map_err(|e| {
            log::warn!("case step form of kind {} unreadable: {e}", self.kind);
            // serde names a missing field between backticks: report it on that field.
            let text = e.to_string();
            match text.strip_prefix("missing field `").and_then(|r| r.split('`').next()) {
                Some(field) => Invalid::single(field, "Ce champ est obligatoire pour cette étape."),
                None => Invalid::single("kind", "Ce formulaire est incomplet ou inconnu : remplissez chaque champ demandé, puis enregistrez de nouveau."),
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use erm_domain::case::{PartyRole, PlatformDecision};

    fn step(json: serde_json::Value) -> CaseStepInput {
        serde_json::from_value(json).expect("a well-formed step form")
    }

    #[test]
    fn a_step_reads_its_french_date_and_typed_fields() {
        let e = step(serde_json::json!({ "kind": "report_decided", "on": "05/03/2026", "decision": "no_violation", "note": "" }))
            .to_event()
            .unwrap();
        assert_eq!(
            e,
            CaseEvent::ReportDecided { on: NaiveDate::from_ymd_opt(2026, 3, 5).unwrap(), decision: PlatformDecision::NoViolation, note: String::new() }
        );
        let sent = step(serde_json::json!({ "kind": "formal_notice_sent", "on": "2026-03-05", "to": "publisher", "deadline_days": "15", "registered_number": " " }))
            .to_event()
            .unwrap();
        assert!(matches!(sent, CaseEvent::FormalNoticeSent { to: PartyRole::Publisher, deadline_days: 15, registered_number: None, .. }));
    }

    #[test]
    fn bad_input_is_reported_on_its_field() {
        assert!(step(serde_json::json!({ "kind": "report_made", "on": "31/02/2026", "reason": "x" })).to_event().unwrap_err().has("on"));
        assert!(step(serde_json::json!({ "kind": "formal_notice_sent", "on": "01/03/2026", "to": "publisher", "deadline_days": "quinze" }))
            .to_event()
            .unwrap_err()
            .has("deadline_days"));
        assert!(step(serde_json::json!({ "kind": "report_decided", "on": "01/03/2026", "decision": "maybe" })).to_event().unwrap_err().has("kind"));
        assert!(step(serde_json::json!({ "kind": "not_a_step", "on": "01/03/2026" })).to_event().unwrap_err().has("kind"));
        assert!(step(serde_json::json!({ "kind": "constat_done", "on": "01/03/2026", "reference": "  " })).to_event().unwrap_err().has("reference"));
        let paste = "x".repeat(5 * 1024 * 1024);
        assert!(step(serde_json::json!({ "kind": "report_made", "on": "01/03/2026", "reason": paste })).to_event().unwrap_err().has("reason"));
    }

    #[test]
    fn the_case_form_reports_every_bad_date() {
        let form: CaseForm = serde_json::from_value(serde_json::json!({
            "title": "t", "url": "https://exemple.fr/a", "site_name": "Forum", "statements": [],
            "publication": { "kind": "approximate", "earliest_on": "x", "latest_on": "01/03/2026", "seen_text": "il y a 2 mois", "seen_on": "02/03/2026" },
            "discovered_on": "bientôt"
        }))
        .unwrap();
        let err = form.validate(NaiveDate::from_ymd_opt(2026, 3, 10).unwrap()).unwrap_err();
        assert!(err.has("first_publication") && err.has("discovered_on"), "{err:?}");
        // The other fields are checked in the same pass; a date is not reported twice.
        assert!(err.has("statements"), "{err:?}");
        assert_eq!(err.errors.iter().filter(|e| e.field == "discovered_on").count(), 1, "{err:?}");
    }
}

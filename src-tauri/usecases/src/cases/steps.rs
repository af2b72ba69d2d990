//! The forms that record a step of a case (report, decision, notice, constat, court act…), as
//! the page draws them: title, date label, hint, and each field with its label, kind, choices,
//! default and whether it is required. Owned here, beside [`super::form::CaseStepInput`] which
//! reads them back and [`erm_domain::case::CaseEvent`] which decides what is required: the page
//! keeps no list of its own (issue 20), so a field the event needs is always on the form.

use chrono::NaiveDate;
use serde::Serialize;

use crate::error::Error;
use erm_domain::case::{CourtAction, Outcome, Party, PartyRole, PlatformDecision};
use erm_domain::deadline::{FORMAL_NOTICE_DAYS_RANGE, FORMAL_NOTICE_DEFAULT_DAYS};
use erm_domain::listing::ReceiptBasis;
use erm_domain::validation::Invalid;

/// How a field is typed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Input {
    Text,
    Number,
    Area,
    Select,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Choice {
    pub value: &'static str,
    pub label: &'static str,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StepField {
    /// The key the form sends (`case_record_event`'s input).
    pub name: &'static str,
    pub label: String,
    pub input: Input,
    pub choices: Vec<Choice>,
    /// What the field holds when the form opens.
    pub value: String,
    pub required: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StepForm {
    pub kind: &'static str,
    pub title: &'static str,
    pub date_label: &'static str,
    pub hint: Option<&'static str>,
    /// The date field's value when the form opens (today).
    pub date_value: String,
    pub fields: Vec<StepField>,
}

fn text(name: &'static str, label: &str, required: bool) -> StepField {
    StepField { name, label: label.to_owned(), input: Input::Text, choices: vec![], value: String::new(), required }
}

fn area(name: &'static str, label: &str) -> StepField {
    StepField { input: Input::Area, ..text(name, label, false) }
}

fn select<T: Copy>(name: &'static str, label: &str, all: &[T], value: fn(T) -> &'static str, shown: fn(T) -> &'static str, first: Option<&'static str>) -> StepField {
    let choices: Vec<Choice> = all.iter().map(|v| Choice { value: value(*v), label: shown(*v) }).collect();
    let value = first.or_else(|| choices.first().map(|c| c.value)).unwrap_or_default().to_owned();
    StepField { name, label: label.to_owned(), input: Input::Select, choices, value, required: true }
}

/// The optional note every step keeps beside its event in the chronology.
fn note() -> StepField {
    area("note", "Note (facultatif)")
}

/// Roles a mise en demeure or an answer can come from (the host has its own steps).
const NOT_HOST: [PartyRole; 2] = [PartyRole::Author, PartyRole::Publisher];

/// The form of step `kind` on a case with `parties` (the host's name is prefilled).
pub fn step_form(parties: &[Party], kind: &str, today: NaiveDate) -> Result<StepForm, Error> {
    let form = |kind, title, date_label, hint, fields| StepForm { kind, title, date_label, hint, date_value: today.format("%d/%m/%Y").to_string(), fields };
    let decision = || select("decision", "Décision", &PlatformDecision::ALL, PlatformDecision::as_str, PlatformDecision::label, None);
    Ok(match kind {
        "report_made" => form("report_made", "Signalement fait avec l’outil de la plateforme", "Date du signalement",
            Some("Utilisez d’abord l’outil de signalement de la plateforme (par exemple « Signaler l’avis »). Notez le motif choisi et la référence reçue. Un signalement n’arrête pas le délai de prescription (voir l’avertissement sous les délais du dossier)."),
            vec![text("reason", "Motif choisi dans l’outil", true), text("reference", "Référence reçue (facultatif)", false), note()]),
        "report_decided" => form("report_decided", "Décision de la plateforme sur le signalement", "Date de la décision", None,
            vec![decision(), area("note", "Ce que dit la réponse")]),
        "appeal_made" => form("appeal_made", "Contestation de la décision", "Date de la contestation",
            Some("Une plateforme en ligne doit en principe offrir un système interne de réclamation contre ses décisions (règlement sur les services numériques, article 20 ; les micro et petites entreprises en sont dispensées, article 19)."),
            vec![text("reference", "Référence (facultatif)", false), note()]),
        "host_notified" => {
            let mut host = text("host", "Hébergeur", true);
            host.value = parties.iter().find(|p| p.role == PartyRole::Host).map(|p| p.name.clone()).unwrap_or_default();
            form("host_notified", "Notification faite à l’hébergeur", "Date de la notification", None,
                vec![host, text("reference", "Référence du formulaire (facultatif)", false), text("registered_number", "N° de recommandé (facultatif)", false), note()])
        }
        "host_decided" => form("host_decided", "Décision de l’hébergeur", "Date de la décision", None, vec![decision(), area("note", "Ce que dit la réponse")]),
        "formal_notice_sent" => {
            let (min, max) = (*FORMAL_NOTICE_DAYS_RANGE.start(), *FORMAL_NOTICE_DAYS_RANGE.end());
            let mut days = StepField { input: Input::Number, ..text("deadline_days", &format!("Délai laissé ({min} à {max} jours)"), true) };
            days.value = FORMAL_NOTICE_DEFAULT_DAYS.to_string();
            form("formal_notice_sent", "Mise en demeure envoyée (hors application)", "Date d’envoi", None,
                vec![select("to", "Destinataire", &NOT_HOST, PartyRole::as_str, PartyRole::label, None), days, text("registered_number", "N° de recommandé (facultatif)", false), note()])
        }
        "formal_notice_received" => form("formal_notice_received", "Réception de la mise en demeure", "Date de réception ou de première présentation",
            Some("Le délai laissé au destinataire court à partir de cette date."),
            vec![select("basis", "Ce qui date la réception", &ReceiptBasis::ALL, ReceiptBasis::as_str, ReceiptBasis::label, None), note()]),
        "follow_up_sent" => form("follow_up_sent", "Relance envoyée (hors application)", "Date d’envoi", None, vec![note()]),
        "answer_received" => {
            let complied = StepField {
                choices: vec![Choice { value: "false", label: "Non" }, Choice { value: "true", label: "Oui, le contenu est retiré ou le sera" }],
                value: "false".into(),
                ..select("complied", "La demande est-elle satisfaite ?", &NOT_HOST, PartyRole::as_str, PartyRole::label, None)
            };
            form("answer_received", "Réponse reçue", "Date de la réponse", None,
                vec![select("from", "De la part de", &NOT_HOST, PartyRole::as_str, PartyRole::label, None), complied, area("summary", "Ce que dit la réponse"), note()])
        }
        "constat_ordered" => form("constat_ordered", "Constat commandé à un commissaire de justice", "Date de la commande", None,
            vec![text("officer", "Commissaire de justice (nom, étude)", true), text("reference", "Référence (facultatif)", false), note()]),
        "constat_done" => form("constat_done", "Constat dressé", "Date du constat",
            Some("Joignez ensuite le constat lui-même comme pièce du dossier (type « constat de commissaire de justice »)."),
            vec![text("reference", "Référence du constat", true), note()]),
        "lawyer_consulted" => form("lawyer_consulted", "Conseil consulté", "Date", None,
            vec![text("who", "Qui (avocat, protection juridique de votre assureur, Ordre…)", true), note()]),
        "court_action_filed" => form("court_action_filed", "Action en justice engagée", "Date de l’acte",
            Some("Seuls une assignation délivrée, une citation directe, une plainte avec constitution de partie civile ou des réquisitions du parquet interrompent le délai ; une plainte simple ne l’interrompt pas. Votre avocat vous donne la date et la référence."),
            vec![select("action", "Acte", &CourtAction::ALL, CourtAction::as_str, CourtAction::label, None), text("reference", "Référence (facultatif)", false), note()]),
        "content_removed" => form("content_removed", "Contenu retiré", "Date du constat", None, vec![area("how", "Comment vous l’avez constaté"), note()]),
        "content_reappeared" => form("content_reappeared", "Le contenu est de nouveau en ligne", "Date du constat", None, vec![note()]),
        "closed" => form("closed", "Clore le dossier", "Date", None,
            vec![select("outcome", "Issue", &Outcome::ALL, Outcome::as_str, Outcome::label, None), area("note", "Précisions")]),
        _ => return Err(Invalid::single("kind", "Cette étape n'existe pas.").into()),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cases::form::CaseStepInput;

    const KINDS: [&str; 16] = [
        "report_made", "report_decided", "appeal_made", "host_notified", "host_decided", "formal_notice_sent", "formal_notice_received", "follow_up_sent",
        "answer_received", "constat_ordered", "constat_done", "lawyer_consulted", "court_action_filed", "content_removed", "content_reappeared", "closed",
    ];

    #[test]
    fn every_step_form_filled_as_it_opens_plus_its_required_fields_is_accepted() {
        // The one owner of the rule: a form whose required fields are filled reads back into its
        // event; with one of them emptied, the refusal names that field.
        let today = NaiveDate::from_ymd_opt(2026, 3, 10).unwrap();
        for kind in KINDS {
            let form = step_form(&[], kind, today).unwrap();
            let filled = |skip: Option<&str>| {
                let mut input = serde_json::Map::new();
                input.insert("kind".into(), kind.into());
                input.insert("on".into(), form.date_value.clone().into());
                for f in &form.fields {
                    let v = if Some(f.name) == skip { String::new() } else if f.value.is_empty() && f.required { "Texte".into() } else { f.value.clone() };
                    input.insert(f.name.into(), v.into());
                }
                serde_json::from_value::<CaseStepInput>(serde_json::Value::Object(input)).unwrap().to_event()
            };
            filled(None).unwrap_or_else(|e| panic!("{kind}: {e:?}"));
            for f in form.fields.iter().filter(|f| f.required && f.input != Input::Select) {
                assert!(filled(Some(f.name)).unwrap_err().has(f.name), "{kind}: {} is required", f.name);
            }
            for f in form.fields.iter().filter(|f| !f.required) {
                filled(Some(f.name)).unwrap_or_else(|e| panic!("{kind}: {} is optional: {e:?}", f.name));
            }
        }
        assert!(step_form(&[], "pirate", today).is_err());
    }
}

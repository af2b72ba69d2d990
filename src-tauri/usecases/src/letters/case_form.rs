//! The form of each case letter, as the page draws it: its title, the fields the letter still
//! needs from the doctor (with which are required and why), the warnings to read. The rules that
//! decide a field here are the ones [`super::case::plan`] applies when the form comes back
//! ([`prior_contact_on_record`]), so a field Rust requires is always on screen: the page keeps
//! no copy of them.

use serde::Serialize;

use erm_domain::case::{CaseEvent, CaseFile, PartyRole};
use erm_domain::deadline::{FORMAL_NOTICE_DAYS_RANGE, FORMAL_NOTICE_DEFAULT_DAYS};
use erm_documents::letters::PriorContact;
use erm_store::cases as repo;
use erm_store::Store;

use super::case::CaseLetterKind;
use crate::error::Error;

/// One field of a letter's form.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FormField {
    pub name: &'static str,
    pub label: &'static str,
    /// `text`, `textarea`, `date` (JJ/MM/AAAA), `number` or `select`.
    pub input: &'static str,
    pub required: bool,
    pub hint: Option<String>,
    /// The value the field starts with.
    pub value: Option<String>,
    /// For a select.
    pub choices: Vec<FieldChoice>,
    /// The fieldset the field belongs to (see [`LetterForm::groups`]).
    pub group: Option<&'static str>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FieldChoice {
    pub value: &'static str,
    pub label: String,
    pub disabled: bool,
}

/// Fields shown together, one of which is needed (the notice made through the host's form, or
/// why it could not be).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FieldGroup {
    pub name: &'static str,
    pub legend: &'static str,
    pub hint: &'static str,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LetterForm {
    pub kind: &'static str,
    pub title: &'static str,
    pub groups: Vec<FieldGroup>,
    pub fields: Vec<FormField>,
    /// What the doctor must read before the letter goes out.
    pub warnings: &'static [&'static str],
    /// The box that confirms the warnings were read, when the letter needs it.
    pub acknowledgement: Option<&'static str>,
    pub submit_label: &'static str,
}

/// The prior contact the case already records (the last mise en demeure sent), if any. Without
/// one, a notice to the host must say why the author or the publisher was not written to first.
pub fn prior_contact_on_record(case: &CaseFile, events: &[CaseEvent]) -> Option<PriorContact> {
    events.iter().rev().find_map(|e| match e {
        CaseEvent::FormalNoticeSent { on, to, .. } => {
            let name = case.party(*to).map_or_else(|| to.label().to_lowercase(), |p| p.name.clone());
            Some(PriorContact::Sent { on: *on, to: name })
        }
        _ => None,
    })
}

pub fn title(kind: CaseLetterKind) -> &'static str {
    match kind {
        CaseLetterKind::HostNotice => "Notification à l’hébergeur (règlement sur les services numériques, art. 16)",
        CaseLetterKind::FormalNotice => "Mise en demeure",
        CaseLetterKind::FollowUp => "Relance après la mise en demeure",
        CaseLetterKind::EvidenceInventory => "Inventaire des preuves",
    }
}

fn text(name: &'static str, label: &'static str, required: bool, hint: Option<&str>) -> FormField {
    FormField { name, label, input: "text", required, hint: hint.map(str::to_owned), value: None, choices: vec![], group: None }
}

/// The form of letter `kind` for case `id`, from what the case records now.
pub fn form(store: &Store, id: i64, kind: CaseLetterKind) -> Result<LetterForm, Error> {
    let conn = store.conn();
    let case = repo::get(conn, id)?;
    let events: Vec<CaseEvent> = repo::events(conn, id)?.into_iter().map(|e| e.event).collect();
    let warnings = erm_documents::letters::export_warnings(kind.letter_kind());
    let (groups, fields, acknowledgement) = match kind {
        CaseLetterKind::HostNotice => {
            const GROUP: &str = "electronic_notice";
            let mut fields = vec![
                FormField { input: "date", group: Some(GROUP), ..text("electronic_notice_on", "Faite le", false, None) },
                FormField { group: Some(GROUP), ..text("electronic_notice_reference", "Référence obtenue (facultatif)", false, None) },
                FormField { group: Some(GROUP), ..text("electronic_notice_unavailable", "Ou : pourquoi le formulaire n’a pas pu être utilisé", false, None) },
            ];
            if prior_contact_on_record(&case, &events).is_none() {
                fields.push(text(
                    "prior_contact_reason",
                    "Pourquoi l’auteur ou l’éditeur n’a pas été contacté d’abord",
                    true,
                    Some("Aucune mise en demeure n’est enregistrée dans ce dossier. Par exemple : « l’auteur n’est connu que par un pseudonyme et le site ne publie aucun moyen de le joindre »."),
                ));
            }
            fields.push(FormField {
                input: "textarea",
                ..text(
                    "factual_justification",
                    "Pourquoi, en fait, ces propos sont illicites",
                    true,
                    Some("Expliquez en quelques phrases, sans détail médical : par exemple, le fait imputé est faux et vous pouvez le prouver."),
                )
            });
            let groups = vec![FieldGroup {
                name: GROUP,
                legend: "Notification par le formulaire de l’hébergeur (à faire d’abord)",
                hint: "Indiquez la date de la notification faite par le formulaire du site, ou pourquoi il n’a pas pu être utilisé.",
            }];
            (groups, fields, Some("false_notice_acknowledged"))
        }
        CaseLetterKind::FormalNotice | CaseLetterKind::FollowUp => {
            let author = case.parties.iter().find(|p| p.role == PartyRole::Author && p.identified);
            let choices = vec![
                FieldChoice {
                    value: PartyRole::Author.as_str(),
                    label: author.map_or_else(|| "L’auteur (non identifié)".to_owned(), |a| format!("L’auteur : {}", a.name)),
                    disabled: author.is_none(),
                },
                FieldChoice { value: PartyRole::Publisher.as_str(), label: "L’éditeur du site".to_owned(), disabled: false },
            ];
            let recipient = FormField {
                input: "select",
                value: Some(if author.is_some() { PartyRole::Author } else { PartyRole::Publisher }.as_str().to_owned()),
                choices,
                ..text(
                    "recipient_role",
                    "Destinataire",
                    true,
                    author.is_none().then_some("L’auteur n’est pas identifié dans le dossier : la mise en demeure va à l’éditeur du site."),
                )
            };
            let (min, max) = (*FORMAL_NOTICE_DAYS_RANGE.start(), *FORMAL_NOTICE_DAYS_RANGE.end());
            let days = FormField {
                input: "number",
                value: Some(FORMAL_NOTICE_DEFAULT_DAYS.to_string()),
                hint: Some(format!(
                    "Entre {min} et {max} jours. Le délai court à partir de la réception de la lettre. Aucune somme d’argent ne doit être demandée."
                )),
                ..text("deadline_days", "Délai laissé (en jours)", true, None)
            };
            (vec![], vec![recipient, days], Some("press_clock_acknowledged"))
        }
        CaseLetterKind::EvidenceInventory => (vec![], vec![], None),
    };
    Ok(LetterForm {
        kind: kind.letter_kind().as_str(),
        title: title(kind),
        groups,
        fields,
        warnings,
        acknowledgement: acknowledgement.filter(|_| !warnings.is_empty()),
        submit_label: "Préparer le courrier (PDF)",
    })
}

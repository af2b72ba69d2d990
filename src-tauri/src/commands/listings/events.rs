//! The forms that record a step of a listing ("réponse reçue", "refus"…) send plain strings;
//! this turns them into a core `Event`, reporting each unreadable value on its own field. The
//! state machine then decides whether the step is allowed.

use chrono::NaiveDate;
use erm_core::domain::listing::{Event, PresenceOutcome, RemovalProof, RequestChannel};
use erm_core::domain::validation::{clean, Invalid};
use erm_core::store::listings::StoredEvent;
use serde::Deserialize;

/// What a step form sends. Only the fields of the chosen `kind` are read.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct EventInput {
    /// The event kind, as stored: "reply_received", "refusal_received"…
    pub kind: String,
    /// "AAAA-MM-JJ".
    pub occurred_on: String,
    /// For "erasure_requested": "email", "web_form" or "registered_letter".
    pub channel: String,
    pub registered_number: String,
    /// Reply or refusal summary, or the publisher's confirmation of removal.
    pub summary: String,
    /// Reasons given for an extension.
    pub reasons: String,
    /// CNIL complaint reference.
    pub reference: String,
    /// Search engines asked to dereference.
    pub engines: Vec<String>,
    /// For "removal_confirmed": "presence_check", "publisher_confirmation" or "observation".
    pub proof_by: String,
    pub note: String,
}

/// Reads a date typed in a form; the message names what is expected.
pub fn parse_date(field: &str, raw: &str, what: &str) -> Result<NaiveDate, Invalid> {
    NaiveDate::parse_from_str(raw.trim(), "%Y-%m-%d")
        .map_err(|_| Invalid::single(field, format!("Indiquez {what} (une date au format AAAA-MM-JJ).")))
}

/// Builds the event. `history` supplies the last presence check when the removal is proven by it.
pub fn to_event(input: &EventInput, history: &[StoredEvent]) -> Result<Event, Invalid> {
    let on = |what: &str| parse_date("occurred_on", &input.occurred_on, what);
    let text = |field: &str, raw: &str, msg: &str| -> Result<String, Invalid> {
        let v = raw.trim().to_owned();
        if v.is_empty() {
            Err(Invalid::single(field, msg))
        } else {
            Ok(v)
        }
    };
    Ok(match input.kind.as_str() {
        "erasure_requested" => {
            let channel = match input.channel.as_str() {
                "email" => RequestChannel::Email,
                "web_form" => RequestChannel::WebForm,
                "registered_letter" => RequestChannel::RegisteredLetter,
                _ => return Err(Invalid::single("channel", "Indiquez comment la demande a été envoyée (courriel, formulaire du site ou lettre recommandée).")),
            };
            // Stored as the letter repository stores it: no spaces, capitals.
            let number: String = input.registered_number.chars().filter(|c| !c.is_whitespace()).collect::<String>().to_uppercase();
            Event::ErasureRequested {
                sent_on: on("la date d'envoi de la demande")?,
                channel,
                letter_id: None,
                registered_number: (!number.is_empty()).then_some(number),
            }
        }
        "receipt_acknowledged" => Event::ReceiptAcknowledged { acknowledged_on: on("la date portée sur l'avis de réception")? },
        "extension_notified" => Event::ExtensionNotified {
            notified_on: on("la date où l'éditeur a notifié la prolongation")?,
            reasons: text("reasons", &input.reasons, "Résumez les motifs de prolongation donnés par l'éditeur.")?,
        },
        "reply_received" => Event::ReplyReceived {
            replied_on: on("la date de la réponse")?,
            summary: text("summary", &input.summary, "Résumez la réponse reçue en une ou deux phrases.")?,
        },
        "refusal_received" => Event::RefusalReceived {
            replied_on: on("la date du refus")?,
            summary: text("summary", &input.summary, "Résumez le refus et ses motifs en une ou deux phrases.")?,
        },
        "no_answer_recorded" => Event::NoAnswerRecorded { noted_on: on("la date du constat")? },
        "cnil_complaint_filed" => Event::CnilComplaintFiled { filed_on: on("la date du dépôt de la plainte")?, reference: clean(&input.reference) },
        "dereferencing_requested" => Event::DereferencingRequested {
            requested_on: on("la date de la demande")?,
            engines: input.engines.iter().map(|e| clean(e)).filter(|e| !e.is_empty()).collect(),
        },
        "removal_confirmed" => {
            let proof = match input.proof_by.as_str() {
                "presence_check" => {
                    let check = history.iter().rev().find_map(|e| match &e.event {
                        Event::PresenceChecked { check, .. } => Some(check.clone()),
                        _ => None,
                    });
                    match check {
                        Some(check) if check.outcome == PresenceOutcome::Removed => RemovalProof::PresenceCheck { check },
                        _ => return Err(Invalid::single("proof_by", "La dernière vérification de présence n'a pas constaté la suppression : choisissez une autre preuve ou vérifiez à nouveau.")),
                    }
                }
                "publisher_confirmation" => RemovalProof::PublisherConfirmation {
                    summary: text("summary", &input.summary, "Résumez ce que l'éditeur a écrit.")?,
                },
                "observation" => RemovalProof::Observation {
                    note: text("summary", &input.summary, "Décrivez ce que vous avez constaté (par exemple : la page affiche « introuvable »).")?,
                },
                _ => return Err(Invalid::single("proof_by", "Indiquez comment la suppression a été constatée.")),
            };
            Event::RemovalConfirmed { observed_on: on("la date du constat")?, proof }
        }
        "reappeared" => Event::Reappeared { observed_on: on("la date où la fiche est réapparue")?, note: input.note.trim().to_owned() },
        "presence_checked" => {
            return Err(Invalid::single("kind", "Une vérification de présence s'enregistre par le bouton « Vérifier la présence »."))
        }
        _ => return Err(Invalid::single("kind", "Étape inconnue pour une fiche.")),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_missing_value_is_reported_on_its_field() {
        let reply = EventInput { kind: "reply_received".into(), occurred_on: "2026-11-02".into(), ..Default::default() };
        assert!(to_event(&reply, &[]).unwrap_err().has("summary"));
        let bad_date = EventInput { kind: "no_answer_recorded".into(), occurred_on: "02/11/2026".into(), ..Default::default() };
        assert!(to_event(&bad_date, &[]).unwrap_err().has("occurred_on"));
        let no_channel = EventInput { kind: "erasure_requested".into(), occurred_on: "2026-11-02".into(), ..Default::default() };
        assert!(to_event(&no_channel, &[]).unwrap_err().has("channel"));
        let removal = EventInput { kind: "removal_confirmed".into(), occurred_on: "2026-11-02".into(), proof_by: "presence_check".into(), ..Default::default() };
        assert!(to_event(&removal, &[]).unwrap_err().has("proof_by"), "no removed presence check in the history");
    }

    #[test]
    fn a_refusal_keeps_its_summary() {
        let input = EventInput { kind: "refusal_received".into(), occurred_on: "2026-11-02".into(), summary: " Intérêt légitime invoqué ".into(), ..Default::default() };
        match to_event(&input, &[]).unwrap() {
            Event::RefusalReceived { replied_on, summary } => {
                assert_eq!(replied_on, NaiveDate::from_ymd_opt(2026, 11, 2).unwrap());
                assert_eq!(summary, "Intérêt légitime invoqué");
            }
            other => panic!("{other:?}"),
        }
    }
}

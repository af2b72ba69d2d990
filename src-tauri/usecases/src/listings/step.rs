//! The forms that record a step of a listing ("réponse reçue", "refus"…). Each form is one
//! variant of [`StepForm`], tagged by the event kind it records, so the channel, the proof and
//! the kind are types checked on arrival; only what the doctor typed (dates, summaries) stays
//! text, to be reported field by field in French. The state machine then decides whether the step
//! is allowed.

use chrono::NaiveDate;
use serde::Deserialize;

use erm_domain::listing::{Event, PresenceOutcome, ReceiptBasis, RemovalProof, RequestChannel};
use erm_domain::validation::{clean, parse_form_date, Invalid};
use erm_store::listings::StoredEvent;

/// How the doctor says a listing disappeared.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RemovalSeen {
    /// The last presence check found the page gone.
    PresenceCheck,
    PublisherConfirmation,
    Observation,
}

/// One step form, as the page sends it: `{ "kind": "reply_received", "occurred_on": …, … }`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum StepForm {
    ErasureRequested {
        occurred_on: String,
        channel: RequestChannel,
        #[serde(default)]
        registered_number: String,
    },
    /// The date the letter reached the publisher: the acknowledgement's date, or the date of
    /// first presentation when no acknowledgement came back or the letter was returned unclaimed.
    ReceiptAcknowledged {
        occurred_on: String,
        #[serde(default)]
        basis: ReceiptBasis,
    },
    ExtensionNotified {
        occurred_on: String,
        #[serde(default)]
        reasons: String,
    },
    ReplyReceived {
        occurred_on: String,
        #[serde(default)]
        summary: String,
    },
    RefusalReceived {
        occurred_on: String,
        #[serde(default)]
        summary: String,
    },
    NoAnswerRecorded {
        occurred_on: String,
    },
    CnilComplaintFiled {
        occurred_on: String,
        #[serde(default)]
        reference: String,
    },
    DereferencingRequested {
        occurred_on: String,
        #[serde(default)]
        engines: Vec<String>,
    },
    RemovalConfirmed {
        occurred_on: String,
        proof_by: RemovalSeen,
        #[serde(default)]
        summary: String,
    },
    Reappeared {
        occurred_on: String,
    },
}

/// A step form with the doctor's free note (kept beside the event in the history).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct StepInput {
    #[serde(flatten)]
    pub form: StepForm,
    #[serde(default)]
    pub note: String,
}

fn required(field: &str, raw: &str, msg: &str) -> Result<String, Invalid> {
    let v = raw.trim().to_owned();
    if v.is_empty() {
        Err(Invalid::single(field, msg))
    } else {
        Ok(v)
    }
}

impl StepInput {
    /// Builds the event. `history` supplies the last presence check when the removal is proven
    /// by it.
    pub fn to_event(&self, history: &[StoredEvent]) -> Result<Event, Invalid> {
        let on = |raw: &str, what: &str| -> Result<NaiveDate, Invalid> { parse_form_date("occurred_on", raw, what) };
        Ok(match &self.form {
            StepForm::ErasureRequested { occurred_on, channel, registered_number } => {
                // Stored as the letter repository stores it: no spaces, capitals.
                let number: String = registered_number.chars().filter(|c| !c.is_whitespace()).collect::<String>().to_uppercase();
                Event::ErasureRequested {
                    sent_on: on(occurred_on, "la date d'envoi de la demande")?,
                    channel: *channel,
                    letter_id: None,
                    registered_number: (!number.is_empty()).then_some(number),
                }
            }
            StepForm::ReceiptAcknowledged { occurred_on, basis } => Event::ReceiptAcknowledged {
                acknowledged_on: on(occurred_on, match basis {
                    ReceiptBasis::Acknowledged => "la date portée sur l'avis de réception",
                    ReceiptBasis::FirstPresentation => "la date de première présentation (suivi La Poste)",
                    ReceiptBasis::ReturnedUnclaimed => "la date de première présentation portée sur l'enveloppe",
                })?,
                basis: *basis,
            },
            StepForm::ExtensionNotified { occurred_on, reasons } => Event::ExtensionNotified {
                notified_on: on(occurred_on, "la date où l'éditeur a notifié la prolongation")?,
                reasons: required("reasons", reasons, "Résumez les motifs de prolongation donnés par l'éditeur.")?,
            },
            StepForm::ReplyReceived { occurred_on, summary } => Event::ReplyReceived {
                replied_on: on(occurred_on, "la date de la réponse")?,
                summary: required("summary", summary, "Résumez la réponse reçue en une ou deux phrases.")?,
            },
            StepForm::RefusalReceived { occurred_on, summary } => Event::RefusalReceived {
                replied_on: on(occurred_on, "la date du refus")?,
                summary: required("summary", summary, "Résumez le refus et ses motifs en une ou deux phrases.")?,
            },
            StepForm::NoAnswerRecorded { occurred_on } => Event::NoAnswerRecorded { noted_on: on(occurred_on, "la date du constat")? },
            StepForm::CnilComplaintFiled { occurred_on, reference } => {
                Event::CnilComplaintFiled { filed_on: on(occurred_on, "la date du dépôt de la plainte")?, reference: clean(reference) }
            }
            StepForm::DereferencingRequested { occurred_on, engines } => Event::DereferencingRequested {
                requested_on: on(occurred_on, "la date de la demande")?,
                engines: engines.iter().map(|e| clean(e)).filter(|e| !e.is_empty()).collect(),
            },
            StepForm::RemovalConfirmed { occurred_on, proof_by, summary } => {
                let proof = match proof_by {
                    RemovalSeen::PresenceCheck => {
                        let check = history.iter().rev().find_map(|e| match &e.event {
                            Event::PresenceChecked { check, .. } => Some(check.clone()),
                            _ => None,
                        });
                        match check {
                            Some(check) if check.outcome == PresenceOutcome::Removed => RemovalProof::PresenceCheck { check },
                            _ => return Err(Invalid::single("proof_by", "La dernière vérification de présence n'a pas constaté la suppression : choisissez une autre preuve ou vérifiez à nouveau.")),
                        }
                    }
                    RemovalSeen::PublisherConfirmation => RemovalProof::PublisherConfirmation {
                        summary: required("summary", summary, "Résumez ce que l'éditeur a écrit.")?,
                    },
                    RemovalSeen::Observation => RemovalProof::Observation {
                        note: required("summary", summary, "Décrivez ce que vous avez constaté (par exemple : la page affiche « introuvable »).")?,
                    },
                };
                Event::RemovalConfirmed { observed_on: on(occurred_on, "la date du constat")?, proof }
            }
            StepForm::Reappeared { occurred_on } => {
                Event::Reappeared { observed_on: on(occurred_on, "la date où la fiche est réapparue")?, note: self.note.trim().to_owned() }
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input(json: serde_json::Value) -> StepInput {
        serde_json::from_value(json).expect("a well-formed step form")
    }

    #[test]
    fn each_missing_value_is_reported_on_its_field() {
        let reply = input(serde_json::json!({ "kind": "reply_received", "occurred_on": "2026-11-02" }));
        assert!(reply.to_event(&[]).unwrap_err().has("summary"));
        let bad_date = input(serde_json::json!({ "kind": "no_answer_recorded", "occurred_on": "11/02/26" }));
        assert!(bad_date.to_event(&[]).unwrap_err().has("occurred_on"));
        let removal =
            input(serde_json::json!({ "kind": "removal_confirmed", "occurred_on": "2026-11-02", "proof_by": "presence_check" }));
        assert!(removal.to_event(&[]).unwrap_err().has("proof_by"), "no removed presence check in the history");
    }

    #[test]
    fn a_receipt_form_may_give_the_first_presentation() {
        let old = input(serde_json::json!({ "kind": "receipt_acknowledged", "occurred_on": "2026-11-02" }));
        assert!(matches!(old.to_event(&[]).unwrap(), Event::ReceiptAcknowledged { basis: ReceiptBasis::Acknowledged, .. }));
        let unclaimed = input(serde_json::json!({ "kind": "receipt_acknowledged", "occurred_on": "2026-11-02", "basis": "returned_unclaimed" }));
        assert!(matches!(unclaimed.to_event(&[]).unwrap(), Event::ReceiptAcknowledged { basis: ReceiptBasis::ReturnedUnclaimed, .. }));
    }

    #[test]
    fn kinds_channels_and_proofs_are_types_not_strings() {
        for bad in [
            serde_json::json!({ "kind": "presence_checked", "occurred_on": "2026-11-02" }),
            serde_json::json!({ "kind": "erasure_requested", "occurred_on": "2026-11-02", "channel": "pigeon" }),
            serde_json::json!({ "kind": "removal_confirmed", "occurred_on": "2026-11-02", "proof_by": "rumour" }),
        ] {
            assert!(serde_json::from_value::<StepInput>(bad.clone()).is_err(), "{bad} must not parse");
        }
    }

    #[test]
    fn a_refusal_keeps_its_summary_and_a_number_is_normalised() {
        let refusal = input(serde_json::json!({ "kind": "refusal_received", "occurred_on": "2026-11-02", "summary": " Intérêt légitime invoqué " }));
        assert_eq!(
            refusal.to_event(&[]).unwrap(),
            Event::RefusalReceived { replied_on: NaiveDate::from_ymd_opt(2026, 11, 2).unwrap(), summary: "Intérêt légitime invoqué".into() }
        );
        let sent = input(serde_json::json!({ "kind": "erasure_requested", "occurred_on": "2026-11-02", "channel": "registered_letter", "registered_number": "1a 123 45" }));
        match sent.to_event(&[]).unwrap() {
            Event::ErasureRequested { registered_number, channel, .. } => {
                assert_eq!(registered_number.as_deref(), Some("1A12345"));
                assert_eq!(channel, RequestChannel::RegisteredLetter);
            }
            other => panic!("{other:?}"),
        }
    }
}

//! Pieces of the listing letters computed from a listing's history, as pure functions the
//! assembly code calls (it reads the store, these decide): what proves the prior request, what
//! the publisher answered and when, which attachments the CNIL pack lists, and one
//! dereferencing request per search engine.

use chrono::NaiveDate;

use super::kinds::{DereferencingRequest, RequestEvidence, RequestOutcome};
use super::model::french_date;
use crate::domain::facts::{search_engines, SearchEngine};
use crate::domain::listing::{Event, ReceiptBasis, RequestChannel, Status};

/// How the erasure request went, read from the history (the last request recorded).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RequestFacts {
    pub sent_on: NaiveDate,
    pub channel: RequestChannel,
    pub registered_number: Option<String>,
    /// The letter row the app produced, when it did.
    pub letter_id: Option<i64>,
    pub received_on: Option<NaiveDate>,
    pub received_basis: ReceiptBasis,
}

/// The request and its receipt as the history records them; `None` when no request was made.
pub fn request_facts(history: &[Event]) -> Option<RequestFacts> {
    let (sent_on, channel, registered_number, letter_id) = history.iter().rev().find_map(|e| match e {
        Event::ErasureRequested { sent_on, channel, registered_number, letter_id } => {
            Some((*sent_on, *channel, registered_number.clone(), *letter_id))
        }
        _ => None,
    })?;
    let receipt = history.iter().rev().find_map(|e| match e {
        Event::ReceiptAcknowledged { acknowledged_on, basis } if *acknowledged_on >= sent_on => Some((*acknowledged_on, *basis)),
        _ => None,
    });
    let electronic = channel != RequestChannel::RegisteredLetter;
    let (received_on, received_basis) = match receipt {
        Some((on, basis)) => (Some(on), basis),
        None if electronic => (Some(sent_on), ReceiptBasis::Acknowledged),
        None => (None, ReceiptBasis::Acknowledged),
    };
    Some(RequestFacts { sent_on, channel, registered_number, letter_id, received_on, received_basis })
}

/// What the pack holds to prove the prior request (CNIL: copy, sending, receipt).
/// An email or a form is its own copy and proof of sending, and dates its receipt.
pub fn request_evidence(f: &RequestFacts) -> RequestEvidence {
    match f.channel {
        RequestChannel::RegisteredLetter => RequestEvidence {
            // A letter the app wrote is kept as a row; one written elsewhere is the doctor's copy.
            request_copy: true,
            sending_proof: f.registered_number.as_deref().is_some_and(|n| !n.trim().is_empty()),
            receipt_proof: f.received_on.is_some(),
        },
        RequestChannel::Email | RequestChannel::WebForm => RequestEvidence { request_copy: true, sending_proof: true, receipt_proof: true },
    }
}

/// The publisher's answer: refusal, incomplete answer or none, with its summary and date.
pub fn outcome(history: &[Event], status: Status) -> (RequestOutcome, Option<String>, Option<NaiveDate>) {
    let refusal = history.iter().rev().find_map(|e| match e {
        Event::RefusalReceived { replied_on, summary } => Some((*replied_on, summary.clone())),
        _ => None,
    });
    let reply = history.iter().rev().find_map(|e| match e {
        Event::ReplyReceived { replied_on, summary } => Some((*replied_on, summary.clone())),
        _ => None,
    });
    match (refusal, reply, status) {
        (Some((on, s)), _, _) => (RequestOutcome::Refused, Some(s), Some(on)),
        (None, Some((on, s)), Status::Answered | Status::CnilComplaint | Status::DereferencingRequested) => {
            (RequestOutcome::Incomplete, Some(s), Some(on))
        }
        _ => (RequestOutcome::NoAnswer, None, None),
    }
}

/// The CNIL pack's list of attachments, naming the proof of receipt actually held.
pub fn cnil_attachments(f: &RequestFacts, answers: &[NaiveDate], listing_url: &str) -> Vec<String> {
    let mut out = vec![format!("Copie de ma demande d'opposition et d'effacement du {}", french_date(f.sent_on))];
    match (f.channel, f.registered_number.as_deref().map(str::trim).filter(|n| !n.is_empty())) {
        (RequestChannel::RegisteredLetter, Some(n)) => out.push(format!("Preuve de dépôt de la lettre recommandée n° {n}")),
        (RequestChannel::RegisteredLetter, None) => out.push("Preuve de dépôt de la lettre recommandée".into()),
        (RequestChannel::Email, _) => out.push(format!("Courriel de demande envoyé le {}", french_date(f.sent_on))),
        (RequestChannel::WebForm, _) => out.push(format!("Confirmation du formulaire en ligne du {}", french_date(f.sent_on))),
    }
    if let (RequestChannel::RegisteredLetter, Some(r)) = (f.channel, f.received_on) {
        out.push(match f.received_basis {
            ReceiptBasis::Acknowledged => format!("Avis de réception daté du {}", french_date(r)),
            ReceiptBasis::FirstPresentation => format!("Suivi La Poste indiquant la première présentation du {}", french_date(r)),
            ReceiptBasis::ReturnedUnclaimed => format!("Enveloppe revenue « pli avisé et non réclamé », présentée le {}", french_date(r)),
        });
    }
    for on in answers {
        out.push(format!("Réponse de l'éditeur du {}", french_date(*on)));
    }
    out.push(format!("Copies d'écran de la fiche ({listing_url})"));
    out
}

/// The engines not yet asked, by name, after the requests the history records.
pub fn engines_still_to_ask(history: &[Event]) -> Vec<SearchEngine> {
    let asked: Vec<String> = history
        .iter()
        .filter_map(|e| match e {
            Event::DereferencingRequested { engines, .. } => Some(engines.iter().map(|n| n.trim().to_lowercase()).collect::<Vec<_>>()),
            _ => None,
        })
        .flatten()
        .collect();
    search_engines().into_iter().filter(|e| !asked.iter().any(|a| a == &e.name.to_lowercase() || a == e.key)).collect()
}

/// One dereferencing request per engine (Google and Bing), each with its own form address, to
/// be filed through that form and kept as a copy for the file (`by_post` false).
pub fn dereferencing_requests(
    urls: &[String],
    searched_name: &str,
    erasure_requested_on: Option<NaiveDate>,
    attachments: &[String],
) -> Vec<(SearchEngine, DereferencingRequest)> {
    search_engines()
        .into_iter()
        .map(|engine| {
            let request = DereferencingRequest {
                engine_name: engine.name.to_owned(),
                urls: urls.to_vec(),
                searched_name: searched_name.to_owned(),
                erasure_requested_on,
                extra_grounds: vec![],
                attachments: attachments.to_vec(),
                by_post: false,
                form_url: Some(engine.form_url.value.clone()),
                form_checked_on: engine.form_url.verified.then_some(engine.form_url.checked_on).flatten(),
            };
            (engine, request)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn letter(number: Option<&str>) -> Event {
        Event::ErasureRequested { sent_on: d(2026, 10, 1), channel: RequestChannel::RegisteredLetter, letter_id: Some(4), registered_number: number.map(Into::into) }
    }

    #[test]
    fn evidence_follows_the_history() {
        let h = [letter(Some("1A23456789012"))];
        let f = request_facts(&h).unwrap();
        assert_eq!(request_evidence(&f), RequestEvidence { request_copy: true, sending_proof: true, receipt_proof: false });
        let h = [letter(Some("1A23456789012")), Event::ReceiptAcknowledged { acknowledged_on: d(2026, 10, 3), basis: ReceiptBasis::ReturnedUnclaimed }];
        let f = request_facts(&h).unwrap();
        assert!(request_evidence(&f).receipt_proof);
        let att = cnil_attachments(&f, &[], "https://x.fr/fiche");
        assert!(att.iter().any(|a| a.contains("non réclamé") && a.contains("3 octobre 2026")), "{att:?}");
        let email = [Event::ErasureRequested { sent_on: d(2026, 10, 1), channel: RequestChannel::Email, letter_id: None, registered_number: None }];
        let f = request_facts(&email).unwrap();
        assert_eq!(f.received_on, Some(d(2026, 10, 1)));
        assert_eq!(request_evidence(&f), RequestEvidence { request_copy: true, sending_proof: true, receipt_proof: true });
        assert!(request_facts(&[]).is_none());
    }

    #[test]
    fn an_early_refusal_is_dated() {
        let h = [letter(None), Event::RefusalReceived { replied_on: d(2026, 10, 10), summary: "non".into() }];
        assert_eq!(outcome(&h, Status::Refused), (RequestOutcome::Refused, Some("non".into()), Some(d(2026, 10, 10))));
        assert_eq!(outcome(&h[..1], Status::NoAnswer).0, RequestOutcome::NoAnswer);
    }

    #[test]
    fn one_request_per_engine_each_with_its_form() {
        let reqs = dereferencing_requests(&["https://x.fr/fiche".into()], "Hélène Dupré", None, &[]);
        let names: Vec<&str> = reqs.iter().map(|(e, _)| e.name).collect();
        assert_eq!(names, ["Google", "Bing"]);
        for (e, r) in &reqs {
            assert_eq!(r.form_url.as_deref(), Some(e.form_url.value.as_str()));
            assert!(!r.by_post);
            assert_eq!(r.form_checked_on, None, "an unverified form address carries no check date");
        }
        let h = [Event::DereferencingRequested { requested_on: d(2026, 10, 2), engines: vec!["Google".into()] }];
        let left: Vec<&str> = engines_still_to_ask(&h).iter().map(|e| e.name).collect();
        assert_eq!(left, ["Bing"]);
    }
}

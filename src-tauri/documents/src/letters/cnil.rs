//! The computed parts of the CNIL complaint (current wording): how the prior request went, where
//! its deadline stands on the day the complaint is dated, and the chronology. Everything printed
//! is what actually happened by that day: a deadline still running is never called expired, and
//! a receipt resting on the first presentation of an unclaimed letter says so.

use chrono::NaiveDate;
use serde_json::{json, Value};

use super::kinds::{CnilComplaint, RequestOutcome};
use super::model::french_date;
use erm_domain::facts;
use erm_domain::listing::{ReceiptBasis, RequestChannel};

/// The sentence on how the request was sent and received.
pub fn prior_request_text(d: &CnilComplaint) -> String {
    let sent = french_date(d.request_sent_on);
    let how = match (d.request_channel, d.registered_number.as_deref().map(str::trim).filter(|n| !n.is_empty())) {
        (Some(RequestChannel::Email), _) => " par courriel".to_owned(),
        (Some(RequestChannel::WebForm), _) => " par le formulaire en ligne du site".to_owned(),
        (_, Some(n)) => format!(" par lettre recommandée avec accusé de réception n° {n}"),
        (Some(RequestChannel::RegisteredLetter), None) => " par lettre recommandée avec accusé de réception".to_owned(),
        (None, None) => String::new(),
    };
    let electronic = matches!(d.request_channel, Some(RequestChannel::Email | RequestChannel::WebForm));
    let received = match (d.received_on, d.received_basis) {
        (Some(r), _) if electronic && r == d.request_sent_on => " ; transmise par voie électronique, elle a été reçue le jour même".to_owned(),
        (Some(r), ReceiptBasis::Acknowledged) => format!(" ; elle a été reçue le {} (avis de réception)", french_date(r)),
        (Some(r), ReceiptBasis::FirstPresentation) => format!(
            " ; elle a été présentée à l'organisme le {} (date de première présentation relevée sur le suivi de La Poste, l'avis de réception ne m'étant pas revenu), date que je retiens comme date de réception",
            french_date(r)
        ),
        (Some(r), ReceiptBasis::ReturnedUnclaimed) => format!(
            " ; présentée à l'organisme le {}, elle n'a pas été retirée et m'a été retournée « pli avisé et non réclamé » ; je retiens cette date de première présentation comme date de réception",
            french_date(r)
        ),
        (None, _) => String::new(),
    };
    format!("Ma demande a été envoyée le {sent}{how}{received}.")
}

/// The sentence on the art. 12(3) deadline as it stands on `date`.
pub fn deadline_text(d: &CnilComplaint, date: NaiveDate) -> String {
    let due = french_date(d.deadline);
    if d.deadline < date {
        format!("Le délai de réponse prévu par l'article 12, paragraphe 3, du RGPD a expiré le {due}.")
    } else if d.outcome == RequestOutcome::NoAnswer {
        format!("Le délai de réponse prévu par l'article 12, paragraphe 3, du RGPD court jusqu'au {due}.")
    } else {
        format!("Le délai de réponse prévu par l'article 12, paragraphe 3, du RGPD court jusqu'au {due} ; l'organisme a répondu avant ce terme.")
    }
}

/// Dated events, oldest first; the deadline appears only once it has passed.
pub fn chronology(d: &CnilComplaint, date: NaiveDate) -> Vec<(NaiveDate, String)> {
    let mut events = vec![(d.request_sent_on, "Envoi de la demande d'opposition et d'effacement".to_owned())];
    if let Some(r) = d.received_on {
        let what = match d.received_basis {
            ReceiptBasis::Acknowledged => "Réception de la demande par l'organisme (avis de réception)",
            ReceiptBasis::FirstPresentation => "Première présentation de la lettre à l'organisme (suivi La Poste), retenue comme date de réception",
            ReceiptBasis::ReturnedUnclaimed => "Première présentation de la lettre, non retirée par l'organisme puis retournée non réclamée",
        };
        events.push((r, what.to_owned()));
    }
    if d.deadline < date {
        events.push((d.deadline, "Expiration du délai de réponse (article 12, paragraphe 3, du RGPD)".to_owned()));
    }
    events.extend(d.events.iter().map(|e| (e.date, e.event.clone())));
    // Stable sort: same-day events keep the order above (sending before receipt).
    events.sort_by_key(|(d, _)| *d);
    events
}

/// The computed template values of the current wording.
pub fn context(d: &CnilComplaint, date: NaiveDate) -> Vec<(&'static str, Value)> {
    let postal = facts::cnil_postal_address();
    let online = facts::cnil_online_complaint();
    let lead = match d.outcome_on {
        Some(on) => format!("Par une réponse du {},", french_date(on)),
        None => "Par sa réponse,".to_owned(),
    };
    let list: Vec<Value> = chronology(d, date).into_iter().map(|(d, e)| json!({"date": d, "event": e})).collect();
    vec![
        ("organisation_address_text", json!(d.organisation_address.join(", "))),
        ("prior_request_text", json!(prior_request_text(d))),
        ("deadline_text", json!(deadline_text(d, date))),
        ("outcome_lead", json!(lead)),
        ("chronology", Value::Array(list)),
        (
            "cnil",
            json!({
                "online_url": online.value,
                "online_check": online.caveat(),
                "postal_text": postal.value,
                "postal_check": postal.caveat(),
            }),
        ),
    ]
}

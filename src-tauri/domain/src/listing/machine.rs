//! The listing state machine: which step may follow which, and what proof each step needs.
//!
//! The guide's flow (issue 3, point 7): trouvée → demande d'effacement envoyée → (réponse reçue |
//! prolongation notifiée | sans réponse) → supprimée | refus → plainte CNIL / déréférencement
//! demandé → supprimée. The exact table:
//!
//! | from                                         | event                    | to                         |
//! |----------------------------------------------|--------------------------|----------------------------|
//! | found (not an official directory)            | erasure_requested        | erasure_requested          |
//! | any state after the request, no receipt yet   | receipt_acknowledged     | same state                 |
//! | erasure_requested, received, ≤ first month   | extension_notified       | extended                   |
//! | erasure_requested, extended, no_answer       | reply_received           | answered                   |
//! | erasure_requested, extended (due date passed)| no_answer_recorded       | no_answer                  |
//! | erasure_requested, extended, no_answer, answered | refusal_received     | refused                    |
//! | answered, no_answer, refused, dereferencing_requested, or overdue erasure_requested/extended | cnil_complaint_filed (once) | cnil_complaint |
//! | answered, no_answer, refused, cnil_complaint, or overdue erasure_requested/extended | dereferencing_requested (once) | dereferencing_requested |
//! | found, erasure_requested, extended (before the due date)   | dereferencing_requested (once) | same state (recorded beside the request) |
//! | any but removed                              | removal_confirmed        | removed                    |
//! | removed                                      | reappeared               | found (request facts reset)|
//! | any                                          | presence_checked         | same state                 |
//!
//! Dereferencing (issue 8, point 3): it is a right against the search engine, lawful without
//! writing to the site first, so it may be requested at any time; the guide presents it as the
//! step after the site's request, which the UI says. Sites whose route is a contract, a business
//! listing or an official directory do not offer it.
//!
//! Choices worth knowing: a listing may vanish on its own (found → removed); once the due date
//! has passed, the CNIL complaint and the dereferencing request may be recorded without first
//! recording "sans réponse" (the overdue date is the proof); an answer judged incomplete
//! (answered) opens the CNIL complaint, as the CNIL itself allows.

use chrono::NaiveDate;

use super::{Event, ListingState, PresenceOutcome, RemovalProof, RequestChannel, Status};
use crate::site::Route;
use crate::deadline::{add_days, gdpr_extension_notice_limit, is_overdue};
use crate::validation::Invalid;

/// Why an event was not applied.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ApplyError {
    /// Not allowed from the current state (French message naming both).
    #[error("{0}")]
    Refused(String),
    /// A proof field is missing or wrong.
    #[error("{0}")]
    Invalid(Invalid),
}

fn fr(d: NaiveDate) -> String {
    d.format("%d/%m/%Y").to_string()
}

fn refused(state: &ListingState, event: &Event, why: &str) -> ApplyError {
    ApplyError::Refused(format!(
        "Impossible d'enregistrer « {} » : la fiche est à l'état « {} ». {why}",
        event.label(),
        state.status.label()
    ))
}

/// Checks the proof fields of `event` on their own (dates not in the future, texts present).
fn check_proof(state: &ListingState, event: &Event, today: NaiveDate) -> Result<(), Invalid> {
    let mut inv = Invalid::new();
    let on = event.occurred_on();
    if on > today {
        inv.push("occurred_on", format!("La date du {} est dans le futur.", fr(on)));
    }
    if on < state.found_on {
        inv.push(
            "occurred_on",
            format!("La date du {} précède le jour où la fiche a été trouvée ({}).", fr(on), fr(state.found_on)),
        );
    }
    match event {
        Event::ErasureRequested { channel: RequestChannel::RegisteredLetter, registered_number, .. } => {
            let n: String = registered_number.as_deref().unwrap_or("").chars().filter(|c| !c.is_whitespace()).collect();
            if n.is_empty() {
                inv.push("registered_number", "Indiquez le numéro de la lettre recommandée (sur la preuve de dépôt).");
            } else if !(8..=20).contains(&n.len()) || !n.chars().all(|c| c.is_ascii_alphanumeric()) {
                inv.push("registered_number", format!("« {n} » n'a pas la forme d'un numéro de recommandé (lettres et chiffres, par exemple 1A 123 456 7890 1)."));
            }
        }
        Event::ExtensionNotified { reasons, .. } if reasons.trim().is_empty() => {
            inv.push("reasons", "Résumez les motifs de prolongation donnés par l'éditeur.");
        }
        Event::ReplyReceived { summary, .. } | Event::RefusalReceived { summary, .. } if summary.trim().is_empty() => {
            inv.push("summary", "Résumez la réponse reçue en une ou deux phrases.");
        }
        Event::DereferencingRequested { engines, .. } if engines.iter().all(|e| e.trim().is_empty()) => {
            inv.push("engines", "Indiquez à quels moteurs de recherche la demande a été faite (Google, Bing…).");
        }
        Event::RemovalConfirmed { proof, .. } => match proof {
            RemovalProof::PresenceCheck { check } if check.outcome != PresenceOutcome::Removed => {
                inv.push("proof", "Cette vérification n'a pas constaté la suppression de la fiche.");
            }
            RemovalProof::PublisherConfirmation { summary: t } | RemovalProof::Observation { note: t } if t.trim().is_empty() => {
                inv.push("proof", "Décrivez comment la suppression a été constatée.");
            }
            _ => {}
        },
        _ => {}
    }
    inv.into_result(())
}

/// Applies `event` to `state` on `today`: the new state, or why the step is refused.
/// Pure: the caller writes the event and the new state in one transaction.
pub fn apply(state: &ListingState, event: &Event, today: NaiveDate) -> Result<ListingState, ApplyError> {
    use Status::*;
    check_proof(state, event, today).map_err(ApplyError::Invalid)?;
    let mut next = state.clone();
    let st = state.status;
    let on = event.occurred_on();
    let overdue = state.awaiting_answer()
        && state.answer_deadline().is_some_and(|d| is_overdue(d.due_on, today) && on > d.due_on);
    let not_before_request = |what: &str| -> Result<(), ApplyError> {
        match state.request_sent_on {
            Some(sent) if on < sent => Err(refused(state, event, &format!("{what} ({}) précède l'envoi de la demande ({}).", fr(on), fr(sent)))),
            _ => Ok(()),
        }
    };
    match event {
        Event::ErasureRequested { channel, sent_on, .. } => {
            if !state.erasure_applies {
                return Err(refused(state, event, match state.route {
                    Route::Contract => "Votre page relève de votre contrat avec la plateforme : l'opposition de l'article 21 du RGPD ne s'applique pas à un traitement nécessaire à ce contrat. Demandez la fermeture de la page ou mettez fin à l'abonnement selon les conditions du contrat.",
                    _ => "C'est un annuaire officiel : l'inscription découle de votre exercice ; demandez une correction à l'organisme qui le tient plutôt qu'un effacement.",
                }));
            }
            if st != Found {
                return Err(refused(state, event, "Une demande d'effacement a déjà été enregistrée pour cette fiche."));
            }
            next.status = ErasureRequested;
            next.request_sent_on = Some(*sent_on);
            next.received_on = (*channel != RequestChannel::RegisteredLetter).then_some(*sent_on);
        }
        Event::ReceiptAcknowledged { acknowledged_on, .. } => {
            if state.request_sent_on.is_none() || st == Removed {
                return Err(refused(state, event, "Aucune demande d'effacement en cours n'attend d'accusé de réception."));
            }
            if state.received_on.is_some() {
                return Err(refused(state, event, "La date de réception de la demande est déjà enregistrée."));
            }
            not_before_request("L'accusé de réception")?;
            next.received_on = Some(*acknowledged_on);
        }
        Event::ExtensionNotified { notified_on, .. } => {
            if st != ErasureRequested {
                return Err(refused(state, event, "Une prolongation ne peut être notifiée que pendant l'attente de la réponse à la demande d'effacement."));
            }
            let Some(received) = state.received_on else {
                return Err(refused(state, event, "Enregistrez d'abord la date de l'accusé de réception : le délai court à partir de la réception."));
            };
            let limit = gdpr_extension_notice_limit(received);
            if *notified_on < received {
                return Err(refused(state, event, &format!("La notification ({}) précède la réception de la demande ({}).", fr(*notified_on), fr(received))));
            }
            if *notified_on > limit {
                return Err(refused(state, event, &format!("Une prolongation doit être notifiée dans le premier mois, soit au plus tard le {} (art. 12.3 RGPD) ; notifiée le {}, elle ne repousse pas le délai.", fr(limit), fr(*notified_on))));
            }
            next.status = Extended;
            next.extension_notified_on = Some(*notified_on);
        }
        Event::ReplyReceived { .. } => {
            if !matches!(st, ErasureRequested | Extended | NoAnswer) {
                return Err(refused(state, event, "Une réponse ne s'enregistre qu'après l'envoi de la demande d'effacement et avant toute autre suite."));
            }
            not_before_request("La réponse")?;
            next.status = Answered;
        }
        Event::NoAnswerRecorded { noted_on } => {
            if !state.awaiting_answer() {
                return Err(refused(state, event, "« Sans réponse » ne s'enregistre que pendant l'attente de la réponse de l'éditeur."));
            }
            let Some(deadline) = state.answer_deadline() else {
                return Err(refused(state, event, "Enregistrez d'abord la date de l'accusé de réception : sans elle, le délai de réponse n'a pas de point de départ."));
            };
            if !is_overdue(deadline.due_on, today) || *noted_on <= deadline.due_on {
                return Err(refused(state, event, &format!("L'éditeur a jusqu'au {} pour répondre ({}) ; « sans réponse » pourra être enregistré à partir du {}.", fr(deadline.due_on), deadline.basis, fr(add_days(deadline.due_on, 1)))));
            }
            next.status = NoAnswer;
        }
        Event::RefusalReceived { .. } => {
            if !matches!(st, ErasureRequested | Extended | NoAnswer | Answered) {
                return Err(refused(state, event, "Un refus ne s'enregistre qu'en réponse à la demande d'effacement."));
            }
            not_before_request("Le refus")?;
            next.status = Refused;
        }
        Event::CnilComplaintFiled { filed_on, .. } => {
            if state.cnil_complaint_on.is_some() {
                return Err(refused(state, event, "Une plainte CNIL est déjà enregistrée pour cette fiche."));
            }
            if !(matches!(st, Answered | NoAnswer | Refused | DereferencingRequested) || overdue) {
                return Err(refused(state, event, &escalation_hint(state, "La plainte CNIL")));
            }
            next.status = CnilComplaint;
            next.cnil_complaint_on = Some(*filed_on);
        }
        Event::DereferencingRequested { requested_on, .. } => {
            if state.dereferencing_requested_on.is_some() {
                return Err(refused(state, event, "Une demande de déréférencement est déjà enregistrée pour cette fiche."));
            }
            if !state.route.dereferencing_offered() || st == Removed {
                return Err(refused(state, event, "Le déréférencement n'est pas proposé pour ce type de site."));
            }
            // Dereferencing is a right exercised against the search engine, lawful without
            // writing to the site first. Asked before the publisher's answer, it runs beside the
            // erasure request and leaves its status (and clock) alone; asked after, it is the
            // next step and becomes the status.
            if matches!(st, Answered | NoAnswer | Refused | CnilComplaint) || overdue {
                next.status = DereferencingRequested;
            }
            next.dereferencing_requested_on = Some(*requested_on);
        }
        Event::PresenceChecked { .. } => {}
        Event::RemovalConfirmed { .. } => {
            if st == Removed {
                return Err(refused(state, event, "La suppression de la fiche est déjà enregistrée."));
            }
            next.status = Removed;
        }
        Event::Reappeared { .. } => {
            if st != Removed {
                return Err(refused(state, event, "Seule une fiche supprimée peut réapparaître."));
            }
            next = ListingState::on_route(state.found_on, state.route);
        }
    }
    Ok(next)
}

fn escalation_hint(state: &ListingState, what: &str) -> String {
    match (state.status, state.answer_deadline()) {
        (Status::ErasureRequested | Status::Extended, Some(d)) => format!(
            "{what} vient après le délai de réponse de l'éditeur, qui court jusqu'au {} ({}).",
            fr(d.due_on),
            d.basis
        ),
        (Status::ErasureRequested, None) => format!("{what} vient après le délai de réponse de l'éditeur ; enregistrez d'abord la date de l'accusé de réception."),
        (Status::Found, _) => format!("{what} suppose d'avoir d'abord demandé l'effacement à l'éditeur du site, sans succès dans le délai d'un mois."),
        _ => format!("{what} n'a plus d'objet à ce stade."),
    }
}

#[cfg(test)]
#[path = "machine_tests.rs"]
mod tests;

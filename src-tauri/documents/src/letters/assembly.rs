//! Pieces of the listing letters computed from a listing's history, as pure functions the
//! assembly code calls (it reads the store, these decide): what proves the prior request, what
//! the publisher answered and when, which attachments the CNIL pack lists, and one
//! dereferencing request per search engine.

use chrono::NaiveDate;

use super::kinds::{ChronologyEntry, CnilComplaint, CopySent, DereferencingRequest, ErasureRequest, LetterData, RequestEvidence, RequestOutcome};
use super::model::french_date;
use erm_domain::facts::{search_engines, SearchEngine};
use erm_domain::listing::{Event, Listing, PresenceOutcome, ReceiptBasis, RemovalProof, RequestChannel, Shown, Status};
use erm_domain::site::Site;
use crate::DocumentError;

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

/// The erasure request for `listing` on `site`; `copy_sent` when the doctor also sends it by
/// email or through the site's form (said in the letter); `not_informed` when the doctor says
/// they never received the information article 14 of the GDPR requires.
pub fn erasure_request(listing: &Listing, site: &Site, copy_sent: Option<CopySent>, not_informed: bool) -> LetterData {
    let mut data_shown = vec!["nom et prénom".to_owned(), "spécialité".to_owned()];
    for label in listing.shows.iter().map(|s| s.label().to_owned()) {
        if !data_shown.contains(&label) {
            data_shown.push(label);
        }
    }
    LetterData::ErasureRequest(ErasureRequest {
        site_name: site.name.clone(),
        listing_urls: vec![listing.url.clone()],
        data_shown,
        found_on: listing.state.found_on,
        shows_reviews: site.has_reviews || listing.shows.contains(&Shown::Reviews),
        copy_sent,
        not_informed,
    })
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    c.next().map(|f| f.to_uppercase().collect::<String>() + c.as_str()).unwrap_or_default()
}

/// One line of the complaint's chronology for an event other than the request and its receipt.
pub fn chronology_line(e: &Event) -> String {
    let detail = match e {
        Event::ExtensionNotified { reasons, .. } => Some(format!("motifs donnés : {reasons}")),
        Event::ReplyReceived { summary, .. } | Event::RefusalReceived { summary, .. } => Some(summary.clone()),
        Event::CnilComplaintFiled { reference, .. } if !reference.trim().is_empty() => Some(format!("référence {reference}")),
        Event::DereferencingRequested { engines, .. } => Some(engines.join(", ")),
        // The check's own sentence speaks to the doctor (« votre nom »); a letter states the fact.
        Event::PresenceChecked { check, .. } => Some(match (check.outcome, check.http_status) {
            (PresenceOutcome::Online, _) => "la fiche était toujours en ligne".to_owned(),
            (PresenceOutcome::Removed, Some(code @ (404 | 410))) => format!("la page ne répond plus (erreur {code}) : la fiche a été retirée"),
            (PresenceOutcome::Removed, _) => "la page ne présente plus la fiche".to_owned(),
            // Never reached: a check that could not run is filtered out before (issue 9).
            _ => check.detail.clone(),
        }),
        Event::RemovalConfirmed { proof: RemovalProof::PublisherConfirmation { summary: t }, .. }
        | Event::RemovalConfirmed { proof: RemovalProof::Observation { note: t }, .. }
        | Event::Reappeared { note: t, .. }
            if !t.trim().is_empty() =>
        {
            Some(t.clone())
        }
        _ => None,
    };
    match detail {
        Some(d) => format!("{} : {}", capitalise(e.label()), d.trim()),
        None => capitalise(e.label()),
    }
}

/// What the CNIL complaint of a listing needs beyond its site and history.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CnilInputs {
    /// The art. 12(3) due date, as computed for the listing.
    pub deadline: NaiveDate,
    pub status: Status,
    /// Why the organisation's SIREN could not be found, typed by the doctor when the site has none.
    pub siren_missing_reason: Option<String>,
}

/// The CNIL complaint for `listing` from its site and history (oldest event first). Refused
/// when no request was made or the publisher is unknown; the letter's own checks then require
/// the SIREN (or the reason), the address and the proofs of the prior request.
pub fn cnil_complaint(listing: &Listing, site: &Site, history: &[Event], inputs: &CnilInputs) -> Result<LetterData, DocumentError> {
    let facts = request_facts(history).ok_or_else(|| {
        DocumentError::Refused("Aucune demande d'effacement n'est enregistrée pour cette fiche : la CNIL exige d'abord une demande à l'éditeur.".into())
    })?;
    let p = &site.publisher;
    if p.company.trim().is_empty() {
        return Err(DocumentError::Invalid(erm_domain::validation::Invalid::single(
            "site",
            format!("La plainte doit nommer l'organisme mis en cause : indiquez la société qui édite « {} » dans la fiche du site.", site.name),
        )));
    }
    let (outcome, outcome_detail, outcome_on) = outcome(history, inputs.status);
    let answers: Vec<NaiveDate> = history
        .iter()
        .filter_map(|e| match e {
            Event::ReplyReceived { replied_on, .. } | Event::RefusalReceived { replied_on, .. } => Some(*replied_on),
            _ => None,
        })
        .collect();
    let events = history
        .iter()
        // A presence check that could not run is not a fact about the listing (issue 9).
        .filter(|e| !matches!(e, Event::ErasureRequested { .. } | Event::ReceiptAcknowledged { .. }) && !e.is_failed_check())
        .map(|e| ChronologyEntry { date: e.occurred_on(), event: chronology_line(e) })
        .collect();
    let siren = p.siren.trim();
    Ok(LetterData::CnilComplaint(CnilComplaint {
        organisation: p.company.trim().to_owned(),
        siren: (!siren.is_empty()).then(|| siren.to_owned()),
        organisation_address: p.office_lines.clone(),
        site_name: site.name.clone(),
        listing_urls: vec![listing.url.clone()],
        request_sent_on: facts.sent_on,
        received_on: facts.received_on,
        registered_number: facts.registered_number.clone(),
        deadline: inputs.deadline,
        outcome,
        outcome_detail,
        events,
        attachments: cnil_attachments(&facts, &answers, &listing.url),
        siren_missing_reason: if siren.is_empty() { inputs.siren_missing_reason.clone().filter(|r| !r.trim().is_empty()) } else { None },
        request_channel: Some(facts.channel),
        received_basis: facts.received_basis,
        outcome_on,
        evidence: request_evidence(&facts),
    }))
}

/// The dereferencing request of `listing` to the engine named `engine` (Google, Bing, or another
/// engine typed by the doctor, which then has no known form address). A copy for the file:
/// the request itself goes through the engine's online form.
pub fn dereferencing_request(listing: &Listing, searched_name: &str, engine: &str) -> Result<LetterData, DocumentError> {
    let engine = engine.trim();
    if engine.is_empty() {
        return Err(DocumentError::Invalid(erm_domain::validation::Invalid::single("engine_name", "Indiquez le moteur de recherche visé (Google, Bing…).")));
    }
    let mut attachments = vec!["Copie lisible d'une pièce d'identité".to_owned()];
    if let Some(sent) = listing.state.request_sent_on {
        attachments.push(format!("Copie de la demande d'effacement adressée à l'éditeur du site le {}", french_date(sent)));
    }
    let known = search_engines().into_iter().find(|e| e.name.eq_ignore_ascii_case(engine) || e.key.eq_ignore_ascii_case(engine));
    let (name, form_url, form_checked_on) = match known {
        Some(e) => (e.name.to_owned(), Some(e.form_url.value.clone()), e.form_url.verified.then_some(e.form_url.checked_on).flatten()),
        None => (engine.to_owned(), None, None),
    };
    Ok(LetterData::DereferencingRequest(DereferencingRequest {
        engine_name: name,
        urls: vec![listing.url.clone()],
        searched_name: searched_name.trim().to_owned(),
        erasure_requested_on: listing.state.request_sent_on,
        extra_grounds: vec![],
        attachments,
        by_post: false,
        form_url,
        form_checked_on,
    }))
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
    fn the_cnil_complaint_is_assembled_from_the_history() {
        use erm_domain::listing::ListingState;
        use erm_domain::site::{validate, SiteInput};
        let site = validate(
            &SiteInput {
                name: "Exemple".into(),
                domain: "exemple.fr".into(),
                kind: "directory".into(),
                publisher_company: "Exemple SAS".into(),
                publisher_office_lines: vec!["1 rue A".into(), "75002 PARIS".into()],
                ..Default::default()
            },
            d(2026, 12, 1),
        )
        .unwrap();
        let listing = Listing { id: 1, site_id: 1, url: "https://exemple.fr/dr".into(), shows: Default::default(), notes: String::new(), state: ListingState::new(d(2026, 9, 1), true) };
        let h = [
            letter(Some("1A23456789012")),
            Event::ReceiptAcknowledged { acknowledged_on: d(2026, 10, 3), basis: ReceiptBasis::FirstPresentation },
            Event::RefusalReceived { replied_on: d(2026, 10, 10), summary: "intérêt légitime".into() },
        ];
        let inputs = CnilInputs { deadline: d(2026, 11, 3), status: Status::Refused, siren_missing_reason: None };
        let data = cnil_complaint(&listing, &site, &h, &inputs).unwrap();
        let err = data.check().unwrap_err();
        assert!(err.has("siren") && !err.has("evidence") && !err.has("organisation_address"), "{err:?}");
        let inputs = CnilInputs { siren_missing_reason: Some("absent des mentions légales".into()), ..inputs };
        let LetterData::CnilComplaint(c) = cnil_complaint(&listing, &site, &h, &inputs).unwrap() else { unreachable!() };
        assert_eq!((c.outcome, c.outcome_on, c.received_basis), (RequestOutcome::Refused, Some(d(2026, 10, 10)), ReceiptBasis::FirstPresentation));
        assert_eq!(c.events[0].event, "Refus : intérêt légitime");
        assert!(LetterData::CnilComplaint(c).check().is_ok());
        assert!(cnil_complaint(&listing, &site, &[], &inputs).is_err(), "no request, no complaint");
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
        use erm_domain::listing::ListingState;
        let listing = Listing { id: 1, site_id: 1, url: "https://exemple.fr/dr".into(), shows: Default::default(), notes: String::new(), state: ListingState::new(d(2026, 9, 1), true) };
        let LetterData::DereferencingRequest(g) = dereferencing_request(&listing, "Hélène Dupré", "google").unwrap() else { unreachable!() };
        assert_eq!((g.engine_name.as_str(), g.by_post), ("Google", false));
        assert!(g.form_url.is_some());
        let LetterData::DereferencingRequest(q) = dereferencing_request(&listing, "Hélène Dupré", "Qwant").unwrap() else { unreachable!() };
        assert_eq!(q.form_url, None);
        assert!(dereferencing_request(&listing, "Hélène Dupré", " ").is_err());
        let h = [Event::DereferencingRequested { requested_on: d(2026, 10, 2), engines: vec!["Google".into()] }];
        let left: Vec<&str> = engines_still_to_ask(&h).iter().map(|e| e.name).collect();
        assert_eq!(left, ["Bing"]);
    }
}

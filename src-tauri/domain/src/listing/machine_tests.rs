//! Every legal transition of the listing machine, and the illegal ones a doctor could try.

use chrono::{NaiveDate, TimeZone, Utc};

use super::*;
use crate::listing::{PresenceProof, ReceiptBasis};

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

const FOUND: (i32, u32, u32) = (2026, 1, 5);

fn found() -> ListingState {
    ListingState::new(d(FOUND.0, FOUND.1, FOUND.2), true)
}

fn letter_sent(on: NaiveDate) -> Event {
    Event::ErasureRequested {
        sent_on: on,
        channel: RequestChannel::RegisteredLetter,
        letter_id: Some(7),
        registered_number: Some("1A 123 456 7890 1".into()),
    }
}

fn ack(on: NaiveDate) -> Event {
    Event::ReceiptAcknowledged { acknowledged_on: on, basis: Default::default() }
}

fn reply(on: NaiveDate) -> Event {
    Event::ReplyReceived { replied_on: on, summary: "L'éditeur annonce la suppression sous huit jours.".into() }
}

fn refusal(on: NaiveDate) -> Event {
    Event::RefusalReceived { replied_on: on, summary: "Refus : intérêt légitime invoqué.".into() }
}

fn check(outcome: PresenceOutcome) -> PresenceProof {
    PresenceProof {
        outcome,
        detail: "la page répond 410".into(),
        http_status: Some(410),
        final_url: Some("https://exemple.fr/fiche".into()),
        checked_at: Utc.with_ymd_and_hms(2026, 3, 2, 9, 0, 0).unwrap(),
    }
}

/// Sent 29 January 2026, received 31 January 2026 → due 28 February 2026 (a Saturday) → 2 March.
fn received() -> ListingState {
    let s = apply(&found(), &letter_sent(d(2026, 1, 29)), d(2026, 1, 29)).unwrap();
    apply(&s, &ack(d(2026, 1, 31)), d(2026, 2, 2)).unwrap()
}

fn refused_msg(r: Result<ListingState, ApplyError>) -> String {
    match r {
        Err(ApplyError::Refused(m)) => m,
        other => panic!("expected a refusal, got {other:?}"),
    }
}

#[test]
fn letter_sent_starts_waiting_for_the_acknowledgement() {
    let s = apply(&found(), &letter_sent(d(2026, 1, 29)), d(2026, 1, 29)).unwrap();
    assert_eq!(s.status, Status::ErasureRequested);
    assert_eq!(s.request_sent_on, Some(d(2026, 1, 29)));
    assert_eq!(s.received_on, None, "a registered letter's clock waits for the AR");
    assert!(s.answer_deadline().is_none());
}

#[test]
fn email_or_form_starts_the_clock_on_sending() {
    for channel in [RequestChannel::Email, RequestChannel::WebForm] {
        let e = Event::ErasureRequested { sent_on: d(2026, 3, 10), channel, letter_id: None, registered_number: None };
        let s = apply(&found(), &e, d(2026, 3, 10)).unwrap();
        assert_eq!(s.received_on, Some(d(2026, 3, 10)));
        assert_eq!(s.answer_deadline().unwrap().due_on, d(2026, 4, 10));
    }
}

#[test]
fn acknowledgement_sets_the_due_date_with_the_month_end_rule() {
    let s = received();
    assert_eq!(s.status, Status::ErasureRequested);
    let dl = s.answer_deadline().unwrap();
    assert_eq!(dl.postponed_from, Some(d(2026, 2, 28)));
    assert_eq!(dl.due_on, d(2026, 3, 2));
}

#[test]
fn extension_within_the_first_month_gives_three_months() {
    let s = received();
    let e = Event::ExtensionNotified { notified_on: d(2026, 2, 20), reasons: "Nombre de demandes.".into() };
    let s = apply(&s, &e, d(2026, 2, 21)).unwrap();
    assert_eq!(s.status, Status::Extended);
    // 31 January + 3 months = 30 April 2026 (Thursday).
    assert_eq!(s.answer_deadline().unwrap().due_on, d(2026, 4, 30));
}

#[test]
fn extension_after_the_first_month_is_refused() {
    let e = Event::ExtensionNotified { notified_on: d(2026, 3, 3), reasons: "Complexité.".into() };
    let msg = refused_msg(apply(&received(), &e, d(2026, 3, 4)));
    assert!(msg.contains("02/03/2026") && msg.contains("12.3"), "{msg}");
    let no_ack = apply(&found(), &letter_sent(d(2026, 1, 29)), d(2026, 1, 29)).unwrap();
    let e = Event::ExtensionNotified { notified_on: d(2026, 2, 3), reasons: "Complexité.".into() };
    assert!(refused_msg(apply(&no_ack, &e, d(2026, 2, 4))).contains("accusé de réception"));
}

#[test]
fn replies_lead_to_answered_from_every_waiting_state() {
    let s = apply(&received(), &reply(d(2026, 2, 10)), d(2026, 2, 10)).unwrap();
    assert_eq!(s.status, Status::Answered);
    let ext = apply(&received(), &Event::ExtensionNotified { notified_on: d(2026, 2, 5), reasons: "x".into() }, d(2026, 2, 5)).unwrap();
    assert_eq!(apply(&ext, &reply(d(2026, 4, 1)), d(2026, 4, 1)).unwrap().status, Status::Answered);
    let late = apply(&received(), &Event::NoAnswerRecorded { noted_on: d(2026, 3, 3) }, d(2026, 3, 3)).unwrap();
    assert_eq!(apply(&late, &reply(d(2026, 3, 20)), d(2026, 3, 20)).unwrap().status, Status::Answered);
    // A reply also proves receipt when the AR card never came back.
    let no_ack = apply(&found(), &letter_sent(d(2026, 1, 29)), d(2026, 1, 29)).unwrap();
    assert_eq!(apply(&no_ack, &reply(d(2026, 2, 3)), d(2026, 2, 3)).unwrap().status, Status::Answered);
}

#[test]
fn no_answer_only_once_the_due_date_has_passed() {
    let s = received();
    // Due 2 March 2026: the 2nd is still on time.
    let msg = refused_msg(apply(&s, &Event::NoAnswerRecorded { noted_on: d(2026, 3, 2) }, d(2026, 3, 2)));
    assert!(msg.contains("02/03/2026") && msg.contains("03/03/2026") && msg.contains("sans réponse"), "{msg}");
    let s2 = apply(&s, &Event::NoAnswerRecorded { noted_on: d(2026, 3, 3) }, d(2026, 3, 3)).unwrap();
    assert_eq!(s2.status, Status::NoAnswer);
    // After an extension the month is not enough.
    let ext = apply(&s, &Event::ExtensionNotified { notified_on: d(2026, 2, 5), reasons: "x".into() }, d(2026, 2, 5)).unwrap();
    assert!(apply(&ext, &Event::NoAnswerRecorded { noted_on: d(2026, 3, 3) }, d(2026, 3, 3)).is_err());
    assert_eq!(apply(&ext, &Event::NoAnswerRecorded { noted_on: d(2026, 5, 1) }, d(2026, 5, 1)).unwrap().status, Status::NoAnswer);
}

#[test]
fn refusal_from_waiting_answered_or_silent_states() {
    let answered = apply(&received(), &reply(d(2026, 2, 10)), d(2026, 2, 10)).unwrap();
    let silent = apply(&received(), &Event::NoAnswerRecorded { noted_on: d(2026, 3, 3) }, d(2026, 3, 3)).unwrap();
    for s in [received(), answered, silent] {
        assert_eq!(apply(&s, &refusal(d(2026, 3, 10)), d(2026, 3, 10)).unwrap().status, Status::Refused);
    }
    assert!(refused_msg(apply(&found(), &refusal(d(2026, 2, 1)), d(2026, 2, 1))).contains("« trouvée »"));
}

#[test]
fn cnil_complaint_and_dereferencing_after_refusal_in_either_order() {
    let refused = apply(&received(), &refusal(d(2026, 2, 10)), d(2026, 2, 10)).unwrap();
    let cnil = Event::CnilComplaintFiled { filed_on: d(2026, 2, 15), reference: String::new() };
    let deref = Event::DereferencingRequested { requested_on: d(2026, 2, 16), engines: vec!["Google".into(), "Bing".into()] };
    let a = apply(&refused, &cnil, d(2026, 2, 15)).unwrap();
    assert_eq!(a.status, Status::CnilComplaint);
    let b = apply(&a, &deref, d(2026, 2, 16)).unwrap();
    assert_eq!(b.status, Status::DereferencingRequested);
    assert_eq!(b.cnil_complaint_on, Some(d(2026, 2, 15)), "both steps stay on record");
    assert!(refused_msg(apply(&b, &cnil, d(2026, 2, 17))).contains("déjà"));
    let c = apply(&refused, &deref, d(2026, 2, 16)).unwrap();
    assert_eq!(apply(&c, &cnil, d(2026, 2, 17)).unwrap().status, Status::CnilComplaint);
}

#[test]
fn escalation_straight_from_an_overdue_request_but_not_before() {
    let cnil = |on| Event::CnilComplaintFiled { filed_on: on, reference: "PLAINTE-1".into() };
    let msg = refused_msg(apply(&received(), &cnil(d(2026, 2, 20)), d(2026, 2, 20)));
    assert!(msg.contains("02/03/2026") && msg.contains("demande d'effacement envoyée"), "{msg}");
    assert_eq!(apply(&received(), &cnil(d(2026, 3, 3)), d(2026, 3, 3)).unwrap().status, Status::CnilComplaint);
    let deref = Event::DereferencingRequested { requested_on: d(2026, 3, 3), engines: vec!["Google".into()] };
    assert_eq!(apply(&received(), &deref, d(2026, 3, 3)).unwrap().status, Status::DereferencingRequested);
    // Issue 8, point 3: dereferencing is lawful without writing to the site first. Asked before
    // the publisher's answer, it is recorded beside the request and leaves the status alone.
    let early = apply(&found(), &deref, d(2026, 3, 3)).unwrap();
    assert_eq!((early.status, early.dereferencing_requested_on), (Status::Found, Some(d(2026, 3, 3))));
    let pending = apply(&received(), &Event::DereferencingRequested { requested_on: d(2026, 2, 5), engines: vec!["Bing".into()] }, d(2026, 2, 5)).unwrap();
    assert_eq!(pending.status, Status::ErasureRequested, "the erasure clock keeps running");
    assert_eq!(pending.answer_deadline(), received().answer_deadline());
    assert!(refused_msg(apply(&early, &deref, d(2026, 3, 4))).contains("déjà"), "once per listing");
    // The erasure request can still follow.
    let sent = Event::ErasureRequested { sent_on: d(2026, 3, 5), channel: RequestChannel::Email, letter_id: None, registered_number: None };
    assert_eq!(apply(&early, &sent, d(2026, 3, 5)).unwrap().status, Status::ErasureRequested);
}

#[test]
fn routes_without_erasure_refuse_the_erasure_request_and_dereferencing() {
    use crate::site::Route;
    let sent = Event::ErasureRequested { sent_on: d(2026, 2, 1), channel: RequestChannel::Email, letter_id: None, registered_number: None };
    let contract = ListingState::on_route(d(2026, 1, 15), Route::Contract);
    assert!(refused_msg(apply(&contract, &sent, d(2026, 2, 1))).contains("contrat"));
    let deref = Event::DereferencingRequested { requested_on: d(2026, 2, 1), engines: vec!["Google".into()] };
    assert!(apply(&contract, &deref, d(2026, 2, 1)).is_err());
    let google = ListingState::on_route(d(2026, 1, 15), Route::BusinessListing);
    assert!(apply(&google, &sent, d(2026, 2, 1)).is_ok(), "an objection may still be tried");
    let register = ListingState::on_route(d(2026, 1, 15), Route::RegisterDiffusion);
    assert!(apply(&register, &sent, d(2026, 2, 1)).is_ok());
}

#[test]
fn an_unclaimed_letter_starts_the_clock_at_first_presentation() {
    // Issue 8, point 9: a letter never collected must not stop the procedure.
    let sent = Event::ErasureRequested { sent_on: d(2026, 2, 2), channel: RequestChannel::RegisteredLetter, letter_id: None, registered_number: Some("1A12345678901".into()) };
    let waiting = apply(&found(), &sent, d(2026, 2, 2)).unwrap();
    assert_eq!(waiting.answer_deadline(), None, "no receipt yet, no clock");
    for basis in [ReceiptBasis::FirstPresentation, ReceiptBasis::ReturnedUnclaimed] {
        let presented = Event::ReceiptAcknowledged { acknowledged_on: d(2026, 2, 4), basis };
        assert_ne!(presented.label(), "accusé de réception");
        let s = apply(&waiting, &presented, d(2026, 2, 20)).unwrap();
        assert_eq!(s.received_on, Some(d(2026, 2, 4)));
        let due = s.answer_deadline().unwrap().due_on;
        assert_eq!(due, d(2026, 3, 4));
        // Past the due date the escalation opens as for an acknowledged letter.
        let after = apply(&s, &Event::NoAnswerRecorded { noted_on: d(2026, 3, 5) }, d(2026, 3, 5)).unwrap();
        assert_eq!(after.status, Status::NoAnswer);
    }
    // Rows stored before the field existed read as an acknowledgement.
    let old: Event = serde_json::from_str(r#"{"kind":"receipt_acknowledged","acknowledged_on":"2026-02-04"}"#).unwrap();
    assert_eq!(old, Event::ReceiptAcknowledged { acknowledged_on: d(2026, 2, 4), basis: ReceiptBasis::Acknowledged });
}

#[test]
fn removal_from_any_live_state_and_reappearance() {
    let states = [found(), received(), apply(&received(), &refusal(d(2026, 2, 10)), d(2026, 2, 10)).unwrap()];
    let by_check = Event::RemovalConfirmed { observed_on: d(2026, 3, 2), proof: RemovalProof::PresenceCheck { check: check(PresenceOutcome::Removed) } };
    for s in states {
        assert_eq!(apply(&s, &by_check, d(2026, 3, 2)).unwrap().status, Status::Removed);
    }
    let gone = apply(&received(), &by_check, d(2026, 3, 2)).unwrap();
    assert!(refused_msg(apply(&gone, &by_check, d(2026, 3, 3))).contains("déjà"));
    let back = apply(&gone, &Event::Reappeared { observed_on: d(2026, 6, 1), note: "De retour.".into() }, d(2026, 6, 1)).unwrap();
    assert_eq!(back, found(), "a reappeared listing starts over, its history kept in the events");
    assert!(apply(&found(), &Event::Reappeared { observed_on: d(2026, 6, 1), note: String::new() }, d(2026, 6, 1)).is_err());
}

#[test]
fn presence_check_is_recorded_in_any_state_without_changing_it() {
    let e = Event::PresenceChecked { checked_on: d(2026, 3, 2), check: check(PresenceOutcome::Online) };
    for s in [found(), received()] {
        assert_eq!(apply(&s, &e, d(2026, 3, 2)).unwrap(), s);
    }
}

#[test]
fn official_directories_refuse_the_erasure_request() {
    let s = ListingState::new(d(2026, 1, 5), false);
    assert!(refused_msg(apply(&s, &letter_sent(d(2026, 1, 29)), d(2026, 1, 29))).contains("annuaire officiel"));
}

#[test]
fn illegal_transitions_name_current_and_requested_states() {
    let msg = refused_msg(apply(&found(), &ack(d(2026, 2, 1)), d(2026, 2, 1)));
    assert!(msg.contains("« accusé de réception »") && msg.contains("« trouvée »"), "{msg}");
    let msg = refused_msg(apply(&received(), &letter_sent(d(2026, 2, 1)), d(2026, 2, 1)));
    assert!(msg.contains("« demande d'effacement envoyée »") && msg.contains("déjà"), "{msg}");
    let msg = refused_msg(apply(&received(), &ack(d(2026, 2, 1)), d(2026, 2, 1)));
    assert!(msg.contains("déjà enregistrée"), "{msg}");
    let msg = refused_msg(apply(&found(), &reply(d(2026, 2, 1)), d(2026, 2, 1)));
    assert!(msg.contains("« réponse reçue »") && msg.contains("« trouvée »"), "{msg}");
    let answered = apply(&received(), &reply(d(2026, 2, 10)), d(2026, 2, 10)).unwrap();
    let msg = refused_msg(apply(&answered, &Event::NoAnswerRecorded { noted_on: d(2026, 3, 5) }, d(2026, 3, 5)));
    assert!(msg.contains("« réponse reçue »"), "{msg}");
}

#[test]
fn proof_fields_are_checked() {
    let no_number = Event::ErasureRequested { sent_on: d(2026, 1, 29), channel: RequestChannel::RegisteredLetter, letter_id: Some(1), registered_number: None };
    match apply(&found(), &no_number, d(2026, 1, 29)) {
        Err(ApplyError::Invalid(inv)) => assert!(inv.has("registered_number")),
        other => panic!("{other:?}"),
    }
    let future = letter_sent(d(2026, 2, 1));
    match apply(&found(), &future, d(2026, 1, 29)) {
        Err(ApplyError::Invalid(inv)) => assert!(inv.errors[0].message.contains("futur")),
        other => panic!("{other:?}"),
    }
    let before_found = letter_sent(d(2026, 1, 2));
    assert!(matches!(apply(&found(), &before_found, d(2026, 1, 29)), Err(ApplyError::Invalid(_))));
    let ack_before_sending = ack(d(2026, 1, 20));
    let sent = apply(&found(), &letter_sent(d(2026, 1, 29)), d(2026, 1, 29)).unwrap();
    assert!(refused_msg(apply(&sent, &ack_before_sending, d(2026, 1, 30))).contains("précède"));
    let empty_summary = Event::ReplyReceived { replied_on: d(2026, 2, 3), summary: " ".into() };
    assert!(matches!(apply(&received(), &empty_summary, d(2026, 2, 3)), Err(ApplyError::Invalid(i)) if i.has("summary")));
    let online_as_removal = Event::RemovalConfirmed { observed_on: d(2026, 3, 2), proof: RemovalProof::PresenceCheck { check: check(PresenceOutcome::Online) } };
    assert!(matches!(apply(&received(), &online_as_removal, d(2026, 3, 2)), Err(ApplyError::Invalid(i)) if i.has("proof")));
    let no_engine = Event::DereferencingRequested { requested_on: d(2026, 3, 3), engines: vec![] };
    assert!(matches!(apply(&received(), &no_engine, d(2026, 3, 3)), Err(ApplyError::Invalid(i)) if i.has("engines")));
}

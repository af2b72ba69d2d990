//! The case machine: the ladder, each refusal with its French message, and random walks that
//! never reach an illegal state.

use chrono::NaiveDate;
use proptest::prelude::*;

use super::*;
use crate::case::{CourtAction, FirstPublication, Ground, Party, QuotedStatement};

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn today() -> NaiveDate {
    d(2026, 11, 30)
}

fn party(role: PartyRole, identified: bool) -> Party {
    Party { role, name: "X".into(), identified, address_lines: vec![], email: None, web_form: None, notes: String::new() }
}

/// Published 1 September 2026, found 3 September; the author is known only by a pseudonym.
pub(crate) fn case() -> CaseFile {
    CaseFile {
        id: 1,
        title: "Avis Google".into(),
        url: "https://maps.google.com/x".into(),
        site_name: "Google Maps".into(),
        author: Some("Patient75".into()),
        review_id: None,
        statements: vec![QuotedStatement { quote: "escroc".into(), grounds: vec![Ground::Insult] }],
        parties: vec![party(PartyRole::Author, false), party(PartyRole::Host, true)],
        first_publication: FirstPublication::Exact { on: d(2026, 9, 1) },
        discovered_on: d(2026, 9, 3),
        opened_on: d(2026, 9, 3),
        status: CaseStatus::Open,
        outcome: None,
        notes: String::new(),
        created_at: String::new(),
        updated_at: String::new(),
    }
}

fn with_identified_author() -> CaseFile {
    CaseFile { parties: vec![party(PartyRole::Author, true)], ..case() }
}

fn report(on: NaiveDate) -> CaseEvent {
    CaseEvent::ReportMade { on, reason: "Harcèlement".into(), reference: None }
}
fn decided(on: NaiveDate, decision: PlatformDecision) -> CaseEvent {
    CaseEvent::ReportDecided { on, decision, note: String::new() }
}
fn host(on: NaiveDate) -> CaseEvent {
    CaseEvent::HostNotified { on, host: "Google".into(), reference: None, registered_number: None, letter_id: None }
}
fn notice(on: NaiveDate, to: PartyRole, deadline_days: u32) -> CaseEvent {
    CaseEvent::FormalNoticeSent { on, to, deadline_days, registered_number: None, letter_id: None }
}
fn received(on: NaiveDate) -> CaseEvent {
    CaseEvent::FormalNoticeReceived { on, basis: Default::default() }
}
fn court(on: NaiveDate) -> CaseEvent {
    CaseEvent::CourtActionFiled { on, action: CourtAction::Summons, reference: None }
}
fn closed(on: NaiveDate, outcome: Outcome) -> CaseEvent {
    CaseEvent::Closed { on, outcome, note: String::new() }
}

/// Applies every event in turn, panicking on a refusal; returns the last transition.
fn run(case: &CaseFile, events: &[CaseEvent]) -> Transition {
    let mut t = replay(&[]);
    for (i, e) in events.iter().enumerate() {
        t = apply(case, &events[..i], e, today()).unwrap_or_else(|err| panic!("{e:?}: {err}"));
    }
    t
}

fn refusal(case: &CaseFile, history: &[CaseEvent], e: &CaseEvent) -> String {
    match apply(case, history, e, today()) {
        Err(ApplyError::Refused(m)) => m,
        other => panic!("expected a refusal for {e:?}, got {other:?}"),
    }
}

#[test]
fn the_status_climbs_the_ladder_and_never_goes_back() {
    let c = with_identified_author();
    let steps = [report(d(2026, 9, 4)), host(d(2026, 9, 10)), report(d(2026, 9, 12)), notice(d(2026, 9, 15), PartyRole::Author, 15)];
    assert_eq!(run(&c, &steps[..1]).status, CaseStatus::Reported);
    assert_eq!(run(&c, &steps[..2]).status, CaseStatus::HostNotified);
    assert_eq!(run(&c, &steps[..3]).status, CaseStatus::HostNotified, "a later report does not move the case back");
    assert_eq!(run(&c, &steps).status, CaseStatus::FormalNotice);
    let mut all = steps.to_vec();
    all.push(court(d(2026, 10, 1)));
    assert_eq!(run(&c, &all).status, CaseStatus::InCourt);
    assert_eq!(replay(&all).status, CaseStatus::InCourt);
}

#[test]
fn rungs_may_be_skipped() {
    assert_eq!(run(&case(), &[notice(d(2026, 9, 5), PartyRole::Publisher, 8)]).status, CaseStatus::FormalNotice);
    assert_eq!(run(&case(), &[host(d(2026, 9, 5))]).status, CaseStatus::HostNotified);
    assert_eq!(run(&case(), &[court(d(2026, 9, 5))]).status, CaseStatus::InCourt);
}

#[test]
fn removal_overrides_the_rung_and_reappearance_restores_it() {
    let h = [host(d(2026, 9, 5)), CaseEvent::ContentRemoved { on: d(2026, 9, 20), how: String::new() }];
    assert_eq!(run(&case(), &h).status, CaseStatus::Removed);
    let mut h2 = h.to_vec();
    h2.push(CaseEvent::ContentReappeared { on: d(2026, 10, 2) });
    assert_eq!(run(&case(), &h2).status, CaseStatus::HostNotified);
    let by_platform = [report(d(2026, 9, 4)), decided(d(2026, 9, 6), PlatformDecision::Removed)];
    assert_eq!(run(&case(), &by_platform).status, CaseStatus::Removed);
    let restricted = [report(d(2026, 9, 4)), decided(d(2026, 9, 6), PlatformDecision::Restricted)];
    assert_eq!(run(&case(), &restricted).status, CaseStatus::Reported, "a restriction leaves the content online");
}

#[test]
fn a_closed_case_is_reopened_only_by_reappearance() {
    let h = [CaseEvent::ContentRemoved { on: d(2026, 9, 20), how: String::new() }, closed(d(2026, 9, 21), Outcome::Removed)];
    let t = run(&case(), &h);
    assert_eq!((t.status, t.outcome), (CaseStatus::Closed, Some(Outcome::Removed)));
    assert!(refusal(&case(), &h, &report(d(2026, 10, 1))).contains("Un dossier clos ne reçoit plus d'étape"));
    let t = apply(&case(), &h, &CaseEvent::ContentReappeared { on: d(2026, 10, 1) }, today()).unwrap();
    assert_eq!((t.status, t.outcome), (CaseStatus::Open, None));
    let abandoned = [closed(d(2026, 9, 21), Outcome::Abandoned)];
    assert!(refusal(&case(), &abandoned, &CaseEvent::ContentReappeared { on: d(2026, 10, 1) }).contains("Seul un contenu indiqué comme retiré"));
}

#[test]
fn every_refusal_says_why_in_french() {
    let c = case();
    let cases: Vec<(Vec<CaseEvent>, CaseEvent, &str)> = vec![
        (vec![], decided(d(2026, 9, 5), PlatformDecision::NoViolation), "Aucun signalement n'attend de décision"),
        (vec![report(d(2026, 9, 4)), decided(d(2026, 9, 5), PlatformDecision::NoViolation)], decided(d(2026, 9, 6), PlatformDecision::Removed), "Aucun signalement n'attend de décision"),
        (vec![report(d(2026, 9, 10))], decided(d(2026, 9, 5), PlatformDecision::Removed), "précède le signalement"),
        (vec![], CaseEvent::HostDecided { on: d(2026, 9, 5), decision: PlatformDecision::Removed, note: String::new() }, "Aucune notification à l'hébergeur"),
        (vec![report(d(2026, 9, 4)), decided(d(2026, 9, 5), PlatformDecision::Restricted)], CaseEvent::AppealMade { on: d(2026, 9, 6), reference: None }, "Un recours suppose"),
        (
            vec![report(d(2026, 9, 4)), decided(d(2026, 9, 5), PlatformDecision::NoViolation), CaseEvent::AppealMade { on: d(2026, 9, 6), reference: None }],
            CaseEvent::AppealMade { on: d(2026, 9, 7), reference: None },
            "déjà fait l'objet d'un recours",
        ),
        (vec![], notice(d(2026, 9, 5), PartyRole::Host, 15), "L'hébergeur ne reçoit pas de mise en demeure"),
        (vec![], notice(d(2026, 9, 5), PartyRole::Author, 15), "L'auteur n'est pas identifié"),
        (vec![], received(d(2026, 9, 5)), "Aucune mise en demeure envoyée"),
        (vec![notice(d(2026, 9, 10), PartyRole::Publisher, 15)], received(d(2026, 9, 8)), "précède l'envoi de la mise en demeure"),
        (vec![notice(d(2026, 9, 10), PartyRole::Publisher, 15), received(d(2026, 9, 12))], received(d(2026, 9, 13)), "Aucune mise en demeure envoyée"),
        (vec![report(d(2026, 9, 4))], CaseEvent::FollowUpSent { on: d(2026, 9, 20), letter_id: None }, "Une relance suit"),
        (vec![host(d(2026, 9, 4))], CaseEvent::AnswerReceived { on: d(2026, 9, 20), from: PartyRole::Publisher, complied: true, summary: String::new() }, "Aucun courrier n'a été adressé"),
        (vec![CaseEvent::ContentRemoved { on: d(2026, 9, 4), how: String::new() }], report(d(2026, 9, 5)), "Le contenu est indiqué comme retiré"),
        (vec![CaseEvent::ContentRemoved { on: d(2026, 9, 4), how: String::new() }], CaseEvent::ContentRemoved { on: d(2026, 9, 5), how: String::new() }, "déjà enregistré"),
        (vec![], CaseEvent::ContentReappeared { on: d(2026, 9, 5) }, "Seul un contenu indiqué comme retiré"),
        (vec![], closed(d(2026, 9, 5), Outcome::Judgment), "suppose une action en justice"),
    ];
    for (history, event, expected) in cases {
        let msg = refusal(&c, &history, &event);
        assert!(msg.starts_with("Impossible d'enregistrer « "), "{msg}");
        assert!(msg.contains(expected), "{event:?}: {msg}");
    }
}

#[test]
fn proof_fields_and_dates_are_checked_first() {
    let invalid = |e: CaseEvent, field: &str| match apply(&case(), &[], &e, today()) {
        Err(ApplyError::Invalid(inv)) => assert!(inv.has(field), "{e:?}: {inv:?}"),
        other => panic!("{e:?}: {other:?}"),
    };
    invalid(report(d(2026, 12, 1)), "occurred_on");
    invalid(report(d(2026, 8, 31)), "occurred_on");
    invalid(CaseEvent::ReportMade { on: d(2026, 9, 5), reason: " ".into(), reference: None }, "reason");
    invalid(notice(d(2026, 9, 5), PartyRole::Publisher, 7), "deadline_days");
    invalid(notice(d(2026, 9, 5), PartyRole::Publisher, 31), "deadline_days");
    invalid(CaseEvent::ConstatDone { on: d(2026, 9, 5), reference: String::new() }, "reference");
    let msg = apply(&case(), &[], &report(d(2026, 12, 1)), today()).unwrap_err().to_string();
    assert_eq!(msg, "La date du 01/12/2026 est dans le futur.");
}

#[test]
fn an_appeal_reopens_the_decision_it_contests() {
    let h = [report(d(2026, 9, 4)), decided(d(2026, 9, 5), PlatformDecision::NoViolation), CaseEvent::AppealMade { on: d(2026, 9, 6), reference: None }];
    assert!(apply(&case(), &h, &decided(d(2026, 9, 9), PlatformDecision::Removed), today()).is_ok());
    assert!(refusal(&case(), &h, &decided(d(2026, 9, 5), PlatformDecision::Removed)).contains("précède le signalement ou le recours"));
    let host_h = [host(d(2026, 9, 4)), CaseEvent::HostDecided { on: d(2026, 9, 5), decision: PlatformDecision::NoViolation, note: String::new() }];
    let mut h2 = host_h.to_vec();
    h2.push(CaseEvent::AppealMade { on: d(2026, 9, 6), reference: None });
    assert!(apply(&case(), &h2, &CaseEvent::HostDecided { on: d(2026, 9, 7), decision: PlatformDecision::Removed, note: String::new() }, today()).is_ok());
}

fn arb_event() -> impl Strategy<Value = CaseEvent> {
    let role = prop_oneof![Just(PartyRole::Author), Just(PartyRole::Publisher), Just(PartyRole::Host)];
    let decision = prop_oneof![Just(PlatformDecision::Removed), Just(PlatformDecision::Restricted), Just(PlatformDecision::NoViolation)];
    let outcome = prop_oneof![Just(Outcome::Removed), Just(Outcome::Judgment), Just(Outcome::Settled), Just(Outcome::Abandoned)];
    // From 25 August (before publication) to 10 December (after "today").
    (0u16..17, 0u64..108, role, decision, outcome, 5u32..33, any::<bool>()).prop_map(|(k, off, role, decision, outcome, days, yes)| {
        let on = d(2026, 8, 25) + chrono::Days::new(off);
        let text = if yes { "texte".to_owned() } else { String::new() };
        match k {
            0 => CaseEvent::ReportMade { on, reason: "motif".into(), reference: None },
            1 => CaseEvent::ReportDecided { on, decision, note: text },
            2 => CaseEvent::AppealMade { on, reference: None },
            3 => CaseEvent::HostNotified { on, host: "Google".into(), reference: None, registered_number: None, letter_id: None },
            4 => CaseEvent::HostDecided { on, decision, note: text },
            5 => CaseEvent::FormalNoticeSent { on, to: role, deadline_days: days, registered_number: None, letter_id: None },
            6 => CaseEvent::FormalNoticeReceived { on, basis: Default::default() },
            7 => CaseEvent::FollowUpSent { on, letter_id: None },
            8 => CaseEvent::AnswerReceived { on, from: role, complied: yes, summary: text },
            9 => CaseEvent::ConstatOrdered { on, officer: "Me Dupont".into(), reference: None },
            10 => CaseEvent::ConstatDone { on, reference: text },
            11 => CaseEvent::LawyerConsulted { on, who: "Me Martin".into() },
            12 => CaseEvent::CourtActionFiled { on, action: if yes { CourtAction::Summons } else { CourtAction::CivilPartyComplaint }, reference: None },
            13 => CaseEvent::ContentRemoved { on, how: text },
            14 => CaseEvent::ContentReappeared { on },
            _ => CaseEvent::Closed { on, outcome, note: text },
        }
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]

    #[test]
    fn random_walks_never_reach_an_illegal_state(events in proptest::collection::vec(arb_event(), 1..40), author_known in any::<bool>()) {
        let c = CaseFile { parties: vec![party(PartyRole::Author, author_known)], ..case() };
        let mut history: Vec<CaseEvent> = Vec::new();
        let mut before = replay(&history);
        let mut rung = 0;
        for e in events {
            let Ok(t) = apply(&c, &history, &e, today()) else { continue };
            let on = e.occurred_on();
            prop_assert!(on <= today() && on >= c.first_publication.earliest());
            if before.status == CaseStatus::Closed {
                prop_assert!(matches!(e, CaseEvent::ContentReappeared { .. }), "a closed case took {:?}", e);
                prop_assert!(t.status != CaseStatus::Closed && t.outcome.is_none());
            }
            match &e {
                CaseEvent::FormalNoticeSent { to, .. } => {
                    prop_assert!(*to != PartyRole::Host);
                    prop_assert!(*to != PartyRole::Author || author_known);
                }
                CaseEvent::FormalNoticeReceived { .. } => {
                    let sent = history.iter().filter(|h| matches!(h, CaseEvent::FormalNoticeSent { on: s, .. } if *s <= on)).count();
                    let got = history.iter().filter(|h| matches!(h, CaseEvent::FormalNoticeReceived { .. })).count();
                    prop_assert!(got < sent, "received without a notice in transit");
                }
                CaseEvent::ReportDecided { .. } => prop_assert!(history.iter().any(|h| matches!(h, CaseEvent::ReportMade { .. })), "decision without a report"),
                CaseEvent::HostDecided { .. } => prop_assert!(history.iter().any(|h| matches!(h, CaseEvent::HostNotified { .. })), "decision without a notice"),
                _ => {}
            }
            history.push(e);
            prop_assert_eq!(t, replay(&history), "apply and replay agree");
            if t.status == CaseStatus::InCourt {
                prop_assert!(history.iter().any(|h| matches!(h, CaseEvent::CourtActionFiled { .. })), "in court without a court act");
            }
            let now = Ladder::from_history(&history).rung;
            prop_assert!(now >= rung, "the rung never goes down");
            rung = now;
            before = t;
        }
    }
}

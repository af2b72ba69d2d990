//! Random sequences of steps through the store: whatever the doctor clicks, in whatever order and
//! with whatever dates, the state machine either refuses (French message) or produces a state the
//! schema's CHECK constraints accept. A storage error here would mean the two disagree.

use erm_store::StoreError;
use chrono::{Days, NaiveDate, TimeZone, Utc};
use erm_domain::listing::{self, Event, ListingInput, PresenceOutcome, PresenceProof, RemovalProof, RequestChannel, Status};
use erm_store::{listings, sites, Store};
use proptest::prelude::*;

fn found_on() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 1, 5).unwrap()
}

fn event(kind: u8, on: NaiveDate) -> Event {
    let check = |outcome| PresenceProof {
        outcome,
        detail: "contrôle".into(),
        http_status: Some(410),
        final_url: None,
        checked_at: Utc.with_ymd_and_hms(2026, 1, 5, 8, 0, 0).unwrap(),
    };
    match kind % 13 {
        0 => Event::ErasureRequested { sent_on: on, channel: RequestChannel::RegisteredLetter, letter_id: None, registered_number: Some("1A12345678901".into()) },
        1 => Event::ErasureRequested { sent_on: on, channel: RequestChannel::WebForm, letter_id: None, registered_number: None },
        2 => Event::ReceiptAcknowledged { acknowledged_on: on, basis: Default::default() },
        3 => Event::ExtensionNotified { notified_on: on, reasons: "Complexité.".into() },
        4 => Event::ReplyReceived { replied_on: on, summary: "Réponse.".into() },
        5 => Event::NoAnswerRecorded { noted_on: on },
        6 => Event::RefusalReceived { replied_on: on, summary: "Refus.".into() },
        7 => Event::CnilComplaintFiled { filed_on: on, reference: String::new() },
        8 => Event::DereferencingRequested { requested_on: on, engines: vec!["Google".into()] },
        9 => Event::PresenceChecked { checked_on: on, check: check(PresenceOutcome::Online) },
        10 => Event::RemovalConfirmed { observed_on: on, proof: RemovalProof::PresenceCheck { check: check(PresenceOutcome::Removed) } },
        11 => Event::Reappeared { observed_on: on, note: "Revenue.".into() },
        _ => Event::RemovalConfirmed { observed_on: on, proof: RemovalProof::Observation { note: "Vue vide.".into() } },
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, ..ProptestConfig::default() })]

    #[test]
    fn machine_and_schema_agree(steps in prop::collection::vec((any::<u8>(), 0u64..150, 0u64..40), 1..14)) {
        let mut store = Store::open_in_memory().unwrap();
        store.transaction(|tx| sites::seed_catalogue(tx)).unwrap();
        let site_id = sites::find_by_domain(store.conn(), "keskeces.com").unwrap().unwrap().id.unwrap();
        let input = ListingInput { site_id, url: "https://www.keskeces.com/dr".into(), found_on: found_on().to_string(), ..Default::default() };
        let data = listing::validate(&input, found_on()).unwrap();
        let lid = store.transaction(|tx| listings::create(tx, &data)).unwrap().id;
        let mut accepted = 0usize;
        let mut last = Status::Found;
        for (kind, offset, lag) in steps {
            let on = found_on().checked_add_days(Days::new(offset)).unwrap();
            let today = on.checked_add_days(Days::new(lag)).unwrap();
            let before = listings::events(store.conn(), lid).unwrap().len();
            match store.transaction(|tx| listings::record_event(tx, lid, &event(kind, on), "", today)) {
                Ok(l) => {
                    accepted += 1;
                    last = l.state.status;
                    prop_assert_eq!(listings::events(store.conn(), lid).unwrap().len(), before + 1);
                }
                Err(StoreError::Refused(m)) => {
                    prop_assert!(m.starts_with("Impossible d'enregistrer « "), "{}", m);
                    prop_assert_eq!(listings::events(store.conn(), lid).unwrap().len(), before);
                }
                Err(StoreError::Invalid(_)) => prop_assert_eq!(listings::events(store.conn(), lid).unwrap().len(), before),
                Err(other) => prop_assert!(false, "the schema refused a state the machine accepted: {}", other),
            }
        }
        let stored = listings::get(store.conn(), lid).unwrap();
        prop_assert_eq!(stored.state.status, last);
        prop_assert_eq!(listings::events(store.conn(), lid).unwrap().len(), accepted);
    }
}

//! Letters stored by an earlier version must regenerate byte for byte: the row is the truth and
//! the PDF a copy of what was posted. `letters_fixtures/legacy_v1.json` holds rows (letter data,
//! options, recipient, date) exactly as the first wording wrote them, with the SHA-256 of the
//! PDF that version produced. Later wording changes must leave these bytes alone.
//!
//! `LEGACY_CAPTURE=<file>` rewrites the fixture from the current code (only ever done once per
//! wording version, before that wording changes).

#[path = "letters_fixtures/mod.rs"]
mod fixtures;

use erm_domain::address::PostalAddress;
use erm_documents::letters::*;
use fixtures::*;
use serde_json::{json, Value};
use sha2::{Digest, Sha256};

fn hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes).iter().map(|b| format!("{b:02x}")).collect()
}

fn rows_now() -> Vec<Value> {
    let mut rows = Vec::new();
    let registered = LetterOptions { registered: true, registered_number: Some("1A 234 567 8901 2".into()), ..Default::default() };
    for data in all_kinds() {
        for options in [LetterOptions::default(), registered.clone()] {
            let recipient: Vec<String> = publisher().lines().to_vec();
            let pdf = render_letter(&data, &doctor(), &publisher(), d(2026, 12, 1), &options).unwrap();
            rows.push(json!({
                "letter": data,
                "sender": doctor(),
                "recipient": recipient,
                "date": "2026-12-01",
                "options": options,
                "sha256": hex(&pdf),
            }));
        }
    }
    rows
}

#[test]
fn rows_of_the_first_wording_regenerate_byte_for_byte() {
    if let Ok(path) = std::env::var("LEGACY_CAPTURE") {
        std::fs::write(&path, serde_json::to_string_pretty(&rows_now()).unwrap()).unwrap();
        return;
    }
    let rows: Vec<Value> = serde_json::from_str(include_str!("letters_fixtures/legacy_v1.json")).unwrap();
    assert!(rows.len() >= 12);
    for row in rows {
        let data: LetterData = serde_json::from_value(row["letter"].clone()).expect("old letter data still deserialises");
        let options: LetterOptions = serde_json::from_value(row["options"].clone()).expect("old options still deserialise");
        let sender = serde_json::from_value(row["sender"].clone()).unwrap();
        let lines: Vec<String> = serde_json::from_value(row["recipient"].clone()).unwrap();
        let recipient = PostalAddress::parse("recipient", &lines).unwrap();
        let date = serde_json::from_value(row["date"].clone()).unwrap();
        let pdf = render_letter(&data, &sender, &recipient, date, &options)
            .unwrap_or_else(|e| panic!("{}: an old row no longer renders: {e}", data.kind().as_str()));
        assert_eq!(hex(&pdf), row["sha256"].as_str().unwrap(), "{}: an old row regenerates different bytes", data.kind().as_str());
    }
}

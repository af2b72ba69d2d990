//! A presence check recorded as listing events, end to end: loopback server → check_presence →
//! `presence_checked` event → `removal_confirmed` with the check as proof, in a real SQLite file.

use chrono::NaiveDate;
use erm_domain::listing::{self, Event, ListingInput, PresenceOutcome, RemovalProof, Status};
use erm_store::{listings, sites, Store};
use erm_net::http::{HttpClient, HttpConfig};
use erm_net::presence::check_presence;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

/// Answers every request with 410 Gone.
async fn gone_server() -> String {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move {
        while let Ok((mut s, _)) = listener.accept().await {
            let mut buf = [0u8; 4096];
            let _ = s.read(&mut buf).await;
            let _ = s.write_all(b"HTTP/1.1 410 Gone\r\nContent-Length: 0\r\nConnection: close\r\n\r\n").await;
        }
    });
    format!("http://{addr}/medecin/dupre")
}

#[tokio::test]
async fn a_410_check_is_stored_and_proves_the_removal() {
    let url = gone_server().await;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("erm.sqlite3");
    let today = NaiveDate::from_ymd_opt(2026, 3, 2).unwrap();
    let lid = {
        let mut store = Store::open(&path).unwrap();
        store.transaction(|tx| sites::seed_catalogue(tx)).unwrap();
        let site_id = sites::find_by_domain(store.conn(), "keskeces.com").unwrap().unwrap().id.unwrap();
        let input = ListingInput { site_id, url: url.clone(), found_on: "2026-01-05".into(), ..Default::default() };
        let data = listing::validate(&input, today).unwrap();
        store.transaction(|tx| listings::create(tx, &data)).unwrap().id
    };

    let client = HttpClient::new(HttpConfig::default()).unwrap();
    let result = check_presence(&client, &url, &["Dupré"]).await.unwrap();
    let proof = result.to_proof();
    assert_eq!(proof.outcome, PresenceOutcome::Removed);

    let mut store = Store::open(&path).unwrap();
    store
        .transaction(|tx| {
            listings::record_event(tx, lid, &Event::PresenceChecked { checked_on: today, check: proof.clone() }, "", today)?;
            let removal = Event::RemovalConfirmed { observed_on: today, proof: RemovalProof::PresenceCheck { check: proof.clone() } };
            listings::record_event(tx, lid, &removal, "Vérifiée depuis l'application.", today)
        })
        .unwrap();
    drop(store);

    let store = Store::open(&path).unwrap();
    assert_eq!(listings::get(store.conn(), lid).unwrap().state.status, Status::Removed);
    let history = listings::events(store.conn(), lid).unwrap();
    assert_eq!(history.len(), 2);
    match &history[1].event {
        Event::RemovalConfirmed { proof: RemovalProof::PresenceCheck { check }, .. } => {
            assert_eq!(check.http_status, Some(410));
            assert_eq!(check.final_url.as_deref(), Some(url.as_str()));
            assert!(check.detail.contains("410"));
        }
        other => panic!("{other:?}"),
    }
    let raw: String = store.conn().query_row("SELECT proof FROM listing_event WHERE kind = 'presence_checked'", [], |r| r.get(0)).unwrap();
    let json: serde_json::Value = serde_json::from_str(&raw).unwrap();
    assert_eq!(json["check"]["outcome"], "removed");
    assert_eq!(json["check"]["http_status"], 410);
}

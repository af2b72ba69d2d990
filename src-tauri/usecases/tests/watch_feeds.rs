//! Veille feeds against a real HTTP server on 127.0.0.1 (tokio, no mock), stored in a real
//! SQLite file: RSS, Atom and a Google Alerts Atom feed (links wrapped in google.com/url) read
//! with real addresses and plain-text snippets; malformed XML, an HTML page, a 404, a redirect
//! loop and a 20 MB body refused in French with nothing already received lost; items stored once
//! across two feeds and two fetches. Nothing leaves the loopback.

use std::net::SocketAddr;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use chrono::{TimeZone, Utc};
use erm_store::Store;
use erm_usecases::watch::{self, FetchReport, InboxFilter};
use erm_net::feeds::{fetch_feed, FeedError, MAX_FEED_BYTES};
use erm_net::http::{FetchError, HttpClient, HttpConfig};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

const GOOGLE_ALERTS: &str = include_str!("../../net/tests/watch_fixtures/google_alerts.atom");
const PLAIN_ATOM: &str = include_str!("../../net/tests/watch_fixtures/plain.atom");
const PRESS_RSS: &str = include_str!("../../net/tests/watch_fixtures/press.rss");
const BIG_BYTES: usize = 20 * 1024 * 1024;

/// The press feed on its second fetch: the same two items and one more.
fn press_rss_later() -> String {
    PRESS_RSS.replace(
        "  </channel>",
        "    <item><title>Nouvel article</title><link>https://presse.exemple.fr/articles/nouveau</link>\
         <pubDate>Mon, 30 Nov 2026 07:00:00 +0100</pubDate></item>\n  </channel>",
    )
}

/// A valid RSS feed of about 3 MiB: over the client's page cap (2 MiB), under the feed cap.
fn large_rss() -> String {
    let pad = "x".repeat(1000);
    let items: String = (0..3000).map(|i| format!("<item><title>n{i}</title><link>https://l.exemple.fr/{i}</link><description>{pad}</description></item>")).collect();
    format!("<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Long</title><link>https://l.exemple.fr/</link><description>d</description>{items}</channel></rss>")
}

struct Server {
    addr: SocketAddr,
    press_hits: Arc<AtomicUsize>,
}

impl Server {
    fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }
}

async fn serve() -> Server {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let press_hits = Arc::new(AtomicUsize::new(0));
    let hits = press_hits.clone();
    tokio::spawn(async move {
        loop {
            let Ok((stream, _)) = listener.accept().await else { return };
            tokio::spawn(handle(stream, hits.clone()));
        }
    });
    Server { addr, press_hits }
}

fn ok(content_type: &str, body: &[u8]) -> Vec<u8> {
    let mut r = format!("HTTP/1.1 200 OK\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n", body.len()).into_bytes();
    r.extend_from_slice(body);
    r
}

async fn handle(mut stream: TcpStream, press_hits: Arc<AtomicUsize>) {
    let mut head = Vec::new();
    let mut buf = [0u8; 1024];
    while !head.windows(4).any(|w| w == b"\r\n\r\n") {
        match stream.read(&mut buf).await {
            Ok(0) | Err(_) => return,
            Ok(n) => head.extend_from_slice(&buf[..n]),
        }
    }
    let head = String::from_utf8_lossy(&head).into_owned();
    let path = head.split_whitespace().nth(1).unwrap_or("/").to_owned();
    let reply: Vec<u8> = match path.as_str() {
        "/alerts" => ok("application/atom+xml; charset=utf-8", GOOGLE_ALERTS.as_bytes()),
        "/atom" => ok("application/atom+xml", PLAIN_ATOM.as_bytes()),
        "/rss" => {
            let body = if press_hits.fetch_add(1, Ordering::SeqCst) == 0 { PRESS_RSS.to_owned() } else { press_rss_later() };
            ok("application/rss+xml", body.as_bytes())
        }
        "/large" => ok("application/rss+xml", large_rss().as_bytes()),
        "/malformed" => ok("application/rss+xml", b"<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>x</title><item><title>a</item></channel>"),
        "/page" => ok("text/html; charset=utf-8", b"<!DOCTYPE html><html><head><title>Alertes</title></head><body><p>Bonjour</p></body></html>"),
        "/bare-page" => ok("text/html", b"<head><title>Alertes</title></head><body><p>Bonjour<br></body>"),
        "/loop" => b"HTTP/1.1 302 Found\r\nLocation: /loop\r\nContent-Length: 0\r\nConnection: close\r\n\r\n".to_vec(),
        "/moved" => b"HTTP/1.1 301 Moved Permanently\r\nLocation: /atom\r\nContent-Length: 0\r\nConnection: close\r\n\r\n".to_vec(),
        "/big" => {
            // 20 MB announced and sent in chunks; the client stops reading at its cap.
            let header = format!("HTTP/1.1 200 OK\r\nContent-Type: application/rss+xml\r\nContent-Length: {BIG_BYTES}\r\nConnection: close\r\n\r\n");
            if stream.write_all(header.as_bytes()).await.is_err() {
                return;
            }
            let mut chunk = b"<?xml version=\"1.0\"?><rss version=\"2.0\"><channel>".to_vec();
            chunk.resize(64 * 1024, b' ');
            for _ in 0..BIG_BYTES / chunk.len() {
                if stream.write_all(&chunk).await.is_err() {
                    return;
                }
            }
            let _ = stream.shutdown().await;
            return;
        }
        _ => b"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n".to_vec(),
    };
    let _ = stream.write_all(&reply).await;
    let _ = stream.shutdown().await;
}

fn client() -> HttpClient {
    HttpClient::new(HttpConfig { connect_timeout: Duration::from_secs(2), total_timeout: Duration::from_secs(10), ..HttpConfig::default() }).unwrap()
}

fn store() -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().unwrap();
    let store = erm_usecases::open_store(&dir.path().join("erm.sqlite3")).unwrap();
    (dir, store)
}

fn at(day: u32) -> chrono::DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, day, 8, 0, 0).unwrap()
}

#[tokio::test]
async fn a_google_alerts_feed_gives_real_addresses_sites_dates_and_plain_snippets() {
    let server = serve().await;
    let feed = fetch_feed(&client(), &server.url("/alerts")).await.unwrap();
    assert_eq!(feed.title, "Alerte Google - \"Docteur Martin\"");
    assert_eq!(feed.items.len(), 2);
    let first = &feed.items[0];
    assert_eq!(first.title, "Le Docteur Martin sur un annuaire de médecins");
    assert_eq!(first.link, "https://www.lemedecin.fr/docteur-martin-paris?utm_source=google&utm_medium=alert", "the google.com/url wrapper is opened");
    assert_eq!(first.source_site, "lemedecin.fr");
    assert_eq!(first.published, Some(Utc.with_ymd_and_hms(2026, 11, 29, 18, 4, 0).unwrap()));
    assert_eq!(first.snippet, "Fiche du Docteur Martin, médecin généraliste à Paris 14e & horaires du cabinet ...");
    let second = &feed.items[1];
    assert_eq!(second.link, "https://actu.exemple.fr/sante/gardes-de-nuit.html#commentaires", "google.fr wrappers too");
    assert_eq!(second.source_site, "actu.exemple.fr");
    assert_eq!(second.updated, Some(Utc.with_ymd_and_hms(2026, 11, 28, 10, 0, 0).unwrap()));
    assert_eq!(second.snippet, "Le Docteur Martin raconte ses nuits de garde : « on tient ».");
}

#[tokio::test]
async fn rss_and_atom_feeds_are_read_and_an_entry_without_address_is_left_out() {
    let server = serve().await;
    let rss = fetch_feed(&client(), &server.url("/rss")).await.unwrap();
    assert_eq!(rss.title, "Revue de presse locale");
    assert_eq!(rss.items.len(), 2);
    assert_eq!(rss.items[0].snippet, "Le cabinet accueille un nouveau confrère.");
    assert_eq!(rss.items[0].published, Some(Utc.with_ymd_and_hms(2026, 11, 27, 7, 15, 0).unwrap()), "RFC 822 date with its offset");
    assert_eq!(rss.items[0].source_site, "presse.exemple.fr");

    // Through a redirect, an Atom feed with an xhtml summary, an edit link and an entry without link.
    let atom = fetch_feed(&client(), &server.url("/moved")).await.unwrap();
    assert_eq!(atom.title, "Blog santé du quartier");
    assert_eq!(atom.items.len(), 1);
    assert_eq!(atom.skipped, 1);
    assert_eq!(atom.items[0].link, "https://blog.exemple.org/medecins-preferes", "the alternate link, not the edit link");
    assert_eq!(atom.items[0].snippet, "Un classement sans méthode.");
    assert_eq!(atom.items[0].published, None);
    assert!(atom.items[0].updated.is_some());
}

#[tokio::test]
async fn a_feed_larger_than_a_page_but_under_the_feed_cap_is_read() {
    let server = serve().await;
    let client = client();
    assert_eq!(client.config().max_body_bytes, 2 * 1024 * 1024, "pages keep their own cap");
    let feed = fetch_feed(&client, &server.url("/large")).await.unwrap();
    assert_eq!(feed.items.len(), 3000);
    // The page fetch of the same client still stops at 2 MiB.
    let page = client.get(&server.url("/large")).await.unwrap();
    assert!(page.truncated && page.body.len() == 2 * 1024 * 1024);
}

#[tokio::test]
async fn broken_feeds_are_refused_in_french() {
    let server = serve().await;
    let client = client();
    let cases: [(&str, FeedError, &str); 6] = [
        ("/malformed", FeedError::NotAFeed, "n'est pas un flux RSS ou Atom lisible"),
        ("/page", FeedError::HtmlPage, "mène à une page web, pas à un flux"),
        ("/bare-page", FeedError::HtmlPage, "flux RSS"),
        ("/loop", FeedError::RedirectLoop(5), "de redirection en redirection"),
        ("/missing", FeedError::Status(404), "code 404"),
        ("/big", FeedError::TooLarge { cap_bytes: MAX_FEED_BYTES }, "dépasse la taille maximale (5 Mo)"),
    ];
    for (path, want, words) in cases {
        let err = fetch_feed(&client, &server.url(path)).await.unwrap_err();
        assert_eq!(err, want, "{path}");
        assert!(err.to_string().contains(words), "{path}: {err}");
    }
    let closed = {
        let l = TcpListener::bind("127.0.0.1:0").await.unwrap();
        l.local_addr().unwrap()
    };
    let err = fetch_feed(&client, &format!("http://{closed}/rss")).await.unwrap_err();
    assert_eq!(err, FeedError::Unreachable(FetchError::Offline));
    assert!(err.to_string().starts_with("Le flux n'a pas pu être récupéré. Impossible de joindre le site"), "{err}");
    let err = fetch_feed(&client, "ftp://127.0.0.1/flux").await.unwrap_err();
    assert_eq!(err, FeedError::Unreachable(FetchError::UnsupportedScheme("ftp".into())));
}

fn count(store: &Store, filter: InboxFilter) -> usize {
    watch::inbox(store, filter).unwrap().len()
}

#[tokio::test]
async fn items_are_stored_once_across_feeds_and_fetches_and_a_failed_fetch_loses_nothing() {
    let server = serve().await;
    let client = client();
    let (dir, mut store) = store();
    let alerts = watch::add_feed(&mut store, &server.url("/alerts")).unwrap();
    let press = watch::add_feed(&mut store, &server.url("/rss")).unwrap();
    assert_eq!(alerts.title, server.url("/alerts"), "the address until the feed is read");

    let r = watch::record_fetch(&mut store, alerts.id, fetch_feed(&client, &alerts.url).await, at(29)).unwrap();
    assert_eq!(r, FetchReport { feed_id: alerts.id, new_items: 2, duplicates: 0, skipped: 0, error: None });
    // The press feed carries the article of the alert (other case, utm_ parameter, no fragment).
    let r = watch::record_fetch(&mut store, press.id, fetch_feed(&client, &press.url).await, at(29)).unwrap();
    assert_eq!((r.new_items, r.duplicates), (1, 1));
    // Second fetch of both: only the press feed's new article arrives.
    let r = watch::record_fetch(&mut store, alerts.id, fetch_feed(&client, &alerts.url).await, at(30)).unwrap();
    assert_eq!((r.new_items, r.duplicates), (0, 2));
    let r = watch::record_fetch(&mut store, press.id, fetch_feed(&client, &press.url).await, at(30)).unwrap();
    assert_eq!((r.new_items, r.duplicates), (1, 2));
    assert_eq!(server.press_hits.load(Ordering::SeqCst), 2);

    let inbox = watch::inbox(&store, InboxFilter::New).unwrap();
    let titles: Vec<&str> = inbox.iter().map(|i| i.title.as_str()).collect();
    assert_eq!(
        titles,
        ["Nouvel article", "Le Docteur Martin sur un annuaire de médecins", "Gardes de nuit : le Docteur Martin témoigne", "Le cabinet de la rue des Lilas s'agrandit"],
        "newest publication first"
    );
    let lemedecin = &inbox[1];
    assert_eq!(lemedecin.site_name.as_deref(), Some("Le médecin"), "lemedecin.fr is in the catalogue");
    assert_eq!(lemedecin.published_label, "29 novembre 2026");
    assert_eq!(lemedecin.feed_title.as_deref(), Some("Alerte Google - \"Docteur Martin\""));
    assert_eq!(inbox[0].site_name, None);

    // Failures: the error is kept on the feed in French, every item stays.
    let before = watch::inbox(&store, InboxFilter::All).unwrap().len();
    for path in ["/big", "/malformed", "/loop", "/page"] {
        let r = watch::record_fetch(&mut store, press.id, fetch_feed(&client, &server.url(path)).await, at(30)).unwrap();
        assert_eq!((r.new_items, r.duplicates), (0, 0));
        let message = r.error.unwrap();
        let feed = watch::list_feeds(&store).unwrap().into_iter().find(|f| f.id == press.id).unwrap();
        assert_eq!(feed.last_error.as_deref(), Some(message.as_str()));
        assert_eq!(count(&store, InboxFilter::All), before, "{path}: nothing lost");
    }
    // A later success clears the error; the feed's own title replaces its address.
    watch::record_fetch(&mut store, press.id, fetch_feed(&client, &press.url).await, at(30)).unwrap();
    let feeds = watch::list_feeds(&store).unwrap();
    assert_eq!(feeds[1].last_error, None);
    assert_eq!(feeds[1].title, "Revue de presse locale");
    // The article both feeds carry counts for the feed that brought it first.
    assert_eq!((feeds[1].item_count, feeds[1].new_count), (2, 2));
    assert_eq!(feeds[1].last_fetched_at.as_deref(), Some("2026-11-30T08:00:00Z"));

    // Everything is in the file: reopened, the inbox is the same.
    drop(store);
    let store = Store::open(&dir.path().join("erm.sqlite3")).unwrap();
    assert_eq!(count(&store, InboxFilter::All), before);
}

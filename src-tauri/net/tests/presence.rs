//! "Vérifier la présence" against a real HTTP server on 127.0.0.1 (a few lines of tokio written
//! here, no mock of reqwest): every verdict, the redirect and scheme rules, the body cap, the
//! timeouts and a closed port. Nothing leaves the loopback interface.

use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use erm_domain::listing::PresenceOutcome;
use erm_net::http::{HttpClient, HttpConfig, USER_AGENT};
use erm_net::presence::{check_presence, Presence, RemovalReason};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

const NAMES: &[&str] = &["Dupré"];
const HUGE: usize = 64 * 1024 * 1024;

#[derive(Default)]
struct Log {
    hits: Mutex<HashMap<String, usize>>,
    user_agents: Mutex<Vec<String>>,
    /// Bytes the server managed to write for each huge body, once it stopped.
    huge_written: Mutex<Vec<usize>>,
    connections: AtomicUsize,
}

struct Server {
    addr: SocketAddr,
    log: Arc<Log>,
}

impl Server {
    async fn start() -> Server {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let log = Arc::new(Log::default());
        let shared = log.clone();
        tokio::spawn(async move {
            loop {
                let Ok((stream, _)) = listener.accept().await else { return };
                shared.connections.fetch_add(1, Ordering::SeqCst);
                tokio::spawn(handle(stream, shared.clone()));
            }
        });
        Server { addr, log }
    }

    fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }

    fn hits(&self, prefix: &str) -> usize {
        self.log.hits.lock().unwrap().iter().filter(|(p, _)| p.starts_with(prefix)).map(|(_, n)| n).sum()
    }
}

fn response(status: &str, extra: &str, body: &str) -> String {
    format!(
        "HTTP/1.1 {status}\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: {}\r\nConnection: close\r\n{extra}\r\n{body}",
        body.len()
    )
}

async fn handle(mut stream: TcpStream, log: Arc<Log>) {
    let mut head = Vec::new();
    let mut buf = [0u8; 1024];
    // A TLS ClientHello (first byte 0x16) gets the answer of a plain-HTTP server: an HTTP error.
    if let Ok(n) = stream.peek(&mut buf).await {
        if n > 0 && buf[0] == 0x16 {
            let _ = stream.write_all(response("400 Bad Request", "", "plain HTTP here").as_bytes()).await;
            return;
        }
    }
    while !head.windows(4).any(|w| w == b"\r\n\r\n") {
        match stream.read(&mut buf).await {
            Ok(0) | Err(_) => return,
            Ok(n) => head.extend_from_slice(&buf[..n]),
        }
        if head.len() > 16 * 1024 {
            return;
        }
    }
    let head = String::from_utf8_lossy(&head).into_owned();
    let path = head.split_whitespace().nth(1).unwrap_or("/").to_owned();
    if let Some(ua) = head.lines().find_map(|l| l.strip_prefix("user-agent: ").or_else(|| l.strip_prefix("User-Agent: "))) {
        log.user_agents.lock().unwrap().push(ua.to_owned());
    }
    *log.hits.lock().unwrap().entry(path.clone()).or_default() += 1;

    let reply = match path.as_str() {
        "/fiche" => response("200 OK", "", "<html><head><title>Dr H&eacute;l&egrave;ne DUPR&Eacute;, médecin généraliste</title></head><body><h1>Dr Hélène Dupré</h1><p>Avis : 3,5/5</p></body></html>"),
        "/fiche-vide" => response("200 OK", "", "<html><body><p>Aucun résultat trouvé.</p><a href=\"/medecin/dupre-helene\">réessayer</a></body></html>"),
        "/404" => response("404 Not Found", "", "<p>Page introuvable : Dupré</p>"),
        "/410" => response("410 Gone", "", ""),
        "/503" => response("503 Service Unavailable", "", ""),
        "/to-ftp" => response("302 Found", "Location: ftp://127.0.0.1/fiche\r\n", ""),
        "/to-file" => response("301 Moved Permanently", "Location: file:///etc/passwd\r\n", ""),
        "/slow" => {
            // Hold the connection without answering until the client gives up.
            let _ = stream.read(&mut buf).await;
            return;
        }
        p if p.starts_with("/huge") => {
            let with_name = p == "/huge-with-name";
            let head = format!("HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: {HUGE}\r\nConnection: close\r\n\r\n");
            let mut written = 0;
            if stream.write_all(head.as_bytes()).await.is_ok() {
                let start = if with_name { "<h1>Dr Dupré</h1>" } else { "<h1>Annuaire</h1>" };
                let mut chunk = vec![b'x'; 64 * 1024];
                chunk[..start.len()].copy_from_slice(start.as_bytes());
                while written < HUGE {
                    if written == 3 * 1024 * 1024 {
                        // The name only appears past the client's 2 MiB cap.
                        chunk[..17].copy_from_slice("<p>Dr Dupré</p> ".as_bytes());
                    }
                    if stream.write_all(&chunk).await.is_err() {
                        break;
                    }
                    written += chunk.len();
                    chunk[..start.len()].fill(b'x');
                }
            }
            log.huge_written.lock().unwrap().push(written);
            return;
        }
        p if p.starts_with("/chain/") => {
            // /chain/N answers with a redirect to /chain/N-1, and /chain/0 with one to the listing:
            // N + 1 redirects in all.
            let n: usize = p["/chain/".len()..].parse().unwrap_or(0);
            let next = if n == 0 { "/fiche".to_owned() } else { format!("/chain/{}", n - 1) };
            response("302 Found", &format!("Location: {next}\r\n"), "")
        }
        _ => response("404 Not Found", "", ""),
    };
    let _ = stream.write_all(reply.as_bytes()).await;
    let _ = stream.shutdown().await;
}

fn client() -> HttpClient {
    HttpClient::new(HttpConfig {
        connect_timeout: Duration::from_secs(2),
        total_timeout: Duration::from_millis(1500),
        max_body_bytes: 2 * 1024 * 1024,
        max_redirects: 5,
    })
    .unwrap()
}

#[tokio::test]
async fn listing_with_the_name_is_online_and_the_user_agent_is_ours() {
    let srv = Server::start().await;
    let r = check_presence(&client(), &srv.url("/fiche"), NAMES).await.unwrap();
    assert_eq!(r.presence, Presence::Online);
    assert_eq!(r.http_status, Some(200));
    assert!(!r.truncated);
    assert_eq!(r.to_proof().outcome, PresenceOutcome::Online);
    assert_eq!(srv.log.user_agents.lock().unwrap().as_slice(), [USER_AGENT.to_owned()]);
    assert!(USER_AGENT.ends_with("(verification de fiche)"));
}

#[tokio::test]
async fn page_without_the_name_means_removed() {
    let srv = Server::start().await;
    let r = check_presence(&client(), &srv.url("/fiche-vide"), NAMES).await.unwrap();
    assert_eq!(r.presence, Presence::Removed { reason: RemovalReason::NameAbsent });
    assert!(r.detail().contains("figure plus"), "{}", r.detail());
}

#[tokio::test]
async fn status_404_and_410_mean_removed_and_503_is_inconclusive() {
    let srv = Server::start().await;
    let c = client();
    let r = check_presence(&c, &srv.url("/404"), NAMES).await.unwrap();
    assert_eq!(r.presence, Presence::Removed { reason: RemovalReason::NotFound404 }, "even if the error page repeats the name");
    assert_eq!(r.http_status, Some(404));
    let r = check_presence(&c, &srv.url("/410"), NAMES).await.unwrap();
    assert_eq!(r.presence, Presence::Removed { reason: RemovalReason::Gone410 });
    assert_eq!(r.to_proof().outcome, PresenceOutcome::Removed);
    let r = check_presence(&c, &srv.url("/503"), NAMES).await.unwrap();
    assert!(matches!(r.presence, Presence::Inconclusive { ref message } if message.contains("503")), "{r:?}");
}

#[tokio::test]
async fn redirects_are_followed_up_to_five_and_no_further() {
    let srv = Server::start().await;
    let c = client();
    let r = check_presence(&c, &srv.url("/chain/4"), NAMES).await.unwrap();
    assert_eq!(r.presence, Presence::Online, "five redirects are allowed");
    assert!(r.final_url.as_deref().unwrap().ends_with("/fiche"));
    let r = check_presence(&c, &srv.url("/chain/50"), NAMES).await.unwrap();
    match &r.presence {
        Presence::Unreachable { message } => assert!(message.contains("redirection"), "{message}"),
        other => panic!("{other:?}"),
    }
    // /chain/4 … /chain/0 (5 requests), then for /chain/50 the original and 5 followed redirects.
    assert_eq!(srv.hits("/chain/"), 5 + 6);
}

#[tokio::test]
async fn redirects_to_other_schemes_are_refused() {
    let srv = Server::start().await;
    for (path, scheme) in [("/to-ftp", "ftp"), ("/to-file", "file")] {
        let r = check_presence(&client(), &srv.url(path), NAMES).await.unwrap();
        match &r.presence {
            Presence::Unreachable { message } => assert!(message.contains(&format!("« {scheme} »")), "{message}"),
            other => panic!("{path}: {other:?}"),
        }
    }
}

#[tokio::test]
async fn non_web_addresses_are_refused_before_any_request() {
    let srv = Server::start().await;
    for url in [format!("ftp://{}/fiche", srv.addr), "file:///etc/passwd".to_owned(), "pas une adresse".to_owned()] {
        let err = check_presence(&client(), &url, NAMES).await.unwrap_err();
        assert!(matches!(err, erm_net::NetError::Invalid(ref i) if i.has("url")), "{url}: {err}");
    }
    tokio::task::yield_now().await;
    assert_eq!(srv.log.connections.load(Ordering::SeqCst), 0);
}

#[tokio::test]
async fn huge_bodies_are_cut_at_the_cap() {
    let srv = Server::start().await;
    let started = Instant::now();
    let r = check_presence(&client(), &srv.url("/huge-with-name"), NAMES).await.unwrap();
    assert_eq!(r.presence, Presence::Online);
    assert!(r.truncated);
    assert_eq!(r.bytes_read, 2 * 1024 * 1024);
    // Name only beyond the cap: we cannot tell, so we say so instead of "removed".
    let r = check_presence(&client(), &srv.url("/huge-without-name"), NAMES).await.unwrap();
    assert!(matches!(r.presence, Presence::Inconclusive { ref message } if message.contains("2 Mo")), "{r:?}");
    assert!(started.elapsed() < Duration::from_secs(10));
    // The server could not push its 64 MiB: the client stopped reading and closed.
    for _ in 0..200 {
        if srv.log.huge_written.lock().unwrap().len() == 2 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let written = srv.log.huge_written.lock().unwrap().clone();
    assert_eq!(written.len(), 2, "both huge responses ended");
    assert!(written.iter().all(|&w| w < HUGE), "{written:?}");
}

#[tokio::test]
async fn a_silent_server_times_out_with_a_clear_message() {
    let srv = Server::start().await;
    let started = Instant::now();
    let r = check_presence(&client(), &srv.url("/slow"), NAMES).await.unwrap();
    let elapsed = started.elapsed();
    match &r.presence {
        Presence::Unreachable { message } => assert!(message.contains("délai dépassé"), "{message}"),
        other => panic!("{other:?}"),
    }
    assert!(elapsed >= Duration::from_millis(1400) && elapsed < Duration::from_secs(5), "{elapsed:?}");
    assert_eq!(r.http_status, None);
    assert_eq!(r.to_proof().outcome, PresenceOutcome::Unreachable);
}

#[tokio::test]
async fn a_closed_port_reads_as_offline() {
    let port = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap().port()
    };
    let r = check_presence(&client(), &format!("http://127.0.0.1:{port}/fiche"), NAMES).await.unwrap();
    match &r.presence {
        Presence::Unreachable { message } => assert!(message.contains("hors ligne"), "{message}"),
        other => panic!("{other:?}"),
    }
}

#[tokio::test]
async fn https_to_a_plain_http_server_is_a_tls_failure() {
    let srv = Server::start().await;
    let r = check_presence(&client(), &format!("https://{}/fiche", srv.addr), NAMES).await.unwrap();
    match &r.presence {
        Presence::Unreachable { message } => assert!(message.contains("TLS"), "{message}"),
        other => panic!("{other:?}"),
    }
}

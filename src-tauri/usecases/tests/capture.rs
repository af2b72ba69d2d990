//! Page captures against a real HTTP server on 127.0.0.1 (a few lines of tokio, no mock):
//! headers and body kept as received, redirects followed, a redirect loop and an oversized body
//! refused, a closed port and a non-web address told in French. Nothing leaves the loopback.

use std::net::SocketAddr;
use std::time::Duration;

use erm_net::capture::{fetch_page, CaptureError};
use erm_net::http::{FetchError, HttpClient, HttpConfig};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

const PAGE: &[u8] = b"<html><body><p>Avis : \xc3\xa9 charlatan</p></body></html>";

async fn serve() -> SocketAddr {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move {
        loop {
            let Ok((stream, _)) = listener.accept().await else { return };
            tokio::spawn(handle(stream));
        }
    });
    addr
}

async fn handle(mut stream: TcpStream) {
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
        "/page" | "/gone" => {
            let status = if path == "/page" { "200 OK" } else { "404 Not Found" };
            let mut r = format!(
                "HTTP/1.1 {status}\r\nContent-Type: text/html; charset=utf-8\r\nX-Served-By: test\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                PAGE.len()
            )
            .into_bytes();
            r.extend_from_slice(PAGE);
            r
        }
        "/moved" => b"HTTP/1.1 301 Moved Permanently\r\nLocation: /page\r\nContent-Length: 0\r\nConnection: close\r\n\r\n".to_vec(),
        "/loop" => b"HTTP/1.1 302 Found\r\nLocation: /loop\r\nContent-Length: 0\r\nConnection: close\r\n\r\n".to_vec(),
        "/big" => {
            let mut r = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 50000\r\nConnection: close\r\n\r\n".to_vec();
            r.extend(std::iter::repeat_n(b'x', 50_000));
            r
        }
        _ => b"HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n".to_vec(),
    };
    let _ = stream.write_all(&reply).await;
    let _ = stream.shutdown().await;
}

fn client(max_body_bytes: usize) -> HttpClient {
    HttpClient::new(HttpConfig {
        connect_timeout: Duration::from_secs(2),
        total_timeout: Duration::from_secs(5),
        max_body_bytes,
        max_redirects: 3,
    })
    .unwrap()
}

#[tokio::test]
async fn a_page_is_kept_with_its_status_headers_and_exact_body() {
    let addr = serve().await;
    let url = format!("http://{addr}/moved");
    let before = chrono::Utc::now();
    let capture = fetch_page(&client(1 << 20), &url, 1 << 20).await.unwrap();
    assert_eq!(capture.url, url);
    assert_eq!(capture.final_url, format!("http://{addr}/page"), "the redirect was followed");
    assert_eq!(capture.status, 200);
    assert_eq!(capture.status_line, "HTTP/1.1 200 OK");
    assert!(capture.headers.contains(&("x-served-by".into(), "test".into())), "{:?}", capture.headers);
    assert!(capture.headers.iter().any(|(k, v)| k == "content-type" && v == "text/html; charset=utf-8"));
    assert_eq!(capture.body, PAGE);
    assert!(capture.fetched_at >= before && capture.fetched_at <= chrono::Utc::now());

    let record = capture.to_record_bytes();
    assert!(record.ends_with(PAGE));
    let text = String::from_utf8_lossy(&record);
    assert!(text.contains(&format!("Adresse demandée : {url}\n")));
    assert!(text.contains("Réponse : HTTP/1.1 200 OK\n"));
    assert!(text.contains("x-served-by: test\n"));
    let (last_name, last_value) = capture.headers.last().unwrap();
    assert!(text.contains(&format!("{last_name}: {last_value}\n\n<html>")), "headers in order, a blank line, then the body");
}

#[tokio::test]
async fn an_error_page_is_captured_as_it_is() {
    let addr = serve().await;
    let capture = fetch_page(&client(1 << 20), &format!("http://{addr}/gone"), 1 << 20).await.unwrap();
    assert_eq!((capture.status, capture.status_line.as_str()), (404, "HTTP/1.1 404 Not Found"));
    assert_eq!(capture.body, PAGE);
}

#[tokio::test]
async fn a_body_over_the_cap_is_refused_not_cut() {
    let addr = serve().await;
    let url = format!("http://{addr}/big");
    // The capture's own cap, below the client's…
    let err = fetch_page(&client(1 << 20), &url, 10_000).await.unwrap_err();
    assert_eq!(err, CaptureError::TooLarge { cap_bytes: 10_000 });
    assert!(err.to_string().contains("taille maximale"), "{err}");
    // … and the client's, below the capture's.
    let err = fetch_page(&client(4096), &url, 1 << 20).await.unwrap_err();
    assert_eq!(err, CaptureError::TooLarge { cap_bytes: 4096 });
    // Exactly at the cap is fine.
    assert_eq!(fetch_page(&client(50_000), &url, 50_000).await.unwrap().body.len(), 50_000);
}

#[tokio::test]
async fn a_redirect_loop_is_abandoned() {
    let addr = serve().await;
    let err = fetch_page(&client(1 << 20), &format!("http://{addr}/loop"), 1 << 20).await.unwrap_err();
    assert_eq!(err, CaptureError::Fetch(FetchError::TooManyRedirects(3)));
    assert!(err.to_string().contains("redirection en redirection"), "{err}");
}

#[tokio::test]
async fn unreachable_and_non_web_addresses_are_told_in_french() {
    let closed = {
        let l = TcpListener::bind("127.0.0.1:0").await.unwrap();
        l.local_addr().unwrap()
    };
    let err = fetch_page(&client(1 << 20), &format!("http://{closed}/page"), 1 << 20).await.unwrap_err();
    assert_eq!(err, CaptureError::Fetch(FetchError::Offline));
    assert!(err.to_string().contains("Impossible de joindre le site"), "{err}");
    let err = fetch_page(&client(1 << 20), "ftp://127.0.0.1/page", 1 << 20).await.unwrap_err();
    assert_eq!(err, CaptureError::Fetch(FetchError::UnsupportedScheme("ftp".into())));
    assert!(erm_usecases::Error::from(err).to_string().contains("http://"));
}

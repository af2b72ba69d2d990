//! A page fetched by the app to be kept as evidence: the raw response (status, every header,
//! the body byte for byte) with the addresses and the UTC time, through the one configured
//! client of [`super::http`] (timeouts, bounded redirects, body cap). Nothing is interpreted:
//! [`PageCapture::to_record_bytes`] is what the evidence vault stores.

use chrono::{DateTime, SecondsFormat, Utc};

use super::http::{FetchError, HttpClient, USER_AGENT};

/// One fetched page, as received.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageCapture {
    /// The address asked for.
    pub url: String,
    /// The address answered, after redirects.
    pub final_url: String,
    pub status: u16,
    /// "HTTP/1.1 200 OK".
    pub status_line: String,
    /// Every response header, in the order received.
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
    /// When the response had been read in full.
    pub fetched_at: DateTime<Utc>,
}

/// Why a page could not be captured. French for the doctor.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CaptureError {
    /// Unreachable, offline, timeout, not http(s), redirect loop… (see [`FetchError`]).
    #[error(transparent)]
    Fetch(#[from] FetchError),
    #[error("La page dépasse la taille maximale d'un relevé ({} Ko) : elle n'a pas été enregistrée, car un relevé tronqué ne prouverait rien. Enregistrez-la depuis votre navigateur (PDF ou capture d'écran) et ajoutez ce fichier comme preuve.", .cap_bytes / 1024)]
    TooLarge { cap_bytes: usize },
}

/// Fetches `url` through `client`, refusing a body larger than `max_bytes` (or than the client's
/// own cap, whichever is smaller): a page cut short is not kept. Any HTTP status is captured as
/// it is (a 404 page is evidence too).
pub async fn fetch_page(client: &HttpClient, url: &str, max_bytes: usize) -> Result<PageCapture, CaptureError> {
    let cap = max_bytes.min(client.config().max_body_bytes);
    let (page, head) = client.get_with_head(url).await?;
    if page.truncated || page.body.len() > max_bytes {
        return Err(CaptureError::TooLarge { cap_bytes: cap });
    }
    let status_line = match &head.reason {
        Some(reason) => format!("{} {} {reason}", head.version, page.status),
        None => format!("{} {}", head.version, page.status),
    };
    Ok(PageCapture {
        url: url.trim().to_owned(),
        final_url: page.final_url,
        status: page.status,
        status_line,
        headers: head.headers,
        body: page.body,
        fetched_at: Utc::now(),
    })
}

impl PageCapture {
    /// The plain-text record kept as evidence: a header block (requested address, final address,
    /// UTC time, the client that asked, the status line and every response header), a blank
    /// line, then the body exactly as received.
    pub fn to_record_bytes(&self) -> Vec<u8> {
        let mut head = String::new();
        head.push_str("Relevé de page web fait par l'application E-Réputation Médecin\n");
        head.push_str(&format!("Adresse demandée : {}\n", self.url));
        head.push_str(&format!("Adresse finale : {}\n", self.final_url));
        head.push_str(&format!("Date et heure (UTC) : {}\n", self.fetched_at.to_rfc3339_opts(SecondsFormat::Secs, true)));
        head.push_str(&format!("Client : {USER_AGENT}\n"));
        head.push_str(&format!("Réponse : {}\n", self.status_line));
        for (name, value) in &self.headers {
            head.push_str(&format!("{name}: {value}\n"));
        }
        head.push('\n');
        let mut out = head.into_bytes();
        out.extend_from_slice(&self.body);
        out
    }

    /// A file name for the record, from the fetch time ("releve-2026-03-01-140509.txt").
    pub fn record_name(&self) -> String {
        format!("releve-{}.txt", self.fetched_at.format("%Y-%m-%d-%H%M%S"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_record_is_a_header_block_a_blank_line_and_the_raw_body() {
        let capture = PageCapture {
            url: "https://exemple.fr/avis".into(),
            final_url: "https://www.exemple.fr/avis".into(),
            status: 200,
            status_line: "HTTP/1.1 200 OK".into(),
            headers: vec![("content-type".into(), "text/html".into()), ("date".into(), "Sun, 01 Mar 2026 14:05:09 GMT".into())],
            body: vec![0xff, b'\n', b'\n', b'x'],
            fetched_at: DateTime::parse_from_rfc3339("2026-03-01T14:05:09Z").unwrap().with_timezone(&Utc),
        };
        let record = capture.to_record_bytes();
        let split = record.windows(2).position(|w| w == b"\n\n").unwrap();
        let head = std::str::from_utf8(&record[..split]).unwrap();
        assert!(head.contains("Adresse demandée : https://exemple.fr/avis\n"));
        assert!(head.contains("Adresse finale : https://www.exemple.fr/avis\n"));
        assert!(head.contains("Date et heure (UTC) : 2026-03-01T14:05:09Z\n"));
        assert!(head.contains("Réponse : HTTP/1.1 200 OK\n"));
        assert!(head.ends_with("content-type: text/html\ndate: Sun, 01 Mar 2026 14:05:09 GMT"));
        assert_eq!(&record[split + 2..], &capture.body[..], "the body follows byte for byte");
        assert_eq!(capture.record_name(), "releve-2026-03-01-140509.txt");
    }

    #[test]
    fn too_large_states_the_cap() {
        let e = CaptureError::TooLarge { cap_bytes: 2 * 1024 * 1024 };
        assert!(e.to_string().contains("(2048 Ko)"), "{e}");
    }
}

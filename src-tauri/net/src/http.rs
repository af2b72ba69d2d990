//! The application's one HTTP client. Everything that goes on the network goes through
//! [`HttpClient`], which enforces: http/https only (checked before any request and again on every
//! redirect), a connection timeout and a total timeout, at most `max_redirects` redirects, a cap
//! on the body read (the rest is never downloaded), and a User-Agent that says who is asking.
//! Failures come back as [`FetchError`], whose French messages tell an offline computer from a
//! site that is down, slow, or misconfigured.

use std::error::Error as StdError;
use std::fmt;
use std::io;
use std::time::Duration;

use reqwest::redirect::Policy;
use url::Url;

/// Sent with every request, so site owners can tell what fetched their page.
pub const USER_AGENT: &str = concat!("E-Reputation-Medecin/", env!("CARGO_PKG_VERSION"), " (verification de fiche)");

/// What a page fetch asks for.
const ACCEPT_PAGE: &str = "text/html,application/xhtml+xml;q=0.9,*/*;q=0.5";

#[derive(Debug, Clone)]
pub struct HttpConfig {
    pub connect_timeout: Duration,
    /// From the start of the connection to the end of the body.
    pub total_timeout: Duration,
    /// Bytes of body read at most; a longer body is cut there.
    pub max_body_bytes: usize,
    pub max_redirects: usize,
}

impl Default for HttpConfig {
    fn default() -> Self {
        HttpConfig {
            connect_timeout: Duration::from_secs(10),
            total_timeout: Duration::from_secs(30),
            max_body_bytes: 2 * 1024 * 1024,
            max_redirects: 5,
        }
    }
}

/// Why a fetch failed. The `Display` text is French and meant for the doctor.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FetchError {
    #[error("« {0} » n'est pas une adresse web complète (elle doit commencer par https:// ou http://).")]
    InvalidUrl(String),
    #[error("L'adresse utilise le protocole « {0} » : seules les adresses http:// et https:// sont vérifiées.")]
    UnsupportedScheme(String),
    #[error("Le nom du site n'a pas pu être trouvé (DNS) : l'ordinateur est peut-être hors ligne, ou le site n'existe plus. Vérifiez votre connexion puis réessayez.")]
    Dns,
    #[error("Impossible de joindre le site : l'ordinateur semble hors ligne ou le site refuse la connexion. Vérifiez votre connexion puis réessayez.")]
    Offline,
    #[error("Le site n'a pas répondu à temps (délai dépassé). Il est peut-être surchargé ; réessayez plus tard.")]
    Timeout,
    #[error("La connexion sécurisée (TLS) avec le site a échoué : certificat invalide ou configuration incompatible. Ouvrez l'adresse dans votre navigateur pour voir ce qu'il en dit.")]
    Tls,
    #[error("Le site renvoie de redirection en redirection (plus de {0}) : vérification abandonnée.")]
    TooManyRedirects(usize),
    #[error("Le site redirige vers une adresse « {0} » qui n'est pas une page web : vérification abandonnée.")]
    RedirectScheme(String),
    #[error("Le site redirige vers une adresse de cet ordinateur ou du réseau local ({0}) : la vérification a été arrêtée, par sécurité.")]
    RedirectToLocal(String),
    /// The technical cause (English, from the HTTP stack) is kept for the log, not shown.
    #[error("La connexion avec le site a été interrompue, ou sa réponse était illisible. Réessayez plus tard.")]
    Other(String),
}

/// A fetched page: the status and at most `max_body_bytes` of its body.
#[derive(Debug, Clone)]
pub struct FetchedPage {
    pub status: u16,
    pub final_url: String,
    pub content_type: Option<String>,
    pub body: Vec<u8>,
    /// True when the body was cut at the cap.
    pub truncated: bool,
}

/// What the final response said about itself: protocol, reason phrase and every header, in the
/// order received (values that are not UTF-8 are read leniently).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResponseHead {
    /// "HTTP/1.1", "HTTP/2"…
    pub version: String,
    /// The standard reason phrase of the status ("OK", "Not Found"), when it has one.
    pub reason: Option<String>,
    pub headers: Vec<(String, String)>,
}

/// Our own refusal inside the redirect policy, recognised again in the error chain.
#[derive(Debug)]
enum RedirectRefused {
    Scheme(String),
    TooMany(usize),
    Local(String),
}

impl fmt::Display for RedirectRefused {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RedirectRefused::Scheme(s) => write!(f, "redirect to scheme {s} refused"),
            RedirectRefused::TooMany(n) => write!(f, "more than {n} redirects"),
            RedirectRefused::Local(h) => write!(f, "redirect from a public address to local host {h} refused"),
        }
    }
}

impl StdError for RedirectRefused {}

pub struct HttpClient {
    client: reqwest::Client,
    config: HttpConfig,
}

/// Whether `host` names this computer or the local network: loopback, private, link-local or
/// unspecified addresses, `localhost` and `*.local`.
fn is_local(url: &Url) -> bool {
    use std::net::IpAddr;
    match url.host() {
        Some(url::Host::Ipv4(ip)) => {
            let ip = IpAddr::V4(ip);
            ip.is_loopback() || ip.is_unspecified() || matches!(ip, IpAddr::V4(v4) if v4.is_private() || v4.is_link_local())
        }
        Some(url::Host::Ipv6(ip)) => {
            ip.is_loopback() || ip.is_unspecified() || (ip.segments()[0] & 0xfe00) == 0xfc00 || (ip.segments()[0] & 0xffc0) == 0xfe80
                || ip.to_ipv4_mapped().is_some_and(|v4| v4.is_loopback() || v4.is_private())
        }
        Some(url::Host::Domain(d)) => {
            let d = d.trim_end_matches('.').to_ascii_lowercase();
            d == "localhost" || d.ends_with(".localhost") || d.ends_with(".local")
        }
        None => false,
    }
}

/// A redirect from a public address to a local one (the request would reach a service of this
/// computer or of the practice's network on a page's say-so): the local host, refused.
/// A local address asked for directly (the tests' own servers) may redirect locally.
fn local_target(from: &Url, to: &Url) -> Option<String> {
    (!is_local(from) && is_local(to)).then(|| to.host_str().unwrap_or_default().to_owned())
}

/// Parses `raw` and accepts only http and https.
pub fn web_url(raw: &str) -> Result<Url, FetchError> {
    use erm_domain::web::{parse_web_address, WebAddressError};
    parse_web_address(raw).map_err(|e| match e {
        WebAddressError::Scheme(s) => FetchError::UnsupportedScheme(s),
        _ => FetchError::InvalidUrl(raw.trim().to_owned()),
    })
}

impl HttpClient {
    pub fn new(config: HttpConfig) -> Result<HttpClient, FetchError> {
        let max = config.max_redirects;
        let policy = Policy::custom(move |attempt| {
            let scheme = attempt.url().scheme().to_owned();
            if scheme != "http" && scheme != "https" {
                attempt.error(RedirectRefused::Scheme(scheme))
            } else if attempt.previous().len() > max {
                attempt.error(RedirectRefused::TooMany(max))
            } else if let Some(host) = attempt.previous().first().and_then(|from| local_target(from, attempt.url())) {
                attempt.error(RedirectRefused::Local(host))
            } else {
                attempt.follow()
            }
        });
        // reqwest is built without a TLS provider of its own (see Cargo.toml): ring is ours. The
        // first call installs it for the process; later calls find it there and change nothing.
        let _ = rustls::crypto::ring::default_provider().install_default();
        let client = reqwest::Client::builder()
            .user_agent(USER_AGENT)
            .connect_timeout(config.connect_timeout)
            .timeout(config.total_timeout)
            .redirect(policy)
            .build()
            .map_err(|e| FetchError::Other(e.to_string()))?;
        Ok(HttpClient { client, config })
    }

    pub fn config(&self) -> &HttpConfig {
        &self.config
    }

    /// GETs `url` and reads at most `max_body_bytes` of the body. Any HTTP status is a success
    /// here; only network-level failures are errors.
    pub async fn get(&self, url: &str) -> Result<FetchedPage, FetchError> {
        Ok(self.get_with_head(url).await?.0)
    }

    /// [`HttpClient::get`], with the response's protocol and headers (for a page kept as evidence).
    pub async fn get_with_head(&self, url: &str) -> Result<(FetchedPage, ResponseHead), FetchError> {
        self.request(url, ACCEPT_PAGE, self.config.max_body_bytes).await
    }

    /// [`HttpClient::get`] asking for `accept` and reading at most `max_body_bytes` of the body
    /// for this call only (a feed may be larger than a page); the client's other settings —
    /// timeouts, redirects, schemes — are the same. `truncated` tells a body cut at that cap.
    pub async fn get_capped(&self, url: &str, accept: &str, max_body_bytes: usize) -> Result<FetchedPage, FetchError> {
        Ok(self.request(url, accept, max_body_bytes).await?.0)
    }

    async fn request(&self, url: &str, accept: &str, cap: usize) -> Result<(FetchedPage, ResponseHead), FetchError> {
        let url = web_url(url)?;
        let mut resp = self
            .client
            .get(url)
            .header(reqwest::header::ACCEPT, accept)
            .header(reqwest::header::ACCEPT_LANGUAGE, "fr-FR,fr;q=0.9")
            .send()
            .await
            .map_err(classify)?;
        let status = resp.status().as_u16();
        let final_url = resp.url().to_string();
        // reqwest hands back, unfollowed, a redirect whose target it cannot even request
        // (file:, data:…); report it like the ones our policy refuses.
        if resp.status().is_redirection() {
            let target = resp.headers().get(reqwest::header::LOCATION).and_then(|v| v.to_str().ok());
            if let Some(next) = target.and_then(|t| resp.url().join(t).ok()) {
                if !matches!(next.scheme(), "http" | "https") {
                    return Err(FetchError::RedirectScheme(next.scheme().to_owned()));
                }
            }
        }
        let head = ResponseHead {
            version: format!("{:?}", resp.version()),
            reason: resp.status().canonical_reason().map(str::to_owned),
            headers: resp
                .headers()
                .iter()
                .map(|(k, v)| (k.as_str().to_owned(), String::from_utf8_lossy(v.as_bytes()).into_owned()))
                .collect(),
        };
        let content_type = resp
            .headers()
            .get(reqwest::header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned);
        let mut body = Vec::new();
        let mut truncated = false;
        while let Some(chunk) = resp.chunk().await.map_err(classify)? {
            let room = cap - body.len();
            if chunk.len() > room {
                body.extend_from_slice(&chunk[..room]);
                truncated = true;
                break;
            }
            body.extend_from_slice(&chunk);
        }
        // Dropping `resp` here closes the connection: the rest of a long body is never read.
        Ok((FetchedPage { status, final_url, content_type, body, truncated }, head))
    }
}

fn sources<'a>(e: &'a (dyn StdError + 'static)) -> impl Iterator<Item = &'a (dyn StdError + 'static)> {
    std::iter::successors(Some(e), |e: &&'a (dyn StdError + 'static)| (*e).source())
}

/// Maps reqwest's error to what the doctor needs to know.
fn classify(e: reqwest::Error) -> FetchError {
    for s in sources(&e) {
        if let Some(r) = s.downcast_ref::<RedirectRefused>() {
            return match r {
                RedirectRefused::Scheme(s) => FetchError::RedirectScheme(s.clone()),
                RedirectRefused::TooMany(n) => FetchError::TooManyRedirects(*n),
                RedirectRefused::Local(h) => FetchError::RedirectToLocal(h.clone()),
            };
        }
    }
    if e.is_timeout() || sources(&e).any(|s| s.downcast_ref::<io::Error>().is_some_and(|io| io.kind() == io::ErrorKind::TimedOut)) {
        return FetchError::Timeout;
    }
    let text: String = sources(&e).map(|s| s.to_string().to_lowercase()).collect::<Vec<_>>().join(" | ");
    if e.is_connect() {
        if text.contains("dns") || text.contains("lookup") || text.contains("resolve") {
            return FetchError::Dns;
        }
        let io_kind = sources(&e).find_map(|s| s.downcast_ref::<io::Error>().map(io::Error::kind));
        // During the connect phase, InvalidData comes from the TLS layer (rustls).
        if io_kind == Some(io::ErrorKind::InvalidData)
            || ["tls", "certificate", "handshake", "corrupt message", "peer"].iter().any(|k| text.contains(k))
        {
            return FetchError::Tls;
        }
        return FetchError::Offline;
    }
    if text.contains("certificate") || text.contains("tls") {
        return FetchError::Tls;
    }
    let cause = sources(&e).last().map(|s| s.to_string()).unwrap_or_else(|| e.to_string());
    log::warn!("fetch failed: {cause}");
    FetchError::Other(cause)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_web_schemes_are_accepted() {
        assert!(web_url("https://exemple.fr/x").is_ok());
        assert!(web_url(" http://127.0.0.1:8080/ ").is_ok());
        assert_eq!(web_url("ftp://exemple.fr/x").unwrap_err(), FetchError::UnsupportedScheme("ftp".into()));
        assert_eq!(web_url("file:///etc/passwd").unwrap_err(), FetchError::UnsupportedScheme("file".into()));
        assert!(matches!(web_url("exemple.fr/x"), Err(FetchError::InvalidUrl(_))));
    }

    #[test]
    fn user_agent_names_the_app_and_its_version() {
        assert!(USER_AGENT.starts_with("E-Reputation-Medecin/"));
        assert!(USER_AGENT.contains(env!("CARGO_PKG_VERSION")));
        assert!(USER_AGENT.is_ascii(), "header values must be ASCII");
    }

    #[test]
    fn a_public_page_may_not_redirect_to_this_computer_or_the_local_network() {
        let u = |s: &str| Url::parse(s).unwrap();
        for to in ["http://127.0.0.1:8080/admin", "http://localhost/", "http://192.168.1.1/", "http://10.0.0.2/", "http://[::1]/", "http://169.254.169.254/latest", "http://imprimante.local/"] {
            assert!(local_target(&u("https://annuaire.example.fr/dr"), &u(to)).is_some(), "{to}");
        }
        assert!(local_target(&u("https://annuaire.example.fr/dr"), &u("https://www.example.com/")).is_none());
        assert!(local_target(&u("http://127.0.0.1:3000/a"), &u("http://127.0.0.1:4000/b")).is_none(), "a local start may stay local");
        assert!(FetchError::RedirectToLocal("127.0.0.1".into()).to_string().contains("par sécurité"));
    }
}

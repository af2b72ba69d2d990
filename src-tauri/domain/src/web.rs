//! The one rule for a web address the doctor types or the app opens: an absolute http:// or
//! https:// URL naming a host, without spaces, at most 2,000 characters. Listings, sites,
//! reviews, the presence check and the browser all use it.

use url::Url;

/// The longest address accepted (browsers and platforms cut around there).
pub const MAX_URL_CHARS: usize = 2000;

/// Why an address is refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WebAddressError {
    NotAnAddress,
    NoHost,
    Scheme(String),
    TooLong,
}

impl WebAddressError {
    /// A French sentence about `raw`, the address as the doctor typed it.
    pub fn message(&self, raw: &str) -> String {
        let shown: String = raw.trim().chars().take(80).collect();
        match self {
            WebAddressError::NotAnAddress => {
                format!("« {shown} » n'est pas une adresse web complète (elle doit commencer par https:// ou http://, sans espace).")
            }
            WebAddressError::NoHost => format!("L'adresse « {shown} » ne désigne aucun site."),
            WebAddressError::Scheme(s) => {
                format!("L'adresse « {shown} » utilise le protocole « {s} » ; seules les adresses http:// et https:// sont acceptées.")
            }
            WebAddressError::TooLong => format!("L'adresse dépasse {MAX_URL_CHARS} caractères."),
        }
    }
}

/// Parses `raw` (trimmed) under the rule above.
pub fn parse_web_address(raw: &str) -> Result<Url, WebAddressError> {
    let raw = raw.trim();
    if raw.chars().count() > MAX_URL_CHARS {
        return Err(WebAddressError::TooLong);
    }
    if raw.chars().any(char::is_whitespace) {
        return Err(WebAddressError::NotAnAddress);
    }
    let url = Url::parse(raw).map_err(|_| WebAddressError::NotAnAddress)?;
    match url.scheme() {
        "http" | "https" if url.host_str().is_some_and(|h| !h.is_empty()) => Ok(url),
        "http" | "https" => Err(WebAddressError::NoHost),
        other => Err(WebAddressError::Scheme(other.to_owned())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_http_and_https_addresses_with_a_host_pass() {
        assert!(parse_web_address(" https://www.lemedecin.fr/x ").is_ok());
        assert!(parse_web_address("http://127.0.0.1:8080/").is_ok());
        assert_eq!(parse_web_address("ftp://exemple.fr/x"), Err(WebAddressError::Scheme("ftp".into())));
        assert_eq!(parse_web_address("file:///etc/passwd"), Err(WebAddressError::Scheme("file".into())));
        assert_eq!(parse_web_address("javascript:alert(1)"), Err(WebAddressError::Scheme("javascript".into())));
        assert_eq!(parse_web_address("exemple.fr/x"), Err(WebAddressError::NotAnAddress));
        assert_eq!(parse_web_address("https://exemple.fr/a b"), Err(WebAddressError::NotAnAddress));
        assert_eq!(parse_web_address(&format!("https://e.fr/{}", "a".repeat(MAX_URL_CHARS))), Err(WebAddressError::TooLong));
    }

    #[test]
    fn messages_quote_a_bounded_part_of_what_was_typed() {
        let long = format!("ftp://{}", "x".repeat(5000));
        let msg = parse_web_address(&long[..1990]).unwrap_err().message(&long);
        assert!(msg.contains("ftp://") && msg.chars().count() < 300, "{msg}");
    }
}

//! "Vérifier la présence": is the listing still online? We fetch its URL once and decide:
//!
//! * 404 or 410 → removed;
//! * 200 whose visible text no longer contains the doctor's last name (accents and case ignored)
//!   → removed ("name absent"; many sites answer 200 with an empty page or a search page);
//! * network failure → unreachable, with a French message saying whether the computer looks
//!   offline or the site is down or slow;
//! * anything else we cannot read as an answer (403, 429, 5xx, a page cut at the size cap without
//!   the name) → inconclusive: the doctor should look in a browser.
//!
//! The result converts into the `PresenceProof` stored with a `presence_checked` event.

use chrono::{DateTime, Utc};
use serde::Serialize;

use super::http::{web_url, FetchError, FetchedPage, HttpClient};
use erm_domain::listing::{PresenceOutcome, PresenceProof};
use erm_domain::text::strip_accents;
use erm_domain::validation::Invalid;

/// Why a listing counts as removed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RemovalReason {
    NotFound404,
    Gone410,
    NameAbsent,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "outcome", rename_all = "snake_case")]
pub enum Presence {
    Online,
    Removed { reason: RemovalReason },
    Unreachable { message: String },
    Inconclusive { message: String },
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PresenceResult {
    pub presence: Presence,
    pub http_status: Option<u16>,
    pub checked_at: DateTime<Utc>,
    /// Where the redirects led, when the site answered.
    pub final_url: Option<String>,
    pub bytes_read: usize,
    pub truncated: bool,
}

impl PresenceResult {
    /// One French sentence for the UI and the event history.
    pub fn detail(&self) -> String {
        match &self.presence {
            Presence::Online => "La fiche est en ligne et votre nom y figure.".into(),
            Presence::Removed { reason: RemovalReason::NotFound404 } => "La page répond « introuvable » (erreur 404) : la fiche a été retirée.".into(),
            Presence::Removed { reason: RemovalReason::Gone410 } => "La page répond « supprimée définitivement » (erreur 410) : la fiche a été retirée.".into(),
            Presence::Removed { reason: RemovalReason::NameAbsent } => "La page répond mais votre nom n'y figure plus : la fiche semble retirée.".into(),
            Presence::Unreachable { message } | Presence::Inconclusive { message } => message.clone(),
        }
    }

    /// What is stored with the `presence_checked` event.
    pub fn to_proof(&self) -> PresenceProof {
        let outcome = match self.presence {
            Presence::Online => PresenceOutcome::Online,
            Presence::Removed { .. } => PresenceOutcome::Removed,
            Presence::Unreachable { .. } => PresenceOutcome::Unreachable,
            Presence::Inconclusive { .. } => PresenceOutcome::Inconclusive,
        };
        PresenceProof {
            outcome,
            detail: self.detail(),
            http_status: self.http_status,
            final_url: self.final_url.clone(),
            checked_at: self.checked_at,
        }
    }
}

/// Fetches `url` and decides whether the listing is still there. `doctor_names` are the names to
/// look for (usually the last name; any one found means "online"). Only a malformed or non-web
/// address is an error; every network outcome is a result, so the check works offline.
pub async fn check_presence(client: &HttpClient, url: &str, doctor_names: &[&str]) -> Result<PresenceResult, crate::NetError> {
    match web_url(url) {
        Ok(_) => {}
        Err(e @ (FetchError::InvalidUrl(_) | FetchError::UnsupportedScheme(_))) => {
            return Err(Invalid::single("url", e.to_string()).into());
        }
        Err(e) => return Err(e.into()),
    }
    let checked_at = Utc::now();
    let page = match client.get(url).await {
        Ok(page) => page,
        Err(e) => {
            return Ok(PresenceResult {
                presence: Presence::Unreachable { message: e.to_string() },
                http_status: None,
                checked_at,
                final_url: None,
                bytes_read: 0,
                truncated: false,
            });
        }
    };
    let presence = judge(&page, doctor_names, client.config().max_body_bytes);
    Ok(PresenceResult {
        presence,
        http_status: Some(page.status),
        checked_at,
        final_url: Some(page.final_url.clone()),
        bytes_read: page.body.len(),
        truncated: page.truncated,
    })
}

/// The verdict on a fetched page, without any network: the status, then whether one of `names`
/// is in the page's visible text. `cap` is the body cap the page was read with (for the message
/// of a page cut short). Public so that hostile pages can be fed to it directly.
pub fn judge(page: &FetchedPage, names: &[&str], cap: usize) -> Presence {
    match page.status {
        404 => return Presence::Removed { reason: RemovalReason::NotFound404 },
        410 => return Presence::Removed { reason: RemovalReason::Gone410 },
        200..=299 => {}
        401 | 403 | 429 => {
            return Presence::Inconclusive {
                message: format!("Le site refuse la vérification automatique (code {}). Ouvrez la fiche dans votre navigateur pour la vérifier.", page.status),
            }
        }
        s if s >= 500 => {
            return Presence::Inconclusive {
                message: format!("Le site est en panne ou surchargé (erreur {s}). Réessayez plus tard."),
            }
        }
        s => {
            return Presence::Inconclusive {
                message: format!("Le site a répondu de façon inattendue (code {s}). Ouvrez la fiche dans votre navigateur pour la vérifier."),
            }
        }
    }
    let wanted: Vec<String> = names.iter().map(|n| normalise(n)).filter(|n| !n.trim().is_empty()).collect();
    if wanted.is_empty() {
        return Presence::Online;
    }
    let text = normalise(&visible_text(&decode(page)));
    if wanted.iter().any(|n| text.contains(n.as_str())) {
        Presence::Online
    } else if page.truncated {
        Presence::Inconclusive {
            message: format!(
                "La page dépasse {} Mo : seul son début a été lu et votre nom n'y figure pas. Vérifiez la fiche dans votre navigateur.",
                cap / (1024 * 1024)
            ),
        }
    } else {
        Presence::Removed { reason: RemovalReason::NameAbsent }
    }
}

/// The body as text: the charset the server announces, else UTF-8, else Windows-1252.
fn decode(page: &FetchedPage) -> String {
    let announced = page
        .content_type
        .as_deref()
        .and_then(|ct| ct.split(';').find_map(|p| p.trim().strip_prefix("charset=")))
        .and_then(|label| encoding_rs::Encoding::for_label(label.trim_matches('"').as_bytes()));
    if let Some(enc) = announced {
        return enc.decode(&page.body).0.into_owned();
    }
    match std::str::from_utf8(&page.body) {
        Ok(s) => s.to_owned(),
        // A body cut at the cap may end inside a multi-byte character: keep what is valid.
        Err(e) if page.truncated && e.error_len().is_none() => String::from_utf8_lossy(&page.body[..e.valid_up_to()]).into_owned(),
        Err(_) => encoding_rs::WINDOWS_1252.decode(&page.body).0.into_owned(),
    }
}

/// Text a reader sees: what the HTML tokenizer gives as character data, outside `<script>`,
/// `<style>`, `<template>` and `<noscript>`; tags, comments and attribute values are not text,
/// character references come decoded. The address itself (which holds the name in many URLs)
/// is not text, so a "not found" page that only repeats it in a link does not count as the
/// listing.
pub fn visible_text(html: &str) -> String {
    use html5gum::{DefaultEmitter, Token, Tokenizer};
    const HIDDEN: [&[u8]; 4] = [b"script", b"style", b"template", b"noscript"];
    // Script and style contents are raw text for the standard's states (a `<` in a script is
    // not a tag): the tokenizer switches to them on their start tags.
    let mut emitter = DefaultEmitter::<()>::default();
    emitter.naively_switch_states(true);
    let mut out = String::with_capacity(html.len() / 2);
    let mut hidden = 0usize;
    for token in Tokenizer::new_with_emitter(html, emitter).flatten() {
        match token {
            Token::StartTag(tag) => {
                if HIDDEN.iter().any(|h| tag.name.eq_ignore_ascii_case(h)) && !tag.self_closing {
                    hidden += 1;
                }
                out.push(' ');
            }
            Token::EndTag(tag) => {
                if HIDDEN.iter().any(|h| tag.name.eq_ignore_ascii_case(h)) {
                    hidden = hidden.saturating_sub(1);
                }
                out.push(' ');
            }
            Token::String(text) if hidden == 0 => out.push_str(&String::from_utf8_lossy(&text.value)),
            _ => {}
        }
    }
    out
}

/// Lower case, no accents, every run of non-letters one space, padded so that `contains` finds
/// whole words only ("Martin" is not found in "Martinez").
fn normalise(s: &str) -> String {
    let plain = strip_accents(s).to_lowercase();
    let words: Vec<&str> = plain.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).collect();
    format!(" {} ", words.join(" "))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(status: u16, body: &str) -> FetchedPage {
        FetchedPage { status, final_url: "http://x/".into(), content_type: None, body: body.as_bytes().to_vec(), truncated: false }
    }

    #[test]
    fn name_is_found_whatever_the_accents_case_and_entities() {
        for html in [
            "<h1>Dr H&eacute;l&egrave;ne DUPR&Eacute;</h1>",
            "<h1>Dr Hélène Dupré</h1>",
            "<p>docteur dupre, m&#233;decin</p>",
            "<p>Dr&nbsp;Dupr&#xE9;-Martin</p>",
        ] {
            assert_eq!(judge(&page(200, html), &["Dupré"], 1 << 21), Presence::Online, "{html}");
        }
    }

    #[test]
    fn whole_words_only_and_urls_do_not_count() {
        let p = page(200, "<p>Dr Martinez</p><a href=\"/medecin/martin-paul\">lien</a><script>var n='Martin'</script>");
        assert_eq!(judge(&p, &["Martin"], 1 << 21), Presence::Removed { reason: RemovalReason::NameAbsent });
    }

    #[test]
    fn statuses_map_to_outcomes() {
        assert_eq!(judge(&page(404, "Dupré"), &["Dupré"], 1), Presence::Removed { reason: RemovalReason::NotFound404 });
        assert_eq!(judge(&page(410, ""), &["Dupré"], 1), Presence::Removed { reason: RemovalReason::Gone410 });
        assert!(matches!(judge(&page(403, ""), &["Dupré"], 1), Presence::Inconclusive { message } if message.contains("403")));
        assert!(matches!(judge(&page(503, ""), &["Dupré"], 1), Presence::Inconclusive { message } if message.contains("503")));
        assert_eq!(judge(&page(200, "rien"), &[], 1), Presence::Online, "no name to look for: a 200 is online");
    }

    #[test]
    fn windows_1252_pages_are_decoded() {
        let mut p = page(200, "");
        p.body = b"<p>Dr Dupr\xe9</p>".to_vec();
        assert_eq!(judge(&p, &["Dupré"], 1 << 21), Presence::Online);
        p.content_type = Some("text/html; charset=ISO-8859-1".into());
        assert_eq!(judge(&p, &["Dupré"], 1 << 21), Presence::Online);
    }

    #[test]
    fn stray_ampersands_survive_entity_decoding() {
        let text = visible_text("<p>A & B &amp; C &unknown; &#233; &eacute;&nbsp;x</p>");
        assert_eq!(text.split_whitespace().collect::<Vec<_>>().join(" "), "A & B & C &unknown; é é x");
    }

    #[test]
    fn scripts_styles_comments_and_attributes_are_not_text() {
        let html = r#"<html><head><title>Dr Dupré</title><style>p{content:"Martin"}</style></head>
            <body><a href="/dr-martin" title="Martin"><!-- Martin --></a>
            <script>if (a<b) { document.write("<p>Martin</p>") }</script><p>Fiche introuvable</p></body></html>"#;
        let text = visible_text(html);
        assert!(!text.contains("Martin"), "{text}");
        assert!(text.contains("Dr Dupré") && text.contains("Fiche introuvable"), "{text}");
    }
}

//! Veille: alert feeds (Google Alerts or any RSS/Atom feed) fetched through the one configured
//! client of [`super::http`] and read by `feed-rs` (no XML is parsed here). Each item comes out
//! with the real page address (Google's `https://www.google.com/url?…&url=<page>` wrappers are
//! opened from the query, without any request), the site it is on, its dates and a short
//! plain-text snippet. Failures are [`FeedError`], whose French text is for the doctor; the
//! technical cause goes to the log (hosts only: a Google Alerts feed address carries a token).

use chrono::{DateTime, Utc};
use url::Url;

use super::http::{FetchError, HttpClient};
use erm_domain::web::parse_web_address;

/// The most a feed may weigh. Larger than a page (2 MiB): a busy alert feed with long snippets
/// can reach a few megabytes; beyond 5 MiB it is refused rather than read in part.
pub const MAX_FEED_BYTES: usize = 5 * 1024 * 1024;
/// Characters kept of an item's title and snippet.
pub const MAX_TITLE_CHARS: usize = 300;
pub const MAX_SNIPPET_CHARS: usize = 400;
/// How many wrappers inside wrappers are opened at most.
const MAX_UNWRAP: usize = 4;

const ACCEPT_FEED: &str = "application/atom+xml, application/rss+xml, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.5";

/// One item of a feed, ready to be shown and stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FeedItem {
    /// Plain text (a title in HTML is reduced to its text), at most [`MAX_TITLE_CHARS`].
    pub title: String,
    /// The real page address: redirect wrappers opened, checked as a web address.
    pub link: String,
    /// The host of `link`, lower case, without "www." ("lemonde.fr").
    pub source_site: String,
    pub published: Option<DateTime<Utc>>,
    pub updated: Option<DateTime<Utc>>,
    /// Plain text of the summary (or content), at most [`MAX_SNIPPET_CHARS`], "…" when cut.
    pub snippet: String,
}

/// A feed as read: its title and the items that carry a web address.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParsedFeed {
    pub title: String,
    pub items: Vec<FeedItem>,
    /// Entries left out because they carry no http(s) address.
    pub skipped: usize,
}

/// Why a feed could not be read. French for the doctor.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FeedError {
    /// Offline, DNS, timeout, TLS, not http(s)… (see [`FetchError`]).
    #[error("Le flux n'a pas pu être récupéré. {0}")]
    Unreachable(FetchError),
    #[error("L'adresse du flux renvoie de redirection en redirection (plus de {0}) : le flux n'a pas été lu. Vérifiez l'adresse copiée depuis Google Alertes.")]
    RedirectLoop(usize),
    #[error("L'adresse du flux répond par une erreur (code {0}). Vérifiez l'adresse, ou que l'alerte existe encore.")]
    Status(u16),
    #[error("Cette adresse mène à une page web, pas à un flux. Dans Google Alertes, choisissez « Envoyer à : flux RSS », puis copiez l'adresse de l'icône du flux.")]
    HtmlPage,
    #[error("Le contenu reçu n'est pas un flux RSS ou Atom lisible. Vérifiez l'adresse du flux.")]
    NotAFeed,
    #[error("Le flux dépasse la taille maximale ({} Mo) : il n'a pas été lu. Les éléments déjà reçus sont conservés.", .cap_bytes / (1024 * 1024))]
    TooLarge { cap_bytes: usize },
}

/// Fetches the feed at `url` through `client`, with a cap of [`MAX_FEED_BYTES`] for this call.
pub async fn fetch_feed(client: &HttpClient, url: &str) -> Result<ParsedFeed, FeedError> {
    fetch_feed_capped(client, url, MAX_FEED_BYTES).await
}

/// [`fetch_feed`] with another cap (tests).
pub async fn fetch_feed_capped(client: &HttpClient, url: &str, cap: usize) -> Result<ParsedFeed, FeedError> {
    let host = log_host(url);
    let page = client.get_capped(url, ACCEPT_FEED, cap).await.map_err(|e| {
        log::warn!("feed fetch from {host} failed: {e:?}");
        match e {
            FetchError::TooManyRedirects(n) => FeedError::RedirectLoop(n),
            other => FeedError::Unreachable(other),
        }
    })?;
    if page.truncated {
        log::warn!("feed from {host} refused: over {cap} bytes");
        return Err(FeedError::TooLarge { cap_bytes: cap });
    }
    if !(200..300).contains(&page.status) {
        log::warn!("feed from {host} answered {}", page.status);
        return Err(FeedError::Status(page.status));
    }
    let is_html = page.content_type.as_deref().is_some_and(|c| c.to_ascii_lowercase().contains("text/html"));
    parse_feed_as(&page.body, is_html).inspect_err(|e| log::warn!("feed from {host} unreadable: {e:?}"))
}

/// Reads a feed from its bytes (RSS 0.x/1.0/2.0, Atom, JSON Feed).
pub fn parse_feed(bytes: &[u8]) -> Result<ParsedFeed, FeedError> {
    parse_feed_as(bytes, false)
}

fn parse_feed_as(bytes: &[u8], served_as_html: bool) -> Result<ParsedFeed, FeedError> {
    if looks_like_html(bytes) {
        return Err(FeedError::HtmlPage);
    }
    let feed = match feed_rs::parser::parse(bytes) {
        Ok(feed) => feed,
        Err(e) => {
            log::warn!("feed parser: {e}");
            return Err(if served_as_html { FeedError::HtmlPage } else { FeedError::NotAFeed });
        }
    };
    let title = feed.title.as_ref().map(|t| cap_chars(&text_of(&t.content), MAX_TITLE_CHARS)).unwrap_or_default();
    let mut items = Vec::with_capacity(feed.entries.len());
    let mut skipped = 0;
    for entry in feed.entries {
        let href = entry
            .links
            .iter()
            .find(|l| l.rel.as_deref().is_none_or(|r| r == "alternate"))
            .or(entry.links.first())
            .map(|l| l.href.as_str());
        let Some(link) = href.and_then(real_address) else {
            skipped += 1;
            continue;
        };
        let source_site = erm_domain::site::url_host(&link).unwrap_or_default();
        let snippet_html = entry
            .summary
            .as_ref()
            .map(|s| s.content.as_str())
            .or_else(|| entry.content.as_ref().and_then(|c| c.body.as_deref()))
            .unwrap_or_default();
        let mut title = entry.title.as_ref().map(|t| cap_chars(&text_of(&t.content), MAX_TITLE_CHARS)).unwrap_or_default();
        if title.is_empty() {
            // Every stored item has a title: the site, else the address.
            title = cap_chars(if source_site.is_empty() { &link } else { &source_site }, MAX_TITLE_CHARS);
        }
        items.push(FeedItem {
            title,
            link,
            source_site,
            published: entry.published,
            updated: entry.updated,
            snippet: cap_chars(&text_of(snippet_html), MAX_SNIPPET_CHARS),
        });
    }
    Ok(ParsedFeed { title, items, skipped })
}

fn looks_like_html(bytes: &[u8]) -> bool {
    let start: Vec<u8> = bytes
        .iter()
        .skip_while(|b| b.is_ascii_whitespace() || **b == 0xEF || **b == 0xBB || **b == 0xBF)
        .take(64)
        .map(u8::to_ascii_lowercase)
        .collect();
    start.starts_with(b"<!doctype html") || start.starts_with(b"<html")
}

/// The address of the page an item points to: `raw` checked as a web address, with redirect
/// wrappers opened — Google's `https://www.google.<tld>/url?…&url=<page>` (or `q=<page>`), as
/// Google Alerts writes every link — without any request. `None` when no web address is left.
pub fn real_address(raw: &str) -> Option<String> {
    let mut url = parse_web_address(raw).ok()?;
    for _ in 0..MAX_UNWRAP {
        match wrapped_target(&url) {
            Some(inner) => url = inner,
            None => break,
        }
    }
    Some(url.to_string())
}

fn wrapped_target(url: &Url) -> Option<Url> {
    let host = url.host_str()?.to_ascii_lowercase();
    let host = host.strip_prefix("www.").unwrap_or(&host);
    let is_google = host.starts_with("google.") && !host["google.".len()..].is_empty();
    if !is_google || url.path() != "/url" {
        return None;
    }
    ["url", "q"].iter().find_map(|key| {
        url.query_pairs().find(|(k, _)| k == key).and_then(|(_, v)| parse_web_address(&v).ok())
    })
}

/// The key an item is stored under once across feeds and fetches: the real address with scheme
/// and host in lower case, no default port, no fragment and no tracking parameters (`utm_*`,
/// `gclid`, `fbclid`…), the others kept in their order.
pub fn dedup_key(address: &str) -> Option<String> {
    let mut url = parse_web_address(&real_address(address)?).ok()?;
    url.set_fragment(None);
    let kept: Vec<(String, String)> = url
        .query_pairs()
        .filter(|(k, _)| {
            let k = k.to_ascii_lowercase();
            !(k.starts_with("utm_") || matches!(k.as_str(), "gclid" | "fbclid" | "msclkid" | "mc_cid" | "mc_eid"))
        })
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect();
    if kept.is_empty() {
        url.set_query(None);
    } else {
        url.query_pairs_mut().clear().extend_pairs(kept);
    }
    Some(url.to_string())
}

/// Plain text of an HTML fragment (feed titles and snippets): tags dropped, the usual entities
/// decoded, characters that print nothing dropped, white space collapsed. Only for showing text: nothing here is rendered as HTML.
pub fn text_of(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(lt) = rest.find('<') {
        out.push_str(&rest[..lt]);
        let after = &rest[lt..];
        // "<" not starting a tag ("a < b") is text.
        let starts_tag = after[1..].chars().next().is_some_and(|c| c.is_ascii_alphabetic() || c == '/' || c == '!' || c == '?');
        if !starts_tag {
            out.push('<');
            rest = &after[1..];
            continue;
        }
        match after.find('>') {
            Some(gt) => {
                // Inline tags join their text ("<b>Dr</b>," stays "Dr,"); others separate words.
                let name: String = after[1..gt].trim_start_matches('/').chars().take_while(char::is_ascii_alphanumeric).collect();
                if !INLINE_TAGS.contains(&name.to_ascii_lowercase().as_str()) {
                    out.push(' ');
                }
                rest = &after[gt + 1..];
            }
            None => {
                rest = "";
            }
        }
    }
    out.push_str(rest);
    let decoded = decode_entities(&out);
    // Characters that print nothing are dropped (written as is or as references): controls,
    // zero-width marks, and the bidi overrides that would show the rest of a title reversed.
    let visible: String = decoded.chars().filter(|c| c.is_whitespace() || !prints_nothing(*c)).collect();
    visible.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn prints_nothing(c: char) -> bool {
    c.is_control() || matches!(c, '\u{AD}' | '\u{61C}' | '\u{180E}' | '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2060}'..='\u{206F}' | '\u{FEFF}')
}

const INLINE_TAGS: [&str; 14] = ["a", "abbr", "b", "cite", "code", "em", "font", "i", "mark", "q", "small", "span", "strong", "u"];

fn decode_entities(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        let after = &rest[amp..];
        // A reference is short: look a few bytes ahead only, not to the end of the text for
        // every « & » (quadratic on megabytes of « & » without « ; »).
        let end = after.bytes().take(11).position(|b| b == b';');
        let decoded = end.and_then(|e| entity(&after[1..e]));
        match (end, decoded) {
            (Some(e), Some(c)) => {
                out.push(c);
                rest = &after[e + 1..];
            }
            _ => {
                out.push('&');
                rest = &after[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

fn entity(name: &str) -> Option<char> {
    if let Some(num) = name.strip_prefix('#') {
        let code = match num.strip_prefix(['x', 'X']) {
            Some(hex) => u32::from_str_radix(hex, 16).ok()?,
            None => num.parse().ok()?,
        };
        return char::from_u32(code).filter(|c| !c.is_control() || c.is_whitespace());
    }
    Some(match name {
        "amp" => '&',
        "lt" => '<',
        "gt" => '>',
        "quot" => '"',
        "apos" => '\'',
        "nbsp" => ' ',
        "laquo" => '«',
        "raquo" => '»',
        "eacute" => 'é',
        "egrave" => 'è',
        "agrave" => 'à',
        "ccedil" => 'ç',
        "hellip" => '…',
        "rsquo" => '’',
        "lsquo" => '‘',
        "ndash" => '–',
        "mdash" => '—',
        _ => return None,
    })
}

fn cap_chars(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        return s.to_owned();
    }
    let mut cut: String = s.chars().take(max - 1).collect();
    cut.truncate(cut.trim_end().len());
    cut.push('…');
    cut
}

/// The host of a feed address, for the log (never the path: a Google Alerts feed address holds
/// the account's token).
fn log_host(url: &str) -> String {
    parse_web_address(url).ok().and_then(|u| u.host_str().map(str::to_owned)).unwrap_or_else(|| "(adresse invalide)".into())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn google_wrappers_are_opened_from_the_query() {
        let wrapped = "https://www.google.com/url?rct=j&sa=t&url=https://www.exemple.fr/article%3Fid%3D3%26p%3D2&ct=ga&cd=CAIyGj&usg=AOv";
        assert_eq!(real_address(wrapped).as_deref(), Some("https://www.exemple.fr/article?id=3&p=2"));
        assert_eq!(real_address("https://www.google.fr/url?q=https://b.fr/x&sa=U").as_deref(), Some("https://b.fr/x"));
        // A wrapper inside a wrapper.
        let inner = "https://google.com/url%3Furl%3Dhttps://c.fr/y";
        assert_eq!(real_address(&format!("https://www.google.com/url?url={inner}")).as_deref(), Some("https://c.fr/y"));
        // Not a wrapper: kept as it is.
        assert_eq!(real_address("https://exemple.fr/url?url=https://a.fr/").as_deref(), Some("https://exemple.fr/url?url=https://a.fr/"));
        assert_eq!(real_address("https://www.google.com/search?q=dr").as_deref(), Some("https://www.google.com/search?q=dr"));
        // A wrapper around a non-web address stays the wrapper; a non-web link is no address.
        assert!(real_address("https://www.google.com/url?url=javascript:alert(1)").unwrap().starts_with("https://www.google.com/url"));
        assert_eq!(real_address("javascript:alert(1)"), None);
    }

    #[test]
    fn dedup_keys_ignore_case_fragments_and_tracking() {
        let a = dedup_key("HTTPS://WWW.Exemple.FR:443/Avis?id=3&utm_source=alerts&utm_medium=rss#haut").unwrap();
        assert_eq!(a, "https://www.exemple.fr/Avis?id=3");
        assert_eq!(dedup_key("https://www.exemple.fr/Avis?utm_campaign=x&id=3&fbclid=1").unwrap(), a);
        assert_eq!(dedup_key("https://www.google.com/url?url=https://www.exemple.fr/Avis%3Fid%3D3&ct=ga").unwrap(), a);
        assert_eq!(dedup_key("https://exemple.fr/a?utm_source=x").unwrap(), "https://exemple.fr/a");
        assert_ne!(dedup_key("https://www.exemple.fr/avis?id=3").unwrap(), a, "the path keeps its case");
    }

    #[test]
    fn html_snippets_become_short_plain_text() {
        assert_eq!(text_of("Le <b>Dr Dupont</b> &amp; son cabinet&nbsp;: &laquo;&#160;bien&#x202F;&raquo; &lt;3"), "Le Dr Dupont & son cabinet : « bien » <3");
        assert_eq!(text_of("<b>Dupont</b>, médecin"), "Dupont, médecin");
        assert_eq!(text_of("a < b <script>x</script>"), "a < b x");
        assert_eq!(text_of("<p>un</p><p>deux<br/>trois</p>"), "un deux trois");
        assert_eq!(text_of("ca<B>ble</B> ..."), "cable ...");
        assert_eq!(text_of("fin <b"), "fin");
        assert_eq!(text_of("&unknown; &#0;"), "&unknown; &#0;");
        let long = "mot ".repeat(300);
        let capped = cap_chars(&text_of(&long), MAX_SNIPPET_CHARS);
        assert_eq!(capped.chars().count(), MAX_SNIPPET_CHARS);
        assert_eq!(cap_chars("mot ", 3), "mo…");
        assert!(capped.ends_with("mot…"), "{capped}");
    }

    #[test]
    fn an_untitled_item_is_named_after_its_site() {
        let feed = parse_feed(
            b"<rss version=\"2.0\"><channel><title>t</title><item><link>https://www.exemple.fr/a</link><description>d</description></item>\
              <item><title>  <![CDATA[<b></b>]]> </title><link>http://127.0.0.1:8080/b</link></item></channel></rss>",
        )
        .unwrap();
        let titles: Vec<&str> = feed.items.iter().map(|i| i.title.as_str()).collect();
        assert_eq!(titles, ["exemple.fr", "127.0.0.1"]);
    }

    #[test]
    fn an_html_page_is_told_apart_from_a_broken_feed() {
        assert_eq!(parse_feed(b"\xEF\xBB\xBF  <!DOCTYPE html><html><body>x</body></html>"), Err(FeedError::HtmlPage));
        assert_eq!(parse_feed(b"<rss><channel><item><title>x</item></rss"), Err(FeedError::NotAFeed));
        assert_eq!(parse_feed(b""), Err(FeedError::NotAFeed));
    }
}

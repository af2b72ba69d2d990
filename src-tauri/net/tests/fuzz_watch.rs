//! Issue 11, part 6: hostile pages and feeds through the Veille and the presence check, fed to
//! the parsing functions directly (no network): any bytes as a feed, RSS and Atom with hostile
//! titles, links and snippets, any HTML as a listing page, any address as a link. Never a panic;
//! refusals in French; what is kept is plain text of bounded length and real web addresses.
//! Two loopback answers (garbage instead of HTTP, a connection cut mid-body) check that network
//! failures speak French too.

#[path = "../../usecases/tests/fuzz_support/mod.rs"]
mod fuzz_support;

use erm_domain::web::parse_web_address;
use erm_net::capture::PageCapture;
use erm_net::feeds::{dedup_key, parse_feed, real_address, text_of, MAX_SNIPPET_CHARS, MAX_TITLE_CHARS};
use erm_net::http::{FetchedPage, HttpClient, HttpConfig};
use erm_net::presence::{check_presence, judge, visible_text, Presence};
use fuzz_support::{assert_french, nasty_char, nasty_text};
use proptest::prelude::*;

/// Characters that print nothing: controls, zero-width and bidi marks, soft hyphen, BOM.
fn invisible(c: char) -> bool {
    c.is_control() || matches!(c, '\u{AD}' | '\u{61C}' | '\u{180E}' | '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2060}'..='\u{206F}' | '\u{FEFF}')
}

fn check_feed(bytes: &[u8]) {
    match parse_feed(bytes) {
        Err(e) => assert_french(&e.to_string(), &[]),
        Ok(feed) => {
            assert!(feed.title.chars().count() <= MAX_TITLE_CHARS);
            for item in &feed.items {
                assert!(!item.title.is_empty() && item.title.chars().count() <= MAX_TITLE_CHARS, "{item:?}");
                assert!(item.snippet.chars().count() <= MAX_SNIPPET_CHARS, "{item:?}");
                assert!(parse_web_address(&item.link).is_ok(), "not a web address: {item:?}");
                for t in [&item.title, &item.snippet] {
                    assert_eq!(t.trim(), t.as_str(), "{item:?}");
                    assert!(!t.contains("  ") && !t.contains('\n'), "white space not collapsed: {item:?}");
                    assert!(!t.chars().any(invisible), "invisible or control character kept: {item:?}");
                }
            }
        }
    }
}

/// XML text: hostile characters escaped as XML wants, or raw (then the feed may be malformed).
fn xml_text() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => nasty_text(10).prop_map(|t| t.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;")),
        1 => nasty_text(10),
        1 => nasty_text(6).prop_map(|t| format!("<![CDATA[<b>{}</b> &eacute; &#0; &#x202E; &#xD800; &#99999999; &bogus; &</i>]]>", t.replace("]]>", ""))),
        1 => Just("&lt;script&gt;alert(1)&lt;/script&gt; Dr &amp;amp; &laquo;Dupr&eacute;&raquo;".to_owned()),
    ]
}

fn link() -> impl Strategy<Value = String> {
    prop_oneof![
        2 => Just("https://www.exemple.fr/article?id=1&amp;utm_source=x#frag".to_owned()),
        2 => "https?://[a-z0-9.-]{1,20}(/[a-z0-9%._~-]{0,12}){0,3}",
        1 => Just("https://www.google.com/url?rct=j&amp;sa=t&amp;url=https://www.google.fr/url?q%3Dhttps://presse.exemple.fr/a%26x%3D1&amp;ct=ga".to_owned()),
        1 => Just("javascript:alert(1)".to_owned()),
        1 => xml_text(),
    ]
}

fn rss(title: &str, items: &[(String, String, String, String)]) -> String {
    let items: String = items
        .iter()
        .map(|(t, l, d, date)| format!("<item><title>{t}</title><link>{l}</link><description>{d}</description><pubDate>{date}</pubDate></item>"))
        .collect();
    format!("<?xml version=\"1.0\" encoding=\"UTF-8\"?><rss version=\"2.0\"><channel><title>{title}</title><link>https://exemple.fr/</link><description>d</description>{items}</channel></rss>")
}

fn atom(title: &str, items: &[(String, String, String, String)]) -> String {
    let items: String = items
        .iter()
        .map(|(t, l, d, date)| format!("<entry><id>x</id><title type=\"html\">{t}</title><link href=\"{}\"/><content type=\"html\">{d}</content><updated>{date}</updated></entry>", l.replace('"', "&quot;")))
        .collect();
    format!("<?xml version=\"1.0\"?><feed xmlns=\"http://www.w3.org/2005/Atom\"><title>{title}</title><id>f</id><updated>2026-01-01T00:00:00Z</updated>{items}</feed>")
}

fn date() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("Mon, 30 Nov 2026 07:00:00 +0100".to_owned()),
        Just("2026-11-30T07:00:00Z".to_owned()),
        Just("9999-99-99T99:99:99Z".to_owned()),
        Just("Mon, 31 Feb 99999 25:61:61 +9999".to_owned()),
        nasty_text(3).prop_map(|t| t.replace(['<', '&'], "")),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    /// Any bytes, as is or after an XML declaration or a feed's opening tags.
    #[test]
    fn any_bytes_as_a_feed(prefix in prop::sample::select(vec!["", "<?xml version=\"1.0\"?>", "<rss version=\"2.0\"><channel>", "<feed xmlns=\"http://www.w3.org/2005/Atom\">", "{\"version\":\"https://jsonfeed.org/version/1.1\",", "\u{feff}<!DOCTYPE html>"]), bytes in prop::collection::vec(any::<u8>(), 0..600)) {
        let mut feed = prefix.as_bytes().to_vec();
        feed.extend_from_slice(&bytes);
        check_feed(&feed);
    }

    /// RSS and Atom with hostile titles, links, snippets and dates: items with real web addresses
    /// and plain text, at most one per entry.
    #[test]
    fn hostile_rss_and_atom(title in xml_text(), items in prop::collection::vec((xml_text(), link(), xml_text(), date()), 0..6), is_atom in any::<bool>()) {
        let text = if is_atom { atom(&title, &items) } else { rss(&title, &items) };
        check_feed(text.as_bytes());
        if let Ok(feed) = parse_feed(text.as_bytes()) {
            prop_assert!(feed.items.len() + feed.skipped <= items.len());
        }
    }

    /// JSON Feed with any strings (JSON lets control characters through, XML does not).
    #[test]
    fn hostile_json_feed(title in nasty_text(10), entries in prop::collection::vec((nasty_text(10), link(), nasty_text(20)), 0..5)) {
        let items: Vec<serde_json::Value> = entries.iter().map(|(t, l, s)| serde_json::json!({ "id": l, "url": l, "title": t, "content_html": s, "summary": s })).collect();
        let feed = serde_json::json!({ "version": "https://jsonfeed.org/version/1.1", "title": title, "items": items });
        check_feed(feed.to_string().as_bytes());
    }

    /// The plain text of any HTML fragment: collapsed white space, and text without markup or
    /// references comes back word for word.
    #[test]
    fn plain_text_of_any_fragment(html in prop_oneof![nasty_text(30), "(<[a-z/!?]{0,8}[^>]{0,10}>?|&[a-z#x0-9]{0,12};?|[^<&]{0,10}){0,20}"]) {
        let t = text_of(&html);
        prop_assert_eq!(t.trim(), t.as_str());
        prop_assert!(!t.contains("  "));
        prop_assert!(!t.chars().any(invisible), "{:?}", t);
        if !html.contains(['<', '&']) {
            let visible: String = html.chars().filter(|c| c.is_whitespace() || !invisible(*c)).collect();
            prop_assert_eq!(t, visible.split_whitespace().collect::<Vec<_>>().join(" "));
        }
    }

    /// Any address as an item's link: a web address or nothing; the storage key is itself a web
    /// address and does not change when computed again (within the 4 wrappers opened at most:
    /// a fifth Google wrapper stays the address, by design).
    #[test]
    fn addresses_and_keys(raw in prop_oneof![link(), nasty_text(8), "https://www\\.google\\.(com|fr)/url\\?(q|url)=https?%3A%2F%2F[a-z.]{1,10}%2F[a-z%]{0,10}(&utm_source=x)?"], nested in 0usize..3) {
        let mut address = raw.clone();
        for _ in 0..nested {
            let encoded: String = url::form_urlencoded::byte_serialize(address.as_bytes()).collect();
            address = format!("https://www.google.com/url?sa=t&url={encoded}");
        }
        for a in [&raw, &address] {
            if let Some(real) = real_address(a) {
                prop_assert!(parse_web_address(&real).is_ok(), "{:?}", real);
            }
            if let Some(key) = dedup_key(a) {
                prop_assert!(parse_web_address(&key).is_ok(), "{:?}", key);
                prop_assert_eq!(dedup_key(&key), Some(key.clone()), "the key of a key is itself");
            }
        }
    }
}

fn page(status: u16, content_type: Option<String>, body: Vec<u8>, truncated: bool) -> FetchedPage {
    FetchedPage { status, final_url: "https://www.exemple.fr/medecin/x".into(), content_type, body, truncated }
}

fn check_presence_result(p: &Presence) {
    if let Presence::Unreachable { message } | Presence::Inconclusive { message } = p {
        assert_french(message, &[]);
    }
}

/// Markup that hides text from a reader, or shows none.
fn noise() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("<div class=\"a\">".to_owned()),
        Just("</div>".to_owned()),
        Just("<br/>".to_owned()),
        Just("<!-- commentaire -->".to_owned()),
        Just("<p>Prendre rendez-vous 01 23 45 67 89</p>".to_owned()),
        Just("&nbsp;&amp;&#233;&#x202E;&#0;&bogus;".to_owned()),
        Just("\u{200B}\u{202E}\u{FEFF}".to_owned()),
        Just("<a href=\"/recherche?q=NAME\">Rechercher</a>".to_owned()),
        Just("<script>var nom = 'NAME';</script>".to_owned()),
        Just("<STYLE>.NAME { color: red }</STYLE>".to_owned()),
        Just("<img alt=\"NAME\">".to_owned()),
        "[0-9 .,;:!?()-]{0,20}",
    ]
}

/// A name as a page may write it: as is, in capitals, with character references.
fn written(name: &str, how: u8) -> String {
    match how {
        0 => name.to_owned(),
        1 => name.to_uppercase(),
        2 => name.chars().map(|c| format!("&#{};", c as u32)).collect(),
        _ => name.chars().map(|c| format!("&#x{:X};", c as u32)).collect(),
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    /// Any body, any announced charset, any status: a verdict, and French messages.
    #[test]
    fn any_page_gets_a_verdict(status in prop_oneof![Just(200u16), Just(404u16), 100u16..600], charset in prop::option::of(prop_oneof![Just("text/html; charset=\"windows-1252\"".to_owned()), Just("text/html; charset=utf-16".to_owned()), Just("text/html; charset=x-bogus".to_owned()), nasty_text(4)]), body in prop::collection::vec(any::<u8>(), 0..800), truncated in any::<bool>(), name in nasty_text(3)) {
        let p = page(status, charset, body, truncated);
        check_presence_result(&judge(&p, &[name.as_str(), "Dupré"], 2 << 20));
    }

    /// The name in visible text, amid markup, however written, is found; the name only inside
    /// scripts, styles, attributes and links is not.
    #[test]
    fn the_name_is_found_in_text_only(name in "[a-z]{5,10}", how in 0u8..4, before in prop::collection::vec(noise(), 0..8), after in prop::collection::vec(noise(), 0..8), shown in any::<bool>(), charset in any::<bool>()) {
        let fill = |v: &[String]| v.concat().replace("NAME", &name);
        let html = format!("<html><body>{}{}{}</body></html>", fill(&before), if shown { format!("<h1>Dr {}</h1>", written(&name, how)) } else { String::new() }, fill(&after));
        let content_type = charset.then(|| "text/html; charset=UTF-8".to_owned());
        let verdict = judge(&page(200, content_type, html.clone().into_bytes(), false), &[&name], 2 << 20);
        if shown {
            prop_assert_eq!(verdict, Presence::Online, "{}", html);
        } else {
            prop_assert!(matches!(verdict, Presence::Removed { .. }), "{:?} for {}", verdict, html);
        }
        let text = visible_text(&html);
        prop_assert!(!text.contains('<') || html.contains("&lt;") || html.contains("&#60;"));
    }

    /// Any HTML: the visible text never panics nor grows beyond the page (plus one space per tag).
    #[test]
    fn visible_text_of_any_html(html in prop_oneof![nasty_text(40), prop::collection::vec(prop_oneof![noise(), nasty_char().prop_map(String::from), Just("<scr".to_owned()), Just("<script".to_owned()), Just("</".to_owned()), Just("&#x".to_owned())], 0..30).prop_map(|v| v.concat())]) {
        let text = visible_text(&html);
        prop_assert!(text.len() <= html.len() * 4 + 4, "{} bytes of text from {} of HTML", text.len(), html.len());
    }

    /// An evidence record keeps the body byte for byte after its header block, whatever the
    /// headers and the body hold.
    #[test]
    fn capture_records_keep_the_body(headers in prop::collection::vec((nasty_text(3), nasty_text(5)), 0..5), body in prop::collection::vec(any::<u8>(), 0..500), url in nasty_text(5)) {
        let c = PageCapture {
            url: url.clone(),
            final_url: url,
            status: 200,
            status_line: "HTTP/1.1 200 OK".into(),
            headers,
            body: body.clone(),
            fetched_at: chrono::Utc::now(),
        };
        let record = c.to_record_bytes();
        prop_assert!(record.ends_with(&body));
        prop_assert!(record.starts_with("Relevé de page web".as_bytes()));
        prop_assert!(c.record_name().starts_with("releve-") && c.record_name().ends_with(".txt"));
    }
}

/// A feed of 5 MB with a title of megabytes and 2,000 hostile items: bounded titles and snippets.
#[test]
fn a_five_megabyte_feed() {
    let big_title = "Dr Dupré &amp; ".repeat(100_000);
    let snippet = "&lt;b&gt;propos&lt;/b&gt; \u{202E} ".repeat(60);
    let items: Vec<(String, String, String, String)> = (0..2000).map(|i| (format!("t{i} {}", "é".repeat(300)), format!("https://exemple.fr/{i}"), snippet.clone(), "2026-11-30T07:00:00Z".into())).collect();
    let feed = rss(&big_title, &items);
    assert!(feed.len() > 3 << 20, "{}", feed.len());
    let started = std::time::Instant::now();
    check_feed(feed.as_bytes());
    let parsed = parse_feed(feed.as_bytes()).unwrap();
    assert_eq!(parsed.items.len(), 2000);
    assert!(started.elapsed().as_secs() < 30, "{:?}", started.elapsed());
}

/// A 5 MB page for the presence check, tags unclosed, scripts unterminated: a verdict in time.
#[test]
fn a_five_megabyte_page() {
    let mut html = "<div><span a=\"".repeat(200_000);
    html.push_str(&"<script>".repeat(100_000));
    html.push_str(&"&#x".repeat(300_000));
    html.push_str("<p>Dr Dupré</p>");
    let started = std::time::Instant::now();
    let verdict = judge(&page(200, None, html.into_bytes(), false), &["Dupré"], 5 << 20);
    check_presence_result(&verdict);
    let text = visible_text(&format!("{}<p>Dr Dupré</p>", "<b>x</b> &eacute;".repeat(300_000)));
    assert!(text.contains("Dupré"));
    assert!(started.elapsed().as_secs() < 30, "{:?}", started.elapsed());
}

/// Garbage instead of an HTTP answer, and an answer cut mid-body: the presence check says so in
/// French (the technical cause goes to the log), over the loopback only.
#[tokio::test]
async fn broken_http_answers_are_told_in_french() {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move {
        for answer in [
            b"\x00\xffNOT HTTP AT ALL\r\n\r\n".to_vec(),
            b"HTTP/1.1 200 OK\r\nContent-Length: 100000\r\n\r\n<p>Dr Dup".to_vec(),
            b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nZZZ\r\nbroken\r\n".to_vec(),
        ] {
            let Ok((mut s, _)) = listener.accept().await else { return };
            let mut buf = [0u8; 4096];
            let _ = tokio::time::timeout(std::time::Duration::from_secs(2), s.read(&mut buf)).await;
            let _ = s.write_all(&answer).await;
            let _ = s.shutdown().await;
        }
    });
    let client = HttpClient::new(HttpConfig::default()).unwrap();
    for _ in 0..3 {
        let result = check_presence(&client, &format!("http://{addr}/fiche"), &["Dupré"]).await.unwrap();
        match &result.presence {
            Presence::Unreachable { message } | Presence::Inconclusive { message } => assert_french(message, &[]),
            other => panic!("a broken answer is no verdict: {other:?}"),
        }
    }
}

/// Megabytes of « & » without « ; » (a page of query strings, a feed title of « Dupré & Fils »
/// repeated): entity decoding looks a few characters ahead, not to the end of the text each time.
#[test]
fn ampersands_without_semicolons_are_read_in_linear_time() {
    let text = "Dupré & Fils ".repeat(200_000);
    let started = std::time::Instant::now();
    assert_eq!(text_of(&text), text.trim());
    assert!(visible_text(&format!("<p>{text}</p>")).contains("Dupré & Fils"));
    assert!(started.elapsed().as_secs() < 5, "{:?}", started.elapsed());
}

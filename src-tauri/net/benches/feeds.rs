//! Veille feeds' cost: reading a 500-item Google Alerts-style Atom feed (HTML titles and
//! snippets, every link a google.com/url wrapper) and a 500-item RSS 2.0 feed, from bytes to
//! items with real addresses and plain-text snippets; and their de-duplication keys.

use std::sync::OnceLock;

use erm_net::feeds::{dedup_key, parse_feed};

fn main() {
    divan::main();
}

const ITEMS: usize = 500;

fn atom() -> &'static [u8] {
    static FEED: OnceLock<Vec<u8>> = OnceLock::new();
    FEED.get_or_init(|| {
        let mut s = String::from(
            "<?xml version=\"1.0\" encoding=\"utf-8\"?><feed xmlns=\"http://www.w3.org/2005/Atom\"><id>tag:google.com,2005:reference:1</id><title>Alerte Google - Dr Dupont</title><updated>2026-11-30T08:00:00Z</updated>",
        );
        for i in 0..ITEMS {
            s.push_str(&format!(
                "<entry><id>tag:google.com,2013:googlealerts/feed:{i}</id><title type=\"html\">Le &lt;b&gt;Dr Dupont&lt;/b&gt; cité dans l&#39;article {i}</title>\
                 <link href=\"https://www.google.com/url?rct=j&amp;sa=t&amp;url=https://www.journal-{m}.fr/sante/article-{i}%3Futm_source%3Dalerts&amp;ct=ga&amp;cd=CAEYAA&amp;usg=AOvVaw{i}\"/>\
                 <published>2026-11-{d:02}T07:00:00Z</published><updated>2026-11-{d:02}T07:00:00Z</updated>\
                 <content type=\"html\">Le &lt;b&gt;Dr Dupont&lt;/b&gt;, médecin généraliste, a répondu aux questions de notre journaliste sur l&#39;organisation des gardes &amp;amp; des urgences dans le département, article numéro {i} de la série…</content>\
                 <author><name/></author></entry>",
                m = i % 37,
                d = i % 28 + 1
            ));
        }
        s.push_str("</feed>");
        s.into_bytes()
    })
}

fn rss() -> &'static [u8] {
    static FEED: OnceLock<Vec<u8>> = OnceLock::new();
    FEED.get_or_init(|| {
        let mut s = String::from("<?xml version=\"1.0\" encoding=\"utf-8\"?><rss version=\"2.0\"><channel><title>Revue de presse</title><link>https://presse.exemple.fr/</link><description>x</description>");
        for i in 0..ITEMS {
            s.push_str(&format!(
                "<item><title>Article {i} sur le cabinet</title><link>https://presse.exemple.fr/a/{i}</link><guid>https://presse.exemple.fr/a/{i}</guid>\
                 <pubDate>Mon, 30 Nov 2026 08:{:02}:00 GMT</pubDate><description><![CDATA[<p>Un <em>résumé</em> de l'article {i}, avec quelques phrases pour ressembler à un vrai flux de presse régionale.</p>]]></description></item>",
                i % 60
            ));
        }
        s.push_str("</channel></rss>");
        s.into_bytes()
    })
}

#[divan::bench]
fn parse_google_alerts_atom_500_items() -> usize {
    let feed = parse_feed(divan::black_box(atom())).unwrap();
    assert_eq!(feed.items.len(), ITEMS);
    feed.items.len()
}

#[divan::bench]
fn parse_rss_500_items() -> usize {
    let feed = parse_feed(divan::black_box(rss())).unwrap();
    assert_eq!(feed.items.len(), ITEMS);
    feed.items.len()
}

#[divan::bench]
fn dedup_keys_500_items(bencher: divan::Bencher) {
    let links: Vec<String> = parse_feed(atom()).unwrap().items.into_iter().map(|i| i.link).collect();
    bencher.bench(|| links.iter().filter_map(|l| dedup_key(l)).count());
}

//! The reviews repository against a real SQLite file: accent-insensitive full text, filter
//! combinations, hostile search input, status rules with French refusals, qualification and
//! replies, and the schema's own CHECKs as a last line of defence.

use erm_store::StoreError;
use chrono::NaiveDate;
use erm_domain::review::{AckKey, 
    validate, Ground, NewReview, Qualification, QuotedStatement, ReviewInput, ReviewStatus,
};
use erm_store::reviews::{self, fts_query, ReviewFilter};
use erm_store::Store;
use erm_usecases::Error;

fn day(d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 3, d).unwrap()
}

fn review(platform: &str, author: &str, date: &str, rating: &str, text: &str) -> NewReview {
    let input = ReviewInput {
        platform: platform.into(),
        author: author.into(),
        published: date.into(),
        rating: rating.into(),
        text: text.into(),
        ..Default::default()
    };
    validate(&input, day(28)).unwrap()
}

fn open() -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("base.sqlite3")).unwrap();
    (dir, store)
}

/// Five reviews across two platforms; returns their ids in insertion order.
fn seed(store: &mut Store) -> Vec<i64> {
    let all = [
        review("Google", "Jean D.", "01/03/2026", "1", "Secrétariat très désagréable, attente interminable."),
        review("Google", "Marie L.", "05/03/2026", "5", "Médecin à l'écoute, je recommande."),
        review("Doctolib", "Paul", "03/03/2026", "2", "Impossible d'obtenir un rendez-vous par téléphone."),
        review("doctolib", "Zoé", "il y a 3 jours", "", "Cabinet désagréable et sale."),
        review("Google", "Anonyme", "10/02/2026", "4", ""),
    ];
    store
        .transaction(|tx| all.iter().map(|r| reviews::insert(tx, r).map(|x| x.id)).collect::<Result<Vec<_>, StoreError>>())
        .unwrap()
}

fn ids(store: &Store, f: &ReviewFilter) -> (Vec<i64>, u64) {
    let page = reviews::list(store.conn(), f).unwrap();
    (page.items.iter().map(|r| r.id).collect(), page.total)
}

fn text(q: &str) -> ReviewFilter {
    ReviewFilter { text: Some(q.into()), ..Default::default() }
}

#[test]
fn full_text_ignores_accents_and_case_and_matches_prefixes() {
    let (_dir, mut store) = open();
    let id = seed(&mut store);
    assert_eq!(ids(&store, &text("desagreable")), (vec![id[3], id[0]], 2), "newest first");
    assert_eq!(ids(&store, &text("DÉSAGRÉABLE secretariat")).0, vec![id[0]]);
    assert_eq!(ids(&store, &text("rendez")).0, vec![id[2]], "a word's beginning finds it");
    assert_eq!(ids(&store, &text("zoe")).0, vec![id[3]], "the author is searched too");
    assert_eq!(ids(&store, &text("introuvable")).1, 0);
}

#[test]
fn index_follows_updates_and_deletes() {
    let (_dir, mut store) = open();
    let id = seed(&mut store);
    store.conn().execute("UPDATE review SET text = 'Accueil chaleureux' WHERE id = ?1", [id[0]]).unwrap();
    assert_eq!(ids(&store, &text("desagreable")).0, vec![id[3]]);
    assert_eq!(ids(&store, &text("chaleureux")).0, vec![id[0]]);
    store.transaction(|tx| reviews::delete(tx, id[3])).unwrap();
    assert_eq!(ids(&store, &text("desagreable")).1, 0);
    // FTS5's own check of the index against the review table (rank 1 = compare with content).
    store.conn().execute("INSERT INTO review_fts (review_fts, rank) VALUES ('integrity-check', 1)", []).unwrap();
}

#[test]
fn hostile_search_strings_never_error() {
    let (_dir, mut store) = open();
    seed(&mut store);
    for q in [
        "\"", "\"\"\"", "*", "désagréable*", "NEAR(a b)", "a NEAR b", "-attente", "NOT", "AND OR NOT", "(", ")",
        "text:attente", "^début", "l'attente", "a\"b", "'; DROP TABLE review; --", "+", "{author}", "",
        "   ", "%_", "\\", "attente -secrétariat", "😀", "a*b*c", "col : x",
    ] {
        let page = reviews::list(store.conn(), &text(q));
        assert!(page.is_ok(), "search {q:?} failed: {:?}", page.err());
    }
    assert_eq!(fts_query("  *  - \" "), None, "only punctuation = no text filter");
    assert_eq!(fts_query("a\"b NEAR"), Some("\"a\"\"b\"* \"NEAR\"*".into()));
    // Operators are taken as words: "NOT" matches nothing here instead of negating.
    assert_eq!(ids(&store, &text("attente NOT")).1, 0);
    assert_eq!(ids(&store, &text("l'écoute")).1, 1);
}

#[test]
fn filters_combine_and_page_with_a_total() {
    let (_dir, mut store) = open();
    let id = seed(&mut store);
    let f = |statuses: Vec<ReviewStatus>, platform: Option<&str>, min: Option<u8>, max: Option<u8>, q: Option<&str>| ReviewFilter {
        statuses,
        platform: platform.map(Into::into),
        min_rating: min,
        max_rating: max,
        text: q.map(Into::into),
        ..Default::default()
    };
    assert_eq!(ids(&store, &f(vec![], None, None, None, None)).1, 5);
    assert_eq!(ids(&store, &f(vec![], Some("DOCTOLIB"), None, None, None)).0, vec![id[3], id[2]], "platform ignores case");
    assert_eq!(ids(&store, &f(vec![], Some("Google"), Some(4), None, None)).0, vec![id[1], id[4]]);
    assert_eq!(ids(&store, &f(vec![], None, Some(1), Some(2), None)).0, vec![id[2], id[0]]);
    assert_eq!(ids(&store, &f(vec![], Some("Google"), None, Some(2), Some("attente"))).0, vec![id[0]]);
    assert_eq!(ids(&store, &f(vec![ReviewStatus::Answered], None, None, None, None)).1, 0);
    assert_eq!(ids(&store, &f(vec![ReviewStatus::New, ReviewStatus::Answered], None, None, None, None)).1, 5);

    let page = reviews::list(store.conn(), &ReviewFilter { limit: 2, offset: 2, ..Default::default() }).unwrap();
    assert_eq!(page.total, 5);
    assert_eq!(page.items.iter().map(|r| r.id).collect::<Vec<_>>(), vec![id[2], id[0]]);
    let beyond = reviews::list(store.conn(), &ReviewFilter { offset: 50, ..Default::default() }).unwrap();
    assert!(beyond.items.is_empty());
    assert_eq!(beyond.total, 5);
    assert_eq!(reviews::platforms(store.conn()).unwrap(), vec!["Doctolib", "doctolib", "Google"]);
}

#[test]
fn the_same_review_is_refused_once_recorded() {
    let (_dir, mut store) = open();
    seed(&mut store);
    let again = review("google", "jean d.", "01/03/2026", "1", "Secretariat tres desagreable,  attente interminable.");
    let err = store.transaction(|tx| reviews::insert(tx, &again)).unwrap_err();
    assert!(matches!(err, StoreError::Refused(_)), "{err:?}");
    assert!(err.to_string().contains("déjà enregistré"), "{err}");
}

#[test]
fn status_moves_follow_the_rules_with_french_refusals() {
    let (_dir, mut store) = open();
    let id = seed(&mut store)[0];
    let err = store.transaction(|tx| reviews::set_status(tx, id, ReviewStatus::ToAnswer, day(28))).unwrap_err();
    assert!(matches!(err, StoreError::Refused(_)));
    assert!(err.to_string().starts_with("Qualifiez d'abord cet avis"), "{err}");
    let err = store.transaction(|tx| reviews::set_reply(tx, id, "Merci.", day(28))).unwrap_err();
    assert!(err.to_string().contains("ne peut pas passer à « répondu »"), "{err}");

    store.transaction(|tx| reviews::set_qualification(tx, id, &Qualification::Lawful, day(28))).unwrap();
    let r = store.transaction(|tx| reviews::set_status(tx, id, ReviewStatus::LeftAlone, day(28))).unwrap();
    assert_eq!((r.status, r.left_alone_on), (ReviewStatus::LeftAlone, Some(day(28))));
    let r = store.transaction(|tx| reviews::set_status(tx, id, ReviewStatus::ToAnswer, day(28))).unwrap();
    assert_eq!((r.status, r.left_alone_on), (ReviewStatus::ToAnswer, None));
    let err = store.transaction(|tx| reviews::set_status(tx, id, ReviewStatus::Answered, day(28))).unwrap_err();
    assert!(err.to_string().contains("Enregistrez le texte"), "{err}");
    let err = store.transaction(|tx| reviews::set_reply(tx, id, "  \n ", day(28))).unwrap_err();
    assert!(matches!(&err, StoreError::Invalid(inv) if inv.has("reply")), "{err:?}");

    let r = store.transaction(|tx| reviews::set_reply(tx, id, " Merci pour votre retour. ", day(28))).unwrap();
    assert_eq!(r.status, ReviewStatus::Answered);
    assert_eq!(r.reply.as_ref().map(|x| (x.text.as_str(), x.replied_on)), Some(("Merci pour votre retour.", day(28))));
    let r = store.transaction(|tx| reviews::set_reply(tx, id, "Merci, réponse revue.", day(29))).unwrap();
    assert_eq!(r.reply.unwrap().replied_on, day(29), "a revised reply replaces the old one");
    let reopened = Store::open(store.path().unwrap()).unwrap();
    assert_eq!(reviews::get(reopened.conn(), id).unwrap().status, ReviewStatus::Answered);
}

#[test]
fn illicit_qualification_keeps_quoted_statements_and_escalates() {
    let (_dir, mut store) = open();
    let id = seed(&mut store)[0];
    let bad = Qualification::Illicit {
        statements: vec![QuotedStatement { quote: "un escroc".into(), grounds: vec![Ground::Insult] }],
    };
    let err = store.transaction(|tx| reviews::set_qualification(tx, id, &bad, day(28))).unwrap_err();
    assert!(matches!(&err, StoreError::Invalid(inv) if inv.has("statements.0.quote")), "{err:?}");
    assert_eq!(reviews::get(store.conn(), id).unwrap().status, ReviewStatus::New, "nothing written");

    let q = Qualification::Illicit {
        statements: vec![
            QuotedStatement { quote: "Secrétariat très désagréable".into(), grounds: vec![Ground::Disparagement] },
            QuotedStatement { quote: "attente  interminable".into(), grounds: vec![Ground::Defamation, Ground::Disparagement] },
        ],
    };
    let r = store.transaction(|tx| reviews::set_qualification(tx, id, &q, day(28))).unwrap();
    assert_eq!(r.status, ReviewStatus::Escalated);
    assert_eq!(r.qualified_on, Some(day(28)));
    let statements = r.qualification.as_ref().unwrap().statements().to_vec();
    assert_eq!(statements.len(), 2);
    assert_eq!(statements[1].quote, "attente interminable");
    assert_eq!(statements[1].grounds, vec![Ground::Defamation, Ground::Disparagement]);

    let err = store.transaction(|tx| reviews::set_status(tx, id, ReviewStatus::LeftAlone, day(28))).unwrap_err();
    assert!(err.to_string().contains("ne peut pas passer"), "{err}");
    // Dropping the case: lawful again, back to "nouveau", statements gone.
    let r = store.transaction(|tx| reviews::set_qualification(tx, id, &Qualification::Lawful, day(29))).unwrap();
    assert_eq!(r.status, ReviewStatus::New);
    let left: i64 = store.conn().query_row("SELECT count(*) FROM review_statement", [], |r| r.get(0)).unwrap();
    assert_eq!(left, 0);
}

#[test]
fn acknowledgements_are_recorded_and_follow_the_review() {
    let (_dir, mut store) = open();
    let id = seed(&mut store)[1];
    let key = |c: &str, m: &str| AckKey { category: c.into(), matched: m.into() };
    store.transaction(|tx| reviews::record_ack(tx, id, &key("diagnosis", "diabète"))).unwrap();
    store.transaction(|tx| reviews::record_ack(tx, id, &key("visit", "lors de votre consultation"))).unwrap();
    // The same acknowledgement twice is one row (unique identity), keeping its first date.
    let first = reviews::acks(store.conn(), id).unwrap();
    store.transaction(|tx| reviews::record_ack(tx, id, &key("diagnosis", "diabète"))).unwrap();
    let acks = reviews::acks(store.conn(), id).unwrap();
    assert_eq!(acks, first);
    assert_eq!(acks.iter().map(|a| a.key.category.as_str()).collect::<Vec<_>>(), vec!["diagnosis", "visit"]);
    let dup = store.conn().execute(
        "INSERT INTO reply_ack (review_id, category, matched_text, acknowledged_at) VALUES (?1, 'visit', 'lors de votre consultation', 'x')",
        [id],
    );
    assert!(dup.is_err(), "the table itself refuses a duplicate acknowledgement");
    assert!(store.transaction(|tx| reviews::record_ack(tx, 999_999, &key("x", "y"))).is_err());
    store.transaction(|tx| reviews::delete(tx, id)).unwrap();
    assert!(reviews::acks(store.conn(), id).unwrap().is_empty(), "cascade on delete");
}

#[test]
fn schema_checks_refuse_what_the_code_would_never_write() {
    let (_dir, store) = open();
    let base = "INSERT INTO review (platform, author, published_on, rating, text, status, dedup_key, created_at, updated_at) VALUES";
    let key = "a".repeat(64);
    for (what, values) in [
        ("rating 6", format!("('G', 'A', '2026-01-01', 6, 't', 'new', '{key}', 'x', 'x')")),
        ("no text no rating", format!("('G', 'A', '2026-01-01', NULL, '', 'new', '{key}', 'x', 'x')")),
        ("bad date", format!("('G', 'A', '2026-02-30', 3, 't', 'new', '{key}', 'x', 'x')")),
        ("unknown status", format!("('G', 'A', '2026-01-01', 3, 't', 'done', '{key}', 'x', 'x')")),
        ("escalated unqualified", format!("('G', 'A', '2026-01-01', 3, 't', 'escalated', '{key}', 'x', 'x')")),
        ("answered without reply", format!("('G', 'A', '2026-01-01', 3, 't', 'answered', '{key}', 'x', 'x')")),
        ("short key", "('G', 'A', '2026-01-01', 3, 't', 'new', 'abc', 'x', 'x')".to_string()),
        ("left alone unqualified", format!("('G', 'A', '2026-01-01', 3, 't', 'left_alone', '{key}', 'x', 'x')")),
        ("to answer unqualified", format!("('G', 'A', '2026-01-01', 3, 't', 'to_answer', '{key}', 'x', 'x')")),
    ] {
        assert!(store.conn().execute(&format!("{base} {values}"), []).is_err(), "{what} should be refused");
    }
    let approx = "INSERT INTO review (platform, author, published_on, published_approx, published_seen_text, \
                  published_seen_on, rating, dedup_key, created_at, updated_at) VALUES";
    for (what, values) in [
        ("approximate without what was seen", format!("('G', 'A', '2026-01-01', 1, NULL, '2026-03-01', 3, '{key}', 'x', 'x')")),
        ("approximate without the day seen", format!("('G', 'A', '2026-01-01', 1, 'il y a 2 mois', NULL, 3, '{key}', 'x', 'x')")),
        ("exact with a seen text", format!("('G', 'A', '2026-01-01', 0, 'il y a 2 mois', NULL, 3, '{key}', 'x', 'x')")),
    ] {
        assert!(store.conn().execute(&format!("{approx} {values}"), []).is_err(), "{what} should be refused");
    }
    assert!(store.conn().execute(&format!("{base} ('G', 'A', '2026-01-01', 3, 't', 'new', '{key}', 'x', 'x')"), []).is_ok());
}

#[test]
fn reviews_link_to_the_site_catalogue_and_survive_its_removal() {
    let (_dir, mut store) = open();
    // A made-up site, so that whatever catalogue ships cannot interfere.
    store
        .conn()
        .execute(
            "INSERT INTO site (name, domain, kind, has_reviews, created_at, updated_at) \
             VALUES ('Avis Santé Test', 'avis-sante.test', 'review_platform', 1, 'x', 'x')",
            [],
        )
        .unwrap();
    let site = store.conn().last_insert_rowid();
    let linked = review("avis santé test", "Jean", "01/03/2026", "3", "Bien.");
    let other = review("Plateforme Inconnue", "Jean", "01/03/2026", "3", "Bien.");
    let (a, b) = store
        .transaction(|tx| Ok::<_, Error>((reviews::insert(tx, &linked)?, reviews::insert(tx, &other)?)))
        .unwrap();
    assert_eq!(a.site_id, Some(site), "linked by name (any case) when no site was chosen");
    assert_eq!(b.site_id, None);
    assert_eq!(ids(&store, &ReviewFilter { site_id: Some(site), ..Default::default() }).0, vec![a.id]);

    let mut unknown = review("Autre", "X", "01/03/2026", "3", "Texte");
    unknown.site_id = Some(site + 1000);
    let err = store.transaction(|tx| reviews::insert(tx, &unknown)).unwrap_err();
    assert!(matches!(&err, StoreError::Invalid(inv) if inv.has("site_id")), "{err:?}");

    store.conn().execute("DELETE FROM site WHERE id = ?1", [site]).unwrap();
    let r = reviews::get(store.conn(), a.id).unwrap();
    assert_eq!((r.site_id, r.platform.as_str()), (None, "avis santé test"), "the name stays, the link goes");
}

#[test]
fn a_recorded_review_can_be_corrected_without_losing_its_decisions() {
    let (_dir, mut store) = open();
    let id = seed(&mut store);
    let q = Qualification::Illicit {
        statements: vec![QuotedStatement { quote: "attente interminable".into(), grounds: vec![Ground::Defamation] }],
    };
    store.transaction(|tx| reviews::set_qualification(tx, id[0], &q, day(28))).unwrap();

    let fixed = review("Google", "Jean D.", "28/02/2026", "1", "Secrétariat très désagréable, attente interminable !");
    let r = store.transaction(|tx| reviews::update(tx, id[0], &fixed)).unwrap();
    assert_eq!((r.status, r.published.date(), r.text.as_str()), (ReviewStatus::Escalated, day(1).pred_opt().unwrap(), fixed.text.as_str()));
    assert_eq!(r.qualification.unwrap().statements().len(), 1);
    assert_eq!(ids(&store, &text("interminable")).0, vec![id[0]], "the index follows the correction");

    let dropped_quote = review("Google", "Jean D.", "28/02/2026", "1", "Secrétariat très désagréable.");
    let err = store.transaction(|tx| reviews::update(tx, id[0], &dropped_quote)).unwrap_err();
    assert!(err.to_string().contains("ne figure plus"), "{err}");

    let same_as_marie = review("Google", "Marie L.", "05/03/2026", "5", "Médecin à l'écoute, je recommande.");
    let err = store.transaction(|tx| reviews::update(tx, id[2], &same_as_marie)).unwrap_err();
    assert!(err.to_string().contains("déjà exactement ce contenu"), "{err}");
    assert_eq!(reviews::get(store.conn(), id[2]).unwrap().author, "Paul", "nothing changed");
}

/// Issue 21.7: a pasted page in the search box is refused in French before the store is read;
/// a doctor's search of a few words goes through.
#[test]
fn a_search_of_a_thousand_words_is_refused_before_the_store_is_read() {
    let (_dir, mut store) = open();
    seed(&mut store);
    let long = "attente ".repeat(1_000);
    let Err(Error::Invalid(inv)) = erm_usecases::reviews::list(&store, &text(&long)) else { panic!("refused") };
    assert!(inv.has("text"), "{inv:?}");
    let huge = "médecin ".repeat(200_000);
    assert!(erm_usecases::reviews::list(&store, &text(&huge)).is_err());
    assert!(erm_usecases::reviews::list(&store, &text("attente secrétariat")).is_ok());
}

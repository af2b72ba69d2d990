//! Import of Google Business Profile review JSON, from a sample fixture shaped like the API's
//! `reviews.list` response, and from hand-made faulty variants.

use chrono::NaiveDate;
use erm_domain::review::{PublishedDate, Reply, ReviewStatus};
use erm_usecases::import::{import_file, ImportFormat};
use erm_store::reviews::{self, ReviewFilter};
use erm_store::Store;
use erm_usecases::Error;

const FIXTURE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/import/google_reviews.json");

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 3, 1).unwrap()
}

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn setup() -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("b.sqlite3")).unwrap();
    (dir, store)
}

fn import_json(dir: &tempfile::TempDir, store: &mut Store, json: &str) -> Result<erm_usecases::import::ImportReport, Error> {
    let path = dir.path().join("avis.json");
    std::fs::write(&path, json).unwrap();
    import_file(store, &path, ImportFormat::GoogleJson, today())
}

#[test]
fn the_sample_response_imports_with_replies_and_french_dates() {
    let (_dir, mut store) = setup();
    assert_eq!(ImportFormat::from_path(FIXTURE.as_ref()), Some(ImportFormat::GoogleJson));
    let report = import_file(&mut store, FIXTURE.as_ref(), ImportFormat::GoogleJson, today()).unwrap();
    assert_eq!((report.inserted, report.duplicates, report.rejected.len()), (4, 0, 0), "{report:?}");

    let page = reviews::list(store.conn(), &ReviewFilter::default()).unwrap();
    let authors: Vec<&str> = page.items.iter().map(|r| r.author.as_str()).collect();
    assert_eq!(authors, vec!["Sophie Marchand", "Anonyme", "Karim B.", "Élise Rousseau"], "newest first");
    assert!(page.items.iter().all(|r| r.platform == "Google"));

    let sophie = &page.items[0];
    assert_eq!((sophie.rating, sophie.status), (Some(1), ReviewStatus::New));
    assert_eq!(sophie.published, PublishedDate::Exact { on: d(2025, 11, 3) });
    let anonymous = &page.items[1];
    assert_eq!((anonymous.rating, anonymous.text.as_str()), (Some(5), ""));

    let karim = &page.items[2];
    assert_eq!(karim.published.date(), d(2025, 7, 1), "22:15 UTC on 30 June is 1 July in Paris");
    assert_eq!(karim.status, ReviewStatus::Answered);
    assert_eq!(
        karim.reply,
        Some(Reply {
            text: "Merci pour votre retour. Nous avons ouvert des créneaux supplémentaires le samedi matin.".into(),
            replied_on: d(2025, 7, 3)
        })
    );
    let elise = &page.items[3];
    assert_eq!(elise.published.date(), d(2025, 1, 1));
    assert_eq!(elise.text, "Accueil froid.\n\nCabinet difficile d'accès en fauteuil roulant.");

    let again = import_file(&mut store, FIXTURE.as_ref(), ImportFormat::GoogleJson, today()).unwrap();
    assert_eq!((again.inserted, again.duplicates), (0, 4), "a re-import never duplicates");
}

#[test]
fn a_bare_array_is_accepted_too() {
    let (dir, mut store) = setup();
    let json = r#"[{"reviewer":{"displayName":"Lou"},"starRating":"FOUR","comment":"Bien reçue.","createTime":"2026-01-05T10:00:00Z"}]"#;
    let report = import_json(&dir, &mut store, json).unwrap();
    assert_eq!(report.inserted, 1);
    let empty = import_json(&dir, &mut store, r#"{"averageRating": 0, "totalReviewCount": 0}"#).unwrap();
    assert_eq!((empty.inserted, empty.rejected.len()), (0, 0), "a location without reviews");
}

#[test]
fn faulty_reviews_are_reported_by_index_and_nothing_is_written() {
    let (dir, mut store) = setup();
    let json = r#"{"reviews": [
        {"reviewer":{"displayName":"A"},"starRating":"TWO","comment":"Correct","createTime":"2026-01-05T10:00:00Z"},
        {"reviewer":{"displayName":"B"},"starRating":"SIX","comment":"x","createTime":"2026-01-05T10:00:00Z"},
        {"reviewer":{"displayName":"C"},"starRating":"ONE","comment":"x"},
        {"reviewer":{"displayName":"D"},"starRating":"ONE","comment":"x","createTime":"hier"},
        "pas un avis",
        {"reviewer":{"displayName":"F"},"comment":"","createTime":"2026-01-05T10:00:00Z"},
        {"reviewer":{"displayName":"G"},"starRating":"ONE","createTime":"2026-01-05T10:00:00Z",
         "reviewReply":{"comment":"Merci"}}
    ]}"#;
    let report = import_json(&dir, &mut store, json).unwrap();
    let indexes: Vec<usize> = report.rejected.iter().map(|r| r.line).collect();
    assert_eq!(indexes, vec![1, 2, 3, 4, 5, 6], "{report:#?}");
    assert!(report.rejected[0].reason.contains("SIX"));
    assert!(report.rejected[1].reason.contains("createTime"));
    assert!(report.rejected[2].reason.contains("RFC 3339"));
    assert!(report.rejected[3].reason.contains("objet JSON"));
    assert!(report.rejected[4].reason.contains("sans texte"));
    assert!(report.rejected[5].reason.contains("reviewReply.updateTime"));
    assert_eq!(reviews::list(store.conn(), &ReviewFilter::default()).unwrap().total, 0, "not even review 0");
}

#[test]
fn files_that_are_not_google_reviews_are_refused() {
    let (dir, mut store) = setup();
    for (json, expected) in [
        ("{\"reviews\": [", "pas un JSON valide (ligne 1"),
        ("{\"items\": []}", "ne ressemble pas à des avis Google"),
        ("42", "ne ressemble pas"),
    ] {
        match import_json(&dir, &mut store, json) {
            Err(Error::Invalid(inv)) => assert!(inv.to_string().contains(expected), "{json}: {inv}"),
            other => panic!("{json}: {other:?}"),
        }
    }
}

/// Real Google data: translated text, the multi-location response, a reply still in moderation.
const BATCH: &str = r#"{
  "locationReviews": [
    { "name": "accounts/1/locations/10",
      "review": { "reviewId": "a", "reviewer": { "displayName": "Hans M." }, "starRating": "TWO",
        "comment": "(Translated by Google) Very long wait, unfriendly secretary.\n\n(Original)\nSehr lange Wartezeit, unfreundliche Sekretärin.",
        "createTime": "2025-10-02T09:00:00Z" } },
    { "name": "accounts/1/locations/11",
      "review": { "reviewId": "b", "reviewer": { "displayName": "Lucia R." }, "starRating": "FIVE",
        "comment": "Medico molto attento.\n\n(Translated by Google)\nMédecin très attentif.",
        "createTime": "2025-10-03T09:00:00Z",
        "reviewReply": { "comment": "Merci pour ce message.", "updateTime": "2025-10-04T08:00:00Z",
                         "reviewReplyState": "PENDING" } } },
    { "name": "accounts/1/locations/11",
      "review": { "reviewId": "c", "reviewer": { "displayName": "Marc P." }, "starRating": "FOUR",
        "comment": "Bon accueil.", "createTime": "2025-10-05T09:00:00Z",
        "reviewReply": { "comment": "Merci.", "updateTime": "2025-10-06T08:00:00Z",
                         "reviewReplyState": "APPROVED" } } }
  ],
  "nextPageToken": "xyz"
}"#;

#[test]
fn batch_get_reviews_with_translations_and_a_pending_reply() {
    let (dir, mut store) = setup();
    let report = import_json(&dir, &mut store, BATCH).unwrap();
    assert_eq!((report.inserted, report.rejected.len()), (3, 0), "{report:?}");
    let page = reviews::list(store.conn(), &ReviewFilter::default()).unwrap();
    let by = |a: &str| page.items.iter().find(|r| r.author == a).unwrap().clone();

    let hans = by("Hans M.");
    assert_eq!(hans.text, "Sehr lange Wartezeit, unfreundliche Sekretärin.", "the author's own words");
    assert_eq!(hans.text_translation.as_deref(), Some("Very long wait, unfriendly secretary."));
    let lucia = by("Lucia R.");
    assert_eq!(lucia.text, "Medico molto attento.");
    assert_eq!(lucia.text_translation.as_deref(), Some("Médecin très attentif."));
    assert_eq!((lucia.status, lucia.reply.clone()), (ReviewStatus::New, None), "a pending reply is not published");
    let marc = by("Marc P.");
    assert_eq!((marc.status, marc.text_translation.clone()), (ReviewStatus::Answered, None));

    // Search finds the original words, not Google's.
    let search = |q: &str| {
        let f = ReviewFilter { text: Some(q.into()), ..Default::default() };
        reviews::list(store.conn(), &f).unwrap().items.into_iter().map(|r| r.author).collect::<Vec<_>>()
    };
    assert_eq!(search("Wartezeit"), vec!["Hans M."]);
    assert!(search("secretary").is_empty(), "the translation is not indexed");
    assert!(search("attentif").is_empty());

    // Re-importing the same file adds nothing; the translation survives a reopen of the file.
    let again = import_json(&dir, &mut store, BATCH).unwrap();
    assert_eq!((again.inserted, again.duplicates), (0, 3));
    let reopened = Store::open(&dir.path().join("b.sqlite3")).unwrap();
    let hans = reviews::get(reopened.conn(), hans.id).unwrap();
    assert_eq!(hans.text_translation.as_deref(), Some("Very long wait, unfriendly secretary."));
}

#[test]
fn batch_entries_without_a_review_are_refused_on_their_index() {
    let (dir, mut store) = setup();
    let json = r#"{"locationReviews": [
        {"name": "accounts/1/locations/10", "review": {"reviewer": {"displayName": "A"}, "starRating": "TWO", "createTime": "2025-10-02T09:00:00Z"}},
        {"name": "accounts/1/locations/10"},
        {"name": "accounts/1/locations/10", "review": {"reviewer": {"displayName": "B"}, "starRating": "TWO", "createTime": "pas une date"}}
    ]}"#;
    let report = import_json(&dir, &mut store, json).unwrap();
    assert_eq!(report.rejected.iter().map(|r| r.line).collect::<Vec<_>>(), vec![1, 2], "{report:?}");
    assert!(report.rejected[1].reason.contains("« pas une date »"), "{}", report.rejected[1].reason);
    assert_eq!(report.inserted, 0);
    let err = import_json(&dir, &mut store, r#"{"locations": []}"#).unwrap_err();
    assert!(err.to_string().contains("locationReviews"), "{err}");
}

#[test]
fn editing_a_translated_review_keeps_the_translation_while_the_text_is_unchanged() {
    use erm_domain::review::{validate, ReviewInput};
    let (dir, mut store) = setup();
    import_json(&dir, &mut store, BATCH).unwrap();
    let page = reviews::list(store.conn(), &ReviewFilter::default()).unwrap();
    let hans = page.items.iter().find(|r| r.author == "Hans M.").unwrap().clone();
    let form = |text: &str| ReviewInput {
        platform: "Google".into(),
        author: "Hans M.".into(),
        published: "02/10/2025".into(),
        rating: "3".into(),
        text: text.into(),
        ..Default::default()
    };
    let same = validate(&form(&hans.text), today()).unwrap();
    let r = store.transaction(|tx| reviews::update(tx, hans.id, &same)).unwrap();
    assert_eq!((r.rating, r.text_translation.as_deref()), (Some(3), Some("Very long wait, unfriendly secretary.")));
    let changed = validate(&form("Sehr lange Wartezeit."), today()).unwrap();
    let r = store.transaction(|tx| reviews::update(tx, hans.id, &changed)).unwrap();
    assert_eq!(r.text_translation, None, "a stale translation is dropped");
}

/// A translated review imported before this version (text = Google's whole text, key over it)
/// is recognised on the next import, and its text becomes the author's words.
#[test]
fn a_review_imported_with_its_translation_inline_is_not_duplicated() {
    use erm_domain::review::{validate, ReviewInput};
    let (dir, mut store) = setup();
    let whole = "(Translated by Google) Very long wait, unfriendly secretary.\n\n(Original)\nSehr lange Wartezeit, unfreundliche Sekretärin.";
    let mut old = validate(
        &ReviewInput { platform: "Google".into(), author: "Hans M.".into(), published: "2025-10-02".into(), rating: "2".into(), text: whole.into(), ..Default::default() },
        today(),
    )
    .unwrap();
    // As the previous version stored it.
    old.text = erm_domain::review::normalise_text(whole);
    old.text_translation = None;
    old.text_as_given = None;
    store.transaction(|tx| reviews::insert_many(tx, &[old])).unwrap();

    let report = import_json(&dir, &mut store, BATCH).unwrap();
    assert_eq!((report.inserted, report.duplicates), (2, 1), "{report:?}");
    let page = reviews::list(store.conn(), &ReviewFilter::default()).unwrap();
    let hans: Vec<_> = page.items.iter().filter(|r| r.author == "Hans M.").collect();
    assert_eq!(hans.len(), 1);
    assert_eq!(hans[0].text, "Sehr lange Wartezeit, unfreundliche Sekretärin.");
    assert_eq!(hans[0].text_translation.as_deref(), Some("Very long wait, unfriendly secretary."));
    let again = import_json(&dir, &mut store, BATCH).unwrap();
    assert_eq!((again.inserted, again.duplicates), (0, 3));
}

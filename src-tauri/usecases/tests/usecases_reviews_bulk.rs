//! Bulk actions on the inbox (issue 9, point 8) against a real store file: all or nothing, the
//! reviews left as they were with their reason, thank-you drafts kept and checked by the
//! secrecy guard with each review's context.

use chrono::NaiveDate;
use erm_domain::practice::{self, PractitionerInput};
use erm_domain::review::{Qualification, ReviewInput, ReviewStatus};
use erm_store::{practice as practice_repo, reviews as repo, Store};
use erm_usecases::replies;
use erm_usecases::reviews::{self, BulkAction};
use erm_usecases::Error;

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 3, 28).unwrap()
}

fn open() -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("base.sqlite3")).unwrap();
    (dir, store)
}

fn with_profile(store: &mut Store) {
    let p = practice::validate(&PractitionerInput {
        civility: "madame".into(),
        title: "docteur".into(),
        first_name: "Hélène".into(),
        last_name: "Dupré".into(),
        specialty: "Médecine générale".into(),
        designation: String::new(),
        rpps: "10003456789".into(),
        address_lines: vec!["12 rue Cabanis".into()],
        postcode: "75014".into(),
        city: "Paris".into(),
        phone: "01 40 64 14 70".into(),
        email: "cabinet@exemple.fr".into(),
        signature_city: String::new(),
        is_default: true,
        row_version: None,
    })
    .unwrap();
    store.transaction(|tx| practice_repo::save(tx, &p)).unwrap();
}

fn add(store: &mut Store, author: &str, rating: &str, text: &str) -> i64 {
    let input = ReviewInput {
        platform: "Google".into(),
        author: author.into(),
        published: "01/03/2026".into(),
        rating: rating.into(),
        text: text.into(),
        ..Default::default()
    };
    reviews::add(store, &input, today()).unwrap().id
}

fn status(store: &Store, id: i64) -> ReviewStatus {
    repo::get(store.conn(), id).unwrap().status
}

#[test]
fn leave_alone_qualifies_and_reports_the_others_with_their_reason() {
    let (_dir, mut store) = open();
    let fresh = add(&mut store, "Marie L.", "5", "Très bon médecin.");
    let to_answer = add(&mut store, "Paul", "4", "Bien, un peu d'attente.");
    reviews::qualify(&mut store, to_answer, &Qualification::Lawful, today()).unwrap();
    reviews::decide(&mut store, to_answer, reviews::Decision::Reply, today()).unwrap();
    let escalated = add(&mut store, "Zoé", "1", "Ce médecin est un escroc.");
    let illicit = Qualification::Illicit {
        statements: vec![erm_domain::review::QuotedStatement {
            quote: "un escroc".into(),
            grounds: vec![erm_domain::review::Ground::Insult],
        }],
    };
    reviews::qualify(&mut store, escalated, &illicit, today()).unwrap();
    let already = add(&mut store, "Jean", "3", "Correct.");
    reviews::qualify(&mut store, already, &Qualification::Lawful, today()).unwrap();
    reviews::decide(&mut store, already, reviews::Decision::LeaveAlone, today()).unwrap();

    let out = reviews::bulk(&mut store, &[fresh, to_answer, escalated, already, fresh], BulkAction::LeaveAlone, today()).unwrap();
    assert_eq!(out.done, 2);
    assert!(out.to_review.is_empty());
    let reasons: Vec<(i64, &str)> = out.skipped.iter().map(|s| (s.id, s.reason.as_str())).collect();
    assert_eq!(reasons, vec![(escalated, "qualifié de possiblement illicite"), (already, "déjà ignoré volontairement")]);
    assert!(out.summary.starts_with("2 avis qualifiés comme licites et ignorés volontairement."), "{}", out.summary);
    for id in [fresh, to_answer] {
        let r = repo::get(store.conn(), id).unwrap();
        assert_eq!(r.status, ReviewStatus::LeftAlone);
        assert_eq!(r.qualification, Some(Qualification::Lawful));
        assert_eq!(r.left_alone_on, Some(today()));
    }
    assert_eq!(status(&store, escalated), ReviewStatus::Escalated, "a case file is not touched");
}

#[test]
fn an_unknown_id_or_a_refused_step_leaves_every_review_as_it_was() {
    let (_dir, mut store) = open();
    let a = add(&mut store, "Marie L.", "5", "Très bon médecin.");
    let b = add(&mut store, "Paul", "5", "Parfait.");
    let err = reviews::bulk(&mut store, &[a, 9_999, b], BulkAction::LeaveAlone, today()).unwrap_err();
    assert!(matches!(err, Error::NotFound(_)), "{err:?}");
    assert!(err.to_string().contains("n° 9999"), "{err}");
    assert_eq!((status(&store, a), status(&store, b)), (ReviewStatus::New, ReviewStatus::New));
    assert_eq!(repo::get(store.conn(), a).unwrap().qualification, None, "nothing qualified either");

    // No practice profile: a thank-you cannot be filled, and nothing is written.
    let err = reviews::bulk(&mut store, &[a, b], BulkAction::ThankYou, today()).unwrap_err();
    assert!(matches!(err, Error::Refused(_)), "{err:?}");
    assert!(err.to_string().contains("profil du cabinet"), "{err}");
    assert_eq!((status(&store, a), status(&store, b)), (ReviewStatus::New, ReviewStatus::New));
    assert_eq!(replies::kept_draft(&store, a).unwrap(), None);

    assert!(matches!(reviews::bulk(&mut store, &[], BulkAction::LeaveAlone, today()), Err(Error::Invalid(_))));
    let too_many: Vec<i64> = (1..=501).collect();
    let err = reviews::bulk(&mut store, &too_many, BulkAction::LeaveAlone, today()).unwrap_err();
    assert!(err.to_string().contains("au plus 500 avis"), "{err}");
}

#[test]
fn thank_you_drafts_are_kept_checked_and_flagged_when_the_guard_blocks() {
    let (_dir, mut store) = open();
    with_profile(&mut store);
    let five = add(&mut store, "Marie L.", "5", "Très bon médecin.");
    let four = add(&mut store, "Paul", "4", "Bien.");
    let low = add(&mut store, "Jean", "2", "Attente trop longue.");
    let unrated = add(&mut store, "Anonyme", "", "Cabinet en centre-ville.");
    let drafting = add(&mut store, "Luc", "5", "Merci docteur.");
    replies::keep_draft(&mut store, drafting, "Bonjour, ma réponse en cours.").unwrap();
    let out = reviews::bulk(&mut store, &[five, four, low, unrated, drafting], BulkAction::ThankYou, today()).unwrap();
    assert_eq!(out.done, 2, "{out:?}");
    assert!(out.to_review.is_empty(), "the built-in thank-you passes the guard: {out:?}");
    let skipped: Vec<i64> = out.skipped.iter().map(|s| s.id).collect();
    assert_eq!(skipped, vec![low, unrated, drafting]);
    assert_eq!(out.skipped[0].reason, "note de 2 étoiles");
    assert!(out.summary.starts_with("2 réponses de remerciement préparées"), "{}", out.summary);
    assert!(out.summary.ends_with("3 avis laissés tels quels : note de 2 étoiles (1), sans note (1), réponse déjà en cours de rédaction (1)."), "{}", out.summary);

    let template_text = replies::draft(&store, five, reviews::THANK_YOU_TEMPLATE, false).unwrap();
    assert!(template_text.contains("01 40 64 14 70"), "filled from the profile: {template_text}");
    for id in [five, four] {
        let r = repo::get(store.conn(), id).unwrap();
        assert_eq!(r.status, ReviewStatus::ToAnswer, "decided, never answered automatically");
        assert_eq!(r.qualification, Some(Qualification::Lawful));
        assert!(r.reply.is_none());
        assert_eq!(replies::kept_draft(&store, id).unwrap().as_deref(), Some(template_text.as_str()));
    }
    assert_eq!(replies::kept_draft(&store, drafting).unwrap().as_deref(), Some("Bonjour, ma réponse en cours."), "the doctor's writing is kept");
    assert_eq!(status(&store, low), ReviewStatus::New);
    assert!(replies::approve_copy(&mut store, five, &template_text, &[]).is_ok());

    // The doctor's own thank-you, kept before the lexicons learnt that it tells a visit: still
    // prepared (the doctor's words), but reported to read first, and the wizard refuses to copy it.
    let risky = "Bonjour,\nMerci pour votre message après votre consultation du 12 mars.\nCordialement,";
    store.transaction(|tx| erm_store::reply_templates::save(tx, reviews::THANK_YOU_TEMPLATE, risky)).unwrap();
    let told = add(&mut store, "Nina", "5", "Top.");
    let out = reviews::bulk(&mut store, &[told], BulkAction::ThankYou, today()).unwrap();
    assert_eq!((out.done, out.to_review.clone()), (1, vec![told]), "{out:?}");
    assert!(out.summary.contains("1 réponse à relire avant tout"), "{}", out.summary);
    let kept = replies::kept_draft(&store, told).unwrap().unwrap();
    assert!(kept.contains("consultation du 12 mars"), "{kept}");
    assert_eq!(status(&store, told), ReviewStatus::ToAnswer);
    let err = replies::approve_copy(&mut store, told, &kept, &[]).unwrap_err();
    assert!(err.to_string().contains("secret médical"), "{err}");

    // A left-alone review can still be thanked: the doctor changed their mind.
    let later = add(&mut store, "Léa", "5", "Parfait.");
    reviews::bulk(&mut store, &[later], BulkAction::LeaveAlone, today()).unwrap();
    let out = reviews::bulk(&mut store, &[later], BulkAction::ThankYou, today()).unwrap();
    assert_eq!((out.done, status(&store, later)), (1, ReviewStatus::ToAnswer));
}

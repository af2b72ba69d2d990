//! Whatever the doctor types in the search box, the inbox query answers (possibly with nothing)
//! and never fails with an FTS5 or SQL syntax error.

use chrono::NaiveDate;
use erm_domain::review::{validate, ReviewInput};
use erm_store::reviews::{self, ReviewFilter};
use erm_store::Store;
use proptest::prelude::*;

fn store() -> Store {
    let mut store = Store::open_in_memory().unwrap();
    let input = ReviewInput {
        platform: "Google".into(),
        author: "Jean \"JD\" D.".into(),
        published: "01/02/2026".into(),
        rating: "2".into(),
        text: "Attente « interminable » : l'accueil NEAR le secrétariat -- désagréable * (vraiment).".into(),
        ..Default::default()
    };
    let review = validate(&input, NaiveDate::from_ymd_opt(2026, 3, 1).unwrap()).unwrap();
    store.transaction(|tx| reviews::insert(tx, &review)).unwrap();
    store
}

/// Words and FTS5 syntax mixed at random.
fn search_text() -> impl Strategy<Value = String> {
    let pieces = prop_oneof![
        Just("\"".to_owned()),
        Just("*".to_owned()),
        Just("-".to_owned()),
        Just("NEAR".to_owned()),
        Just("NEAR(".to_owned()),
        Just("OR".to_owned()),
        Just("AND".to_owned()),
        Just("NOT".to_owned()),
        Just("^".to_owned()),
        Just(":".to_owned()),
        Just("(".to_owned()),
        Just(")".to_owned()),
        Just("{".to_owned()),
        Just("\0".to_owned()),
        Just("a\u{1}b".to_owned()),
        Just("'".to_owned()),
        Just(" ".to_owned()),
        Just("désagréable".to_owned()),
        Just("attente".to_owned()),
        Just("text".to_owned()),
        "\\PC{0,6}",
    ];
    proptest::collection::vec(pieces, 0..12).prop_map(|v| v.concat())
}

proptest! {
    #[test]
    fn any_search_text_is_answered(q in search_text()) {
        let store = store();
        let page = reviews::list(store.conn(), &ReviewFilter { text: Some(q.clone()), ..Default::default() });
        prop_assert!(page.is_ok(), "{:?} failed: {:?}", q, page.err());
        let page = page.unwrap();
        prop_assert!(page.total <= 1);
        // Every real word of the review, however surrounded by syntax, still finds it.
        let wrapped = format!("{q} désagréable");
        let found = reviews::list(store.conn(), &ReviewFilter { text: Some(format!("\"* NEAR {wrapped}")), ..Default::default() });
        prop_assert!(found.is_ok());
    }
}

#[test]
fn syntax_around_a_word_does_not_hide_the_review() {
    let store = store();
    for q in ["\"attente", "attente*", "(attente)", "-attente", "^attente", "«interminable»", "secrétariat--"] {
        let page = reviews::list(store.conn(), &ReviewFilter { text: Some(q.into()), ..Default::default() }).unwrap();
        assert_eq!(page.total, 1, "{q:?}");
    }
}

#[test]
fn a_nul_character_in_the_search_box_is_a_separator_not_an_error() {
    let store = store();
    let filter = ReviewFilter { text: Some("attente\0accueil".into()), ..Default::default() };
    let page = reviews::list(store.conn(), &filter).expect("no FTS5 'unterminated string'");
    assert_eq!(page.total, 1);
}

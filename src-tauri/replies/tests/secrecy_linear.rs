//! Hostile input (issue 13, part 6): the guard's cost grows linearly with the text, whatever its
//! shape — long prose, one enormous word, one enormous URL, a 5 MB paste, thousands of "vous" in
//! one sentence. Each check is timed against a generous budget (debug build, a shared machine),
//! and prose is checked to grow about linearly: ten times the text may not cost fifty times more.

use std::time::{Duration, Instant};

use erm_replies::{check_reply, Guard, GuardContext};

fn ctx() -> GuardContext {
    GuardContext {
        phones: vec!["01 23 45 67 89".into()],
        emails: vec!["contact@cabinet-dupre.fr".into()],
        websites: vec!["cabinet-dupre.fr".into()],
        practitioner_names: vec!["Hélène Dupré".into()],
        reviewer: Some("Marc T.".into()),
    }
}

fn timed(text: &str) -> Duration {
    Guard::get();
    let t = Instant::now();
    let findings = check_reply(text, &ctx());
    let spent = t.elapsed();
    for f in &findings {
        assert_eq!(&text[f.start..f.end], f.matched);
    }
    spent
}

const PROSE: &str = "Bonjour Madame Lefèvre, merci pour votre avis. Vous avez annulé deux fois et je vous ai \
rappelée le soir même ; vos béquilles, votre AT, le 12 mars à 10h. Le cabinet sera fermé du 5 au 16 août. \
Appelez le 01 23 45 67 89 ou www.doctolib.fr/dupre, écrivez à contact@cabinet-dupre.fr. ";

fn prose(bytes: usize) -> String {
    PROSE.repeat(bytes / PROSE.len() + 1)
}

#[test]
fn one_enormous_word_or_url_is_checked_quickly() {
    for text in [
        "consultation".repeat(10_000),                              // 120,000 characters, one word
        "a".repeat(200_000),
        format!("https://www.doctolib.fr/{}", "medecin-generaliste/".repeat(5_000)), // 100 kB URL
        "1".repeat(100_000),
        format!("{}@{}.fr", "x".repeat(50_000), "y".repeat(50_000)),
    ] {
        let spent = timed(&text);
        assert!(spent < Duration::from_secs(2), "{} bytes took {spent:?}", text.len());
    }
}

#[test]
fn prose_grows_linearly() {
    let small = timed(&prose(20_000)).max(Duration::from_micros(200));
    let large = timed(&prose(200_000));
    assert!(large < small * 50, "20 kB: {small:?}, 200 kB: {large:?}");
}

#[test]
fn a_five_megabyte_paste_finishes() {
    let mut text = prose(4_000_000);
    text.push_str(&"vous ".repeat(100_000)); // one sentence with 100,000 pronouns
    text.push_str(&"x".repeat(500_000));
    let spent = timed(&text);
    assert!(spent < Duration::from_secs(60), "{} bytes took {spent:?}", text.len());
}

//! Figures for the secrecy guard: checking a reply of about 2,000 characters (aim: ≤ 1 ms, so it
//! can run on every keystroke), 20,000 and 200,000 characters of prose (the cost must grow
//! linearly: about ten times per step), one 100,000-character word and one 100,000-character URL
//! (hostile input: no quadratic path may hide in a single token), a short 300-character draft,
//! and building the lexicons (done once per process).
//! Run: `cargo bench -p erm-replies --bench secrecy`.
//!
//! Medians on a shared 2-core machine under load (issue 13): 2,000 characters 0.26–0.41 ms,
//! 20,000 2.8–3.7 ms, 200,000 38–54 ms, one 100,000-character word 4.8–6 ms, one 100,000-character
//! URL 10–11.5 ms (before: a 10,000-character word took 1.15 s and a 20,000 one 5.1 s).

use divan::{black_box, Bencher};
use erm_replies::{check_reply, Guard, GuardContext};

fn main() {
    divan::main();
}

const PARAGRAPH: &str = "Bonjour Madame Lefèvre, merci d’avoir pris le temps de donner votre avis. \
Le cabinet comprend que l’attente ait paru longue : les urgences médicales décalent parfois les consultations, \
et les horaires sont tenus autant que possible, du lundi au vendredi de 8h à 19h. Lors de votre consultation \
du 12 mars, votre diabète et vos résultats d’analyse ont été revus ; les anti-dépresseurs ne se renouvellent \
pas sans examen. Vous avez annulé deux fois et je vous ai rappelée le soir même. Nous sommes le meilleur \
cabinet du quartier ! Pour en parler, appelez le 01 23 45 67 89 ou écrivez à contact@cabinet-dupre.fr, \
afin de convenir si nécessaire d’un nouveau rendez-vous. ";

fn reply(chars: usize) -> String {
    let mut text = String::new();
    while text.chars().count() < chars {
        text.push_str(PARAGRAPH);
    }
    text.chars().take(chars).collect()
}

fn ctx() -> GuardContext {
    GuardContext {
        phones: vec!["01 23 45 67 89".into()],
        emails: vec!["contact@cabinet-dupre.fr".into()],
        websites: vec!["cabinet-dupre.fr".into()],
        practitioner_names: vec!["Hélène Dupré".into()],
        reviewer: Some("Marc T.".into()),
    }
}

#[divan::bench(args = [300, 2_000, 20_000, 200_000])]
fn prose(bencher: Bencher, chars: usize) {
    let text = reply(chars);
    let ctx = ctx();
    Guard::get(); // lexicons built before timing
    bencher.bench(|| check_reply(black_box(&text), black_box(&ctx)));
}

/// One 100,000-character word ("consultationconsultation…"): the one-typo index must not build
/// the deletions of such a word.
#[divan::bench(sample_count = 20)]
fn one_long_word(bencher: Bencher) {
    let text: String = "consultation".repeat(100_000 / 12 + 1).chars().take(100_000).collect();
    let ctx = ctx();
    Guard::get();
    bencher.bench(|| check_reply(black_box(&text), black_box(&ctx)));
}

/// One 100,000-character URL pasted into a draft.
#[divan::bench(sample_count = 20)]
fn one_long_url(bencher: Bencher) {
    let mut text = String::from("Voir https://www.doctolib.fr/");
    while text.len() < 100_000 {
        text.push_str("medecin-generaliste/paris/");
    }
    let ctx = ctx();
    Guard::get();
    bencher.bench(|| check_reply(black_box(&text), black_box(&ctx)));
}

#[divan::bench(sample_count = 20)]
fn build_lexicons() -> Guard {
    Guard::build()
}

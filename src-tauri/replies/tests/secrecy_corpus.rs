//! Quality of the secrecy guard on a labelled corpus of French reply sentences
//! (`fixtures/secrecy_corpus.tsv`: label safe|unsafe, expected category or -, sentence), written
//! before the lexicons were tuned.
//!
//! Split: the sentences come in (unsafe, safe) pairs and every fourth pair is held out (25 %). Only the tuning part's misses
//! and false alarms are printed, so tuning the lexicons cannot look at the held-out sentences;
//! the held-out part only reports its numbers.
//!
//! Definitions:
//! * an unsafe sentence is **caught** when the guard reports at least one finding (Block or Warn)
//!   whose category is accepted for the expected one ([`accepted`]): the doctor's attention is
//!   drawn to the right kind of problem. Health categories accept each other, since one term is
//!   often two things ("anti-dépresseurs" is a treatment and a mental-health matter);
//! * a safe sentence is a **false alarm** when the guard reports any Block finding: that is what
//!   stops the doctor. Warnings on safe sentences are counted and bounded separately (they cost
//!   a glance, not a fix), otherwise a guard warning on everything would look perfect;
//! * precision = caught unsafe / (caught unsafe + safe sentences with a Block).
//!
//! Floors: on the tuning part, recall ≥ 0.95 and false alarms ≤ 5 % (the aims).
//! On the held-out part (about 73 sentences, so one sentence moves a rate by ~3 points), recall
//! ≥ 0.90 and false alarms ≤ 10 %: lower than the aims because the sample is small and these
//! sentences were never used for tuning. Warnings on safe sentences ≤ 15 % on both parts.
//!
//! Issue 13 added a third blind set (`secrecy_corpus_blind3.tsv`, scored by Block recall: what
//! stops the doctor, whatever the category) and a development set (`secrecy_dev.tsv`); see the
//! tests at the end for their first and final figures.

use erm_replies::{check_reply, Category, GuardContext, Severity};

const CORPUS: &str = include_str!("fixtures/secrecy_corpus.tsv");
/// 80 more sentences written after the guard was built and run once without tuning, to give an
/// honest idea of sentences nobody tuned for (see the test at the end).
const BLIND: &str = include_str!("fixtures/secrecy_corpus_blind.tsv");
/// 40 sentences written after the fixes made for the first blind set, scored once, not tuned on.
const BLIND2: &str = include_str!("fixtures/secrecy_corpus_blind2.tsv");
/// 168 drafts (issue 13) in the styles new users write, scored once before any rule change.
const BLIND3: &str = include_str!("fixtures/secrecy_corpus_blind3.tsv");
/// Issue 13 tuning sentences, distinct from the third blind set.
const DEV: &str = include_str!("fixtures/secrecy_dev.tsv");

fn ctx() -> GuardContext {
    GuardContext {
        phones: vec!["01 23 45 67 89".into()],
        emails: vec!["contact@cabinet-dupre.fr".into()],
        websites: vec!["https://www.cabinet-dupre.fr".into()],
        practitioner_names: vec!["Hélène Dupré".into()],
        reviewer: None,
    }
}

const HEALTH: [Category; 7] = [
    Category::Diagnosis,
    Category::Treatment,
    Category::Examination,
    Category::Procedure,
    Category::Pregnancy,
    Category::MentalHealth,
    Category::SickNote,
];

/// The finding categories that count as catching a sentence labelled `expected`.
fn accepted(expected: Category) -> Vec<Category> {
    use Category::*;
    match expected {
        c if HEALTH.contains(&c) => HEALTH.to_vec(),
        CareRelationship | VisitDate => vec![CareRelationship, VisitDate],
        BirthDate => vec![BirthDate, VisitDate],
        ThirdParty | PersonalName => vec![ThirdParty, PersonalName],
        c => vec![c],
    }
}

#[derive(Default, Debug)]
struct Score {
    unsafe_total: usize,
    caught: usize,
    /// Unsafe sentences with at least one finding of any category.
    flagged: usize,
    /// Unsafe sentences with at least one Block finding (the doctor is stopped).
    blocked_unsafe: usize,
    safe_total: usize,
    blocked_safe: usize,
    warned_safe: usize,
    report: Vec<String>,
}

impl Score {
    fn recall(&self) -> f64 {
        self.caught as f64 / self.unsafe_total as f64
    }
    fn block_recall(&self) -> f64 {
        self.blocked_unsafe as f64 / self.unsafe_total as f64
    }
    fn flagged_rate(&self) -> f64 {
        self.flagged as f64 / self.unsafe_total as f64
    }
    fn false_alarms(&self) -> f64 {
        self.blocked_safe as f64 / self.safe_total as f64
    }
    fn warn_rate(&self) -> f64 {
        self.warned_safe as f64 / self.safe_total as f64
    }
    fn precision(&self) -> f64 {
        self.caught as f64 / (self.caught + self.blocked_safe) as f64
    }
}

fn score(rows: &[(bool, Option<Category>, &str)]) -> Score {
    let ctx = ctx();
    let mut s = Score::default();
    for &(unsafe_, expected, sentence) in rows {
        let findings = check_reply(sentence, &ctx);
        let shown = findings.iter().map(|f| format!("{:?}/{:?} «{}»", f.category, f.severity, f.matched)).collect::<Vec<_>>().join(", ");
        if unsafe_ {
            s.unsafe_total += 1;
            let ok = accepted(expected.unwrap());
            if !findings.is_empty() {
                s.flagged += 1;
            }
            if findings.iter().any(|f| f.severity == Severity::Block) {
                s.blocked_unsafe += 1;
            } else {
                s.report.push(format!("NOT BLOCKED {:?}: {sentence}   [{shown}]", expected.unwrap()));
            }
            if findings.iter().any(|f| ok.contains(&f.category)) {
                s.caught += 1;
            } else {
                s.report.push(format!("MISSED {:?}: {sentence}   [{shown}]", expected.unwrap()));
            }
        } else {
            s.safe_total += 1;
            if findings.iter().any(|f| f.severity == Severity::Block) {
                s.blocked_safe += 1;
                s.report.push(format!("FALSE ALARM: {sentence}   [{shown}]"));
            } else if !findings.is_empty() {
                s.warned_safe += 1;
                s.report.push(format!("warn on safe: {sentence}   [{shown}]"));
            }
        }
    }
    s
}

fn parse() -> Vec<(bool, Option<Category>, &'static str)> {
    parse_file(CORPUS)
}

fn parse_file(corpus: &'static str) -> Vec<(bool, Option<Category>, &'static str)> {
    corpus
        .lines()
        .skip(1)
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            let cols: Vec<&str> = l.split('\t').collect();
            assert_eq!(cols.len(), 3, "three columns: {l}");
            let unsafe_ = match cols[0] {
                "unsafe" => true,
                "safe" => false,
                other => panic!("label {other}"),
            };
            let expected = (cols[1] != "-").then(|| Category::parse(cols[1]).unwrap_or_else(|| panic!("category {}", cols[1])));
            assert_eq!(unsafe_, expected.is_some(), "unsafe rows name a category, safe rows '-': {l}");
            (unsafe_, expected, cols[2])
        })
        .collect()
}

#[test]
fn corpus_covers_every_category_and_is_large_enough() {
    let rows = parse();
    assert!(rows.len() >= 200, "{} sentences", rows.len());
    for c in Category::ALL {
        assert!(rows.iter().any(|r| r.1 == Some(c)), "no unsafe sentence for {c:?}");
    }
    assert!(rows.iter().filter(|r| !r.0).count() >= 100, "many safe sentences with generic words");
}

#[test]
fn guard_meets_its_floors_on_tuning_and_held_out_sentences() {
    let rows = parse();
    let (mut tuning, mut held_out) = (Vec::new(), Vec::new());
    for (i, r) in rows.into_iter().enumerate() {
        // Sentences come in (unsafe, safe) pairs; every fourth pair is held out.
        if (i / 2) % 4 == 3 { held_out.push(r) } else { tuning.push(r) }
    }
    let t = score(&tuning);
    let h = score(&held_out);
    for line in &t.report {
        println!("{line}");
    }
    for (name, s) in [("tuning", &t), ("held-out", &h)] {
        println!(
            "{name}: {} unsafe, {} safe — recall {:.3} (any finding: {:.3}), precision {:.3}, false alarms (Block on safe) {:.3}, warnings on safe {:.3}",
            s.unsafe_total,
            s.safe_total,
            s.recall(),
            s.flagged_rate(),
            s.precision(),
            s.false_alarms(),
            s.warn_rate()
        );
    }
    assert!(t.recall() >= 0.95, "tuning recall {:.3} < 0.95", t.recall());
    assert!(t.false_alarms() <= 0.05, "tuning false alarms {:.3} > 0.05", t.false_alarms());
    assert!(t.warn_rate() <= 0.15, "tuning warnings on safe {:.3} > 0.15", t.warn_rate());
    assert!(h.recall() >= 0.90, "held-out recall {:.3} < 0.90", h.recall());
    assert!(h.false_alarms() <= 0.10, "held-out false alarms {:.3} > 0.10", h.false_alarms());
    assert!(h.warn_rate() <= 0.15, "held-out warnings on safe {:.3} > 0.15", h.warn_rate());
}

/// The blind set was written after the lexicons, with floors fixed beforehand: recall ≥ 0.80 and
/// false alarms ≤ 15 %, lower than the main floors because these sentences try on purpose what
/// the lexicons did not foresee. Its first run gave recall 0.550 (0.650 counting a finding of any
/// category), precision 1.000, no false alarm: the main corpus flatters the guard. One round of
/// general fixes followed (paraphrases of "you are our patient", "… de votre bébé" after a care
/// noun, missing stems and tone words), so from then on this set is no longer blind.
#[test]
fn guard_on_the_blind_set() {
    blind_set("blind", BLIND);
}

/// Scores a blind set, prints its figures and holds it to the blind floors (recall ≥ 0.80,
/// false alarms ≤ 15 %), fixed before each set's first run.
fn blind_set(name: &str, text: &'static str) {
    let b = score(&parse_file(text));
    for line in &b.report {
        println!("{name} {line}");
    }
    println!(
        "{name}: {} unsafe, {} safe — recall {:.3} (Block recall {:.3}, any finding: {:.3}), precision {:.3}, false alarms (Block on safe) {:.3}, warnings on safe {:.3}",
        b.unsafe_total,
        b.safe_total,
        b.recall(),
        b.block_recall(),
        b.flagged_rate(),
        b.precision(),
        b.false_alarms(),
        b.warn_rate()
    );
    assert!(b.recall() >= 0.80, "{name} recall {:.3} < 0.80", b.recall());
    assert!(b.false_alarms() <= 0.15, "{name} false alarms {:.3} > 0.15", b.false_alarms());
}

/// Written after the fixes made for the first blind set and never tuned on; same floors, fixed
/// before its first run (recall ≥ 0.80, false alarms ≤ 15 %). First run: recall 0.800, false
/// alarms 0.100 (specific terms in organisational sentences: "le suivi des grossesses", "les
/// urgences chirurgicales"), precision 0.889 — the honest figure for unseen sentences. Its
/// misses then led to present-tense care verbs ("je vous soigne") and three tone words, which
/// raised its recall to 0.950; its two false alarms were left as they are.
#[test]
fn guard_on_the_second_blind_set() {
    blind_set("blind2", BLIND2);
}

/// Scores a set by what stops the doctor (a Block finding) and prints its figures, row by row.
fn scored_by_blocks(name: &str, text: &'static str) -> Score {
    let b = score(&parse_file(text));
    for line in &b.report {
        println!("{name} {line}");
    }
    println!(
        "{name}: {} unsafe, {} safe — Block recall {:.3} (category recall {:.3}), false blocks {:.3}, warnings on safe {:.3}",
        b.unsafe_total,
        b.safe_total,
        b.block_recall(),
        b.recall(),
        b.false_alarms(),
        b.warn_rate()
    );
    b
}

/// Third blind set (issue 13): 168 drafts, 84 breaching and 84 safe, written before any change
/// of the rules for that issue, in the styles the issue lists (plain verbs narrating the visit,
/// care length, everyday body words, life events, shorthand, missing accents, civility + surname;
/// general policy with health words, closing dates, law dates, booking information). Scored by
/// what stops the doctor: a breaching draft counts when it gets at least one Block finding,
/// whatever its category; a safe draft is a false alarm when it gets any Block finding.
///
/// FIRST RUN (guard of commit f2fb116, before any rule change): Block recall 0.631 (53 of 84
/// breaching drafts got a Block finding; category recall 0.595), false blocks 0.321 (27 of 84
/// safe drafts blocked), warnings on safe 0.036 (3 of 84). Misses: plain verbs narrating the
/// visit, care length, everyday words (séances, carnet, béquilles, AT, ordo, tt), civility +
/// surname only warned. False blocks: dates of closures, new hours and laws; health words in
/// general policy (chronic diseases, disabilities, a sick-note rule, flu vaccination).
///
/// Never tuned on afterwards: development used `fixtures/secrecy_dev.tsv` (145 + 145 other
/// sentences) and the earlier sets. FINAL RUN (after the anchor redesign, commit of this note):
/// Block recall 1.000 (84 of 84; category recall 0.940), false blocks 0.024 (2 of 84: "Comme
/// partout, il est demandé de signaler un traitement anticoagulant…" — an impersonal rule the
/// anchors do not recognise as general; "Une rampe d'accès a été installée pour les fauteuils…"
/// — a past event told about no one, where an everyday care word counts), warnings on safe 0.000.
/// The floors below are the goals, reached on this set without tuning on it.
#[test]
fn guard_on_the_third_blind_set() {
    let b = scored_by_blocks("blind3", BLIND3);
    assert!(b.unsafe_total >= 75 && b.safe_total >= 75);
    assert!(b.block_recall() >= 0.95, "blind3 Block recall {:.3} < 0.95", b.block_recall());
    assert!(b.false_alarms() <= 0.05, "blind3 false blocks {:.3} > 0.05", b.false_alarms());
}

/// The development set of issue 13 (`fixtures/secrecy_dev.tsv`): other sentences in the same
/// styles as the third blind set, written for tuning the anchors. Everything is printed.
#[test]
fn guard_on_the_dev_set() {
    let b = scored_by_blocks("dev", DEV);
    // tuned on: the floors only keep what was reached (Block recall 0.993, no false block)
    assert!(b.block_recall() >= 0.98, "dev Block recall {:.3}", b.block_recall());
    assert!(b.false_alarms() <= 0.01, "dev false blocks {:.3}", b.false_alarms());
}

//! Issue 23: the guard on drafts from five writers who never saw the rules
//! (`fixtures/writers/`, committed before any rule change; see its README). Two sets are for
//! development (their misses and false blocks are printed); three are held out: only their
//! figures are printed, never a sentence, so no rule can be written from them.
//!
//! Scored by what stops the doctor: a breaching draft counts as caught when it gets at least one
//! Block finding; a safe draft is a false block when it gets any Block finding.
//!
//! BASELINE (guard of commit 97839da, before any change for issue 23):
//!
//! | writer | use | Block recall | false blocks |
//! |---|---|---|---|
//! | A, tired GP on a phone | development | 0.710 (44/62) | 0.050 (3/60) |
//! | E, dermatologist | development | 0.820 (50/61) | 0.098 (6/61) |
//! | B, formal surgeon | held out | 0.800 (48/60) | 0.083 (5/60) |
//! | C, paediatrician's secretary | held out | 0.750 (45/60) | 0.017 (1/60) |
//! | D, psychiatrist | held out | 0.710 (44/62) | 0.131 (8/61) |
//!
//! AFTER the first change (issue 23: denials and narrated third persons block whatever the
//! sentence, everyday outcomes and next visits, dash ranges of hours; written from A's and E's
//! misses only):
//!
//! | writer | use | Block recall | false blocks |
//! |---|---|---|---|
//! | A | development | 0.968 (60/62) | 0.033 (2/60) |
//! | E | development | 0.951 (58/61) | 0.066 (4/61) |
//! | B | held out | 0.867 (52/60) | 0.083 (5/60) |
//! | C | held out | 0.767 (46/60) | 0.017 (1/60) |
//! | D | held out | 0.774 (48/62) | 0.131 (8/61) |
//!
//! The floors below are these figures: a rule change must not lose ground on any writer. The
//! issue's goal (Block recall ≥ 0.95 and false blocks ≤ 3 % on every held-out writer) is not
//! reached; the floors move up only with a change measured here.

use erm_replies::{check_reply, GuardContext, Severity};

/// The practice profile every writer was given (BRIEF.txt).
fn ctx() -> GuardContext {
    GuardContext {
        phones: vec!["04 78 12 34 56".into(), "04 78 12 34 57".into()],
        emails: vec!["contact@cabinet-morel.fr".into(), "secretariat@cabinet-morel.fr".into()],
        websites: vec!["https://www.cabinet-morel.fr".into()],
        practitioner_names: vec!["Claire Morel".into()],
        reviewer: None,
    }
}

struct Figures {
    breaches: usize,
    safe: usize,
    caught: usize,
    false_blocks: usize,
    missed: Vec<&'static str>,
    blocked: Vec<&'static str>,
}

impl Figures {
    fn recall(&self) -> f64 {
        self.caught as f64 / self.breaches as f64
    }
    fn false_block_rate(&self) -> f64 {
        self.false_blocks as f64 / self.safe as f64
    }
}

fn score(text: &'static str) -> Figures {
    let mut f = Figures { breaches: 0, safe: 0, caught: 0, false_blocks: 0, missed: vec![], blocked: vec![] };
    for line in text.lines().skip(1).filter(|l| !l.trim().is_empty()) {
        let (label, draft) = line.split_once('\t').expect("label<TAB>draft");
        let blocks = check_reply(draft, &ctx()).iter().any(|x| x.severity == Severity::Block);
        match label {
            "breach" => {
                f.breaches += 1;
                if blocks {
                    f.caught += 1;
                } else {
                    f.missed.push(draft);
                }
            }
            "safe" => {
                f.safe += 1;
                if blocks {
                    f.false_blocks += 1;
                    f.blocked.push(draft);
                }
            }
            other => panic!("unknown label {other:?}"),
        }
    }
    f
}

fn report(name: &str, f: &Figures, held_out: bool) {
    if !held_out {
        for d in &f.missed {
            println!("{name} MISSED: {d}");
        }
        for d in &f.blocked {
            println!("{name} FALSE BLOCK: {d}");
        }
    }
    println!(
        "{name}{}: {} breaching, {} safe — Block recall {:.3} ({}/{}), false blocks {:.3} ({}/{})",
        if held_out { " (held out)" } else { "" },
        f.breaches,
        f.safe,
        f.recall(),
        f.caught,
        f.breaches,
        f.false_block_rate(),
        f.false_blocks,
        f.safe
    );
}

/// One writer: scored, reported, and held to the floors (recall at least, false blocks at most).
fn writer(name: &str, text: &'static str, held_out: bool, min_recall: f64, max_false_blocks: f64) {
    let f = score(text);
    report(name, &f, held_out);
    assert!(f.breaches >= 50 && f.safe >= 50, "{name}: a set of about 60 + 60 drafts");
    assert!(f.recall() >= min_recall, "{name}: Block recall {:.3} < {min_recall}", f.recall());
    assert!(f.false_block_rate() <= max_false_blocks, "{name}: false blocks {:.3} > {max_false_blocks}", f.false_block_rate());
}

#[test]
fn development_writer_a_tired_gp_on_a_phone() {
    writer("A (GP, phone)", include_str!("fixtures/writers/writer_a_gp_phone.tsv"), false, FLOORS[0].0, FLOORS[0].1);
}

#[test]
fn development_writer_e_dermatologist() {
    writer("E (dermatologist)", include_str!("fixtures/writers/writer_e_dermatologist.tsv"), false, FLOORS[1].0, FLOORS[1].1);
}

#[test]
fn held_out_writer_b_surgeon() {
    writer("B (surgeon)", include_str!("fixtures/writers/writer_b_surgeon.tsv"), true, FLOORS[2].0, FLOORS[2].1);
}

#[test]
fn held_out_writer_c_paediatrician_secretary() {
    writer("C (paediatrician's secretary)", include_str!("fixtures/writers/writer_c_paed_secretary.tsv"), true, FLOORS[3].0, FLOORS[3].1);
}

#[test]
fn held_out_writer_d_psychiatrist() {
    writer("D (psychiatrist)", include_str!("fixtures/writers/writer_d_psychiatrist.tsv"), true, FLOORS[4].0, FLOORS[4].1);
}

/// (minimum Block recall, maximum false-block rate) per writer A, E, B, C, D: the figures after
/// the first change (the baseline is in the module's text).
const FLOORS: [(f64, f64); 5] = [(60.0 / 62.0, 2.0 / 60.0), (58.0 / 61.0, 4.0 / 61.0), (52.0 / 60.0, 5.0 / 60.0), (46.0 / 60.0, 1.0 / 60.0), (48.0 / 62.0, 8.0 / 61.0)];

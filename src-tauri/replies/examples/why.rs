//! Prints the guard's findings for each line of stdin (a development aid: `cargo run -p
//! erm-replies --example why < drafts.txt`).
use erm_replies::{check_reply, GuardContext};
use std::io::BufRead;

fn main() {
    let ctx = GuardContext {
        phones: vec!["04 78 12 34 56".into(), "04 78 12 34 57".into()],
        emails: vec!["contact@cabinet-morel.fr".into(), "secretariat@cabinet-morel.fr".into()],
        websites: vec!["https://www.cabinet-morel.fr".into()],
        practitioner_names: vec!["Claire Morel".into()],
        reviewer: None,
    };
    for line in std::io::stdin().lock().lines() {
        let line = line.unwrap();
        println!("{line}");
        for f in check_reply(&line, &ctx) {
            println!("   {:?} {:?} « {} »", f.severity, f.category, &line[f.start..f.end]);
        }
    }
}

//! Issue 9, point 12: letter data is inserted as text. Whatever the doctor types in a free-text
//! field — handlebars syntax, or lines that look like the templates' own format (`@pj`, `##`,
//! `- `) — is printed as typed: never run as a template, never turned into an attachment, a
//! heading or a list item. A locality the postal rules would mangle (« {{#each}} » → « EACH »)
//! is refused where it is typed.

#[path = "letters_fixtures/mod.rs"]
mod fixtures;

use erm_domain::address::PostalAddress;
use erm_domain::practice::{validate, PractitionerInput};
use erm_documents::letters::*;
use fixtures::*;
use serde_json::Value;

const INLINE: &str = " {{#each}}{{this}}{{/each}} {{> partiel}} {{{brut}}}";
const LINES: &str = "\n@pj Pièce inventée\n## Titre injecté\n- Point injecté\n@objet Objet injecté";

/// Paths (as JSON pointers) of every string in the letter data.
fn string_leaves(v: &Value, at: String, out: &mut Vec<String>) {
    match v {
        Value::String(_) => out.push(at),
        Value::Array(a) => a.iter().enumerate().for_each(|(i, x)| string_leaves(x, format!("{at}/{i}"), out)),
        Value::Object(o) => o.iter().for_each(|(k, x)| string_leaves(x, format!("{at}/{k}"), out)),
        _ => {}
    }
}

/// Composes `data` with `suffix` appended to the string at `pointer`; `None` when the data no
/// longer deserialises or is refused by the checks (a date, a kind, an address…).
fn compose_with(data: &LetterData, pointer: &str, suffix: &str) -> Option<Letter> {
    let mut v = serde_json::to_value(data).unwrap();
    let Some(Value::String(s)) = v.pointer_mut(pointer) else { return None };
    s.push_str(suffix);
    let changed: LetterData = serde_json::from_value(v).ok()?;
    compose(&changed, &doctor(), &publisher(), d(2026, 12, 1), &LetterOptions::default()).ok()
}

fn all_text(l: &Letter) -> String {
    format!("{l:?}")
}

#[test]
fn handlebars_in_any_field_is_printed_literally() {
    let mut exercised = 0;
    for data in all_kinds() {
        let mut leaves = Vec::new();
        string_leaves(&serde_json::to_value(&data).unwrap(), String::new(), &mut leaves);
        for pointer in leaves {
            let Some(letter) = compose_with(&data, &pointer, INLINE) else { continue };
            exercised += 1;
            let text = all_text(&letter);
            // Debug quotes the text; the braces and the partial come through untouched.
            assert!(
                text.contains("{{#each}}{{this}}{{/each}}") && text.contains("{{> partiel}}") && text.contains("{{{brut}}}"),
                "{:?} {pointer}: not printed literally:\n{text}",
                data.kind()
            );
        }
    }
    assert!(exercised >= 40, "only {exercised} fields exercised");
}

#[test]
fn lines_of_data_never_become_directives_headings_or_items() {
    let mut exercised = 0;
    for data in all_kinds() {
        let reference = compose(&data, &doctor(), &publisher(), d(2026, 12, 1), &LetterOptions::default()).unwrap();
        let mut leaves = Vec::new();
        string_leaves(&serde_json::to_value(&data).unwrap(), String::new(), &mut leaves);
        for pointer in leaves {
            let Some(letter) = compose_with(&data, &pointer, LINES) else { continue };
            exercised += 1;
            let text = all_text(&letter);
            let kind = data.kind();
            assert_eq!(letter.attachments.len(), reference.attachments.len(), "{kind:?} {pointer}: an attachment came from the data");
            assert!(!letter.attachments.iter().any(|a| a == "Pièce inventée"), "{kind:?} {pointer}");
            assert!(!letter.object.contains("Objet injecté") || letter.object.contains("@objet Objet injecté"), "{kind:?} {pointer}: {}", letter.object);
            let head: String = reference.object.chars().take(20).collect();
            assert!(letter.object.starts_with(&head), "{kind:?} {pointer}: {}", letter.object);
            for block in &letter.body {
                match block {
                    BodyBlock::Heading(h) => assert!(!h.contains("Titre injecté"), "{kind:?} {pointer}: heading {h}"),
                    BodyBlock::Item(i) => assert!(!i.starts_with("Point injecté"), "{kind:?} {pointer}: item {i}"),
                    BodyBlock::Paragraph(_) => {}
                }
            }
            assert!(!text.contains('\u{e000}'), "{kind:?} {pointer}: a marker leaked into the letter");
            if text.contains("Titre injecté") {
                assert!(text.contains("## Titre injecté") && text.contains("@pj Pièce inventée"), "{kind:?} {pointer}: {text}");
            }
        }
    }
    assert!(exercised >= 40, "only {exercised} fields exercised");
}

#[test]
fn the_pdf_prints_the_braces() {
    let LetterData::ErasureRequest(mut e) = erasure() else { unreachable!() };
    e.site_name = "Annuaire {{#each}} {{this}}".into();
    let pdf = render(&LetterData::ErasureRequest(e), &LetterOptions::default());
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("l.pdf");
    std::fs::write(&path, pdf).unwrap();
    let out = std::process::Command::new("pdftotext").args([path.to_str().unwrap(), "-"]).output().expect("pdftotext");
    let text = String::from_utf8_lossy(&out.stdout).split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(text.contains("site Annuaire {{#each}} {{this}}, dont vous"), "{text}");
}

#[test]
fn a_locality_the_post_would_mangle_is_refused_where_it_is_typed() {
    let input = |city: &str, signature_city: &str| PractitionerInput {
        civility: "madame".into(),
        title: "docteur".into(),
        first_name: "Hélène".into(),
        last_name: "Dupré".into(),
        specialty: "Médecine générale".into(),
        rpps: "10003456789".into(),
        address_lines: vec!["12 rue Cabanis".into()],
        postcode: "75014".into(),
        city: city.into(),
        phone: "0140641470".into(),
        email: "cabinet@exemple.fr".into(),
        signature_city: signature_city.into(),
        designation: String::new(),
        is_default: true,
        row_version: None,
    };
    let err = validate(&input("{{#each}}", "")).unwrap_err();
    assert!(err.has("city"), "{err:?}");
    assert!(err.to_string().contains("« { »") && err.to_string().contains("« # »"), "{err}");
    assert!(validate(&input("Paris", "{{#each}}")).unwrap_err().has("signature_city"));
    for ok in ["Saint-Étienne", "L'Haÿ-les-Roses", "L’Haÿ-les-Roses", "Paris Cedex 14", "St. Malo", "Aix-en-Provence"] {
        assert!(validate(&input(ok, "")).is_ok(), "{ok}");
    }
    let err = PostalAddress::parse("recipient", &["Société", "12 rue de la Paix", "75002 {{#each}}"]).unwrap_err();
    assert!(err.to_string().contains("« { »"), "{err}");
    // Street lines keep today's behaviour: their punctuation is dropped for the sorting machines.
    let ok = PostalAddress::parse("recipient", &["Société", "12, rue de l'Église", "75002 Paris"]).unwrap();
    assert_eq!(ok.lines()[1], "12 RUE DE L EGLISE");
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig { cases: 200, ..Default::default() })]

    /// Any text in a free-text field: compose never panics, the attachments stay the template's.
    #[test]
    fn any_text_in_a_field_stays_text(text in "(\\PC|\n|@pj |## |- |  |\u{e000}){0,80}") {
        for data in [erasure(), host_notice(), formal_notice()] {
            let reference = compose(&data, &doctor(), &publisher(), d(2026, 12, 1), &LetterOptions::default()).unwrap();
            let mut leaves = Vec::new();
            string_leaves(&serde_json::to_value(&data).unwrap(), String::new(), &mut leaves);
            for pointer in leaves.iter().take(12) {
                if let Some(letter) = compose_with(&data, pointer, &text) {
                    proptest::prop_assert_eq!(letter.attachments.len(), reference.attachments.len(), "{}", pointer);
                    proptest::prop_assert!(!all_text(&letter).contains('\u{e000}'), "marker leaked");
                }
            }
        }
    }
}

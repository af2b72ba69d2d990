//! Every built-in reply template, filled with a sample practice profile in both wordings
//! (grievance founded / unfounded), must give a reply with no blocking finding from the secrecy
//! guard. Warnings are printed so they can be reviewed.

use erm_replies::{builtin_templates, check_reply, render_reply, GuardContext, ReplyContext, Severity};

fn sample(founded: bool) -> ReplyContext {
    ReplyContext {
        practice_phone: "01 23 45 67 89".into(),
        practice_email: "contact@cabinet-dupre.fr".into(),
        doctor_name: "Dr Hélène DUPRÉ".into(),
        founded,
    }
}

fn guard_context() -> GuardContext {
    GuardContext {
        phones: vec!["01 23 45 67 89".into()],
        emails: vec!["contact@cabinet-dupre.fr".into()],
        websites: vec![],
        practitioner_names: vec!["Hélène Dupré".into()],
        reviewer: Some("Marc T.".into()),
    }
}

#[test]
fn every_builtin_template_renders_and_passes_the_guard_without_block() {
    let mut warnings = 0;
    for t in builtin_templates() {
        for founded in [true, false] {
            let text = render_reply(t.source, &sample(founded)).unwrap_or_else(|e| panic!("{}: {e}", t.id));
            assert!(text.starts_with("Bonjour"), "{}: {text}", t.id);
            assert!(text.contains("01 23 45 67 89") && text.contains("contact@cabinet-dupre.fr"), "{}", t.id);
            assert!(text.ends_with("Le cabinet du Dr Hélène DUPRÉ"), "{}: {text}", t.id);
            assert!(!text.contains("{{") && !text.contains("\n\n\n"), "{}", t.id);
            let findings = check_reply(&text, &guard_context());
            let blocks: Vec<_> = findings.iter().filter(|f| f.severity == Severity::Block).collect();
            assert!(blocks.is_empty(), "{} (founded: {founded}) has blocking findings: {blocks:#?}\n{text}", t.id);
            for f in &findings {
                warnings += 1;
                println!("WARN {} (founded: {founded}): {:?} «{}»", t.id, f.category, f.matched);
            }
        }
    }
    println!("{} templates × 2 wordings, {warnings} warning(s)", builtin_templates().len());
}

#[test]
fn founded_and_unfounded_wordings_differ() {
    for t in builtin_templates().iter().filter(|t| t.has_founded_variants) {
        let yes = render_reply(t.source, &sample(true)).unwrap();
        let no = render_reply(t.source, &sample(false)).unwrap();
        assert_ne!(yes, no, "{}", t.id);
        assert!(no.contains("surpris"), "{}: the unfounded wording says the practice's surprise", t.id);
    }
}

#[test]
fn an_edited_template_is_rendered_from_its_source() {
    let edited = "Bonjour,\n\nMerci. Joignez le cabinet au {{practice_phone}}.\n\n{{doctor_name}}";
    assert_eq!(
        render_reply(edited, &sample(true)).unwrap(),
        "Bonjour,\n\nMerci. Joignez le cabinet au 01 23 45 67 89.\n\nDr Hélène DUPRÉ"
    );
    let err = render_reply("{{signature}}", &sample(true)).unwrap_err();
    assert!(err.to_string().contains("« {{signature}} »"), "{err}");
}

/// Issue 8, point 17: what the app cannot know is left to the doctor as a bracketed placeholder,
/// the guard finds nothing in the templates, and a reply still holding a placeholder is refused
/// for copying until it is completed.
#[test]
fn placeholders_are_left_to_the_doctor_and_block_copying_until_filled() {
    use erm_replies::{ready_to_copy, unfilled_placeholders};
    for t in builtin_templates() {
        for founded in [true, false] {
            let text = render_reply(t.source, &sample(founded)).unwrap();
            let findings = check_reply(&text, &guard_context());
            assert!(findings.is_empty(), "{} (founded: {founded}): {findings:#?}", t.id);
            let spans = unfilled_placeholders(&text);
            if founded && t.has_founded_variants {
                assert!(!spans.is_empty(), "{}: the measure taken is the doctor's to write", t.id);
            }
            if spans.is_empty() {
                assert!(ready_to_copy(&text).is_ok(), "{}", t.id);
                continue;
            }
            assert!(ready_to_copy(&text).is_err(), "{}", t.id);
            // Once each placeholder is replaced by the doctor's words, the reply can be copied.
            let mut filled = text.clone();
            for (a, b) in spans.into_iter().rev() {
                filled.replace_range(a..b, "le secrétariat a été renforcé");
            }
            assert!(ready_to_copy(&filled).is_ok(), "{}: {filled}", t.id);
        }
    }
}

/// Issue 9, point 12: an edited template may use only the documented fields and `{{#if founded}}`;
/// `{{this}}` (the draft would read « [object] ») and partials are refused on save, in French,
/// and nothing is stored.
#[test]
fn saving_a_template_refuses_this_and_partials_and_keeps_the_builtin() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = erm_store::Store::open(&dir.path().join("t.sqlite3")).unwrap();
    for (source, named) in [
        ("Bonjour {{this}}, le cabinet reste joignable au {{practice_phone}}.", "« {{this}} »"),
        ("Bonjour,\n{{> signature}}", "« {{> signature}} »"),
        ("{{#each this}}{{this}}{{/each}}", "« {{#each this}} »"),
    ] {
        let err = erm_usecases::replies::save_template(&mut store, "soins", source).unwrap_err();
        let erm_usecases::Error::Invalid(inv) = &err else { panic!("{err:?}") };
        assert!(inv.has("source"), "{inv:?}");
        let msg = err.to_string();
        assert!(msg.contains(named) && msg.contains("{{doctor_name}}"), "{msg}");
    }
    let detail = erm_usecases::replies::template(&store, "soins").unwrap();
    assert!(!detail.edited, "nothing was saved");
    // A template within the rules goes on to the next checks (here: the practice profile is missing).
    let ok = "{{#if founded}}Merci.{{else}}Surpris.{{/if}} {{doctor_name}} {{practice_phone}} {{practice_email}}";
    let err = erm_usecases::replies::save_template(&mut store, "soins", ok).unwrap_err();
    assert!(matches!(err, erm_usecases::Error::Refused(_)), "{err:?}");
}

//! Issue 13, part 4: every built-in reply template, rendered in both wordings with a sample
//! practice, gives no finding at all from the guard — not even a warning — so the models the app
//! offers never train the doctor to ignore the guard. Bracketed placeholders that a template may
//! hold ("[mesure prise]") raise nothing by themselves.

use erm_replies::{builtin_templates, check_reply, render_reply, GuardContext, ReplyContext};

#[test]
fn builtin_templates_raise_no_finding() {
    let guard = GuardContext {
        phones: vec!["01 23 45 67 89".into()],
        emails: vec!["contact@cabinet-dupre.fr".into()],
        websites: vec![],
        practitioner_names: vec!["Hélène Dupré".into()],
        reviewer: Some("Marc T.".into()),
    };
    for t in builtin_templates() {
        for founded in [true, false] {
            let ctx = ReplyContext {
                practice_phone: "01 23 45 67 89".into(),
                practice_email: "contact@cabinet-dupre.fr".into(),
                doctor_name: "Dr Hélène DUPRÉ".into(),
                founded,
            };
            let text = render_reply(t.source, &ctx).unwrap_or_else(|e| panic!("{}: {e}", t.id));
            let findings = check_reply(&text, &guard);
            assert!(findings.is_empty(), "{} (founded: {founded}): {findings:#?}\n{text}", t.id);
        }
    }
}

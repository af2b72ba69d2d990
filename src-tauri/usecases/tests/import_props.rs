//! Hostile input through the import parsers, the translation split and the template check:
//! never a panic; line numbers of a file do not depend on its line endings.

use chrono::NaiveDate;
use erm_domain::review::split_translation;
use erm_usecases::import::{self, ImportFormat};
use erm_replies::check_template_source;
use proptest::prelude::*;

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 3, 1).unwrap()
}

fn cell() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        "[a-zA-Zéè0-9 /;,\"\r\n-]{0,30}",
        Just("31/02/2026".to_owned()),
        Just("il y a 2 mois".to_owned()),
        Just("(Translated by Google) x (Original) y".to_owned()),
        Just("\"a;b\nc\"".to_owned()),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    #[test]
    fn csv_never_panics(bytes in prop::collection::vec(any::<u8>(), 0..600)) {
        let _ = import::parse(&bytes, ImportFormat::Csv, today());
    }

    #[test]
    fn csv_rows_never_panic_and_lines_do_not_depend_on_line_ends(
        rows in prop::collection::vec(prop::collection::vec(cell(), 0..6), 0..8),
    ) {
        let body: String = rows.iter().map(|r| r.join(";").replace(['\r', '\n'], " ") + "\n").collect();
        let lf = format!("plateforme;auteur;date;note;texte\n{body}");
        let crlf = lf.replace('\n', "\r\n");
        let a = import::parse(lf.as_bytes(), ImportFormat::Csv, today());
        let b = import::parse(crlf.as_bytes(), ImportFormat::Csv, today());
        if let (Ok(a), Ok(b)) = (a, b) {
            let lines = |p: &import::Parsed| p.rejected.iter().map(|r| r.line).collect::<Vec<_>>();
            prop_assert_eq!(lines(&a), lines(&b));
            prop_assert!(a.rejected.iter().all(|r| r.line >= 2));
        }
    }

    #[test]
    fn google_json_never_panics(bytes in prop::collection::vec(any::<u8>(), 0..400), text in any::<String>()) {
        let _ = import::parse(&bytes, ImportFormat::GoogleJson, today());
        let _ = import::parse(text.as_bytes(), ImportFormat::GoogleJson, today());
        let wrapped = serde_json::json!({"locationReviews": [{"name": "x", "review": {
            "reviewer": {"displayName": text}, "comment": text, "starRating": text, "createTime": text,
            "reviewReply": {"comment": text, "updateTime": text, "reviewReplyState": text}}}]});
        let _ = import::parse(wrapped.to_string().as_bytes(), ImportFormat::GoogleJson, today());
    }

    #[test]
    fn translation_split_never_panics_and_loses_no_original(
        a in any::<String>(), b in any::<String>(), markers in prop::collection::vec(0usize..5, 0..4),
    ) {
        const M: [&str; 5] = ["(Translated by Google)", "(Original)", "(Traduit par Google)", "(Avis d'origine)", "\n"];
        let mut text = a.clone();
        for m in &markers {
            text.push_str(M[*m]);
            text.push_str(&b);
        }
        let (original, translation) = split_translation(&text);
        prop_assert!(text.contains(original.trim()));
        if translation.is_none() {
            prop_assert_eq!(original, text);
        }
    }

    #[test]
    fn template_check_never_panics(src in any::<String>(), tail in "[{}#>/!*~^a-z_. \"|]{0,40}") {
        let _ = check_template_source(&src);
        let _ = check_template_source(&format!("{{{{{tail}"));
        let _ = check_template_source(&format!("{{{{#if founded}}}}{tail}{{{{/if}}}}"));
    }
}

//! Letter engine without PDF: composition from the templates (strict mode, checklists, French
//! typography), the letter's fixed elements, and pagination rules checked on the positioned
//! lines the layout returns.

#[path = "letters_fixtures/mod.rs"]
mod fixtures;

use erm_documents::DocumentError;
use erm_documents::letters::*;
use fixtures::*;

#[test]
fn single_page_letters_carry_no_page_number() {
    // The erasure letter grew to two pages with the elements issue 8 requires (burden of proof,
    // CNIL or court, identity under art. 12(6)); the formal notice still fits one.
    let letter = compose(&formal_notice(), &doctor(), &publisher(), d(2026, 12, 1), &LetterOptions::default()).unwrap();
    let placed = layout(&letter, &LayoutSettings::default(), fonts().unwrap());
    assert_eq!(placed.pages.len(), 1, "the formal notice should fit one page");
    assert!(placed.pages[0].lines.iter().all(|l| l.role != Role::PageNumber));
}

#[test]
fn registered_mail_line_references_and_object() {
    let opts = LetterOptions {
        registered_number: Some("1A 234 567 8901 2".into()),
        your_reference: Some("DPO-2026-118".into()),
        our_reference: Some("HD/ANN/01".into()),
        ..Default::default()
    };
    let letter = compose(&erasure(), &doctor(), &publisher(), d(2026, 12, 1), &opts).unwrap();
    assert_eq!(letter.registered.as_deref(), Some("LETTRE RECOMMANDÉE AVEC ACCUSÉ DE RÉCEPTION n°\u{a0}1A 234 567 8901 2"));
    assert_eq!(letter.references, ["V/Réf.\u{a0}: DPO-2026-118", "N/Réf.\u{a0}: HD/ANN/01"]);
    assert!(letter.object.starts_with("Objet\u{a0}: Opposition"), "{}", letter.object);
    assert_eq!(letter.place_date, "Paris, le 1er décembre 2026");
    let placed = layout(&letter, &LayoutSettings::default(), fonts().unwrap());
    let object = placed.pages[0].lines.iter().find(|l| l.role == Role::Object).unwrap();
    assert_eq!(object.style, FontStyle::Bold);
    let date = placed.pages[0].lines.iter().find(|l| l.role == Role::PlaceDate).unwrap();
    assert!((date.x_mm + date.width_mm - (PAGE_WIDTH_MM - MARGIN_MM)).abs() < 0.01, "date not right-aligned");
    let last = placed.pages.last().unwrap();
    let sig = last.lines.iter().find(|l| l.role == Role::Signature).unwrap();
    let closing = last.lines.iter().rev().find(|l| l.role == Role::Closing).unwrap();
    assert!(sig.baseline_mm - closing.baseline_mm >= SIGNATURE_SPACE_MM, "no room to sign");
    assert!(sig.x_mm > PAGE_WIDTH_MM / 2.0, "signature not on the right");
    // A CNIL pack goes by ordinary mail unless asked: no registered line.
    let pack = compose(&cnil(), &doctor(), &publisher(), d(2027, 1, 12), &LetterOptions::default()).unwrap();
    assert_eq!(pack.registered, None);
}

#[test]
fn strict_templates_refuse_a_missing_field_in_french() {
    let ctx = serde_json::json!({ "listing_urls": [URL], "data_shown": ["nom"], "found_on": "2026-11-20", "shows_reviews": false, "data_shown_text": "nom",
        "sender": { "name": "Dr X", "specialty": "Médecine générale", "designation": "Médecin exerçant en libéral", "rpps": "1", "email": "a@b.fr", "phone": "", "address": "", "e": "" },
        "today": "2026-12-01", "checks": { "cnil_2025": "à vérifier" } });
    match render_template("erasure_request", &ctx) {
        Err(DocumentError::Document(m)) => assert!(m.contains("modèle de lettre") && m.contains("manque"), "{m}"),
        other => panic!("a missing site_name must fail, got {other:?}"),
    }
    let mut complete = ctx.clone();
    complete["site_name"] = "Exemple".into();
    assert!(render_template("erasure_request", &complete).unwrap().contains("Exemple"));
}

#[test]
fn checklists_block_incomplete_letters() {
    let LetterData::CnilComplaint(mut c) = cnil() else { unreachable!() };
    c.attachments.truncate(1);
    match compose(&LetterData::CnilComplaint(c), &doctor(), &publisher(), d(2027, 1, 12), &LetterOptions::default()) {
        Err(DocumentError::Invalid(inv)) => assert!(inv.has("attachments"), "{inv}"),
        other => panic!("a CNIL pack without proof of sending must be refused, got {other:?}"),
    }
    // No CNIL complaint for silence before the publisher's deadline has passed.
    match compose(&cnil(), &doctor(), &publisher(), d(2026, 11, 3), &LetterOptions::default()) {
        Err(DocumentError::Refused(m)) => assert!(m.contains("3 novembre 2026") && m.contains("4 novembre 2026"), "{m}"),
        other => panic!("a complaint before the deadline must be refused, got {other:?}"),
    }
    assert!(compose(&cnil(), &doctor(), &publisher(), d(2026, 11, 4), &LetterOptions::default()).is_ok());
    let LetterData::CnilComplaint(mut refused) = cnil() else { unreachable!() };
    refused.outcome = RequestOutcome::Refused;
    refused.outcome_detail = Some("l'éditeur invoque son intérêt légitime".into());
    let early = compose(&LetterData::CnilComplaint(refused), &doctor(), &publisher(), d(2026, 10, 20), &LetterOptions::default()).unwrap();
    assert!(early.body.iter().any(|b| matches!(b, BodyBlock::Paragraph(t) if t.contains("refusé") && t.contains("intérêt légitime"))), "a recorded refusal allows an early complaint");
    let LetterData::FormalNotice(mut f) = formal_notice() else { unreachable!() };
    f.demand = "retirer l'avis ou me verser 500 € de dédommagement".into();
    match compose(&LetterData::FormalNotice(f), &doctor(), &publisher(), d(2026, 12, 1), &LetterOptions::default()) {
        Err(DocumentError::Invalid(inv)) => assert!(inv.has("demand") && inv.to_string().contains("chantage"), "{inv}"),
        other => panic!("a formal notice asking for money must be refused, got {other:?}"),
    }
    let LetterData::ErasureRequest(mut e) = erasure() else { unreachable!() };
    e.listing_urls.clear();
    assert!(matches!(compose(&LetterData::ErasureRequest(e), &doctor(), &publisher(), d(2026, 12, 1), &LetterOptions::default()), Err(DocumentError::Invalid(i)) if i.has("listing_urls")));
}

#[test]
fn dereferencing_form_text_is_plain_and_complete() {
    let text = dereferencing_form_text(&dereferencing(), &doctor(), d(2026, 12, 1)).unwrap();
    for n in ["Nom recherché : Hélène Dupré-Lefèvre", URL, "R.4127-4", "1er décembre 2026", "C-131/12", "cabinet@exemple.fr"] {
        assert!(text.contains(n), "« {n} » missing:\n{text}");
    }
    assert!(!text.contains('@') || !text.lines().any(|l| l.starts_with('@')), "directive leaked:\n{text}");
    assert!(dereferencing_form_text(&erasure(), &doctor(), d(2026, 12, 1)).is_err());
}

#[test]
fn kinds_have_snake_case_names_and_french_labels() {
    for k in LetterKind::ALL {
        let json = serde_json::to_string(&k).unwrap();
        assert_eq!(json, format!("\"{}\"", k.as_str()));
        assert!(!k.label().is_empty());
    }
    let data: LetterData = serde_json::from_str(&serde_json::to_string(&erasure()).unwrap()).unwrap();
    assert_eq!(data, erasure());
    assert!(serde_json::to_string(&erasure()).unwrap().starts_with("{\"kind\":\"erasure_request\""));
}

/// Every character 2 mm wide: line counts become obvious, so break positions can be swept.
struct Mono;
impl Metrics for Mono {
    fn width_mm(&self, text: &str, _: FontStyle, _: f32) -> f32 {
        2.0 * text.chars().count() as f32
    }
    fn has_glyph(&self, _: char, _: FontStyle) -> bool {
        true
    }
}

fn check_breaks(placed: &LetterLayout, what: &str) {
    use std::collections::BTreeMap;
    // block -> (lines in block, lines per page)
    let mut blocks: BTreeMap<usize, (usize, BTreeMap<usize, usize>, Role)> = BTreeMap::new();
    for (p, page) in placed.pages.iter().enumerate() {
        for l in page.lines.iter().filter(|l| l.block > 0) {
            let e = blocks.entry(l.block).or_insert((l.lines_in_block, BTreeMap::new(), l.role));
            *e.1.entry(p).or_default() += 1;
        }
    }
    for (b, (n, pages, role)) in &blocks {
        if pages.len() > 1 {
            assert!(*n >= 4, "{what}: block {b} ({role:?}) of {n} lines was split");
            for (p, count) in pages {
                assert!(*count >= 2, "{what}: block {b} ({role:?}) leaves {count} line on page {}", p + 1);
            }
        }
        if *role == Role::Heading {
            let (p, _) = pages.iter().next().unwrap();
            let next = blocks.get(&(b + 1)).expect("something follows a heading");
            assert!(next.1.contains_key(p), "{what}: heading {b} alone at the foot of page {}", p + 1);
        }
    }
    let last = placed.pages.last().unwrap();
    for role in [Role::Body, Role::Closing, Role::Signature] {
        assert!(last.lines.iter().any(|l| l.role == role), "{what}: {role:?} missing from the signature page");
    }
}

#[test]
fn page_breaks_never_leave_a_lone_line_wherever_they_fall() {
    let base = compose(&erasure(), &doctor(), &publisher(), d(2026, 12, 1), &LetterOptions::default()).unwrap();
    let line = "x".repeat(80); // one line at 2 mm per character
    let mut splits = 0;
    for fillers in 0..70 {
        for len in [1usize, 2, 3, 4, 5, 7] {
            let mut letter = base.clone();
            letter.body = (0..fillers).map(|i| BodyBlock::Paragraph(format!("{i} {line}"))).collect();
            letter.body.push(BodyBlock::Heading("Titre".into()));
            letter.body.push(BodyBlock::Paragraph(vec![line.as_str(); len].join(" ")));
            letter.body.push(BodyBlock::Paragraph(vec![line.as_str(); len].join(" ")));
            let placed = layout(&letter, &LayoutSettings::default(), &Mono);
            check_breaks(&placed, &format!("{fillers} fillers, paragraphs of {len}"));
            // A page whose first flowing line continues a block: a real split happened.
            splits += placed.pages.iter().skip(1).filter(|p| p.lines.iter().find(|l| l.block > 0).is_some_and(|l| l.line_in_block > 0)).count();
        }
    }
    assert!(splits > 10, "the sweep should split paragraphs across pages ({splits})");
}

/// Issue 9, point 2, on the CNIL pack that showed the faults: in layout 2 the attachments sit
/// under the signature, full width; the signature has its 25 mm; a URL is cut only after
/// « / - . ? »; the registered-mail line leaves no word alone; no disclaimer on a sent letter.
#[test]
fn layout_2_sets_attachments_under_the_signature_and_cuts_urls_after_separators() {
    let LetterData::CnilComplaint(mut c) = cnil() else { unreachable!() };
    let long = "https://www.exemple-annuaire.fr/medecins/paris/medecine-generale/docteur-helene-dupre-75014-consultation?ref=fiche&id=1234567";
    c.listing_urls = vec![long.into()];
    c.attachments.push(format!("Copies d'écran de la fiche ({long})"));
    let data = LetterData::CnilComplaint(c);
    let opts = LetterOptions { registered: true, ..Default::default() };
    assert_eq!(opts.layout_version, CURRENT_LAYOUT);
    let letter = compose(&data, &doctor(), &publisher(), d(2026, 12, 1), &opts).unwrap();
    assert_eq!(letter.footer_note, None, "the disclaimer is for file copies");
    let placed = layout_with(&letter, &opts.layout, opts.layout_version, fonts().unwrap());
    let all: Vec<&PlacedLine> = placed.pages.iter().flat_map(|p| &p.lines).collect();
    // Registered line: balanced, never « RÉCEPTION » alone.
    let registered: Vec<&str> = all.iter().filter(|l| l.role == Role::Registered).map(|l| l.text.as_str()).collect();
    assert!(registered.iter().all(|l| l.contains(' ')), "{registered:?}");
    // Attachments: below the signature, on the same or a later page, from the left margin.
    let (sig_page, sig) = placed.pages.iter().enumerate().find_map(|(i, p)| p.lines.iter().rev().find(|l| l.role == Role::Signature).map(|l| (i, l))).unwrap();
    let closing = placed.pages[sig_page].lines.iter().rev().find(|l| l.role == Role::Closing).expect("closing with the signature");
    let sig_top = placed.pages[sig_page].lines.iter().find(|l| l.role == Role::Signature).unwrap();
    assert!(sig_top.baseline_mm - closing.baseline_mm >= SIGNATURE_SPACE_MM, "no room to sign");
    for (i, p) in placed.pages.iter().enumerate() {
        for l in p.lines.iter().filter(|l| l.role == Role::Attachments) {
            assert!(i > sig_page || l.baseline_mm > sig.baseline_mm, "attachment beside or above the signature: {l:?}");
            assert!(l.x_mm + l.width_mm <= PAGE_WIDTH_MM - MARGIN_MM + 0.01);
        }
    }
    // Every line that ends inside the long URL ends after a separator.
    for l in all.iter().filter(|l| matches!(l.role, Role::Attachments | Role::Item)) {
        let t = l.text.trim_start_matches("–\u{a0}").trim_start_matches('(');
        if long.starts_with(t) && t.len() < long.len() && !t.is_empty() {
            assert!(t.ends_with(['/', '-', '.', '?']), "URL cut mid-word: {t:?}");
        }
    }
    // The first layout is unchanged for stored letters: attachments beside the signature.
    let old = LetterOptions { layout_version: 1, ..opts.clone() };
    let old_letter = compose(&data, &doctor(), &publisher(), d(2026, 12, 1), &old).unwrap();
    assert!(old_letter.footer_note.is_some());
    let old_placed = layout_with(&old_letter, &old.layout, 1, fonts().unwrap());
    assert_eq!(old_placed, layout(&old_letter, &old.layout, fonts().unwrap()));
}

#[test]
fn stored_options_without_a_layout_version_keep_the_first_layout() {
    let o: LetterOptions = serde_json::from_value(serde_json::json!({ "wording": 2 })).unwrap();
    assert_eq!((o.wording, o.layout_version), (2, 1));
    assert_eq!(LetterOptions::default().layout_version, CURRENT_LAYOUT);
}

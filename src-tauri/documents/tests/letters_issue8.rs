//! Issue 8: the letters a lawyer would sign. Each test reads the PDF back (pdftotext) and checks
//! the corrected sentence or element, or checks the rule that refuses an incomplete letter; each
//! failed on the wording before the fix. `LETTERS_DUMP=<dir>` also writes every PDF there, to
//! look at with `pdftoppm -png -r 60`.

#[path = "letters_fixtures/mod.rs"]
mod fixtures;

use erm_documents::DocumentError;
use std::path::{Path, PathBuf};
use std::process::Command;

use erm_domain::address::PostalAddress;
use erm_domain::deadline::FORMAL_NOTICE_DAYS_RANGE;
use erm_domain::listing::{ReceiptBasis, RequestChannel};
use erm_documents::letters::*;
use fixtures::*;

fn pdf_text(name: &str, bytes: &[u8], extra: &[&str]) -> String {
    let dir = std::env::var("LETTERS_DUMP").map(PathBuf::from).unwrap_or_else(|_| std::env::temp_dir().join("erm-issue8"));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(format!("{name}.pdf"));
    std::fs::write(&path, bytes).unwrap();
    let mut args: Vec<&str> = extra.to_vec();
    let p = path.to_str().unwrap();
    args.extend([p, "-"]);
    let out = Command::new("pdftotext").args(&args).output().expect("pdftotext (poppler-utils) is required");
    assert!(out.status.success());
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Whitespace-free, and with the no-break spaces French typography adds removed too.
fn flat(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace() && *c != '\u{a0}' && *c != '\u{202f}').collect()
}

fn has(text: &str, needle: &str) -> bool {
    flat(text).contains(&flat(needle))
}

fn text_of(name: &str, data: &LetterData) -> String {
    pdf_text(name, &render(data, &LetterOptions::default()), &[])
}

fn date() -> chrono::NaiveDate {
    d(DATE.0, DATE.1, DATE.2)
}

// ---- point 1: secrecy limits what may be said, not whether one may reply -------------------

#[test]
fn p1_no_letter_says_secrecy_forbids_replying() {
    let texts = [
        text_of("p1-erasure", &erasure()),
        text_of("p1-deref", &dereferencing()),
        dereferencing_form_text(&dereferencing(), &doctor(), date()).unwrap(),
    ];
    for t in &texts {
        assert!(!has(t, "m'interdit de répondre publiquement"), "{t}");
        assert!(!has(t, "m'interdit de répondre aux avis"), "{t}");
        assert!(has(t, "m'interdit de répondre sur le fond"), "{t}");
    }
}

// ---- point 2: the dereferencing PDF is a copy for the file ---------------------------------

#[test]
fn p2_dereferencing_copy_has_no_window_address_and_no_salutation() {
    // What the shell passes today: the doctor's own address as "recipient".
    let own = doctor().postal_address().unwrap();
    let letter = compose(&dereferencing(), &doctor(), &own, date(), &LetterOptions::default()).unwrap();
    assert!(letter.recipient.is_empty(), "the doctor's address must not sit in the window: {:?}", letter.recipient);
    assert!(letter.salutation.is_empty() && letter.closing.is_empty());
    assert!(letter.registered.is_none());
    let bytes = render_letter(&dereferencing(), &doctor(), &own, date(), &LetterOptions::default()).unwrap();
    let t = pdf_text("p2-deref-copy", &bytes, &[]);
    assert!(has(&t, "Copie pour le dossier") && has(&t, "pas à poster"), "{t}");
    assert!(!t.contains("Madame, Monsieur"), "{t}");
    assert!(has(&t, "https://moteur.exemple/formulaire-dereferencement"), "the engine's form address is given");
    // Nothing printed in the window area.
    let s = LayoutSettings::default();
    let mm = 72.0 / 25.4;
    let crop = pdf_text("p2-deref-window", &bytes, &[
        "-f", "1", "-l", "1",
        "-x", &format!("{:.0}", s.window_left_mm * mm), "-y", &format!("{:.0}", s.window_top_mm * mm),
        "-W", &format!("{:.0}", s.window_width_mm * mm), "-H", &format!("{:.0}", s.window_height_mm * mm),
    ]);
    assert!(crop.trim().is_empty(), "text inside the window: {crop:?}");

    // Posted: only to the operator's own address, never the doctor's.
    let LetterData::DereferencingRequest(mut posted) = dereferencing() else { unreachable!() };
    posted.by_post = true;
    let posted = LetterData::DereferencingRequest(posted);
    let err = compose(&posted, &doctor(), &own, date(), &LetterOptions::default()).unwrap_err();
    assert!(matches!(err, DocumentError::Invalid(_)), "{err}");
    let operator = PostalAddress::parse("recipient", &["Moteur Exemple SARL", "Service protection des données", "1 avenue de l'Exemple", "75008 Paris"]).unwrap();
    let letter = compose(&posted, &doctor(), &operator, date(), &LetterOptions::default()).unwrap();
    assert_eq!(letter.recipient[0], "Moteur Exemple SARL");
    assert_eq!(letter.salutation, "Madame, Monsieur,");
}

// ---- point 3: one rule for dereferencing, and the text agrees -------------------------------

#[test]
fn p3_dereferencing_text_states_the_rule_the_workflow_follows() {
    let t = text_of("p3-deref", &dereferencing());
    assert!(!has(&t, "comme la CNIL le recommande") && !has(&t, "en parallèle"), "{t}");
    assert!(has(&t, "ne dépend pas de la suite qu'il y donnera"), "{t}");
}

// ---- point 4: an early refusal does not make the deadline "expired" -------------------------

fn cnil_with(f: impl FnOnce(&mut CnilComplaint)) -> LetterData {
    let LetterData::CnilComplaint(mut c) = cnil() else { unreachable!() };
    f(&mut c);
    LetterData::CnilComplaint(c)
}

#[test]
fn p4_cnil_complaint_prints_what_happened() {
    // Received 3 November, refused on 10 November, complaint dated 20 November: the deadline
    // (3 December) is still running.
    let early = cnil_with(|c| {
        c.deadline = d(2026, 12, 3);
        c.outcome = RequestOutcome::Refused;
        c.outcome_detail = Some("l'éditeur invoque son intérêt légitime".into());
        c.outcome_on = Some(d(2026, 11, 10));
        c.received_on = Some(d(2026, 11, 3));
        c.request_sent_on = d(2026, 11, 1);
        c.events.clear();
    });
    let bytes = render_letter(&early, &doctor(), &publisher(), d(2026, 11, 20), &LetterOptions::default()).unwrap();
    let t = pdf_text("p4-cnil-early-refusal", &bytes, &[]);
    assert!(!has(&t, "expirait") && !has(&t, "a expiré") && !has(&t, "Expiration du délai"), "a future date printed as past:\n{t}");
    assert!(has(&t, "court jusqu'au 3 décembre 2026 ; l'organisme a répondu avant ce terme"), "{t}");
    assert!(has(&t, "Par une réponse du 10 novembre 2026, l'organisme a refusé"), "{t}");
    // After the deadline, with no answer: expired, and said so.
    let t = text_of("p4-cnil-no-answer", &cnil());
    assert!(has(&t, "a expiré le 3 novembre 2026") && has(&t, "Expiration du délai de réponse"), "{t}");
}

// ---- point 5: the notifier's rights are art. 16(4)-(5) and art. 20 --------------------------

#[test]
fn p5_host_notice_cites_the_notifiers_articles() {
    let t = text_of("p5-host", &host_notice());
    assert!(!has(&t, "et l'article 17"), "art. 17 is the statement owed to the author:\n{t}");
    assert!(has(&t, "paragraphes 4 et 5 de l'article 16") && has(&t, "article 20 du même règlement"), "{t}");
}

// ---- point 6: one range for the formal-notice period ----------------------------------------

#[test]
fn p6_formal_notice_period_uses_the_deadline_modules_range() {
    let with_days = |n: u32| {
        let LetterData::FormalNotice(mut f) = formal_notice() else { unreachable!() };
        f.deadline_days = n;
        LetterData::FormalNotice(f)
    };
    for n in [1, 7, 31, 60] {
        let err = with_days(n).check().unwrap_err();
        assert!(err.has("deadline_days"), "{n} days accepted");
        assert!(err.errors[0].message.contains("entre 8 et 30 jours"), "{}", err.errors[0].message);
    }
    for n in [*FORMAL_NOTICE_DAYS_RANGE.start(), 15, *FORMAL_NOTICE_DAYS_RANGE.end()] {
        assert!(with_days(n).check().is_ok(), "{n} days refused");
    }
}

// ---- points 7, 8, 12, 21: the erasure letter ------------------------------------------------

#[test]
fn p7_p8_p12_p21_erasure_letter() {
    let LetterData::ErasureRequest(mut e) = erasure() else { unreachable!() };
    e.copy_sent = Some(CopySent { on: d(2026, 12, 1), channel: CopyChannel::Email, address: "dpo@annuaire-exemple.fr".into() });
    let t = text_of("p7-erasure", &LetterData::ErasureRequest(e));
    // 7: identity is for the controller to doubt, and a registered letter's register.
    assert!(!has(&t, "aucun doute raisonnable") && !has(&t, "Merci de m'indiquer"), "{t}");
    assert!(has(&t, "article 12, paragraphe 6, du RGPD") && has(&t, "Je vous prie en outre de m'indiquer"), "{t}");
    // 8: the controller, or its DPO if there is one.
    assert!(has(&t, "À l'attention du responsable du traitement (ou de son délégué à la protection des données)"), "{t}");
    // 12: burden of compelling grounds, the CNIL or the court, the copy sent by email.
    assert!(has(&t, "Il vous appartient, si vous entendez poursuivre ce traitement, de démontrer l'existence de motifs légitimes et impérieux"), "{t}");
    assert!(has(&t, "article 77 du RGPD") && has(&t, "saisir la juridiction compétente (article 79 du RGPD)"), "{t}");
    assert!(has(&t, "transmise le 1er décembre 2026 par courriel à l'adresse dpo@annuaire-exemple.fr"), "{t}");
    // 21: the CNIL's December 2025 position carries its caveat and date.
    assert!(has(&t, "décembre 2025 — à vérifier avant envoi — relevé le 28 novembre 2026"), "{t}");
}

// ---- points 13, 21: the CNIL pack ------------------------------------------------------------

#[test]
fn p13_cnil_pack_requires_siren_address_and_proofs_and_gives_both_channels() {
    let no_siren = cnil_with(|c| c.siren = None);
    assert!(no_siren.check().unwrap_err().has("siren"));
    let reasoned = cnil_with(|c| {
        c.siren = None;
        c.siren_missing_reason = Some("absent des mentions légales, société établie hors de France".into());
    });
    assert!(reasoned.check().is_ok());
    assert!(has(&text_of("p13-cnil-no-siren", &reasoned), "SIREN : non trouvé — absent des mentions légales"));
    assert!(cnil_with(|c| c.siren = Some("123 456 789".into())).check().unwrap_err().has("siren"), "a SIREN with a wrong key");
    assert!(cnil_with(|c| c.organisation_address.clear()).check().unwrap_err().has("organisation_address"));
    for broken in [
        cnil_with(|c| c.evidence.request_copy = false),
        cnil_with(|c| c.evidence.sending_proof = false),
        cnil_with(|c| c.evidence.receipt_proof = false),
    ] {
        assert!(broken.check().unwrap_err().has("evidence"));
    }
    // An email request needs no separate receipt proof.
    let by_email = cnil_with(|c| {
        c.request_channel = Some(RequestChannel::Email);
        c.evidence.receipt_proof = false;
        c.received_on = Some(c.request_sent_on);
        c.registered_number = None;
    });
    assert!(by_email.check().is_ok());

    let t = text_of("p13-cnil", &cnil());
    assert!(has(&t, "https://www.cnil.fr/adresser-une-plainte"), "{t}");
    assert!(has(&t, "CNIL, 3 place de Fontenoy, TSA 80715, 75334 PARIS CEDEX 07 (à vérifier avant envoi — relevé le 28 novembre 2026"), "{t}");
    assert!(has(&t, "décembre 2025 sur les avis et notations en ligne (à vérifier avant envoi"), "{t}");
}

// ---- point 9: the unclaimed letter, in the complaint ----------------------------------------

#[test]
fn p9_cnil_pack_says_the_letter_came_back_unclaimed() {
    let unclaimed = cnil_with(|c| c.received_basis = ReceiptBasis::ReturnedUnclaimed);
    let t = text_of("p9-cnil-unclaimed", &unclaimed);
    assert!(has(&t, "présentée à l'organisme le 3 octobre 2026, elle n'a pas été retirée et m'a été retournée « pli avisé et non réclamé »"), "{t}");
    assert!(!has(&t, "(avis de réception)"), "{t}");
}

// ---- point 15: host notice, form first and the false-notice warning -------------------------

#[test]
fn p15_host_notice_records_the_electronic_notice_and_warns() {
    let t = text_of("p15-host", &host_notice());
    assert!(has(&t, "J'ai d'abord notifié ce contenu le 6 novembre 2026 par le mécanisme électronique"), "{t}");
    assert!(has(&t, "article 16, paragraphe 1") && has(&t, "NOTIF-2026-042"), "{t}");
    let LetterData::HostNotice(mut n) = host_notice() else { unreachable!() };
    n.electronic_notice = None;
    n.false_notice_acknowledged = false;
    let err = LetterData::HostNotice(n).check().unwrap_err();
    assert!(err.has("electronic_notice") && err.has("false_notice_acknowledged"), "{err:?}");
    assert!(export_warnings(LetterKind::HostNotice).contains(&FALSE_NOTICE_WARNING));
    assert!(FALSE_NOTICE_WARNING.contains("infraction"));
}

// ---- points 16, 18: formal notice, explicit recipient, clock warning, "ci-dessus" ------------

#[test]
fn p16_p18_formal_notice() {
    let LetterData::FormalNotice(mut f) = formal_notice() else { unreachable!() };
    f.recipient_role = None;
    f.press_clock_acknowledged = false;
    let err = LetterData::FormalNotice(f.clone()).check().unwrap_err();
    assert!(err.has("recipient_role") && err.has("press_clock_acknowledged"), "{err:?}");
    assert!(export_warnings(LetterKind::FormalNotice).contains(&PRESS_CLOCK_WARNING));
    assert!(PRESS_CLOCK_WARNING.contains("n'interrompt pas"));

    f.recipient_role = Some(NoticeRecipient::Author);
    f.press_clock_acknowledged = true;
    let t = text_of("p16-formal-author", &LetterData::FormalNotice(f));
    assert!(has(&t, "en votre qualité d'auteur des contenus décrits ci-après"), "{t}");
    let t = text_of("p16-formal-publisher", &formal_notice());
    assert!(has(&t, "en votre qualité d'éditeur du site"), "{t}");
    // Nothing refers back ("ci-dessus") before the facts are stated.
    let before_facts = &t[..t.find("Faits").expect("facts heading")];
    assert!(!before_facts.contains("ci-dessus"), "{before_facts}");
}

// ---- every kind renders once more (look at them with pdftoppm) ------------------------------

#[test]
fn every_kind_renders_in_the_current_wording() {
    for data in all_kinds() {
        let t = text_of(&format!("all-{}", data.kind().as_str()), &data);
        assert!(has(&t, "Paris, le 1er décembre 2026"), "{}", data.kind().as_str());
    }
    let _ = Path::new(".");
}

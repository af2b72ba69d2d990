//! Checklists D (host notice) and E (formal notice) of the domain brief, element by element, on
//! the printed PDF; and the follow-up letter (relance) that comes after either of them, read
//! back the same way (window, every element, embedded subset fonts, `qpdf --check`).

#[path = "letters_fixtures/mod.rs"]
mod fixtures;
#[path = "readback/mod.rs"]
mod readback;

use erm_documents::letters::*;
use fixtures::*;
use readback::*;

const HEADER: &str = "Société Exemple Annuaire SAS — 1er décembre 2026";
/// The words a removal demand must never carry (kinds.rs refuses them in a formal notice).
const MONEY: [&str; 8] = ["€", "euro", "somme", "payer", "paiement", "indemnit", "versement", "dédommag"];

fn recipient() -> Vec<String> {
    publisher().lines().to_vec()
}

fn pdf_of(dir: &std::path::Path, name: &str, data: &LetterData) -> std::path::PathBuf {
    data.check().unwrap_or_else(|e| panic!("{name}: fixture does not pass check(): {e:?}"));
    save(dir, name, &render(data, &LetterOptions::default()))
}

/// Elements every letter sent to someone carries: date, sender (name, profession, postal
/// address, email), recipient (name and registered office, in the window).
fn assert_identities(what: &str, pdf: &std::path::Path) {
    let raw = text_of(pdf, &[]);
    assert_contains_all(what, &raw, &[
        "Paris, le 1er décembre 2026", "Dr Hélène DUPRÉ-LEFÈVRE", "Médecine générale", "12 RUE CABANIS", "75014 PARIS",
        "cabinet@exemple.fr", "Société Exemple Annuaire SAS", "12 RUE DE LA PAIX", "75002 PARIS",
    ]);
    let r = recipient();
    assert_recipient_in_window(pdf, &LayoutSettings::default(), &r.iter().map(String::as_str).collect::<Vec<_>>());
    // Signature block: the name again, in the right half of a page (the attachments list may
    // follow it onto the next page).
    let ws: Vec<_> = (1..=page_count(pdf)).flat_map(|p| words(pdf, p)).collect();
    let names: Vec<_> = ws.iter().filter(|(t, ..)| t.contains("DUPR")).collect();
    assert!(names.iter().any(|(_, x0, ..)| *x0 > 100.0 * MM), "{what}: no signature on the right half of a page: {names:?}");
}

fn assert_no_money(what: &str, text: &str) {
    let lower = text.to_lowercase();
    for w in MONEY {
        assert!(!lower.contains(w), "{what} mentions money ({w}):\n{text}");
    }
}

#[test]
fn host_notice_carries_every_element_of_checklist_d() {
    let dir = tempfile::tempdir().unwrap();
    let pdf = pdf_of(dir.path(), "host.pdf", &host_notice());
    assert_identities("host notice", &pdf);
    let body = body_text(&pdf, HEADER);
    assert_contains_all("host notice (checklist D)", &body, &[
        // Notifier: name, profession, email, postal address.
        "Nom : Dr Hélène DUPRÉ-LEFÈVRE",
        "Profession : médecin, Médecine générale",
        "Adresse électronique : cabinet@exemple.fr",
        "Adresse postale : 12 RUE CABANIS",
        // Host.
        "en votre qualité d'hébergeur du service Hébergeur Exemple",
        // Exact URL, author pseudonym and date.
        &format!("{URL}#avis-42"),
        "Auteur (pseudonyme affiché) : Patient75",
        "Date de publication : 2 novembre 2026",
        // Description and the exact words.
        "Un avis publié sous la fiche m'accuse d'un fait précis et faux.",
        "Termes exacts : « ce médecin falsifie ses ordonnances »",
        // Legal grounds and factual justification.
        "Diffamation publique envers un particulier (art. 29 et 32 de la loi du 29 juillet 1881)",
        "Justification : Aucune ordonnance n'a jamais été mise en cause ; l'allégation porte atteinte à mon honneur.",
        // Prior contact, with its copy attached.
        "J'ai demandé le retrait de ce contenu à l'éditeur du site le 5 novembre 2026",
        "Copie de ma demande de retrait du 5 novembre 2026",
        // The host's electronic form used first.
        "NOTIF-2026-042",
        // Good faith.
        "Je déclare de bonne foi que les informations et allégations contenues dans la présente notification sont exactes et complètes.",
        "Pièces jointes :", "Capture de l'avis du 5 novembre 2026",
    ]);
    // The other branch: the reason why the author or publisher could not be contacted.
    let LetterData::HostNotice(mut n) = host_notice() else { unreachable!() };
    n.prior_contact = PriorContact::Impossible { reason: "le site ne publie aucune mention légale ni adresse de contact.".into() };
    let pdf = pdf_of(dir.path(), "host-impossible.pdf", &LetterData::HostNotice(n));
    assert_contains_all("host notice, no contact", &body_text(&pdf, HEADER), &[
        "Je n'ai pas pu contacter l'auteur ou l'éditeur de ce contenu : le site ne publie aucune mention légale ni adresse de contact.",
    ]);
}

fn two_facts() -> Vec<ContentFact> {
    vec![
        ContentFact {
            url: format!("{URL}#avis-42"),
            published_on: Some(d(2026, 11, 2)),
            quoted_words: "ce médecin falsifie ses ordonnances".into(),
            qualification: "propos diffamatoires (art. 29 de la loi du 29 juillet 1881)".into(),
        },
        ContentFact {
            url: "https://avis.exemple.org/praticien/987654?tri=recent".into(),
            published_on: Some(d(2026, 11, 9)),
            quoted_words: "un incapable dangereux".into(),
            qualification: "injure publique (art. 29, alinéa 2, et 33 de la loi du 29 juillet 1881)".into(),
        },
    ]
}

fn fact_lines(f: &ContentFact) -> Vec<String> {
    vec![
        format!("Page : {}", f.url),
        format!("Publication : {}", french_date(f.published_on.unwrap())),
        format!("Termes exacts : « {} »", f.quoted_words),
        format!("Qualification : {}", f.qualification),
    ]
}

#[test]
fn formal_notice_carries_every_element_of_checklist_e() {
    let dir = tempfile::tempdir().unwrap();
    let LetterData::FormalNotice(mut n) = formal_notice() else { unreachable!() };
    n.facts = two_facts();
    n.exhibits = vec!["Capture de l'avis du 5 novembre 2026".into(), "Constat de commissaire de justice du 12 novembre 2026".into()];
    let data = LetterData::FormalNotice(n.clone());
    let pdf = pdf_of(dir.path(), "formal.pdf", &data);
    assert_identities("formal notice", &pdf);
    let raw = text_of(&pdf, &[]);
    // « MISE EN DEMEURE » on the object line itself.
    assert!(raw.lines().any(|l| l.starts_with("Objet") && l.contains("MISE EN DEMEURE")), "no MISE EN DEMEURE in the Objet line:\n{raw}");
    let body = body_text(&pdf, HEADER);
    let mut needles: Vec<String> = n.facts.iter().flat_map(fact_lines).collect();
    needles.extend(n.legal_basis.iter().cloned());
    needles.extend(n.exhibits.iter().cloned());
    needles.extend([
        REGISTERED_MAIL.to_owned(),
        // The precise demand with its period.
        "Je vous demande de retirer l'avis cité ci-dessus au plus tard 15 jours après réception de la présente".into(),
        "dans un délai de 15 jours à compter de sa réception".into(),
        // Consequences, and the reservation of rights.
        "je me réserve le droit de saisir la juridiction compétente".into(),
        "sous toutes réserves de mes droits et de tous autres recours".into(),
        "Pièces jointes :".into(),
    ]);
    assert_contains_all("formal notice (checklist E)", &body, &needles.iter().map(String::as_str).collect::<Vec<_>>());
    // Each fact's four lines come in order, fact by fact.
    let flat = squash(&body);
    let mut at = 0;
    for line in n.facts.iter().flat_map(fact_lines) {
        let found = flat[at..].find(&squash(&line)).unwrap_or_else(|| panic!("« {line} » out of order"));
        at += found;
    }
    assert_no_money("formal notice", &raw);
}

#[test]
fn evidence_inventory_lists_each_capture_with_its_digest() {
    let dir = tempfile::tempdir().unwrap();
    let pdf = pdf_of(dir.path(), "inventory.pdf", &inventory());
    assert_contains_all("inventory", &body_text(&pdf, HEADER), &[
        "Bordereau des pièces conservées — Avis du 2 novembre 2026",
        "calculée par l'application au moment où le fichier y a été enregistré", "celles que j'ai indiquées",
        "Pièce n° 1 : capture-avis-42.png", &format!("Adresse : {URL}#avis-42"), "Capture déclarée le : 5 novembre 2026 à 14:03:27",
        &format!("SHA-256 : {DIGEST}"), "Note : Capture pleine page", "article 1358 du code civil", "NF Z67-147",
    ]);
    // Issue 22, point 8: the digest is not dated by the capture, and no letter to oneself.
    let text = body_text(&pdf, HEADER);
    assert!(!text.contains("calculée au moment de la capture") && !text.contains("Madame, Monsieur"), "{text}");
}

fn follow_up() -> FollowUp {
    FollowUp {
        follows: LetterKind::FormalNotice,
        first_sent_on: d(2026, 10, 1),
        first_registered_number: Some("1A 234 567 8901 2".into()),
        first_received_on: Some(d(2026, 10, 3)),
        first_period_days: 15,
        period_ended_on: d(2026, 10, 18),
        facts: two_facts(),
        new_period_days: 8,
        exhibits: vec!["Capture de l'avis du 20 novembre 2026, toujours en ligne".into()],
        press_clock_acknowledged: true,
        still_online_on: Some(d(2026, 11, 20)),
    }
}

#[test]
fn follow_up_reads_back_with_every_element() {
    let dir = tempfile::tempdir().unwrap();
    let f = follow_up();
    let pdf = pdf_of(dir.path(), "follow_up.pdf", &LetterData::FollowUp(f.clone()));
    // With LETTERS_DUMP=<dir>, kept for a look with pdftoppm (as tests/letters.rs does).
    if let Ok(out) = std::env::var("LETTERS_DUMP") {
        std::fs::copy(&pdf, std::path::Path::new(&out).join("follow_up.pdf")).unwrap();
    }
    assert_identities("follow-up", &pdf);
    assert_fonts_and_structure("follow-up", &pdf);
    let raw = text_of(&pdf, &[]);
    assert!(raw.lines().any(|l| l.starts_with("Objet") && l.contains("Relance")), "no Relance in the Objet line:\n{raw}");
    let body = body_text(&pdf, HEADER);
    let mut needles: Vec<String> = f.facts.iter().flat_map(fact_lines).collect();
    needles.extend([
        REGISTERED_MAIL.to_owned(),
        "Objet : Relance — mise en demeure du 1er octobre 2026 restée sans effet".into(),
        // The first letter: date, number, receipt.
        "Par lettre recommandée envoyée le 1er octobre 2026 sous le numéro 1A 234 567 8901 2, je vous ai mis en demeure".into(),
        "Ce courrier vous a été remis le 3 octobre 2026".into(),
        // The period granted and its end without removal.
        "Il vous accordait un délai de 15 jours pour agir. Ce délai a expiré le 18 octobre 2026 sans que ces contenus aient été retirés".into(),
        // Issue 22.9: their presence dated by a capture, not « à ce jour ».
        "le 20 novembre 2026, ils étaient toujours accessibles (capture jointe)".into(),
        // The renewed demand and its new period.
        "dans un nouveau délai de 8 jours à compter de la réception de la présente".into(),
        "saisir la juridiction compétente".into(),
        "sous toutes réserves de mes droits".into(),
        "Pièces jointes :".into(),
        "Copie de mon courrier du 1er octobre 2026".into(),
        "Preuve de dépôt de la lettre recommandée n° 1A 234 567 8901 2".into(),
        "Avis de réception du 3 octobre 2026".into(),
        "Capture de l'avis du 20 novembre 2026, toujours en ligne".into(),
    ]);
    assert_contains_all("follow-up", &body, &needles.iter().map(String::as_str).collect::<Vec<_>>());
    assert_no_money("follow-up", &raw);
    // Issue 22.9 and 22.10: no unchecked « à ce jour », no sentence that reads as a waiver.
    assert!(!body.contains("à ce jour") && !body.contains("rien d'autre que ce retrait"), "{body}");
    // A follow-up stored under the third wording regenerates with the words it was sent with.
    let v3 = save(dir.path(), "follow_up_v3.pdf", &render(&LetterData::FollowUp(f.clone()), &LetterOptions { wording: 3, ..Default::default() }));
    let old = body_text(&v3, HEADER);
    assert!(old.contains("ils restent accessibles à ce jour") && old.contains("rien d'autre que ce retrait"), "{old}");

    // After a host notice: the wording names the notification, not a formal notice.
    let host = FollowUp { follows: LetterKind::HostNotice, first_registered_number: None, first_received_on: None, ..f };
    let pdf = pdf_of(dir.path(), "follow_up_host.pdf", &LetterData::FollowUp(host));
    let body = body_text(&pdf, HEADER);
    assert_contains_all("follow-up after a host notice", &body, &[
        "Objet : Relance — notification de contenu illicite du 1er octobre 2026 restée sans effet",
        "en votre qualité d'hébergeur", "article 16 du règlement (UE) 2022/2065",
        "le 20 novembre 2026, ils étaient toujours accessibles",
    ]);
    // Issue 22.9: the DSA notice set no period, so the follow-up of a notice mentions none.
    assert!(!body.contains("Il vous accordait un délai"), "{body}");
    assert!(!body.contains("mis en demeure") && !body.contains("remis le") && !body.contains("Preuve de dépôt"), "{body}");
    assert_no_money("follow-up after a host notice", &body);
}

#[test]
fn follow_up_check_says_what_is_missing_in_french() {
    let ok = LetterData::FollowUp(follow_up());
    assert!(ok.check().is_ok());
    assert!(LetterKind::FollowUp.always_registered());
    assert_eq!(LetterKind::FollowUp.label(), "Relance");
    assert_eq!(LetterKind::FollowUp.as_str(), "follow_up");
    assert_eq!(export_warnings(LetterKind::FollowUp), &[PRESS_CLOCK_WARNING, NO_LAWYER_NEEDED_FOR_LETTERS]);

    let bad = FollowUp {
        follows: LetterKind::ErasureRequest,
        facts: vec![],
        new_period_days: 5,
        press_clock_acknowledged: false,
        still_online_on: Some(d(2026, 10, 18)),
        ..follow_up()
    };
    let err = LetterData::FollowUp(bad).check().unwrap_err();
    for field in ["follows", "facts", "new_period_days", "press_clock_acknowledged", "still_online_on"] {
        assert!(err.has(field), "{field} not reported: {err:?}");
    }
    let text = format!("{err:?}");
    assert!(text.contains("entre 8 et 30 jours") && text.contains("mise en demeure ou à une notification"), "{text}");
    for days in [8, 30] {
        assert!(LetterData::FollowUp(FollowUp { new_period_days: days, ..follow_up() }).check().is_ok(), "{days} days refused");
    }
    assert!(LetterData::FollowUp(FollowUp { new_period_days: 31, ..follow_up() }).check().unwrap_err().has("new_period_days"));
    let fact = ContentFact { quoted_words: " ".into(), ..two_facts().remove(0) };
    assert!(LetterData::FollowUp(FollowUp { facts: vec![fact], ..follow_up() }).check().unwrap_err().has("facts"));

    // Stored as JSON like every letter row, and read back the same.
    let json = serde_json::to_string(&ok).unwrap();
    assert!(json.contains(r#""kind":"follow_up""#) && json.contains(r#""follows":"formal_notice""#), "{json}");
    assert_eq!(serde_json::from_str::<LetterData>(&json).unwrap(), ok);
}

#[test]
fn an_inventory_stored_under_the_fourth_wording_renders_as_it_was() {
    // The PDF of a stored letter regenerates identically: wording 4 keeps its own template.
    let text = |wording: u32| {
        let opts = LetterOptions { wording, ..Default::default() };
        let letter = compose(&inventory(), &doctor(), &publisher(), d(2026, 12, 1), &opts).unwrap();
        format!("{}\n{:?}", letter.object, letter.body)
    };
    assert!(text(4).contains("Inventaire des captures") && text(4).contains("calculée au moment de la capture"), "{}", text(4));
    assert!(text(CURRENT_WORDING).contains("Bordereau des pièces") && !text(CURRENT_WORDING).contains("calculée au moment de la capture"));
}

#[test]
fn the_erasure_request_says_article_14_was_not_honoured_only_when_the_doctor_says_so() {
    // Issue 22, point 12: asked, then written only on the doctor's word.
    let text = |not_informed: bool, wording: u32| {
        let mut data = erasure();
        if let LetterData::ErasureRequest(e) = &mut data {
            e.not_informed = not_informed;
        }
        let opts = LetterOptions { wording, ..Default::default() };
        format!("{:?}", compose(&data, &doctor(), &publisher(), d(2026, 12, 1), &opts).unwrap().body)
    };
    assert!(text(true, CURRENT_WORDING).contains("article 14 du RGPD"));
    let silent = text(false, CURRENT_WORDING);
    assert!(!silent.contains("article 14") && silent.contains("la fiche a été créée sans mon accord"), "{silent}");
    // A letter stored under wording 5 regenerates as it was written.
    assert!(text(false, 5).contains("article 14 du RGPD"));
}

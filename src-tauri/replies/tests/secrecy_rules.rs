//! The guard's tricky rules, one by one: offsets on accented text, inflections and accents,
//! the practice's own contact details, identifiers, dates, and generic sentences that must pass.

use erm_replies::{check_reply, Category, Finding, GuardContext, Severity};

fn ctx() -> GuardContext {
    GuardContext {
        phones: vec!["01 23 45 67 89".into(), "+33 6 11 22 33 44".into()],
        emails: vec!["Contact@Cabinet-Dupre.fr".into()],
        websites: vec!["cabinet-dupre.fr".into()],
        practitioner_names: vec!["Hélène Dupré".into()],
        reviewer: Some("Kévin L.".into()),
    }
}

fn check(text: &str) -> Vec<Finding> {
    check_reply(text, &ctx())
}

fn categories(text: &str) -> Vec<Category> {
    check(text).into_iter().map(|f| f.category).collect()
}

fn blocks(text: &str) -> Vec<Finding> {
    check(text).into_iter().filter(|f| f.severity == Severity::Block).collect()
}

#[test]
fn spans_are_char_boundaries_of_the_original_text() {
    let text = "Élodie, « ŒDÈME » : vos résultats d’ÉCHOGRAPHIE du 12 février étaient bons ; DIABÈTE.";
    let findings = check(text);
    println!("{findings:#?}");
    assert!(!findings.is_empty());
    for f in &findings {
        assert!(text.is_char_boundary(f.start) && text.is_char_boundary(f.end), "{f:?}");
        assert_eq!(&text[f.start..f.end], f.matched);
    }
    let matched: Vec<&str> = findings.iter().map(|f| f.matched.as_str()).collect();
    assert!(matched.contains(&"DIABÈTE"), "{matched:?}");
    assert!(matched.contains(&"ÉCHOGRAPHIE"), "{matched:?}");
    assert!(matched.contains(&"12 février"), "{matched:?}");
    assert!(matched.iter().any(|m| m.starts_with("vos résultats")), "{matched:?}");
}

#[test]
fn accents_case_inflections_and_hyphens() {
    for (text, cat) in [
        ("Le DIABÈTE est bien équilibré.", Category::Diagnosis),
        ("Un patient diabétique doit être suivi.", Category::Diagnosis),
        ("les diabètes de type 1", Category::Diagnosis),
        // one span, one finding: the first category in Category order (mental health) is kept
        ("Vos anti-dépresseurs sont renouvelés.", Category::MentalHealth),
        ("Vos antidépresseurs sont renouvelés.", Category::MentalHealth),
        ("des anti dépresseurs", Category::MentalHealth),
        ("Les ANTIBIOTIQUES étaient nécessaires.", Category::Treatment),
        ("une crise d\u{2019}angoisse", Category::MentalHealth),
        ("Votre diabette", Category::Diagnosis),
        ("vos radiograhies", Category::Examination),
    ] {
        assert!(categories(text).contains(&cat), "{text}: {:?}", check(text));
    }
}

#[test]
fn the_practice_own_contact_details_pass_and_others_are_blocked() {
    for own in [
        "Contactez le cabinet au 01 23 45 67 89.",
        "Contactez le cabinet au 01.23.45.67.89 ou au 0611223344.",
        "Écrivez à contact@cabinet-dupre.fr ou consultez www.cabinet-dupre.fr.",
        "Le Dr Hélène Dupré vous remercie.",
    ] {
        assert!(check(own).is_empty(), "{own}: {:?}", check(own));
    }
    let f = check("Appelez le 06 98 76 54 32 ou le +33 7 12 34 56 78.");
    let phones: Vec<&str> = f.iter().filter(|f| f.category == Category::Phone).map(|f| f.matched.as_str()).collect();
    assert_eq!(phones, vec!["06 98 76 54 32", "+33 7 12 34 56 78"]);
    assert!(f.iter().all(|f| f.severity == Severity::Block));
    let f = check("Écrivez à jean.martin@gmail.com.");
    assert_eq!(f.len(), 1);
    assert_eq!((f[0].category, f[0].matched.as_str()), (Category::Email, "jean.martin@gmail.com"));
}

#[test]
fn social_security_numbers_are_blocked() {
    for text in ["Votre numéro 1 85 05 78 006 084 36 est noté.", "NIR : 285057800608436", "2850578006084"] {
        let f = blocks(text);
        assert!(f.iter().any(|f| f.category == Category::SocialSecurityNumber), "{text}: {f:?}");
    }
}

#[test]
fn visit_dates_and_times_are_blocked_but_opening_hours_pass() {
    for (text, matched) in [
        ("Le 12 mars, l'attente était longue.", "12 mars"),
        ("Le rendez-vous du 12/03/2024 a été décalé.", "12/03/2024"),
        ("Mardi dernier à 10h, la salle était pleine.", "Mardi dernier"),
        ("Mardi dernier à 10h, la salle était pleine.", "10h"),
        ("Le 05.09.2024 à 9 h 30", "9 h 30"),
        ("Hier, le médecin était en retard.", "Hier"),
        ("Il y a trois semaines, le cabinet était fermé.", "Il y a trois semaines"),
        ("vers 14:45", "14:45"),
        ("Né le 3 mai 1980, vous…", "3 mai 1980"),
    ] {
        let f = blocks(text);
        assert!(f.iter().any(|f| f.matched == matched), "{text} → {matched}: {f:?}");
    }
    let birth = blocks("Né le 3 mai 1980.");
    assert!(birth.iter().any(|f| f.category == Category::BirthDate), "{birth:?}");
    for generic in [
        "Le cabinet est ouvert du lundi au vendredi de 8h à 19h.",
        "Le secrétariat répond dès 8h et jusqu'à 18h30, entre 12h et 14h il est fermé.",
        "La permanence commence à partir de 8h30 ; le cabinet est fermé le samedi après-midi.",
        "Le lundi matin, les demandes sont nombreuses.",
    ] {
        assert!(check(generic).is_empty(), "{generic}: {:?}", check(generic));
    }
}

#[test]
fn generic_care_words_pass_but_personal_ones_block() {
    for generic in [
        "La qualité des soins et la prise en charge des patients sont notre priorité.",
        "Le secret médical nous interdit d'en dire plus.",
        "Les consultations durent en moyenne vingt minutes ; le temps de consultation est adapté.",
        "Nous vous invitons à nous contacter pour convenir d'un rendez-vous.",
        "Nous vous proposons de contacter le cabinet afin de convenir si nécessaire d'un nouveau rendez-vous.",
        "Merci de tout cœur pour votre message, remis en main propre à l'équipe.",
        "Au sein du cabinet, chaque demande est examinée.",
        "Une facture détaillée peut être remise sur demande.",
    ] {
        assert!(check(generic).is_empty(), "{generic}: {:?}", check(generic));
    }
    for (personal, cat) in [
        ("Lors de votre consultation, tout a été expliqué.", Category::CareRelationship),
        ("Votre dernière consultation remonte à loin.", Category::CareRelationship),
        ("Vous êtes venue sans rendez-vous.", Category::CareRelationship),
        ("Je me souviens de vous.", Category::CareRelationship),
        ("Votre dossier est complet.", Category::CareRelationship),
        ("Vous n'êtes jamais venu au cabinet.", Category::CareRelationship),
        ("Votre fils que j'ai vu allait bien.", Category::ThirdParty),
        ("Vous avez fait un examen inutile.", Category::Examination),
        ("Le scanner que vous avez passé était normal.", Category::Examination),
        ("La douleur au genou est fréquente.", Category::Procedure),
    ] {
        let f = blocks(personal);
        assert!(f.iter().any(|f| f.category == cat), "{personal}: {f:?}");
    }
    let care = check("Nous regrettons que vous n'ayez pas bien vécu votre prise en charge.");
    assert_eq!(care.len(), 1, "{care:?}");
    assert_eq!((care[0].category, care[0].severity), (Category::CareRelationship, Severity::Warn));
}

#[test]
fn names_after_a_civility_block_other_names_warn_and_practitioners_pass() {
    let f = check("Bonjour Madame Lefèvre, merci Kévin. Le Dr Hélène Dupré et Sophie vous remercient.");
    let names: Vec<(&str, Severity)> =
        f.iter().filter(|f| f.category == Category::PersonalName).map(|f| (f.matched.as_str(), f.severity)).collect();
    // A surname after "Madame" names the patient publicly (issue 13); a first name alone or
    // the pseudonym is for the doctor to judge.
    assert_eq!(names, vec![("Lefèvre", Severity::Block), ("Kévin", Severity::Warn), ("Sophie", Severity::Warn)], "{f:?}");
    for text in ["Monsieur Garnier-Lopez, merci.", "Bonjour M. Da Silva.", "Chère Mme Benali, merci."] {
        assert!(blocks(text).iter().any(|f| f.category == Category::PersonalName), "{text}: {:?}", check(text));
    }
    // a colleague after "Dr" warns only
    let f = check("Le Dr Martin assurera les consultations en août.");
    assert!(f.iter().all(|f| f.severity == Severity::Warn), "{f:?}");
    let text = "Bonjour Madame, Monsieur. Claire et nette, notre règle est simple.";
    assert!(check(text).is_empty(), "{:?}", check(text));
}

#[test]
fn advertising_and_tone_warn_and_booking_links_block() {
    for (text, cat) in [
        ("Nous sommes le meilleur cabinet du quartier.", Category::Advertising),
        ("Prenez rendez-vous en ligne !", Category::Advertising),
        ("Contrairement à d'autres médecins, nous prenons le temps.", Category::Advertising),
        ("Nos tarifs sont imbattables.", Category::Advertising),
        ("Votre avis est mensonger.", Category::Tone),
        ("Nous allons porter plainte.", Category::Tone),
        ("C'EST VRAIMENT N'IMPORTE QUOI CET AVIS", Category::Tone),
    ] {
        let f = check(text);
        assert!(f.iter().any(|f| f.category == cat && f.severity == Severity::Warn), "{text}: {f:?}");
    }
    let f = check("Réservez sur https://www.doctolib.fr/medecin/paris/dupre.");
    let link = f.iter().find(|f| f.matched == "https://www.doctolib.fr/medecin/paris/dupre").expect("link found");
    assert_eq!((link.category, link.severity), (Category::Advertising, Severity::Block));
}

#[test]
fn findings_serialise_for_the_interface() {
    let f = check("Votre IRM");
    let json = serde_json::to_value(&f).unwrap();
    assert_eq!(json[0]["category"], "examination");
    assert_eq!(json[0]["severity"], "block");
    assert!(json[0]["explanation"].as_str().unwrap().contains("examen"));
}

#[test]
fn a_sentence_about_the_reader_that_tells_the_visit_blocks_without_a_medical_word() {
    for text in [
        "Je vous ai examinée pendant vingt minutes.",
        "Vous avez annulé deux fois sans prévenir.",
        "Vous aviez perdu du poids depuis l'hiver.",
        "je me suis déplacé chez vous un dimanche",
        "Votre AT a été fait pour trois jours.",
        "Cela fait douze ans que vous venez au cabinet.",
        "vous etes venue sans rdv et on vous a prise quand meme",
        "Avec vos béquilles, l'escalier était difficile.",
    ] {
        let f = blocks(text);
        assert!(!f.is_empty(), "{text}: {:?}", check(text));
        assert!(f.iter().all(|f| f.explanation.starts_with("Cette phrase parle")), "{text}: {f:?}");
    }
}

#[test]
fn the_known_moves_of_a_reply_pass_even_when_they_speak_to_the_reader() {
    for text in [
        "Nous vous remercions d'avoir pris le temps de partager votre avis.",
        "Nous comprenons que vous ayez été déçu par l'accueil téléphonique.",
        "Nous regrettons que l'attente vous ait paru longue.",
        "Vous pouvez joindre le cabinet au 01 23 45 67 89 si vous le souhaitez.",
        "Nous avons pris note de vos remarques et vous en remercions.",
        "Nous prenons acte de votre mécontentement.",
        "Le cabinet est surpris par ce commentaire.",
    ] {
        assert!(blocks(text).is_empty(), "{text}: {:?}", check(text));
    }
}

#[test]
fn general_statements_and_announcements_do_not_block() {
    for text in [
        "Le cabinet accueille les patients atteints de maladies chroniques sur des créneaux dédiés.",
        "En règle générale, un arrêt de travail n'est pas délivré sans consultation.",
        "Le cabinet sera fermé du 5 au 16 août pour travaux.",
        "Les nouveaux horaires s'appliqueront à partir du 2 septembre.",
        "Depuis la loi du 4 mars 2002, chacun peut accéder à son dossier.",
        "Pour prendre rendez-vous, appelez le secrétariat ou utilisez la plateforme en ligne.",
        "Le cabinet accepte de nouveaux patients ; les meilleurs délais sont proposés aux urgences.",
    ] {
        assert!(check(text).is_empty(), "{text}: {:?}", check(text));
    }
    // a past day is not an announcement
    assert!(!blocks("Le 05/09 à 9h15, le cabinet était ouvert.").is_empty());
}

#[test]
fn template_placeholders_in_brackets_raise_nothing_by_themselves() {
    for text in [
        "Depuis, le cabinet a [mesure prise] afin que cela ne se reproduise pas.",
        "Bonjour [prénom], merci pour votre message.",
        "[décrire la mesure : nouveau planning, rappel des patients la veille]",
    ] {
        assert!(check(text).is_empty(), "{text}: {:?}", check(text));
    }
    assert!(!blocks("[appelez le 06 12 34 56 78]").is_empty(), "a phone number inside brackets still blocks");
}

#[test]
fn denials_and_narrated_third_persons_block_whatever_the_sentence() {
    // Issue 23: "dans nos fichiers", "avec ma secrétaire" read as general; the denial does not.
    let ctx = erm_replies::GuardContext::default();
    for text in [
        "Aucune patiente de ce nom n'a été reçue au cabinet.",
        "Cette personne n'a jamais consulté ici, nous l'affirmons.",
        "Ce monsieur s'est montré désagréable avec toute l'équipe du cabinet.",
        "Nous n'avons aucun dossier à ce nom dans nos fichiers.",
    ] {
        let blocks = erm_replies::check_reply(text, &ctx).iter().any(|f| f.severity == erm_replies::Severity::Block);
        assert!(blocks, "{text}");
    }
    let hours = erm_replies::check_reply("Le cabinet est ouvert lun-ven 8h30-19h et le samedi 9h-12h.", &ctx);
    assert!(hours.iter().all(|f| f.severity != erm_replies::Severity::Block), "{hours:?}");
}

//! The French texts the guard shows beside each highlighted passage: a label per category, and
//! an explanation and a suggestion per category or, for a few precise cases, per [`Note`].

use super::finding::{Anchor, Category, Note, Severity};

impl Category {
    /// A short French label for the findings list.
    pub fn label(self) -> &'static str {
        match self {
            Self::CareRelationship => "Relation de soin",
            Self::VisitDate => "Date ou heure de venue",
            Self::BirthDate => "Date de naissance ou âge",
            Self::SocialSecurityNumber => "Numéro de sécurité sociale",
            Self::Phone => "Numéro de téléphone",
            Self::Email => "Adresse électronique",
            Self::Pregnancy => "Grossesse",
            Self::MentalHealth => "Santé mentale",
            Self::SickNote => "Arrêt de travail, certificat",
            Self::Diagnosis => "Maladie, symptôme",
            Self::Treatment => "Traitement, médicament",
            Self::Examination => "Examen, résultat",
            Self::Procedure => "Acte, partie du corps",
            Self::ThirdParty => "Proche ou tiers",
            Self::PersonalName => "Nom de personne",
            Self::Advertising => "Publicité",
            Self::Tone => "Ton",
        }
    }
}

/// (explanation, suggestion) for a finding, said in terms of whom its sentence is about.
pub fn texts_for(category: Category, note: Option<Note>, anchor: Anchor, severity: Severity) -> (String, String) {
    let (explanation, suggestion) = texts(category, note);
    let secrecy = category.is_health() || matches!(category, Category::CareRelationship | Category::VisitDate | Category::ThirdParty);
    let lead = match (anchor, note) {
        _ if !secrecy => None,
        (_, Some(Note::Narration | Note::General | Note::CivilityName | Note::Pseudonym | Note::Particular)) => None,
        (Anchor::Reader, _) if severity == Severity::Block => {
            Some("Cette phrase parle de la personne qui a écrit l'avis et de ses soins.")
        }
        (Anchor::Third, _) if severity == Severity::Block => Some("Cette phrase parle d'un proche ou d'une autre personne que le cabinet connaît."),
        _ => None,
    };
    match lead {
        Some(lead) => (format!("{lead} {explanation}"), suggestion.to_owned()),
        None => (explanation.to_owned(), suggestion.to_owned()),
    }
}

/// (explanation, suggestion) for a finding.
pub fn texts(category: Category, note: Option<Note>) -> (&'static str, &'static str) {
    match note {
        Some(Note::YourCare) => {
            return (
                "Ce passage (« votre prise en charge », « votre fidélité »…) laisse entendre que cette personne est patiente du cabinet ; c'est courant dans les modèles de réponse, mais à vous de juger.",
                "Parlez de la prise en charge des patients en général, ou invitez simplement à contacter le cabinet.",
            )
        }
        Some(Note::Pseudonym) => {
            return (
                "Le pseudonyme de l'auteur de l'avis, repris dans une réponse du cabinet, rattache publiquement cette personne au cabinet.",
                "Commencez par « Bonjour » ou « Madame, Monsieur » sans nommer l'auteur.",
            )
        }
        Some(Note::BookingLink) => {
            return (
                "Un lien vers une plateforme de prise de rendez-vous transforme la réponse en sollicitation de patientèle, interdite par le code de déontologie.",
                "Retirez le lien ; indiquez seulement le téléphone ou l'adresse électronique du cabinet.",
            )
        }
        Some(Note::OtherLink) => {
            return (
                "Un lien vers un autre site que celui du cabinet n'a pas sa place dans une réponse publique et peut passer pour de la publicité.",
                "Retirez le lien ou remplacez-le par les coordonnées professionnelles du cabinet.",
            )
        }
        Some(Note::Narration) => {
            return (
                "Cette phrase parle de la personne qui a écrit l'avis et raconte ce qui s'est passé avec le cabinet (venue, examen, ordonnance, annulation, suivi, durée du suivi) : même sans terme médical, elle confirme publiquement que cette personne a été soignée ici, ce que couvre le secret médical.",
                "Retirez le récit ; parlez de l'organisation du cabinet en général (« les rendez-vous annulés… », « le cabinet veille à… ») et invitez la personne à contacter le cabinet.",
            )
        }
        Some(Note::CivilityName) => {
            return (
                "Un nom après « Madame » ou « Monsieur » désigne publiquement la personne, et la rattache au cabinet comme patiente.",
                "Écrivez « Madame, Monsieur » ou « Bonjour » sans nom.",
            )
        }
        Some(Note::General) => {
            return (
                "Cette phrase parle des patients en général ou du fonctionnement du cabinet, pas de la personne qui a écrit l'avis : ce n'est pas bloquant. Vérifiez seulement qu'elle ne laisse pas deviner la situation de cette personne.",
                "Gardez la tournure générale (« les patients », « le cabinet ») et ne la rapprochez pas de l'avis.",
            )
        }
        Some(Note::Particular) => {
            return (
                "Ce passage dit si une personne précise a été reçue ou non au cabinet, ou raconte ce qu'elle a fait : nier qu'elle soit patiente est une atteinte au secret médical autant que le confirmer, et « cette personne », « ce monsieur » désignent l'auteur de l'avis.",
                "Ne dites ni qu'elle est patiente ni qu'elle ne l'est pas ; écrivez par exemple « Le secret médical ne nous permet pas de répondre sur une situation particulière » et invitez à contacter le cabinet.",
            )
        }
        Some(Note::Shouting) => {
            return (
                "Les majuscules ou les points d'exclamation répétés se lisent comme un cri ; les futurs patients lisent aussi la réponse.",
                "Écrivez en minuscules, avec une ponctuation sobre.",
            )
        }
        None => {}
    }
    match category {
        Category::CareRelationship => (
            "Ce passage confirme (ou dément) que cette personne a été reçue au cabinet : c'est déjà une information couverte par le secret médical.",
            "Parlez du fonctionnement du cabinet en général, sans évoquer de venue, de consultation ni de dossier de cette personne.",
        ),
        Category::VisitDate => (
            "Une date ou une heure précise situe une venue au cabinet et identifie la personne.",
            "Retirez la date ou l'heure ; décrivez l'organisation habituelle du cabinet (horaires, urgences).",
        ),
        Category::BirthDate => (
            "Une date de naissance ou un âge permet d'identifier la personne.",
            "Retirez cette information.",
        ),
        Category::SocialSecurityNumber => (
            "Un numéro de sécurité sociale est une donnée d'identification protégée ; il ne doit jamais apparaître en public.",
            "Supprimez ce numéro.",
        ),
        Category::Phone => (
            "Ce numéro n'est pas celui du cabinet : un numéro personnel ou celui d'un tiers ne doit pas être publié.",
            "N'indiquez que le numéro professionnel du cabinet, tel qu'il figure dans le profil.",
        ),
        Category::Email => (
            "Cette adresse n'est pas celle du cabinet : une adresse personnelle ou celle d'un tiers ne doit pas être publiée.",
            "N'indiquez que l'adresse électronique professionnelle du cabinet.",
        ),
        Category::Pregnancy => (
            "Une grossesse, un accouchement ou une démarche de procréation est une donnée de santé couverte par le secret médical.",
            "Retirez toute allusion à la situation de la personne ; proposez d'en parler directement avec le cabinet.",
        ),
        Category::MentalHealth => (
            "Une allusion à la santé mentale (trouble, souffrance, addiction, suivi psychologique) est une donnée de santé particulièrement sensible.",
            "Retirez ce passage ; proposez un échange direct et confidentiel avec le cabinet.",
        ),
        Category::SickNote => (
            "Un arrêt de travail ou un certificat révèle la situation médicale ou administrative de la personne.",
            "Retirez ce passage ; si besoin, rappelez la règle générale sans parler de cette personne.",
        ),
        Category::Diagnosis => (
            "Une maladie, un symptôme ou un état de santé relève du secret médical, même si l'auteur de l'avis l'a lui-même mentionné.",
            "Ne parlez pas de l'état de santé de la personne ; proposez d'en discuter directement avec le cabinet.",
        ),
        Category::Treatment => (
            "Un traitement ou un médicament révèle des soins et l'état de santé de la personne.",
            "Retirez ce passage ; les questions de traitement se discutent avec le cabinet, pas en public.",
        ),
        Category::Examination => (
            "Un examen ou un résultat révèle des soins et l'état de santé de la personne.",
            "Retirez ce passage ; proposez d'aborder les résultats directement avec le cabinet.",
        ),
        Category::Procedure => (
            "Un acte médical ou une partie du corps évoquée dans un contexte de soins décrit ce qui a été fait à la personne.",
            "Retirez la description des soins ; restez sur l'organisation générale du cabinet.",
        ),
        Category::ThirdParty => (
            "Évoquer un proche ou un tiers (enfant, conjoint, accompagnant, autre soignant) révèle des informations sur d'autres personnes.",
            "Ne mentionnez aucun proche ni aucun tiers.",
        ),
        Category::PersonalName => (
            "Un nom de personne dans une réponse publique identifie quelqu'un et le rattache au cabinet.",
            "Retirez le nom ; une formule générale (« Madame, Monsieur ») suffit.",
        ),
        Category::Advertising => (
            "Le code de déontologie interdit de faire de la réponse une publicité : superlatifs, comparaison avec des confrères, sollicitation de patients, prix présentés comme attractifs.",
            "Restez factuel et neutre ; une simple invitation à contacter le cabinet suffit.",
        ),
        Category::Tone => (
            "Un ton agressif, ironique ou menaçant (y compris l'annonce de poursuites) risque de déconsidérer la profession, ce que le code de déontologie interdit (article R.4127-31 du code de la santé publique) ; les futurs patients liront la réponse.",
            "Reformulez avec courtoisie ; si l'avis vous paraît illicite, passez plutôt par le signalement ou le dossier, sans l'annoncer en public. Ne pas répondre est aussi possible.",
        ),
    }
}

#[cfg(test)]
mod tests {

    #[test]
    fn the_tone_warning_cites_the_rule_on_conduct_towards_the_public_not_confraternity() {
        let (why, _) = super::texts(super::Category::Tone, None);
        assert!(why.contains("R.4127-31"), "{why}");
        assert!(!why.contains("confraternité") && !why.contains("R.4127-56"), "{why}");
    }

    use super::*;

    #[test]
    fn every_category_has_french_texts() {
        for c in Category::ALL {
            let (e, s) = texts(c, None);
            assert!(e.ends_with('.') && s.ends_with('.'), "{c:?}");
            assert!(!c.label().is_empty());
            assert_eq!(Category::parse(c.as_str()), Some(c));
        }
        for note in [Note::YourCare, Note::Pseudonym, Note::BookingLink, Note::OtherLink, Note::Shouting, Note::Narration, Note::CivilityName, Note::General, Note::Particular] {
            let (e, s) = texts(Category::CareRelationship, Some(note));
            assert!(e.ends_with('.') && s.ends_with('.'), "{note:?}");
        }
    }

    #[test]
    fn blocking_findings_say_whom_the_sentence_is_about() {
        let (e, _) = texts_for(Category::Diagnosis, None, Anchor::Reader, Severity::Block);
        assert!(e.starts_with("Cette phrase parle de la personne qui a écrit l'avis"), "{e}");
        let (e, _) = texts_for(Category::ThirdParty, None, Anchor::Third, Severity::Block);
        assert!(e.starts_with("Cette phrase parle d'un proche"), "{e}");
        let (e, _) = texts_for(Category::Diagnosis, Some(Note::General), Anchor::General, Severity::Warn);
        assert!(e.starts_with("Cette phrase parle des patients en général"), "{e}");
        let (e, _) = texts_for(Category::Advertising, None, Anchor::Reader, Severity::Warn);
        assert!(!e.starts_with("Cette phrase"), "{e}");
    }
}

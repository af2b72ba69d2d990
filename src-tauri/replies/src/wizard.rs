//! The reply wizard as data for the interface: its ordered steps (after the practice guide's
//! advice) and the grounds that may make a review illicit, each explained in one plain sentence.
//! Texts are ours; the grounds and their sentences come from the review domain so that the
//! wizard and the case file say the same thing.

use serde::Serialize;

use erm_domain::review::qualification::Ground;

/// One step of the wizard.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct WizardStep {
    pub id: &'static str,
    pub title: &'static str,
    pub explanation: &'static str,
}

const STEPS: [WizardStep; 9] = [
    WizardStep {
        id: "qualify",
        title: "L'avis est-il licite ?",
        explanation: "Avant toute réponse, vérifiez si l'avis contient des propos qui pourraient être illicites (injure, diffamation, dénigrement…). Si c'est le cas, mettez l'avis en dossier en citant chaque propos contesté : vous pourrez le signaler à la plateforme ou engager d'autres démarches. Répondre publiquement reste alors votre choix : ne pas répondre en est un, une réponse brève et courtoise, sans évoquer la procédure ni menacer l'auteur, en est un autre.",
    },
    WizardStep {
        id: "decide",
        title: "Répondre ou ne pas répondre",
        explanation: "Ne pas répondre est un choix légitime, qui sera noté. Une réponse s'adresse surtout aux futurs lecteurs : elle doit rester courte, courtoise et générale.",
    },
    WizardStep {
        id: "situation",
        title: "Choisir la situation",
        explanation: "Soins, consultation jugée trop courte, attente, accueil, difficulté à joindre le cabinet, honoraires, locaux ou avis positif : le modèle correspondant sert de point de départ.",
    },
    WizardStep {
        id: "thank",
        title: "Remercier",
        explanation: "Commencez par remercier l'auteur d'avoir pris le temps de donner son avis, sans le nommer.",
    },
    WizardStep {
        id: "acknowledge",
        title: "Montrer que le reproche est compris",
        explanation: "Reformulez en termes généraux ce qui a déplu, sans rien confirmer de la venue ni des soins de la personne.",
    },
    WizardStep {
        id: "founded",
        title: "Reproche fondé ou non",
        explanation: "S'il est fondé, expliquez la cause en termes d'organisation et les mesures réellement prises ou envisagées : les modèles laissent ces mesures entre crochets, à compléter par vous. S'il ne l'est pas, dites simplement votre surprise, sans contester les faits point par point.",
    },
    WizardStep {
        id: "secrecy",
        title: "Rappeler le secret médical si besoin",
        explanation: "Si une réponse complète supposerait de parler de la santé ou de la prise en charge de quelqu'un, indiquez que le secret médical l'interdit.",
    },
    WizardStep {
        id: "contact",
        title: "Inviter à contacter le cabinet",
        explanation: "Proposez un échange direct par le téléphone ou l'adresse électronique professionnels du cabinet, pour trouver une solution en privé.",
    },
    WizardStep {
        id: "review",
        title: "Relire avec le garde-fou, puis copier",
        explanation: "Les passages à risque sont surlignés : corrigez chaque point bloquant ou confirmez-le explicitement. Complétez aussi chaque passage entre crochets : une réponse qui en contient encore ne peut pas être copiée. Copiez-la ensuite et collez-la sur la page de l'avis.",
    },
];

/// The wizard's steps, in order.
pub fn wizard_steps() -> &'static [WizardStep] {
    &STEPS
}

/// An illicit-content ground as the wizard shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct GroundInfo {
    pub ground: Ground,
    pub label: &'static str,
    pub explanation: &'static str,
    /// True for the six grounds of the practice guide's list; false for the two cases the
    /// platforms also accept (fake review, someone else's personal data).
    pub in_guide_list: bool,
}

/// The grounds, the guide's six first.
pub fn illicit_grounds() -> Vec<GroundInfo> {
    Ground::ALL
        .into_iter()
        .map(|g| GroundInfo {
            ground: g,
            label: g.label(),
            explanation: g.explanation(),
            in_guide_list: !matches!(g, Ground::FakeReview | Ground::PersonalData),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn steps_follow_the_guide_order_and_grounds_cover_its_list() {
        let ids: Vec<&str> = wizard_steps().iter().map(|s| s.id).collect();
        let pos = |id: &str| ids.iter().position(|i| *i == id).unwrap();
        assert!(pos("qualify") < pos("thank"));
        assert!(pos("thank") < pos("acknowledge") && pos("acknowledge") < pos("founded"));
        assert!(pos("founded") < pos("secrecy") && pos("secrecy") < pos("contact"));
        let qualify = wizard_steps()[0].explanation;
        assert!(!qualify.contains("ne répondez pas"), "silence is a choice, not the rule: {qualify}");
        assert!(qualify.contains("votre choix"));
        let grounds = illicit_grounds();
        assert_eq!(grounds.iter().filter(|g| g.in_guide_list).count(), 6);
        let json = serde_json::to_value(&grounds).unwrap();
        assert_eq!(json[0]["ground"], "insult");
        assert!(grounds.iter().all(|g| g.explanation.ends_with('.')));
    }
}

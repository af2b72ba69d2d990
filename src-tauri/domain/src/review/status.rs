//! Where a review stands in the doctor's inbox, and which moves are allowed.
//!
//! The guide's order is enforced here: a review is qualified (lawful or possibly illicit) before
//! anything else. Lawful → the doctor replies or deliberately leaves it unanswered; illicit → its
//! statements are quoted, ready for a case file (nothing has been reported nor any case opened
//! at that point, so the label says neither "signalé" nor "en dossier", issue 20). Replying is recorded with
//! `erm_store::reviews::set_reply`, which is the only way into [`ReviewStatus::Answered`].

use serde::{Deserialize, Serialize};

use super::qualification::QualificationKind;

crate::named_enum! {
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
    #[serde(rename_all = "snake_case")]
    pub enum ReviewStatus {
        /// Nouveau: recorded, not yet qualified or decided.
        New = "new" => "nouveau",
        /// À répondre: lawful, the doctor chose to reply.
        ToAnswer = "to_answer" => "à répondre",
        /// Répondu: a reply was published (text and date kept).
        Answered = "answered" => "répondu",
        /// Ignoré volontairement: lawful, the doctor chose not to reply (a legitimate choice).
        LeftAlone = "left_alone" => "ignoré volontairement",
        /// En dossier: possibly illicit, handled as a case (not yet reported to anyone).
        Escalated = "escalated" => "possiblement illicite (propos cités)",
    }
}

impl ReviewStatus {
    /// The moves the inbox offers from this status (qualification permitting).
    pub fn next_allowed(self) -> &'static [ReviewStatus] {
        use ReviewStatus::*;
        match self {
            New => &[ToAnswer, LeftAlone, Escalated],
            ToAnswer => &[Answered, LeftAlone, Escalated, New],
            // A published reply can be revised, or the review found illicit afterwards.
            Answered => &[ToAnswer, Escalated],
            // Not answering is revisable: the doctor may change their mind.
            LeftAlone => &[ToAnswer, Escalated, New],
            // Back to qualification when the case is dropped; or a reply published while the
            // case stays on file (silence is a choice, not the rule: issue 8, point 20).
            Escalated => &[New, Answered],
        }
    }
}

/// Checks a status change against the transition table and the qualification recorded so far.
/// The `Err` is a French sentence for the doctor.
pub fn check_transition(
    from: ReviewStatus,
    to: ReviewStatus,
    qualification: Option<QualificationKind>,
) -> Result<(), String> {
    if from == to {
        return Err(format!("L'avis est déjà « {} ».", to.label()));
    }
    if !from.next_allowed().contains(&to) {
        let allowed: Vec<String> = from.next_allowed().iter().map(|s| format!("« {} »", s.label())).collect();
        return Err(format!(
            "Un avis « {} » ne peut pas passer à « {} ». Statuts possibles : {}.",
            from.label(),
            to.label(),
            allowed.join(", ")
        ));
    }
    match to {
        // A review in a case file may still get a short public reply, if the doctor chooses to.
        ReviewStatus::Answered if from == ReviewStatus::Escalated && qualification == Some(QualificationKind::Illicit) => Ok(()),
        ReviewStatus::ToAnswer | ReviewStatus::LeftAlone | ReviewStatus::Answered
            if qualification != Some(QualificationKind::Lawful) =>
        {
            Err(match qualification {
                Some(QualificationKind::Illicit) => format!(
                    "Cet avis est qualifié de possiblement illicite : il ne peut pas être « {} ». \
                     Modifiez d'abord sa qualification si vous le jugez finalement licite.",
                    to.label()
                ),
                _ => format!(
                    "Qualifiez d'abord cet avis (licite ou possiblement illicite) avant de le passer à « {} ».",
                    to.label()
                ),
            })
        }
        ReviewStatus::Escalated if qualification != Some(QualificationKind::Illicit) => Err(
            "Pour signaler cet avis ou le mettre en dossier, qualifiez-le d'abord de possiblement illicite \
             en citant chaque propos contesté."
                .into(),
        ),
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use QualificationKind::*;
    use ReviewStatus::*;

    #[test]
    fn status_names_round_trip() {
        for s in ReviewStatus::ALL {
            assert_eq!(ReviewStatus::parse(s.as_str()), Some(s));
        }
        assert_eq!(ReviewStatus::parse("done"), None);
    }

    #[test]
    fn qualification_comes_first() {
        let err = check_transition(New, ToAnswer, None).unwrap_err();
        assert!(err.contains("Qualifiez d'abord"), "{err}");
        assert!(check_transition(New, ToAnswer, Some(Lawful)).is_ok());
        assert!(check_transition(New, LeftAlone, Some(Lawful)).is_ok());
        assert!(check_transition(New, Escalated, Some(Lawful)).is_err());
        assert!(check_transition(New, Escalated, Some(Illicit)).is_ok());
        assert!(check_transition(New, LeftAlone, Some(Illicit)).unwrap_err().contains("possiblement illicite"));
    }

    #[test]
    fn table_refuses_skipping_steps() {
        let err = check_transition(New, Answered, Some(Lawful)).unwrap_err();
        assert!(err.contains("ne peut pas passer à « répondu »"), "{err}");
        assert!(check_transition(Escalated, ToAnswer, Some(Lawful)).is_err());
        assert!(check_transition(Escalated, New, Some(Illicit)).is_ok());
        assert!(check_transition(LeftAlone, ToAnswer, Some(Lawful)).is_ok());
        assert_eq!(check_transition(New, New, None).unwrap_err(), "L'avis est déjà « nouveau ».");
    }

    #[test]
    fn the_case_file_status_does_not_claim_a_report() {
        // Issue 8, point 18: putting a review in a case file reports it to no one; issue 20:
        // qualifying it opens no case either.
        assert!(!Escalated.label().contains("signal"), "{}", Escalated.label());
        assert!(!Escalated.label().contains("dossier") && Escalated.label().contains("illicite"), "{}", Escalated.label());
    }

    #[test]
    fn a_review_in_a_case_file_may_still_be_answered() {
        // Issue 8, point 20: not replying is a choice offered, not a rule imposed.
        assert!(check_transition(Escalated, Answered, Some(Illicit)).is_ok());
        assert!(check_transition(Answered, Escalated, Some(Illicit)).is_ok(), "and back to the case file");
        assert!(check_transition(New, Answered, Some(Illicit)).is_err(), "qualification and case file come first");
    }
}

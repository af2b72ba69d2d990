//! The case state machine: which event may be recorded when, and the status the events imply.
//!
//! The status is a function of the accepted events ([`replay`]), so the store can recompute it
//! at any time; [`apply`] only decides whether one more event is acceptable. The ladder:
//!
//! | rung | status          | reached by                                   |
//! |------|-----------------|----------------------------------------------|
//! | 0    | open            | opening the case                             |
//! | 1    | reported        | report_made (the platform's own tool)        |
//! | 2    | host_notified   | host_notified (DSA art. 16 notice)           |
//! | 3    | formal_notice   | formal_notice_sent (author or publisher)     |
//! | 4    | in_court        | court_action_filed                           |
//! | —    | removed         | content_removed, or a `removed` decision     |
//! | —    | closed          | closed (with its outcome)                    |
//!
//! The status is the highest rung reached, never lower: a report made after a host notice does
//! not move the case back. Rungs may be skipped (a formal notice needs no prior report; a host
//! notice needs no prior letter to an unknown author). `removed` overrides the rung while the
//! content is gone; `closed` overrides everything.
//!
//! Preconditions, each refused with a French sentence:
//! - every date: not in the future, not before the earliest possible first publication;
//! - report_decided: a report (or an appeal of a report decision) awaiting its decision;
//! - appeal_made: the last decision recorded is « aucune infraction constatée », not yet appealed;
//! - host_decided: a host notice awaiting its decision;
//! - formal_notice_sent: period within 8–30 days; to the author only if an identified author
//!   party exists; never to the host (a host gets a notice, rung 2);
//! - formal_notice_received: a sent notice not yet received, received on or after its sending;
//! - follow_up_sent: a formal notice or a host notice to follow up;
//! - answer_received: the party answering was written to (host: host notice; author or
//!   publisher: a formal notice to them);
//! - report, notices, follow-ups and appeals: refused while the content is recorded as removed;
//! - content_removed: not when already removed; content_reappeared: only when removed;
//! - closed with outcome « décision de justice »: a court action must have been recorded.
//!
//! Closing with the outcome « contenu retiré » implies the removal; a court act may still be
//! recorded once the content is removed (damages), the status staying `removed`.
//!
//! A closed case accepts only `content_reappeared`, which reopens it (the same content back
//! online is the same case; its outcome is cleared and the status returns to the rung reached).
//! Evidence events (constat, lawyer) are accepted at any time while the case is not closed.

use chrono::NaiveDate;

use super::{CaseEvent, CaseFile, CaseStatus, Outcome, PartyRole, PlatformDecision};
use crate::deadline::FORMAL_NOTICE_DAYS_RANGE;
use crate::validation::Invalid;

/// Why an event was not applied.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ApplyError {
    /// Not allowed from the current state (French message naming both).
    #[error("{0}")]
    Refused(String),
    /// A proof field is missing or wrong.
    #[error("{0}")]
    Invalid(Invalid),
}

/// What a case becomes once an event is recorded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Transition {
    pub status: CaseStatus,
    /// Set by `Closed`, cleared by a reopening event.
    pub outcome: Option<Outcome>,
}

/// Which channel a platform decision answers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Forum {
    Report,
    Host,
}

/// One formal notice and what became of it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Notice {
    pub sent_on: NaiveDate,
    pub to: PartyRole,
    pub deadline_days: u32,
    pub received_on: Option<NaiveDate>,
    /// Day of the recipient's first answer after sending, if any.
    pub answered_on: Option<NaiveDate>,
}

/// The facts the events establish, folded in order. Shared by the machine, the clocks and the
/// next actions so they never disagree.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Ladder {
    /// 0 open … 4 in court (see the table above).
    pub rung: u8,
    /// The last report, or appeal of a report decision (what the next decision answers).
    pub last_report_on: Option<NaiveDate>,
    /// A report or an appeal of a report decision awaits the platform's decision.
    pub report_pending: bool,
    /// The last host notice, or appeal of a host decision.
    pub last_host_notice_on: Option<NaiveDate>,
    pub host_pending: bool,
    /// The last platform or host decision, and when it was made.
    pub last_decision: Option<(Forum, PlatformDecision, NaiveDate)>,
    /// Set when the last decision was appealed, or was itself the answer to an appeal: the
    /// platform's internal complaint is made once per forum (issue 20: the app offered to
    /// appeal again after the appeal was refused).
    pub appealed: bool,
    /// Forums whose decision was already appealed once.
    pub appealed_report: bool,
    pub appealed_host: bool,
    pub notices: Vec<Notice>,
    pub follow_ups: Vec<NaiveDate>,
    /// Answers received: who, complied, on.
    pub answers: Vec<(PartyRole, bool, NaiveDate)>,
    pub constat_ordered_on: Option<NaiveDate>,
    pub constat_done_on: Option<NaiveDate>,
    pub lawyer_consulted_on: Option<NaiveDate>,
    /// Every court act, in order (each one stops the clocks).
    pub court_actions_on: Vec<NaiveDate>,
    pub removed: bool,
    pub closed: Option<Outcome>,
}

impl Ladder {
    /// Folds `history` (oldest first) without checking it.
    pub fn from_history(history: &[CaseEvent]) -> Ladder {
        let mut l = Ladder::default();
        for e in history {
            l.push(e);
        }
        l
    }

    fn push(&mut self, event: &CaseEvent) {
        use CaseEvent as E;
        match event {
            E::ReportMade { on, .. } => {
                self.rung = self.rung.max(1);
                self.last_report_on = Some(*on);
                self.report_pending = true;
            }
            E::HostNotified { on, .. } => {
                self.rung = self.rung.max(2);
                self.last_host_notice_on = Some(*on);
                self.host_pending = true;
            }
            E::ReportDecided { on, decision, .. } | E::HostDecided { on, decision, .. } => {
                let forum = if matches!(event, E::ReportDecided { .. }) { Forum::Report } else { Forum::Host };
                match forum {
                    Forum::Report => self.report_pending = false,
                    Forum::Host => self.host_pending = false,
                }
                self.last_decision = Some((forum, *decision, *on));
                self.appealed = match forum {
                    Forum::Report => self.appealed_report,
                    Forum::Host => self.appealed_host,
                };
                // A platform that says it removed the content is taken at its word; a
                // restriction (masked in one country, demoted) leaves it online.
                if *decision == PlatformDecision::Removed {
                    self.removed = true;
                }
            }
            E::AppealMade { on, .. } => {
                self.appealed = true;
                match self.last_decision {
                    Some((Forum::Host, ..)) => {
                        self.appealed_host = true;
                        self.host_pending = true;
                        self.last_host_notice_on = Some(*on);
                    }
                    _ => {
                        self.appealed_report = true;
                        self.report_pending = true;
                        self.last_report_on = Some(*on);
                    }
                }
            }
            E::FormalNoticeSent { on, to, deadline_days, .. } => {
                self.rung = self.rung.max(3);
                self.notices.push(Notice { sent_on: *on, to: *to, deadline_days: *deadline_days, received_on: None, answered_on: None });
            }
            E::FormalNoticeReceived { on, .. } => {
                if let Some(i) = self.receivable(*on) {
                    self.notices[i].received_on = Some(*on);
                }
            }
            E::FollowUpSent { on, .. } => self.follow_ups.push(*on),
            E::AnswerReceived { on, from, complied, .. } => {
                self.answers.push((*from, *complied, *on));
                if let Some(n) = self.notices.iter_mut().rev().find(|n| n.to == *from && n.answered_on.is_none()) {
                    n.answered_on = Some(*on);
                }
            }
            E::ConstatOrdered { on, .. } => self.constat_ordered_on = Some(*on),
            E::ConstatDone { on, .. } => self.constat_done_on = Some(*on),
            E::LawyerConsulted { on, .. } => self.lawyer_consulted_on = Some(*on),
            E::CourtActionFiled { on, .. } => {
                self.rung = 4;
                self.court_actions_on.push(*on);
            }
            E::ContentRemoved { .. } => self.removed = true,
            E::ContentReappeared { .. } => {
                self.removed = false;
                self.closed = None;
            }
            E::Closed { outcome, .. } => {
                self.closed = Some(*outcome);
                if *outcome == Outcome::Removed {
                    self.removed = true;
                }
            }
        }
    }

    pub fn transition(&self) -> Transition {
        let status = if self.closed.is_some() {
            CaseStatus::Closed
        } else if self.removed {
            CaseStatus::Removed
        } else {
            [CaseStatus::Open, CaseStatus::Reported, CaseStatus::HostNotified, CaseStatus::FormalNotice, CaseStatus::InCourt][usize::from(self.rung.min(4))]
        };
        Transition { status, outcome: self.closed }
    }

    /// The formal notice sent and not yet received, if any (the earliest sent).
    pub fn notice_in_transit(&self) -> Option<&Notice> {
        self.notices.iter().filter(|n| n.received_on.is_none()).min_by_key(|n| n.sent_on)
    }

    /// The notice a receipt dated `on` belongs to: among those not yet received and sent on or
    /// before that day, the earliest sent. Matching by date, not by the order things were
    /// recorded in, keeps a receipt from landing on a notice sent after it (two notices recorded
    /// out of date order).
    fn receivable(&self, on: NaiveDate) -> Option<usize> {
        self.notices
            .iter()
            .enumerate()
            .filter(|(_, n)| n.received_on.is_none() && n.sent_on <= on)
            .min_by_key(|(_, n)| n.sent_on)
            .map(|(i, _)| i)
    }
}

/// The status and outcome `history` (oldest first) implies: what the store caches.
pub fn replay(history: &[CaseEvent]) -> Transition {
    Ladder::from_history(history).transition()
}

fn fr(d: NaiveDate) -> String {
    d.format("%d/%m/%Y").to_string()
}

fn refused(status: CaseStatus, what: &str, why: &str) -> ApplyError {
    ApplyError::Refused(format!("Impossible d'enregistrer « {what} » : le dossier est à l'état « {} ». {why}", status.label()))
}

/// The French name of an event, for messages.
pub fn event_label(event: &CaseEvent) -> &'static str {
    use CaseEvent as E;
    match event {
        E::ReportMade { .. } => "signalement à la plateforme",
        E::ReportDecided { .. } => "décision de la plateforme",
        E::AppealMade { .. } => "recours contre la décision",
        E::HostNotified { .. } => "notification à l'hébergeur",
        E::HostDecided { .. } => "décision de l'hébergeur",
        E::FormalNoticeSent { .. } => "mise en demeure envoyée",
        E::FormalNoticeReceived { .. } => "réception de la mise en demeure",
        E::FollowUpSent { .. } => "relance",
        E::AnswerReceived { .. } => "réponse reçue",
        E::ConstatOrdered { .. } => "constat commandé",
        E::ConstatDone { .. } => "constat réalisé",
        E::LawyerConsulted { .. } => "avocat consulté",
        E::CourtActionFiled { .. } => "action en justice",
        E::ContentRemoved { .. } => "contenu retiré",
        E::ContentReappeared { .. } => "contenu réapparu",
        E::Closed { .. } => "clôture du dossier",
    }
}

/// The proof fields on their own: dates and required texts.
fn check_proof(case: &CaseFile, event: &CaseEvent, today: NaiveDate) -> Result<(), Invalid> {
    use CaseEvent as E;
    let mut inv = Invalid::new();
    let on = event.occurred_on();
    if on > today {
        inv.push("occurred_on", format!("La date du {} est dans le futur.", fr(on)));
    }
    let earliest = case.first_publication.earliest();
    if on < earliest {
        inv.push("occurred_on", format!("La date du {} précède la première publication du contenu ({}).", fr(on), fr(earliest)));
    }
    let blank = |s: &str| s.trim().is_empty();
    match event {
        E::ReportMade { reason, .. } if blank(reason) => inv.push("reason", "Indiquez le motif choisi dans l'outil de signalement."),
        E::HostNotified { host, .. } if blank(host) => inv.push("host", "Indiquez l'hébergeur ou la plateforme notifié."),
        E::FormalNoticeSent { deadline_days, .. } if !FORMAL_NOTICE_DAYS_RANGE.contains(deadline_days) => inv.push(
            "deadline_days",
            format!("Le délai laissé par la mise en demeure doit être compris entre {} et {} jours.", FORMAL_NOTICE_DAYS_RANGE.start(), FORMAL_NOTICE_DAYS_RANGE.end()),
        ),
        E::ConstatOrdered { officer, .. } if blank(officer) => inv.push("officer", "Indiquez le commissaire de justice chargé du constat."),
        E::ConstatDone { reference, .. } if blank(reference) => inv.push("reference", "Indiquez la référence du constat."),
        E::LawyerConsulted { who, .. } if blank(who) => inv.push("who", "Indiquez qui a été consulté (avocat, assureur, Ordre)."),
        _ => {}
    }
    inv.into_result(())
}

/// Checks `event` against the case and its history (oldest first) and returns the new status.
pub fn apply(case: &CaseFile, history: &[CaseEvent], event: &CaseEvent, today: NaiveDate) -> Result<Transition, ApplyError> {
    use CaseEvent as E;
    check_proof(case, event, today).map_err(ApplyError::Invalid)?;
    let l = Ladder::from_history(history);
    let status = l.transition().status;
    let on = event.occurred_on();
    let no = |why: &str| Err(refused(status, event_label(event), why));
    let not_before = |what: &str, since: NaiveDate| -> Result<(), ApplyError> {
        if on < since {
            return Err(refused(status, event_label(event), &format!("Cette date ({}) précède {what} ({}).", fr(on), fr(since))));
        }
        Ok(())
    };
    if l.closed.is_some() && !matches!(event, E::ContentReappeared { .. }) {
        return no("Un dossier clos ne reçoit plus d'étape ; seule la réapparition du contenu le rouvre.");
    }
    let removed_msg = "Le contenu est indiqué comme retiré : s'il est de nouveau en ligne, enregistrez d'abord sa réapparition.";
    match event {
        E::ReportMade { .. } | E::HostNotified { .. } | E::FormalNoticeSent { .. } | E::FollowUpSent { .. } | E::AppealMade { .. }
            if l.removed =>
        {
            return no(removed_msg);
        }
        _ => {}
    }
    match event {
        E::ReportDecided { .. } => match l.last_report_on {
            Some(since) if l.report_pending => not_before("le signalement ou le recours", since)?,
            _ => return no("Aucun signalement n'attend de décision : enregistrez d'abord le signalement fait à la plateforme."),
        },
        E::HostDecided { .. } => match l.last_host_notice_on {
            Some(since) if l.host_pending => not_before("la notification ou le recours", since)?,
            _ => return no("Aucune notification à l'hébergeur n'attend de décision : enregistrez d'abord la notification."),
        },
        E::AppealMade { .. } => match l.last_decision {
            Some((_, PlatformDecision::NoViolation, decided_on)) if !l.appealed => not_before("la décision contestée", decided_on)?,
            Some((_, PlatformDecision::NoViolation, _)) => return no("Cette décision a déjà fait l'objet d'un recours."),
            _ => return no("Un recours suppose une décision « aucune infraction constatée » de la plateforme ou de l'hébergeur."),
        },
        E::FormalNoticeSent { to, .. } => match to {
            PartyRole::Host => {
                return no("L'hébergeur ne reçoit pas de mise en demeure : on lui adresse une notification (article 16 du DSA).");
            }
            PartyRole::Author if !case.parties.iter().any(|p| p.role == PartyRole::Author && p.identified) => {
                return no("L'auteur n'est pas identifié (nom et adresse) : adressez la mise en demeure à l'éditeur du site, ou notifiez l'hébergeur.");
            }
            _ => {}
        },
        E::FormalNoticeReceived { on, .. } => match (l.receivable(*on), l.notice_in_transit()) {
            (Some(_), _) => {}
            (None, Some(n)) => not_before("l'envoi de la mise en demeure", n.sent_on)?,
            (None, None) => return no("Aucune mise en demeure envoyée n'attend sa date de réception."),
        },
        E::FollowUpSent { .. } => match l.notices.iter().map(|n| n.sent_on).chain(l.last_host_notice_on).min() {
            Some(first) => not_before("la mise en demeure ou la notification relancée", first)?,
            None => return no("Une relance suit une mise en demeure ou une notification à l'hébergeur ; aucune n'est enregistrée."),
        },
        E::AnswerReceived { from, .. } => {
            let written = match from {
                PartyRole::Host => l.last_host_notice_on,
                role => l.notices.iter().filter(|n| n.to == *role).map(|n| n.sent_on).min(),
            };
            match written {
                Some(since) => not_before("le courrier auquel elle répond", since)?,
                None => return no("Aucun courrier n'a été adressé à cette partie : enregistrez d'abord la mise en demeure ou la notification."),
            }
        }
        E::ConstatDone { .. } => {
            if let Some(ordered) = l.constat_ordered_on {
                not_before("la commande du constat", ordered)?;
            }
        }
        E::ContentRemoved { .. } if l.removed => return no("Le retrait du contenu est déjà enregistré."),
        E::ContentReappeared { .. } if !l.removed => return no("Seul un contenu indiqué comme retiré peut réapparaître."),
        E::Closed { outcome: Outcome::Judgment, .. } if l.court_actions_on.is_empty() => {
            return no("Une décision de justice suppose une action en justice enregistrée (assignation ou plainte).");
        }
        _ => {}
    }
    let mut next = l;
    next.push(event);
    Ok(next.transition())
}

#[cfg(test)]
#[path = "machine_tests.rs"]
pub(crate) mod tests;

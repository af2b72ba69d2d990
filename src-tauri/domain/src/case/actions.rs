//! What the case window offers next, most pressing first, each with the fact that makes the app
//! suggest it. The window shows these and nothing else; [`super::machine::apply`] re-checks
//! whatever the doctor records.
//!
//! Order: an imminent press-law lapse first (help, then court), then the answers the case is
//! waiting for, then the next rungs (report, host notice, formal notice), evidence, and last the
//! removal and the closing. Once the content is removed, notices make no sense: evidence and
//! closing remain. A closed case offers nothing (its reappearance is recorded from the list).

use chrono::NaiveDate;
use serde::Serialize;

use super::clock::{clocks, Clock};
use super::machine::Ladder;
use super::{CaseEvent, CaseFile, Ground, PartyRole, PlatformDecision};
use crate::deadline::{days_left, formal_notice_due, is_overdue};
use crate::listing::actions::CAVEAT_COURT_LAWYER;
use crate::text::french_date;

/// One thing the doctor can do now.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum CaseAction {
    /// Report with the platform's own tool.
    Report,
    RecordReportDecision,
    /// Only once a « aucune infraction constatée » decision is recorded.
    Appeal,
    /// Produce the DSA art. 16 notice letter.
    HostNotice,
    /// Record a notice made through the host's form or by letter.
    RecordHostNotified,
    RecordHostDecision,
    /// Produce the mise en demeure.
    FormalNotice,
    RecordFormalNoticeReceived,
    /// A relance when the notice's period ended unanswered.
    FollowUp,
    RecordAnswer,
    AddEvidence,
    OrderConstat,
    RecordConstatDone,
    /// Information: lawyer, the insurer's legal protection, the Ordre.
    SeekHelp,
    /// Information: going to court.
    CourtAction,
    RecordCourtAction,
    RecordRemoval,
    Close,
    /// A letter of the case was prepared and waits to be posted: its posting is recorded first
    /// (added by the use cases, which know the letters; never by [`next_actions`]).
    PostLetter,
}

impl CaseAction {
    /// The step form this action opens (its event's kind), if it records a step.
    pub fn step(self) -> Option<&'static str> {
        use CaseAction::*;
        Some(match self {
            Report => "report_made",
            RecordReportDecision => "report_decided",
            Appeal => "appeal_made",
            RecordHostNotified => "host_notified",
            RecordHostDecision => "host_decided",
            RecordFormalNoticeReceived => "formal_notice_received",
            RecordAnswer => "answer_received",
            OrderConstat => "constat_ordered",
            RecordConstatDone => "constat_done",
            SeekHelp => "lawyer_consulted",
            RecordCourtAction => "court_action_filed",
            RecordRemoval => "content_removed",
            Close => "closed",
            HostNotice | FormalNotice | FollowUp | AddEvidence | CourtAction | PostLetter => return None,
        })
    }

    /// The letter this action writes (`host_notice`, `formal_notice`, `follow_up`), if any.
    pub fn letter(self) -> Option<&'static str> {
        match self {
            CaseAction::HostNotice => Some("host_notice"),
            CaseAction::FormalNotice => Some("formal_notice"),
            CaseAction::FollowUp => Some("follow_up"),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NextAction {
    pub kind: CaseAction,
    /// What the action opens, for the page (issue 20: no second map there): a step form, or a
    /// letter's form.
    pub step: Option<&'static str>,
    pub letter: Option<&'static str>,
    /// For [`CaseAction::PostLetter`]: the letter whose posting is to be recorded.
    pub letter_id: Option<i64>,
    /// Button or link text, in French.
    pub label: &'static str,
    /// The fact that makes the app suggest it, in French.
    pub why: String,
    pub caveat: Option<&'static str>,
}

pub const CAVEAT_HOST_FORM_FIRST: &str = "Passez d'abord par le formulaire en ligne de l'hébergeur (l'article 16 du DSA l'oblige à en proposer un) ; la lettre recommandée sert de preuve et de complément. Attention : présenter comme illicite un contenu que l'on sait licite peut être puni.";
pub const CAVEAT_SCREENSHOTS: &str = "Une copie d'écran est une preuve fragile : sa date, son origine ou une retouche peuvent être contestées. Avant une action en justice, préférez un constat de commissaire de justice.";
pub const CAVEAT_CONSTAT: &str = "Un constat de commissaire de justice est payant ; fait selon la norme NF Z67-147, c'est un acte authentique qui pèse bien plus qu'une copie d'écran et fixe la date à laquelle le contenu était en ligne. Joignez-le à vos courriers.";
pub const CAVEAT_FORMAL_NOTICE: &str = "Demandez le retrait, jamais une somme d'argent en échange : cela pourrait être qualifié de chantage. La mise en demeure n'arrête pas le délai pour agir en justice.";
pub const CAVEAT_NOT_ADVICE: &str = "Ces informations ne sont pas un conseil juridique.";

fn act(kind: CaseAction, label: &'static str, why: impl Into<String>, caveat: Option<&'static str>) -> NextAction {
    NextAction { kind, step: kind.step(), letter: kind.letter(), letter_id: None, label, why: why.into(), caveat }
}

impl NextAction {
    /// « Enregistrer l'envoi » of letter `letter_id` (`what`, prepared on `prepared_on`).
    pub fn post_letter(letter_id: i64, what: &str, prepared_on: Option<NaiveDate>) -> NextAction {
        let when = prepared_on.map(|d| format!(" le {}", french_date(d))).unwrap_or_default();
        NextAction {
            letter_id: Some(letter_id),
            ..act(
                CaseAction::PostLetter,
                "Enregistrer l'envoi du courrier préparé",
                format!("{what} : préparé{when}, pas encore posté. Une fois posté, notez la date d'envoi et le numéro de recommandé : c'est ce qui fait avancer le dossier."),
                None,
            )
        }
    }
}

fn is_press(c: &Clock) -> bool {
    c.grounds.iter().any(|g| matches!(g, Ground::Insult | Ground::Defamation | Ground::Incitement | Ground::DiscriminatoryRemarks))
}

/// Within this many days of a press-law lapse, help comes first.
pub const URGENT_DAYS: i64 = crate::deadline::LAPSE_SOON_DAYS;

fn help(why: String) -> NextAction {
    act(CaseAction::SeekHelp, "Demander conseil : avocat, protection juridique de votre assurance, Ordre", why, Some(CAVEAT_NOT_ADVICE))
}

fn court(why: &str) -> [NextAction; 2] {
    [
        act(CaseAction::CourtAction, "Agir en justice (assignation ou plainte avec constitution de partie civile)", why, Some(CAVEAT_COURT_LAWYER)),
        act(CaseAction::RecordCourtAction, "Enregistrer l'action en justice engagée", "Seuls une assignation délivrée, une citation directe, une plainte avec constitution de partie civile ou des réquisitions du parquet interrompent le délai ; une plainte simple ne l'interrompt pas. Enregistrez l'acte dès qu'il est fait.", None),
    ]
}

/// The actions that make sense for the case on `today`, most pressing first.
pub fn next_actions(case: &CaseFile, history: &[CaseEvent], today: NaiveDate) -> Vec<NextAction> {
    use CaseAction::*;
    let l = Ladder::from_history(history);
    let mut out = Vec::new();
    if l.closed.is_some() {
        return out;
    }
    let evidence = act(AddEvidence, "Ajouter une preuve (copie d'écran, page enregistrée)", "Gardez une trace datée de chaque état du contenu.", Some(CAVEAT_SCREENSHOTS));
    let close = act(Close, "Clore le dossier", "Quand la démarche est terminée ou abandonnée.", None);
    let constat_done = l.constat_ordered_on.filter(|_| l.constat_done_on.is_none()).map(|on| {
        act(RecordConstatDone, "Enregistrer le constat réalisé", format!("Constat commandé le {}.", french_date(on)), None)
    });
    if l.removed {
        out.push(evidence);
        out.extend(constat_done);
        out.push(act(Close, "Clore le dossier", "Le contenu est indiqué comme retiré : gardez les preuves et clôturez, ou surveillez sa réapparition.", None));
        return out;
    }
    let in_court = !l.court_actions_on.is_empty();
    let urgent = clocks(case, history)
        .into_iter()
        .filter(|c| is_press(c) && c.stopped_on.is_none())
        .find(|c| (0..=URGENT_DAYS).contains(&days_left(c.lapses_on, today)));
    if let (Some(c), false) = (&urgent, in_court) {
        let when = if c.approximate { "au plus tôt le" } else { "le" };
        out.push(help(format!(
            "Le délai pour agir en justice ({}) expire {when} {} : seule une assignation ou une plainte avec constitution de partie civile l'arrête.",
            c.claim,
            french_date(c.lapses_on)
        )));
        out.extend(court("Le délai de prescription approche ; un avocat peut faire délivrer une assignation, y compris en référé."));
    }

    // Answers the case is waiting for.
    if let (true, Some(on)) = (l.report_pending, l.last_report_on) {
        out.push(act(RecordReportDecision, "Enregistrer la décision de la plateforme", format!("Signalement ou recours du {} en attente de décision.", french_date(on)), None));
    }
    if let (true, Some(on)) = (l.host_pending, l.last_host_notice_on) {
        out.push(act(RecordHostDecision, "Enregistrer la décision de l'hébergeur", format!("Notification du {} en attente de décision.", french_date(on)), None));
    }
    if let Some((_, PlatformDecision::NoViolation, on)) = l.last_decision.filter(|_| !l.appealed) {
        out.push(act(Appeal, "Contester la décision (recours interne de la plateforme)", format!(
                "Le {}, la plateforme n'a constaté aucune infraction. Une plateforme en ligne au sens du règlement sur les services numériques doit offrir un recours interne pendant six mois (art. 20), sauf si c'est une micro ou petite entreprise (art. 19) ; sinon, voyez ce que prévoient ses conditions d'utilisation.",
                french_date(on)
            ), None));
    }
    if let Some(n) = l.notice_in_transit() {
        out.push(act(RecordFormalNoticeReceived, "Enregistrer la réception de la mise en demeure", format!("Mise en demeure envoyée le {} : le délai laissé court à partir de sa réception (accusé de réception).", french_date(n.sent_on)), None));
    }
    // An answer still awaited after the period and a follow-up is recorded if it comes, but the
    // next rung leads (issue 20: « Enregistrer la réponse reçue » stood first for ever).
    let mut late_answers = Vec::new();
    for n in l.notices.iter().filter(|n| n.answered_on.is_none()) {
        let Some(received) = n.received_on else { continue };
        let due = formal_notice_due(received, n.deadline_days).due_on;
        let followed_up = l.follow_ups.iter().any(|f| *f > due);
        if is_overdue(due, today) && !followed_up {
            out.push(act(FollowUp, "Envoyer une relance", format!("Le délai laissé par la mise en demeure ({}) a pris fin le {} sans réponse enregistrée.", n.to.label(), french_date(due)), None));
        }
        let answer = act(RecordAnswer, "Enregistrer la réponse reçue", format!("Réponse attendue de : {} (délai jusqu'au {}).", n.to.label(), french_date(due)), None);
        if followed_up {
            late_answers.push(answer);
        } else {
            out.push(answer);
        }
    }
    if let Some((who, _, on)) = l.answers.iter().rev().find(|a| a.1) {
        out.push(act(RecordRemoval, "Vérifier et enregistrer le retrait du contenu", format!("{} a indiqué le {} se conformer à la demande : vérifiez que le contenu n'est plus en ligne.", who.label(), french_date(*on)), None));
    }

    // The next rungs, each offered until taken.
    if l.last_report_on.is_none() && !in_court {
        out.push(act(Report, "Signaler le contenu avec l'outil de la plateforme", "Le signalement par l'outil du site est la voie la plus simple et souvent la plus rapide.", None));
    }
    let author_known = case.parties.iter().any(|p| p.role == PartyRole::Author && p.identified);
    if l.last_host_notice_on.is_none() && !in_court {
        let why = if author_known {
            "Si le signalement ne suffit pas, la notification à l'hébergeur (article 16 du DSA) l'oblige à examiner le contenu et à motiver sa décision."
        } else {
            "L'auteur n'est pas identifié : on ne peut pas lui écrire ; la notification à l'hébergeur (article 16 du DSA) l'oblige à examiner le contenu."
        };
        out.push(act(HostNotice, "Préparer la notification à l'hébergeur", why, Some(CAVEAT_HOST_FORM_FIRST)));
        out.push(act(RecordHostNotified, "Enregistrer une notification faite par le formulaire de l'hébergeur", "Gardez la date et la référence de l'accusé de réception.", None));
    }
    if l.notices.is_empty() && !in_court {
        let why = if author_known {
            "L'auteur est identifié (nom et adresse) : la mise en demeure lui est adressée en premier."
        } else {
            "L'auteur n'est pas identifié (pseudonyme, sans adresse) : la mise en demeure est adressée à l'éditeur du site."
        };
        out.push(act(FormalNotice, if author_known { "Préparer la mise en demeure à l'auteur" } else { "Préparer la mise en demeure à l'éditeur du site" }, why, Some(CAVEAT_FORMAL_NOTICE)));
    }

    let constat = l.constat_ordered_on.is_none().then(|| {
        act(OrderConstat, "Faire établir un constat par un commissaire de justice", "Avant toute action en justice, un constat selon la norme NF Z67-147 établit le contenu et sa date mieux qu'une copie d'écran.", Some(CAVEAT_CONSTAT))
    });
    // Before a mise en demeure, a free capture comes first; once it went out, the constat and
    // the court lead and more screenshots come after them.
    let screenshots_first = l.rung < 3;
    let mut evidence = Some(evidence);
    if screenshots_first {
        out.extend(evidence.take());
    }
    out.extend(constat);
    out.extend(constat_done);
    // Court is the next rung once a formal notice went out; the advice is offered until a
    // lawyer was consulted.
    if urgent.is_none() && !in_court && l.rung >= 3 {
        if l.lawyer_consulted_on.is_none() {
            out.push(help("La mise en demeure est faite : l'étape suivante est l'action en justice, à préparer avec un avocat.".to_owned()));
        }
        out.extend(court("Pour obtenir le retrait et réparation, avec un avocat, dans le délai de prescription."));
    }
    out.extend(evidence);
    out.extend(late_answers);
    if !l.answers.iter().any(|a| a.1) {
        out.push(act(RecordRemoval, "Indiquer que le contenu a été retiré", "Si le contenu n'est plus en ligne, enregistrez-le (avec une preuve).", None));
    }
    out.push(close);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::case::machine::tests::case;
    use crate::case::{Outcome, Party};

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn kinds(a: &[NextAction]) -> Vec<CaseAction> {
        a.iter().map(|x| x.kind).collect()
    }

    fn find(a: &[NextAction], k: CaseAction) -> &NextAction {
        a.iter().find(|x| x.kind == k).unwrap_or_else(|| panic!("{k:?} missing from {:?}", kinds(a)))
    }

    fn notice(on: NaiveDate) -> CaseEvent {
        CaseEvent::FormalNoticeSent { on, to: PartyRole::Publisher, deadline_days: 15, registered_number: None, letter_id: None }
    }

    /// The insult case published 1 September 2026 (lapse 1 December), seen early in September.
    const EARLY: (i32, u32, u32) = (2026, 9, 5);

    #[test]
    fn a_new_case_offers_the_ladder_with_its_caveats() {
        let a = next_actions(&case(), &[], d(EARLY.0, EARLY.1, EARLY.2));
        use CaseAction::*;
        assert_eq!(kinds(&a), vec![Report, HostNotice, RecordHostNotified, FormalNotice, AddEvidence, OrderConstat, RecordRemoval, Close]);
        assert_eq!(find(&a, HostNotice).caveat, Some(CAVEAT_HOST_FORM_FIRST));
        assert!(find(&a, HostNotice).why.contains("L'auteur n'est pas identifié"));
        let f = find(&a, FormalNotice);
        assert!(f.label.contains("l'éditeur") && f.why.contains("pseudonyme"), "{f:?}");
        assert_eq!(find(&a, AddEvidence).caveat, Some(CAVEAT_SCREENSHOTS));
        assert!(find(&a, OrderConstat).why.contains("NF Z67-147"));
    }

    #[test]
    fn an_identified_author_gets_the_formal_notice() {
        let mut c = case();
        c.parties = vec![Party { role: PartyRole::Author, name: "Jean Dupont".into(), identified: true, address_lines: vec![], email: None, web_form: None, notes: String::new() }];
        let a = next_actions(&c, &[], d(EARLY.0, EARLY.1, EARLY.2));
        let f = find(&a, CaseAction::FormalNotice);
        assert!(f.label.contains("l'auteur") && f.why.contains("L'auteur est identifié"), "{f:?}");
    }

    #[test]
    fn an_imminent_press_lapse_puts_help_first_until_a_court_act() {
        let a = next_actions(&case(), &[], d(2026, 11, 1));
        assert_eq!(a[0].kind, CaseAction::SeekHelp);
        assert!(a[0].why.contains("1er décembre 2026"), "{}", a[0].why);
        assert_eq!(kinds(&a[1..3]), vec![CaseAction::CourtAction, CaseAction::RecordCourtAction]);
        let filed = [CaseEvent::CourtActionFiled { on: d(2026, 11, 2), action: crate::case::CourtAction::Summons, reference: None }];
        let a = next_actions(&case(), &filed, d(2026, 11, 3));
        assert!(!kinds(&a).contains(&CaseAction::SeekHelp) && !kinds(&a).contains(&CaseAction::FormalNotice), "{:?}", kinds(&a));
        assert!(!kinds(&next_actions(&case(), &[], d(2026, 12, 2))).contains(&CaseAction::SeekHelp), "lapsed: the window shows the lapse");
    }

    #[test]
    fn removed_content_calls_for_evidence_and_closing_only() {
        let h = [CaseEvent::ContentRemoved { on: d(2026, 9, 4), how: String::new() }];
        assert_eq!(kinds(&next_actions(&case(), &h, d(2026, 9, 5))), vec![CaseAction::AddEvidence, CaseAction::Close]);
        let closed = [h[0].clone(), CaseEvent::Closed { on: d(2026, 9, 5), outcome: Outcome::Removed, note: String::new() }];
        assert!(next_actions(&case(), &closed, d(2026, 9, 6)).is_empty());
    }

    #[test]
    fn the_case_actions_and_the_screens_share_one_urgency() {
        assert_eq!(URGENT_DAYS, crate::deadline::LAPSE_SOON_DAYS);
    }

    #[test]
    fn a_refusal_opens_the_appeal_once() {
        let mut h = vec![
            CaseEvent::ReportMade { on: d(2026, 9, 2), reason: "motif".into(), reference: None },
        ];
        assert_eq!(next_actions(&case(), &h, d(2026, 9, 3))[0].kind, CaseAction::RecordReportDecision);
        h.push(CaseEvent::ReportDecided { on: d(2026, 9, 4), decision: PlatformDecision::NoViolation, note: String::new() });
        let a = next_actions(&case(), &h, d(2026, 9, 5));
        assert_eq!(a[0].kind, CaseAction::Appeal);
        // Issue 22.16: article 20 binds online platforms only, small ones exempt (art. 19).
        assert!(a[0].why.contains("art. 20") && a[0].why.contains("art. 19") && !a[0].why.contains("lui impose"), "{}", a[0].why);
        assert!(!kinds(&a).contains(&CaseAction::Report));
        h.push(CaseEvent::AppealMade { on: d(2026, 9, 5), reference: None });
        let a = next_actions(&case(), &h, d(2026, 9, 6));
        assert_eq!(a[0].kind, CaseAction::RecordReportDecision);
        assert!(!kinds(&a).contains(&CaseAction::Appeal));
        // Issue 20: the appeal refused too, the next rung comes first, not a second appeal.
        h.push(CaseEvent::ReportDecided { on: d(2026, 9, 8), decision: PlatformDecision::NoViolation, note: String::new() });
        let a = next_actions(&case(), &h, d(2026, 9, 9));
        assert!(!kinds(&a).contains(&CaseAction::Appeal), "{:?}", kinds(&a));
        assert_eq!(a[0].kind, CaseAction::HostNotice);
    }

    #[test]
    fn after_a_follow_up_the_constat_and_the_court_lead_and_the_answer_waits() {
        // Issue 20: the answer awaited stood first for ever, screenshots before the constat.
        let h = vec![
            notice(d(2026, 9, 3)),
            CaseEvent::FormalNoticeReceived { on: d(2026, 9, 5), basis: Default::default() },
            CaseEvent::FollowUpSent { on: d(2026, 9, 25), letter_id: None },
        ];
        let a = kinds(&next_actions(&case(), &h, d(2026, 9, 26)));
        let at = |k: CaseAction| a.iter().position(|x| *x == k).unwrap();
        assert!(at(CaseAction::OrderConstat) < at(CaseAction::AddEvidence), "{a:?}");
        let answer = a.iter().position(|k| *k == CaseAction::RecordAnswer).unwrap();
        let court = a.iter().position(|k| *k == CaseAction::RecordCourtAction).unwrap();
        assert!(court < answer, "{a:?}");
        let mut consulted = h.clone();
        consulted.push(CaseEvent::LawyerConsulted { on: d(2026, 9, 27), who: "Me Avocat".into() });
        assert!(!kinds(&next_actions(&case(), &consulted, d(2026, 9, 28))).contains(&CaseAction::SeekHelp));
    }

    #[test]
    fn a_formal_notice_is_followed_until_answered() {
        let mut h = vec![notice(d(2026, 9, 3))];
        assert_eq!(next_actions(&case(), &h, d(2026, 9, 4))[0].kind, CaseAction::RecordFormalNoticeReceived);
        h.push(CaseEvent::FormalNoticeReceived { on: d(2026, 9, 5), basis: Default::default() });
        // Period: 5 September + 15 days = 20 September.
        let waiting = next_actions(&case(), &h, d(2026, 9, 20));
        assert_eq!(waiting[0].kind, CaseAction::RecordAnswer);
        assert!(waiting[0].why.contains("20 septembre 2026"));
        assert!(kinds(&waiting).contains(&CaseAction::SeekHelp), "court is the next rung");
        let late = next_actions(&case(), &h, d(2026, 9, 21));
        assert_eq!(kinds(&late[..2]), vec![CaseAction::FollowUp, CaseAction::RecordAnswer]);
        h.push(CaseEvent::AnswerReceived { on: d(2026, 9, 22), from: PartyRole::Publisher, complied: true, summary: String::new() });
        let a = next_actions(&case(), &h, d(2026, 9, 23));
        assert_eq!(a[0].kind, CaseAction::RecordRemoval);
        assert_eq!(a.iter().filter(|x| x.kind == CaseAction::RecordRemoval).count(), 1);
        assert!(!kinds(&a).contains(&CaseAction::FollowUp));
    }
}

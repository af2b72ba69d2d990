//! The legal clocks of a case: how long the doctor has to go to court, per qualification.
//!
//! | grounds                                  | period   | from                   | basis               |
//! |------------------------------------------|----------|------------------------|---------------------|
//! | injure, diffamation                      | 3 months | first publication      | loi 1881 art. 65    |
//! | provocation, propos discriminatoires     | 1 year   | first publication      | loi 1881 art. 65-3  |
//! | dénigrement, vie privée                  | 5 years  | discovery by the doctor| C. civ. art. 2224   |
//! | faux avis, données personnelles          | 5 years  | discovery, « à vérifier » | C. civ. art. 2224 |
//!
//! The last row is flagged because those grounds have no clock of their own: the period follows
//! whatever qualification a court retains (a fake review that attacks honour is diffamation).
//! Press clocks start from the earliest possible publication day, so with an approximate date the
//! lapse shown is the earliest possible one (« au plus tôt »). Only a court act (summons or
//! complaint with a civil-party claim) stops a clock; the first one filed before the lapse is
//! recorded as `stopped_on` (from then on, the lawyer follows the procedure's own periods).

use chrono::NaiveDate;
use serde::Serialize;

use super::machine::Ladder;
use super::{CaseEvent, CaseFile, Ground};
use crate::deadline::{add_days, add_months_eu, formal_notice_due, is_overdue, press_law_alerts, press_law_limit};
use crate::text::french_date;

/// Shown beside every clock: what does not stop it, and what does.
pub const NO_STOP_WARNING: &str = "Un signalement, une notification à l'hébergeur, une mise en demeure ou une plainte simple n'arrêtent pas ce délai : seuls une assignation délivrée, une citation directe, une plainte avec constitution de partie civile ou des réquisitions du parquet l'interrompent.";

/// One limitation period running for some of the case's statements.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Clock {
    /// What the period is for, in French.
    pub claim: &'static str,
    /// The case's grounds this period applies to.
    pub grounds: Vec<Ground>,
    pub basis: &'static str,
    pub starts_on: NaiveDate,
    /// The last day to act.
    pub lapses_on: NaiveDate,
    /// Computed from the earliest possible publication day: the lapse is « au plus tôt ».
    pub approximate: bool,
    /// Reminder days before the lapse.
    pub alerts: Vec<NaiveDate>,
    /// The first court act filed on or before the lapse.
    pub stopped_on: Option<NaiveDate>,
    /// The period itself is uncertain for these grounds.
    pub to_verify: bool,
    /// Past its lapse. Only [`nearest_lapse`] knows today; [`clocks`] leaves it false.
    pub lapsed: bool,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Period {
    Press3Months,
    Press1Year,
    Civil,
    CivilToVerify,
}

const PERIODS: [Period; 4] = [Period::Press3Months, Period::Press1Year, Period::Civil, Period::CivilToVerify];

fn period_of(g: Ground) -> Period {
    match g {
        Ground::Insult | Ground::Defamation => Period::Press3Months,
        Ground::Incitement | Ground::DiscriminatoryRemarks => Period::Press1Year,
        Ground::Disparagement | Ground::Privacy => Period::Civil,
        Ground::FakeReview | Ground::PersonalData => Period::CivilToVerify,
    }
}

fn clock(case: &CaseFile, ladder: &Ladder, period: Period, grounds: Vec<Ground>) -> Clock {
    let published = case.first_publication.earliest();
    let approximate = case.first_publication.is_approximate();
    let (claim, basis, starts_on, lapses_on, alerts, approximate, to_verify) = match period {
        Period::Press3Months => {
            let limit = press_law_limit(published);
            ("Action pour injure ou diffamation (3 mois)", limit.basis, published, limit.due_on, press_law_alerts(published).to_vec(), approximate, false)
        }
        // A year leaves room: reminders at 6, 9 and 11 months, the last one still a month ahead
        // (time to see a lawyer and have a summons served).
        Period::Press1Year => (
            "Action pour provocation à la haine ou propos discriminatoires (1 an)",
            "art. 65-3 de la loi du 29 juillet 1881",
            published,
            add_months_eu(published, 12),
            [6, 9, 11].map(|m| add_months_eu(published, m)).to_vec(),
            approximate,
            false,
        ),
        // Five years from discovery (a known day, never approximate): one reminder six months
        // before the end is enough and keeps the calendar quiet.
        Period::Civil | Period::CivilToVerify => {
            let start = case.discovered_on;
            let verify = period == Period::CivilToVerify;
            (
                if verify { "Action civile pour faux avis ou données personnelles (5 ans, à vérifier)" } else { "Action civile pour dénigrement ou atteinte à la vie privée (5 ans)" },
                "art. 2224 du Code civil",
                start,
                add_months_eu(start, 60),
                vec![add_months_eu(start, 54)],
                false,
                verify,
            )
        }
    };
    let stopped_on = ladder.court_actions_on.iter().copied().filter(|d| *d <= lapses_on).min();
    Clock { claim, grounds, basis, starts_on, lapses_on, approximate, alerts, stopped_on, to_verify, lapsed: false }
}

/// One clock per distinct period the case's grounds call for, earliest lapse first.
pub fn clocks(case: &CaseFile, history: &[CaseEvent]) -> Vec<Clock> {
    let ladder = Ladder::from_history(history);
    let grounds = case.grounds();
    let mut out: Vec<Clock> = PERIODS
        .iter()
        .filter_map(|p| {
            let mine: Vec<Ground> = grounds.iter().copied().filter(|g| period_of(*g) == *p).collect();
            (!mine.is_empty()).then(|| clock(case, &ladder, *p, mine))
        })
        .collect();
    out.sort_by_key(|c| (c.lapses_on, c.starts_on));
    out
}

/// The clock the doctor must watch: the earliest one not stopped by a court act, marked
/// `lapsed` when its day has passed (the window then says so and shows the next one).
pub fn nearest_lapse(case: &CaseFile, history: &[CaseEvent], today: NaiveDate) -> Option<Clock> {
    let mut c = clocks(case, history).into_iter().find(|c| c.stopped_on.is_none())?;
    c.lapsed = is_overdue(c.lapses_on, today);
    Some(c)
}

/// What a dated item is, for the dashboard and the calendar export.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DatedKind {
    Lapse,
    Alert,
    FormalNoticeEnds,
    ReportAnswerExpected,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DatedItem {
    pub on: NaiveDate,
    pub kind: DatedKind,
    /// French, one line (the calendar event's title).
    pub label: String,
    pub case_id: i64,
}

/// Google's confirmation email speaks of a few working days; a rough expectation, not a rule.
pub const REPORT_ANSWER_DAYS: u32 = 3;

/// Every dated deadline and alert of the case, by date. A closed case has none. Stopped clocks
/// are left out (the court act replaced them); so are notices already answered and reports
/// already decided.
pub fn deadlines(case: &CaseFile, history: &[CaseEvent]) -> Vec<DatedItem> {
    let ladder = Ladder::from_history(history);
    if ladder.closed.is_some() {
        return Vec::new();
    }
    let item = |on, kind, label: String| DatedItem { on, kind, label, case_id: case.id };
    let mut out = Vec::new();
    for c in clocks(case, history).iter().filter(|c| c.stopped_on.is_none()) {
        let mut lapse = format!("{} : dernier jour pour agir en justice", c.claim);
        if c.approximate {
            lapse.push_str(" (au plus tôt : date de publication approximative)");
        }
        if c.to_verify {
            lapse.push_str(" — délai à vérifier");
        }
        out.push(item(c.lapses_on, DatedKind::Lapse, lapse));
        for a in &c.alerts {
            out.push(item(*a, DatedKind::Alert, format!("Rappel : {} — délai jusqu'au {}", c.claim, french_date(c.lapses_on))));
        }
    }
    for n in ladder.notices.iter().filter(|n| n.answered_on.is_none()) {
        if let Some(received) = n.received_on {
            let due = formal_notice_due(received, n.deadline_days);
            out.push(item(due.due_on, DatedKind::FormalNoticeEnds, format!("{} ({})", due.label, n.to.label())));
        }
    }
    if let (true, Some(reported)) = (ladder.report_pending, ladder.last_report_on) {
        out.push(item(
            add_days(reported, REPORT_ANSWER_DAYS),
            DatedKind::ReportAnswerExpected,
            "Décision de la plateforme attendue sur le signalement (quelques jours, à vérifier)".to_owned(),
        ));
    }
    out.sort_by_key(|i| i.on);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::case::machine::tests::case;
    use crate::case::{CourtAction, FirstPublication, PartyRole, QuotedStatement};

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn case_with(grounds: &[Ground], published: NaiveDate, discovered: NaiveDate) -> CaseFile {
        let statements = grounds.iter().map(|g| QuotedStatement { quote: g.as_str().into(), grounds: vec![*g] }).collect();
        CaseFile { statements, first_publication: FirstPublication::Exact { on: published }, discovered_on: discovered, ..case() }
    }

    fn court(on: NaiveDate) -> CaseEvent {
        CaseEvent::CourtActionFiled { on, action: CourtAction::Summons, reference: None }
    }

    #[test]
    fn three_months_across_month_ends_with_the_45_60_75_alerts() {
        let c = case_with(&[Ground::Defamation, Ground::Insult], d(2027, 1, 31), d(2027, 2, 1));
        let all = clocks(&c, &[]);
        assert_eq!(all.len(), 1, "injure and diffamation share one clock");
        let k = &all[0];
        assert_eq!(k.grounds, vec![Ground::Insult, Ground::Defamation]);
        assert_eq!((k.starts_on, k.lapses_on), (d(2027, 1, 31), d(2027, 4, 30)), "31 January + 3 months = 30 April");
        assert_eq!(k.alerts, vec![d(2027, 3, 17), d(2027, 4, 1), d(2027, 4, 16)]);
        assert!(k.basis.contains("art. 65") && !k.approximate && !k.to_verify);
        assert_eq!(clocks(&case_with(&[Ground::Insult], d(2026, 11, 30), d(2026, 12, 1)), &[])[0].lapses_on, d(2027, 2, 28));
    }

    #[test]
    fn one_year_and_five_years_from_a_leap_day() {
        let c = case_with(&[Ground::Incitement, Ground::Privacy, Ground::FakeReview], d(2024, 2, 29), d(2024, 2, 29));
        let all = clocks(&c, &[]);
        assert_eq!(all.len(), 3);
        assert_eq!(all[0].lapses_on, d(2025, 2, 28), "29 February 2024 + 1 year = 28 February 2025");
        assert_eq!(all[0].alerts, vec![d(2024, 8, 29), d(2024, 11, 29), d(2025, 1, 29)]);
        assert!(all[0].basis.contains("65-3"));
        assert_eq!((all[1].lapses_on, all[2].lapses_on), (d(2029, 2, 28), d(2029, 2, 28)));
        assert!(all.iter().filter(|k| k.to_verify).all(|k| k.grounds == vec![Ground::FakeReview]));
        assert_eq!(all.iter().filter(|k| k.to_verify).count(), 1);
        assert!(all[1..].iter().all(|k| k.basis.contains("2224") && k.alerts == vec![d(2028, 8, 29)]));
    }

    #[test]
    fn civil_clocks_start_from_discovery() {
        let c = case_with(&[Ground::Disparagement], d(2026, 1, 10), d(2026, 3, 31));
        let k = &clocks(&c, &[])[0];
        assert_eq!((k.starts_on, k.lapses_on), (d(2026, 3, 31), d(2031, 3, 31)));
    }

    #[test]
    fn an_approximate_date_uses_its_earliest_day_and_says_so() {
        let mut c = case_with(&[Ground::Insult], d(2026, 9, 1), d(2026, 10, 1));
        c.first_publication = FirstPublication::Approximate { earliest_on: d(2026, 7, 31), latest_on: d(2026, 8, 31), seen_text: "il y a 1 mois".into(), seen_on: d(2026, 10, 1) };
        let k = &clocks(&c, &[])[0];
        assert!(k.approximate);
        assert_eq!(k.lapses_on, d(2026, 10, 31));
        let items = deadlines(&c, &[]);
        assert!(items.iter().any(|i| i.kind == DatedKind::Lapse && i.label.contains("au plus tôt")), "{items:?}");
    }

    #[test]
    fn only_a_court_act_before_the_lapse_stops_a_clock() {
        let c = case_with(&[Ground::Insult, Ground::Disparagement], d(2026, 9, 1), d(2026, 9, 1));
        let notice = CaseEvent::FormalNoticeSent { on: d(2026, 9, 5), to: PartyRole::Publisher, deadline_days: 15, registered_number: None, letter_id: None };
        assert!(clocks(&c, std::slice::from_ref(&notice)).iter().all(|k| k.stopped_on.is_none()), "a letter stops nothing");
        let late = clocks(&c, &[court(d(2026, 12, 15))]);
        assert_eq!((late[0].stopped_on, late[1].stopped_on), (None, Some(d(2026, 12, 15))), "too late for the press clock");
        let early = clocks(&c, &[notice, court(d(2026, 10, 1))]);
        assert!(early.iter().all(|k| k.stopped_on == Some(d(2026, 10, 1))));
        assert_eq!(nearest_lapse(&c, &[court(d(2026, 10, 1))], d(2026, 10, 2)), None);
        assert!(NO_STOP_WARNING.contains("mise en demeure") && NO_STOP_WARNING.contains("partie civile"));
        // Issue 22.2: a simple complaint does not interrupt; a citation directe does.
        assert!(NO_STOP_WARNING.contains("plainte simple n'arrêtent pas") || NO_STOP_WARNING.contains("une plainte simple"));
        assert!(NO_STOP_WARNING.contains("citation directe") && NO_STOP_WARNING.contains("réquisitions du parquet"));
        assert_eq!(CourtAction::parse("direct_summons").map(|c| c.label()), Some("citation directe"));
    }

    #[test]
    fn the_nearest_lapse_is_marked_once_past() {
        let c = case_with(&[Ground::Disparagement, Ground::Defamation], d(2026, 9, 1), d(2026, 9, 1));
        let k = nearest_lapse(&c, &[], d(2026, 12, 1)).unwrap();
        assert_eq!((k.lapses_on, k.lapsed), (d(2026, 12, 1), false), "the last day itself is still on time");
        assert!(nearest_lapse(&c, &[], d(2026, 12, 2)).unwrap().lapsed);
        let later = nearest_lapse(&c, &[court(d(2026, 12, 15))], d(2026, 12, 20)).unwrap();
        assert!(later.lapsed, "the court act came after the 3 months: the press clock is not stopped");
    }

    #[test]
    fn deadlines_list_every_date_in_order() {
        let c = case_with(&[Ground::Insult], d(2026, 9, 1), d(2026, 9, 1));
        let history = [
            CaseEvent::ReportMade { on: d(2026, 9, 2), reason: "motif".into(), reference: None },
            CaseEvent::FormalNoticeSent { on: d(2026, 9, 3), to: PartyRole::Publisher, deadline_days: 15, registered_number: None, letter_id: None },
            CaseEvent::FormalNoticeReceived { on: d(2026, 9, 20), basis: Default::default() },
        ];
        let items = deadlines(&c, &history);
        let got: Vec<(NaiveDate, DatedKind)> = items.iter().map(|i| (i.on, i.kind)).collect();
        assert_eq!(got, vec![
            (d(2026, 9, 5), DatedKind::ReportAnswerExpected),
            (d(2026, 10, 5), DatedKind::FormalNoticeEnds),
            (d(2026, 10, 16), DatedKind::Alert),
            (d(2026, 10, 31), DatedKind::Alert),
            (d(2026, 11, 15), DatedKind::Alert),
            (d(2026, 12, 1), DatedKind::Lapse),
        ]);
        assert!(items.iter().all(|i| i.case_id == c.id));
        assert!(items[0].label.contains("à vérifier"));
        let mut closed = history.to_vec();
        closed.push(CaseEvent::Closed { on: d(2026, 10, 1), outcome: crate::case::Outcome::Settled, note: String::new() });
        assert!(deadlines(&c, &closed).is_empty());
    }

    proptest::proptest! {
        #[test]
        fn clocks_are_ordered_and_alerts_fall_inside_their_period(start in 0u64..4000, later in 0u64..400, mask in 1u8..=255) {
            let published = d(2020, 1, 1) + chrono::Days::new(start);
            let grounds: Vec<Ground> = Ground::ALL.iter().copied().enumerate().filter(|(i, _)| mask & (1 << i) != 0).map(|(_, g)| g).collect();
            let c = case_with(&grounds, published, published + chrono::Days::new(later));
            let all = clocks(&c, &[]);
            proptest::prop_assert!(all.windows(2).all(|w| w[0].lapses_on <= w[1].lapses_on));
            let covered: usize = all.iter().map(|k| k.grounds.len()).sum();
            proptest::prop_assert_eq!(covered, grounds.len(), "every ground has exactly one clock");
            for k in &all {
                proptest::prop_assert!(k.starts_on < k.lapses_on);
                proptest::prop_assert!(k.alerts.iter().all(|a| *a > k.starts_on && *a < k.lapses_on));
            }
        }
    }
}

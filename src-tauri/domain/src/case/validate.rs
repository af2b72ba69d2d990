//! Validation of what the doctor enters to open or edit a case. Every field at fault gets its own
//! French message under its JSON name (`title`, `statements.0.quote`, `parties.1.email`…), so the
//! window can put it next to the field; the input comes back cleaned of stray white space.

use chrono::{Days, Months, NaiveDate};

use super::{CaseInput, FirstPublication, Party, PartyRole, QuotedStatement};
use crate::review::published::{parse_relative_age, RelativeAge};
use crate::validation::{clean, is_email, Invalid};
use crate::web::parse_web_address;

pub const MAX_TITLE_CHARS: usize = 120;
pub const MAX_SITE_NAME_CHARS: usize = 100;
pub const MAX_NAME_CHARS: usize = 200;
pub const MAX_QUOTE_CHARS: usize = 2000;
/// A notice or a summons that disputes more than this is unreadable; split the case.
pub const MAX_STATEMENTS: usize = 50;
pub const MAX_PARTIES: usize = 10;
/// The doctor's notes on a case, and on a party.
pub const MAX_NOTES_CHARS: usize = 10_000;
pub const MAX_PARTY_NOTES_CHARS: usize = 2_000;
/// Address lines kept for a party (the postal rule, ≤ 6 lines of ≤ 38, is checked when a letter
/// is addressed; this only keeps a paste from filling the store).
const MAX_ADDRESS_LINES: usize = 10;
const MAX_ADDRESS_LINE_CHARS: usize = 200;

pub const FUTURE_PUBLICATION: &str = "La date de première publication ne peut pas être dans le futur.";

fn fr(d: NaiveDate) -> String {
    d.format("%d/%m/%Y").to_string()
}

/// Cleaned text, with a message on `field` when it is empty (and required) or too long.
fn text(inv: &mut Invalid, field: &str, raw: &str, max: usize, required: Option<&str>) -> String {
    let v = clean(raw);
    if v.is_empty() {
        if let Some(msg) = required {
            inv.push(field, msg);
        }
    } else if v.chars().count() > max {
        inv.push(field, format!("{max} caractères au plus ({} saisis).", v.chars().count()));
    }
    v
}

fn statements(inv: &mut Invalid, input: &[QuotedStatement]) -> Vec<QuotedStatement> {
    if input.is_empty() {
        inv.push("statements", "Citez au moins un propos contesté : chaque passage doit être cité séparément avec sa qualification.");
    } else if input.len() > MAX_STATEMENTS {
        inv.push("statements", format!("{MAX_STATEMENTS} propos au plus par dossier ({} saisis) : ouvrez un dossier par contenu.", input.len()));
    }
    let mut out: Vec<QuotedStatement> = Vec::with_capacity(input.len());
    for (i, st) in input.iter().enumerate() {
        let n = i + 1;
        let field = format!("statements.{i}.quote");
        let quote = clean(&st.quote);
        if quote.is_empty() {
            inv.push(&field, format!("Propos n° {n} : la citation est vide."));
        } else if quote.chars().count() > MAX_QUOTE_CHARS {
            inv.push(&field, format!("Propos n° {n} : la citation dépasse {MAX_QUOTE_CHARS} caractères ; citez le passage contesté seulement."));
        } else if out.iter().any(|c| c.quote == quote) {
            inv.push(&field, format!("Propos n° {n} : ce passage est déjà cité."));
        }
        let mut grounds = st.grounds.clone();
        grounds.sort();
        grounds.dedup();
        if grounds.is_empty() {
            inv.push(&format!("statements.{i}.grounds"), format!("Propos n° {n} : cochez au moins un motif (injure, diffamation, dénigrement…)."));
        }
        out.push(QuotedStatement { quote, grounds });
    }
    out
}

fn first_publication(inv: &mut Invalid, fp: &FirstPublication, today: NaiveDate) -> FirstPublication {
    const F: &str = "first_publication";
    match fp {
        FirstPublication::Exact { on } => {
            if *on > today {
                inv.push(F, FUTURE_PUBLICATION);
            }
            fp.clone()
        }
        FirstPublication::Approximate { earliest_on, latest_on, seen_text, seen_on } => {
            let seen_text = clean(seen_text);
            if *earliest_on > today || *latest_on > today {
                inv.push(F, FUTURE_PUBLICATION);
            } else if earliest_on > latest_on {
                inv.push(F, format!("La date la plus ancienne possible ({}) doit précéder la plus récente ({}).", fr(*earliest_on), fr(*latest_on)));
            } else if latest_on > seen_on {
                inv.push(F, format!("La publication ne peut pas être postérieure au jour où le contenu a été vu ({}).", fr(*seen_on)));
            }
            if *seen_on > today {
                inv.push(F, "Le jour où l'âge du contenu a été relevé ne peut pas être dans le futur.");
            }
            if seen_text.is_empty() {
                inv.push(F, "Recopiez l'âge affiché par le site (par exemple « il y a 2 mois »).");
            }
            FirstPublication::Approximate { earliest_on: *earliest_on, latest_on: *latest_on, seen_text, seen_on: *seen_on }
        }
    }
}

fn parties(inv: &mut Invalid, input: &[Party]) -> Vec<Party> {
    if input.len() > MAX_PARTIES {
        inv.push("parties", format!("{MAX_PARTIES} parties au plus par dossier."));
    }
    if input.iter().filter(|p| p.role == PartyRole::Author).count() > 1 {
        inv.push("parties", "Un seul auteur par dossier : des propos d'auteurs différents font des dossiers différents.");
    }
    let mut out = Vec::with_capacity(input.len());
    for (i, p) in input.iter().enumerate() {
        let name = text(inv, &format!("parties.{i}.name"), &p.name, MAX_NAME_CHARS, Some("Indiquez le nom, la raison sociale ou le pseudonyme de cette partie."));
        let email = p.email.as_deref().map(str::trim).filter(|e| !e.is_empty()).map(str::to_owned);
        if let Some(e) = &email {
            if !is_email(e) {
                inv.push(&format!("parties.{i}.email"), format!("« {} » n'est pas une adresse électronique valable.", e.chars().take(80).collect::<String>()));
            }
        }
        let web_form = p.web_form.as_deref().map(str::trim).filter(|u| !u.is_empty()).map(str::to_owned);
        if let Some(u) = &web_form {
            if let Err(e) = parse_web_address(u) {
                inv.push(&format!("parties.{i}.web_form"), e.message(u));
            }
        }
        if p.notes.chars().count() > MAX_PARTY_NOTES_CHARS {
            inv.push(&format!("parties.{i}.notes"), format!("Ces notes dépassent {MAX_PARTY_NOTES_CHARS} caractères : gardez l'essentiel."));
        }
        if p.address_lines.len() > MAX_ADDRESS_LINES || p.address_lines.iter().any(|l| l.chars().count() > MAX_ADDRESS_LINE_CHARS) {
            inv.push(&format!("parties.{i}.address_lines"), "Cette adresse est trop longue : six lignes au plus sur une enveloppe.");
        }
        out.push(Party {
            role: p.role,
            name,
            identified: p.identified,
            address_lines: p.address_lines.iter().map(|l| clean(l)).filter(|l| !l.is_empty()).collect(),
            email,
            web_form,
            notes: p.notes.trim().to_owned(),
        });
    }
    out
}

/// Checks and cleans a case input: one French message per field at fault.
pub fn validate_case(input: &CaseInput, today: NaiveDate) -> Result<CaseInput, Invalid> {
    let mut inv = Invalid::new();
    let title = text(&mut inv, "title", &input.title, MAX_TITLE_CHARS, Some("Donnez un titre au dossier (par exemple « Avis Google du 3 mars »)."));
    let url = input.url.trim().to_owned();
    if let Err(e) = parse_web_address(&url) {
        inv.push("url", e.message(&url));
    }
    let site_name = text(&mut inv, "site_name", &input.site_name, MAX_SITE_NAME_CHARS, Some("Indiquez le site ou le service (par exemple « Google Maps »)."));
    let author = Some(text(&mut inv, "author", input.author.as_deref().unwrap_or(""), MAX_NAME_CHARS, None)).filter(|a| !a.is_empty());
    let statements = statements(&mut inv, &input.statements);
    let first_publication = first_publication(&mut inv, &input.first_publication, today);
    if input.discovered_on > today {
        inv.push("discovered_on", "La date à laquelle vous avez découvert le contenu ne peut pas être dans le futur.");
    } else if input.discovered_on < input.first_publication.earliest() {
        // Discovering a content before it can have been published is a contradiction: one of the
        // two dates is wrong, and the clocks depend on both.
        inv.push(
            "discovered_on",
            format!(
                "Vous indiquez avoir découvert le contenu le {}, avant sa première publication (au plus tôt le {}) : corrigez l'une des deux dates.",
                fr(input.discovered_on),
                fr(input.first_publication.earliest())
            ),
        );
    }
    let parties = parties(&mut inv, &input.parties);
    if input.notes.chars().count() > MAX_NOTES_CHARS {
        inv.push("notes", format!("Les notes dépassent {MAX_NOTES_CHARS} caractères : joignez plutôt un document comme pièce du dossier."));
    }
    inv.into_result(CaseInput {
        title,
        url,
        site_name,
        author,
        review_id: input.review_id,
        statements,
        parties,
        first_publication,
        discovered_on: input.discovered_on,
        notes: input.notes.trim().to_owned(),
    })
}

/// The publication window an age seen on a platform implies, for a case opened from a review
/// whose date is approximate. Platforms round down: "il y a 2 mois" seen on `seen_on` means
/// published between `seen_on` − 3 months (earliest, exclusive bound taken as the earliest day)
/// and `seen_on` − 2 months. `None` when no age can be read.
pub fn approximate_from_age(seen_text: &str, seen_on: NaiveDate) -> Option<FirstPublication> {
    let back_days = |n: u32| seen_on.checked_sub_days(Days::new(u64::from(n)));
    let back_months = |n: u32| seen_on.checked_sub_months(Months::new(n));
    let (earliest_on, latest_on) = match parse_relative_age(seen_text)? {
        RelativeAge::DaysBack(n) => (back_days(n)?, back_days(n)?),
        // "il y a 5 heures": today, or yesterday when seen early in the morning.
        RelativeAge::Days { per: 0, .. } => (back_days(1)?, seen_on),
        RelativeAge::Days { count, per } => (back_days((count + 1) * per)?, back_days(count * per)?),
        RelativeAge::Months { count, per } => (back_months((count + 1) * per)?, back_months(count * per)?),
    };
    Some(FirstPublication::Approximate { earliest_on, latest_on, seen_text: clean(seen_text), seen_on })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::case::Ground;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    const TODAY: (i32, u32, u32) = (2026, 11, 30);

    fn today() -> NaiveDate {
        d(TODAY.0, TODAY.1, TODAY.2)
    }

    fn input() -> CaseInput {
        CaseInput {
            title: "  Avis Google   du 3 mars ".into(),
            url: " https://maps.google.com/avis/123 ".into(),
            site_name: "Google Maps".into(),
            author: Some("  ".into()),
            review_id: Some(4),
            statements: vec![QuotedStatement { quote: " C'est un  escroc ".into(), grounds: vec![Ground::Insult, Ground::Insult] }],
            parties: vec![Party {
                role: PartyRole::Host,
                name: " Google Ireland ".into(),
                identified: true,
                address_lines: vec!["Gordon House".into(), " ".into()],
                email: Some(" ".into()),
                web_form: Some("https://support.google.com/legal".into()),
                notes: String::new(),
            }],
            first_publication: FirstPublication::Exact { on: d(2026, 9, 1) },
            discovered_on: d(2026, 9, 3),
            notes: " ".into(),
        }
    }

    #[test]
    fn a_good_input_comes_back_cleaned() {
        let v = validate_case(&input(), today()).unwrap();
        assert_eq!(v.title, "Avis Google du 3 mars");
        assert_eq!(v.url, "https://maps.google.com/avis/123");
        assert_eq!(v.author, None);
        assert_eq!(v.statements[0].quote, "C'est un escroc");
        assert_eq!(v.statements[0].grounds, vec![Ground::Insult]);
        assert_eq!(v.parties[0].name, "Google Ireland");
        assert_eq!(v.parties[0].address_lines, vec!["Gordon House".to_owned()]);
        assert_eq!(v.parties[0].email, None);
    }

    #[test]
    fn each_field_at_fault_is_named() {
        let mut i = input();
        i.title = "x".repeat(121);
        i.url = "maps.google.com".into();
        i.site_name = " ".into();
        i.statements = vec![
            QuotedStatement { quote: "escroc".into(), grounds: vec![] },
            QuotedStatement { quote: " escroc".into(), grounds: vec![Ground::Insult] },
            QuotedStatement { quote: "a".repeat(2001), grounds: vec![Ground::Insult] },
            QuotedStatement { quote: "  ".into(), grounds: vec![Ground::Insult] },
        ];
        let err = validate_case(&i, today()).unwrap_err();
        for f in ["title", "url", "site_name", "statements.0.grounds", "statements.1.quote", "statements.2.quote", "statements.3.quote"] {
            assert!(err.has(f), "{f}: {err:?}");
        }
        assert!(!err.has("statements.0.quote"));
        i = input();
        i.statements = vec![];
        assert!(validate_case(&i, today()).unwrap_err().has("statements"));
        i.statements = (0..51).map(|n| QuotedStatement { quote: format!("propos {n}"), grounds: vec![Ground::Insult] }).collect();
        assert!(validate_case(&i, today()).unwrap_err().has("statements"));
    }

    #[test]
    fn publication_and_discovery_dates_must_agree() {
        let mut i = input();
        i.first_publication = FirstPublication::Exact { on: d(2026, 12, 1) };
        let err = validate_case(&i, today()).unwrap_err();
        assert_eq!(err.errors.iter().find(|e| e.field == "first_publication").unwrap().message, FUTURE_PUBLICATION);
        i = input();
        i.discovered_on = d(2026, 8, 31);
        let err = validate_case(&i, today()).unwrap_err();
        assert!(err.has("discovered_on") && err.to_string().contains("avant sa première publication"), "{err}");
        i.discovered_on = d(2026, 12, 1);
        assert!(validate_case(&i, today()).unwrap_err().has("discovered_on"));
    }

    #[test]
    fn an_approximate_window_must_be_ordered_up_to_the_day_it_was_seen() {
        let approx = |e, l, s, text: &str| FirstPublication::Approximate { earliest_on: e, latest_on: l, seen_text: text.into(), seen_on: s };
        let mut i = input();
        i.first_publication = approx(d(2026, 7, 1), d(2026, 8, 1), d(2026, 10, 1), " il y a  2 mois ");
        let v = validate_case(&i, today()).unwrap();
        assert!(matches!(v.first_publication, FirstPublication::Approximate { ref seen_text, .. } if seen_text == "il y a 2 mois"));
        for bad in [
            approx(d(2026, 8, 2), d(2026, 8, 1), d(2026, 10, 1), "il y a 2 mois"),
            approx(d(2026, 7, 1), d(2026, 10, 2), d(2026, 10, 1), "il y a 2 mois"),
            approx(d(2026, 7, 1), d(2026, 8, 1), d(2026, 12, 1), "il y a 2 mois"),
            approx(d(2026, 7, 1), d(2026, 8, 1), d(2026, 10, 1), " "),
        ] {
            i.first_publication = bad.clone();
            assert!(validate_case(&i, today()).unwrap_err().has("first_publication"), "{bad:?}");
        }
    }

    #[test]
    fn parties_are_checked_one_by_one() {
        let mut i = input();
        let author = Party { role: PartyRole::Author, name: "Jean".into(), identified: false, address_lines: vec![], email: Some("pas-une-adresse".into()), web_form: Some("javascript:alert(1)".into()), notes: String::new() };
        i.parties = vec![author.clone(), Party { name: " ".into(), email: None, web_form: None, ..author.clone() }];
        let err = validate_case(&i, today()).unwrap_err();
        for f in ["parties", "parties.0.email", "parties.0.web_form", "parties.1.name"] {
            assert!(err.has(f), "{f}: {err:?}");
        }
        i.parties = vec![Party { role: PartyRole::Publisher, email: None, web_form: None, ..author }; 11];
        assert!(validate_case(&i, today()).unwrap_err().has("parties"));
    }

    #[test]
    fn ages_give_a_window_rounded_down_by_the_platform() {
        let seen = d(2026, 3, 31);
        let window = |t| match approximate_from_age(t, seen) {
            Some(FirstPublication::Approximate { earliest_on, latest_on, .. }) => (earliest_on, latest_on),
            other => panic!("{t}: {other:?}"),
        };
        assert_eq!(window("il y a 2 mois"), (d(2025, 12, 31), d(2026, 1, 31)));
        assert_eq!(window("il y a un mois"), (d(2026, 1, 31), d(2026, 2, 28)), "month-end rule");
        assert_eq!(window("il y a 3 jours"), (d(2026, 3, 27), d(2026, 3, 28)));
        assert_eq!(window("il y a 2 semaines"), (d(2026, 3, 10), d(2026, 3, 17)));
        assert_eq!(window("il y a un an"), (d(2024, 3, 31), d(2025, 3, 31)));
        assert_eq!(window("a year ago"), (d(2024, 3, 31), d(2025, 3, 31)));
        assert_eq!(window("il y a 5 heures"), (d(2026, 3, 30), seen));
        assert_eq!(window("hier"), (d(2026, 3, 30), d(2026, 3, 30)));
        assert_eq!(approximate_from_age("2 mois", seen), None);
        let fp = approximate_from_age(" il y a  2 mois", seen).unwrap();
        assert!(matches!(fp, FirstPublication::Approximate { ref seen_text, seen_on, .. } if seen_text == "il y a 2 mois" && seen_on == seen));
    }
}

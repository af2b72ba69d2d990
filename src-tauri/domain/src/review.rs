//! Reviews of the doctor on rating platforms: what is recorded about each one, how typed or
//! imported input is checked, and the key that recognises the same review on a later import.
//!
//! Sub-modules: [`published`] (exact or approximate publication dates), [`status`] (the inbox
//! statuses and their transitions), [`qualification`] (lawful / possibly illicit, with each
//! disputed statement quoted separately).

pub mod ack;
pub mod published;
pub mod qualification;
pub mod status;
pub mod translation;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

pub use ack::AckKey;
pub use published::{parse_published, PublishedDate};
pub use qualification::{Ground, Qualification, QualificationKind, QuotedStatement};
pub use status::{check_transition, ReviewStatus};
pub use translation::split_translation;

use super::text::{char_len, strip_accents};
use super::validation::{clean, Invalid};

pub const MAX_PLATFORM_CHARS: usize = 100;
pub const MAX_AUTHOR_CHARS: usize = 200;
pub use super::web::MAX_URL_CHARS;
pub const MAX_TEXT_CHARS: usize = 20_000;

/// A reply as published under the review.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Reply {
    pub text: String,
    pub replied_on: NaiveDate,
}

/// What the entry form (or a paste) sends. Strings, so each wrong value is reported on its field.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct ReviewInput {
    /// Platform name as shown ("Google", "Doctolib"…).
    pub platform: String,
    /// The platform's row in the site catalogue, when chosen from it.
    pub site_id: Option<i64>,
    /// Address of the review or of the page that shows it; may be empty.
    pub url: String,
    /// Pseudonym or display name of the author.
    pub author: String,
    /// "12/03/2025", "2025-03-12", or the age shown: "il y a 2 mois", "2 months ago".
    pub published: String,
    /// The day a relative age was seen; empty = today.
    pub seen_on: String,
    /// "1" to "5", or empty when the platform shows no rating.
    pub rating: String,
    pub text: String,
}

/// A checked review, ready to be stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewReview {
    pub platform: String,
    pub site_id: Option<i64>,
    pub url: Option<String>,
    pub author: String,
    pub published: PublishedDate,
    pub rating: Option<u8>,
    /// The author's own words (for a review Google translated, the original).
    pub text: String,
    /// Google's translation of the text, when the platform gave one (see [`translation`]); never
    /// quoted, searched or used as evidence.
    #[serde(default)]
    pub text_translation: Option<String>,
    /// The whole text as given, when a translation was split off (see [`NewReview::legacy_dedup_key`]).
    #[serde(skip)]
    pub text_as_given: Option<String>,
    /// A reply already published (imports from Google carry it); the review is then "répondu".
    pub reply: Option<Reply>,
}

/// A stored review.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Review {
    pub id: i64,
    pub platform: String,
    pub site_id: Option<i64>,
    pub url: Option<String>,
    pub author: String,
    pub published: PublishedDate,
    pub rating: Option<u8>,
    /// The author's own words (for a review Google translated, the original).
    pub text: String,
    /// Google's translation, shown apart (« Traduction proposée par Google »).
    #[serde(default)]
    pub text_translation: Option<String>,
    pub status: ReviewStatus,
    pub qualification: Option<Qualification>,
    pub qualified_on: Option<NaiveDate>,
    /// The last reply recorded (kept when a reply is being revised).
    pub reply: Option<Reply>,
    /// When the doctor decided not to answer.
    pub left_alone_on: Option<NaiveDate>,
    pub created_at: String,
    pub updated_at: String,
}

/// Checks a URL typed or imported for a review: http or https with a host, no spaces.
pub fn check_url(url: &str) -> Result<(), String> {
    crate::web::parse_web_address(url).map(|_| ()).map_err(|e| format!("Adresse de l'avis : {}", e.message(url)))
}

/// Reads a rating: empty → none; "1" to "5", also "4/5" or "4 étoiles".
pub fn parse_rating(input: &str) -> Result<Option<u8>, String> {
    let s = clean(input);
    if s.is_empty() {
        return Ok(None);
    }
    let head = s.split(['/', ' ']).next().unwrap_or("");
    match head.parse::<u8>() {
        Ok(n @ 1..=5) => Ok(Some(n)),
        _ => Err(format!("Note {} invalide : indiquez un nombre entier de 1 à 5, ou laissez vide.", published::quoted(&s))),
    }
}

/// Checks the entry form. `today` is used when a relative age was seen without a date.
pub fn validate(input: &ReviewInput, today: NaiveDate) -> Result<NewReview, Invalid> {
    let mut invalid = Invalid::new();
    let platform = clean(&input.platform);
    if platform.is_empty() {
        invalid.push("platform", "Indiquez la plateforme où l'avis est publié (Google, Doctolib…).");
    } else if char_len(&platform) > MAX_PLATFORM_CHARS {
        invalid.push("platform", "Le nom de la plateforme est trop long (100 caractères au plus).");
    }
    let url = input.url.trim();
    if !url.is_empty() {
        if let Err(msg) = check_url(url) {
            invalid.push("url", msg);
        }
    }
    let author = clean(&input.author);
    if author.is_empty() {
        invalid.push("author", "Indiquez le pseudonyme de l'auteur tel qu'il apparaît (ou « Anonyme »).");
    } else if char_len(&author) > MAX_AUTHOR_CHARS {
        invalid.push("author", "Le pseudonyme est trop long (200 caractères au plus).");
    }
    let seen_on = if input.seen_on.trim().is_empty() {
        Some(today)
    } else {
        published::parse_calendar_date(&input.seen_on)
    };
    if seen_on.is_none() {
        invalid.push(
            "seen_on",
            format!(
                "{} n'est pas une date de consultation lisible : écrivez une date qui existe, sous la forme JJ/MM/AAAA.",
                published::quoted(&input.seen_on)
            ),
        );
    } else if seen_on.is_some_and(|d| d > today) {
        invalid.push("seen_on", "La date de consultation ne peut pas être dans le futur.");
    }
    let published = match parse_published(&input.published, seen_on.unwrap_or(today)) {
        None if input.published.trim().is_empty() => {
            invalid.push("published", "Indiquez la date de publication, ou l'âge affiché (« il y a 2 mois »).");
            None
        }
        None => {
            invalid.push("published", published::unreadable_date(&input.published));
            None
        }
        Some(p) if p.date() > today => {
            invalid.push("published", "La date de publication ne peut pas être dans le futur.");
            None
        }
        Some(p) => Some(p),
    };
    let rating = parse_rating(&input.rating).unwrap_or_else(|msg| {
        invalid.push("rating", msg);
        None
    });
    let whole = normalise_text(&input.text);
    let (text, text_translation) = split_translation(&whole);
    let text_translation = text_translation.map(|t| normalise_text(&t)).filter(|t| !t.is_empty());
    if char_len(&whole) > MAX_TEXT_CHARS {
        invalid.push("text", "Le texte de l'avis est trop long (20 000 caractères au plus).");
    }
    if text.is_empty() && rating.is_none() && !invalid.has("rating") {
        invalid.push("text", "Un avis sans texte doit au moins avoir une note.");
    }
    let Some(published) = published.filter(|_| invalid.is_empty()) else {
        return Err(invalid);
    };
    Ok(NewReview {
        platform,
        site_id: input.site_id,
        url: (!url.is_empty()).then(|| url.to_owned()),
        author,
        published,
        rating,
        text_as_given: text_translation.is_some().then_some(whole),
        text,
        text_translation,
        reply: None,
    })
}

/// Keeps line breaks (paragraphs matter in a quoted review) but trims each line and the whole.
pub fn normalise_text(s: &str) -> String {
    let lines: Vec<String> = s.replace("\r\n", "\n").replace('\r', "\n").lines().map(clean).collect();
    lines.join("\n").trim().to_owned()
}

/// Folds case, accents, apostrophes and white space so the same review copied twice compares equal.
fn fold(s: &str) -> String {
    clean(&strip_accents(&s.replace(['\u{2019}', '\u{2018}'], "'")).to_lowercase())
}

impl Review {
    /// The review came from Google (its platform, or its address on a Google domain): the
    /// screens then give the guide's advice on Google's own tools.
    pub fn is_from_google(&self) -> bool {
        from_google(&self.platform, self.url.as_deref())
    }
}

/// A platform named Google, or an address on one of Google's domains (google.fr, maps.google.com,
/// g.co, goo.gl) — not a site that merely has « google » somewhere in its name.
pub fn from_google(platform: &str, url: Option<&str>) -> bool {
    let host_is_google = url.and_then(|u| url::Url::parse(u).ok()).and_then(|u| u.host_str().map(str::to_ascii_lowercase)).is_some_and(|h| {
        h.split('.').any(|label| label == "google") || h == "g.co" || h.ends_with(".g.co") || h == "goo.gl"
    });
    fold(platform).split(|c: char| !c.is_alphanumeric()).any(|w| w == "google") || host_is_google
}

impl NewReview {
    /// A stable SHA-256 (hex) over platform, author, exact date and text, all folded, so that
    /// importing the same review again is recognised. An approximate date is left out: the age
    /// shown ("il y a 2 mois") and its estimate change from one day to the next.
    pub fn dedup_key(&self) -> String {
        self.key_over(&self.text)
    }

    /// The key this review had before Google's translation was kept apart (key over the text
    /// as Google gave it, translation included), so that a review imported then is recognised
    /// when imported again. `None` when the text had no translation.
    pub fn legacy_dedup_key(&self) -> Option<String> {
        self.text_as_given.as_deref().map(|whole| self.key_over(whole))
    }

    fn key_over(&self, text: &str) -> String {
        let date = match &self.published {
            PublishedDate::Exact { on } => on.to_string(),
            PublishedDate::Approximate { .. } => String::from("~"),
        };
        let mut h = Sha256::new();
        for part in [fold(&self.platform), fold(&self.author), date, fold(text)] {
            h.update(part.as_bytes());
            h.update([0x1f]);
        }
        h.finalize().iter().map(|b| format!("{b:02x}")).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 3, 1).unwrap()
    }

    #[test]
    fn a_google_review_is_told_by_its_platform_or_its_address() {
        assert!(from_google("Google", None));
        assert!(from_google("Avis Google Maps", None));
        assert!(from_google("Autre", Some("https://www.google.fr/maps/place/x")));
        assert!(from_google("", Some("https://maps.google.com/?cid=1")));
        assert!(!from_google("Doctolib", Some("https://www.doctolib.fr/x")));
        assert!(!from_google("Googleplex Santé", Some("https://notgoogle.example/x")), "a name holding « google » is not Google");
    }

    fn input() -> ReviewInput {
        ReviewInput {
            platform: " Google ".into(),
            url: "https://maps.google.com/x".into(),
            author: "Jean  D.".into(),
            published: "il y a 2 mois".into(),
            rating: "2".into(),
            text: "  Attente très longue.\r\n\r\n  Secrétariat désagréable. ".into(),
            ..Default::default()
        }
    }

    #[test]
    fn valid_input_is_cleaned() {
        let r = validate(&input(), today()).unwrap();
        assert_eq!(r.platform, "Google");
        assert_eq!(r.author, "Jean D.");
        assert_eq!(r.text, "Attente très longue.\n\nSecrétariat désagréable.");
        assert_eq!(r.rating, Some(2));
        assert_eq!(r.published.date(), NaiveDate::from_ymd_opt(2026, 1, 1).unwrap());
    }

    #[test]
    fn each_field_says_what_is_wrong_in_french() {
        let bad = ReviewInput {
            platform: String::new(),
            url: "ftp://x".into(),
            author: " ".into(),
            published: "bientôt".into(),
            rating: "6".into(),
            ..Default::default()
        };
        let err = validate(&bad, today()).unwrap_err();
        for field in ["platform", "url", "author", "published", "rating"] {
            assert!(err.has(field), "{field} should be reported: {err:?}");
        }
        assert!(err.errors.iter().find(|e| e.field == "url").unwrap().message.contains("https://"));
        let future = ReviewInput { published: "02/03/2026".into(), ..input() };
        assert!(validate(&future, today()).unwrap_err().has("published"));
        let empty = ReviewInput { rating: String::new(), text: " ".into(), ..input() };
        assert!(validate(&empty, today()).unwrap_err().has("text"));
    }

    #[test]
    fn a_google_translation_is_kept_apart_from_the_authors_words() {
        let translated = ReviewInput {
            text: "(Translated by Google) Very long wait.\r\n\r\n(Original)\r\nAttente  très longue.".into(),
            ..input()
        };
        let r = validate(&translated, today()).unwrap();
        assert_eq!(r.text, "Attente très longue.");
        assert_eq!(r.text_translation.as_deref(), Some("Very long wait."));
        let plain = validate(&ReviewInput { text: "Attente très longue.".into(), ..input() }, today()).unwrap();
        assert_eq!(plain.text_translation, None);
        assert_eq!(r.dedup_key(), plain.dedup_key(), "the key is over the author's words only");
    }

    #[test]
    fn ratings() {
        assert_eq!(parse_rating("4/5"), Ok(Some(4)));
        assert_eq!(parse_rating(" 5 étoiles"), Ok(Some(5)));
        assert_eq!(parse_rating(""), Ok(None));
        assert!(parse_rating("0").is_err());
        assert!(parse_rating("4,5").is_err());
        assert!(parse_rating("cinq").is_err());
    }

    #[test]
    fn dedup_key_format_is_stable() {
        // Changing this format would make every later re-import duplicate the stored reviews:
        // a migration must then recompute the keys.
        let r = validate(&ReviewInput { published: "01/01/2026".into(), ..input() }, today()).unwrap();
        let spelled = "google\u{1f}jean d.\u{1f}2026-01-01\u{1f}attente tres longue. secretariat desagreable.\u{1f}";
        let expected: String = Sha256::digest(spelled.as_bytes()).iter().map(|b| format!("{b:02x}")).collect();
        assert_eq!(r.dedup_key(), expected);
    }

    #[test]
    fn dedup_key_ignores_presentation_but_not_content() {
        let a = validate(&input(), today()).unwrap();
        let mut b = validate(
            &ReviewInput { author: "jean d.".into(), text: "attente tres longue. secretariat desagreable.".into(), ..input() },
            NaiveDate::from_ymd_opt(2026, 3, 20).unwrap(),
        )
        .unwrap();
        assert_eq!(a.dedup_key(), b.dedup_key(), "same review seen another day, typed differently");
        assert_eq!(a.dedup_key().len(), 64);
        b.text.push_str(" Bof.");
        assert_ne!(a.dedup_key(), b.dedup_key());
        let exact = validate(&ReviewInput { published: "01/01/2026".into(), ..input() }, today()).unwrap();
        assert_ne!(a.dedup_key(), exact.dedup_key());
    }
}

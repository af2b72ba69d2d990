//! Import of the JSON the Google Business Profile API returns for reviews:
//!
//! * a location's reviews (`accounts.locations.reviews.list`): the whole response
//!   `{ "reviews": [ … ] }` or a bare array of review objects;
//! * several locations' reviews (`accounts.locations.batchGetReviews`, used by tools that manage
//!   several practices): `{ "locationReviews": [ { "name": "accounts/…/locations/…",
//!   "review": { … } } ] }`. The location's `name` is not kept: every review goes to the inbox.
//!
//! Fields read from each review:
//!
//! | Field | Use |
//! |---|---|
//! | `reviewer.displayName` | author (`reviewer.isAnonymous: true` or no name → « Anonyme ») |
//! | `starRating` | `ONE` … `FIVE` → 1 … 5; `STAR_RATING_UNSPECIFIED` or absent → no rating |
//! | `comment` | text (may be absent for a rating without text). A review Google translated, « (Translated by Google) … (Original) … » or the original first, keeps the original as its text and the translation apart (see [`erm_domain::review::translation`]) |
//! | `createTime` | RFC 3339 timestamp → exact publication date, taken in French time |
//! | `reviewReply.comment` / `.updateTime` | the reply already published → review « répondu » |
//! | `reviewReply.reviewReplyState` | `PENDING…` or `REJECTED…`: the reply is not (yet) published and is not recorded; the review stays « nouveau » |
//!
//! The platform is « Google ». Other fields (`name`, `reviewId`, `updateTime`…) are ignored.
//! A faulty review is reported with its index in the array (`reviews` or `locationReviews`,
//! the first is 0).

use chrono::{DateTime, FixedOffset, NaiveDate};
use serde_json::Value;

use erm_domain::review::published::quoted;
use erm_domain::review::{normalise_text, validate, Reply, ReviewInput};
use erm_domain::validation::Invalid;

use super::{Parsed, RejectedRow};

pub const PLATFORM: &str = "Google";

fn file_error(message: impl Into<String>) -> Invalid {
    Invalid::single("file", message)
}

/// The calendar date in Paris of an instant (the IANA rules for Europe/Paris, through
/// chrono-tz), so a review posted at 23:30 French time is dated that day, as the press-law
/// clock expects.
pub fn paris_date(t: DateTime<FixedOffset>) -> NaiveDate {
    t.with_timezone(&chrono_tz::Europe::Paris).date_naive()
}

fn rating_of(value: Option<&Value>) -> Result<String, String> {
    let Some(v) = value else { return Ok(String::new()) };
    let n = match v.as_str() {
        Some("ONE") => "1",
        Some("TWO") => "2",
        Some("THREE") => "3",
        Some("FOUR") => "4",
        Some("FIVE") => "5",
        Some("STAR_RATING_UNSPECIFIED") => "",
        _ => return Err(format!("Note {} inconnue : attendu ONE, TWO, THREE, FOUR ou FIVE.", quoted(&v.to_string()))),
    };
    Ok(n.to_owned())
}

fn timestamp(value: Option<&Value>, what: &str) -> Result<NaiveDate, String> {
    let text = value.and_then(Value::as_str).ok_or_else(|| format!("{what} absente."))?;
    DateTime::parse_from_rfc3339(text)
        .map(paris_date)
        .map_err(|_| format!("{what} illisible ({}) : horodatage RFC 3339 attendu, par exemple 2025-03-05T14:30:00Z.", quoted(text)))
}

fn review_of(item: &Value, today: NaiveDate) -> Result<erm_domain::review::NewReview, String> {
    let obj = item.as_object().ok_or("Cet élément n'est pas un avis (objet JSON attendu).")?;
    let reviewer = obj.get("reviewer");
    let anonymous = reviewer.and_then(|r| r.get("isAnonymous")).and_then(Value::as_bool).unwrap_or(false);
    let name = reviewer.and_then(|r| r.get("displayName")).and_then(Value::as_str).unwrap_or("").trim();
    let author = if anonymous || name.is_empty() { "Anonyme" } else { name };
    let published = timestamp(obj.get("createTime"), "Date de l'avis (createTime)")?;
    let comment = match obj.get("comment") {
        None | Some(Value::Null) => "",
        Some(Value::String(s)) => s.as_str(),
        Some(_) => return Err("Le texte de l'avis (comment) doit être une chaîne de caractères.".into()),
    };
    let input = ReviewInput {
        platform: PLATFORM.into(),
        author: author.into(),
        published: published.format("%Y-%m-%d").to_string(),
        rating: rating_of(obj.get("starRating"))?,
        text: comment.into(),
        ..Default::default()
    };
    let mut review = validate(&input, today).map_err(|e| e.to_string())?;
    if let Some(reply) = obj.get("reviewReply").filter(|r| !r.is_null() && published_reply(r, obj)) {
        let text = normalise_text(reply.get("comment").and_then(Value::as_str).unwrap_or(""));
        if !text.is_empty() {
            let replied_on = timestamp(reply.get("updateTime"), "Date de la réponse (reviewReply.updateTime)")?;
            review.reply = Some(Reply { text, replied_on });
        }
    }
    Ok(review)
}

/// Whether a reply is published: Google moderates replies, and one still `PENDING` (or
/// `REJECTED`) is not shown under the review. The state is read on the reply, or on the review
/// should a tool flatten it there; no state means published, as in the API's older responses.
fn published_reply(reply: &Value, review: &serde_json::Map<String, Value>) -> bool {
    let state = reply.get("reviewReplyState").or_else(|| review.get("reviewReplyState")).and_then(Value::as_str);
    !state.is_some_and(|s| {
        let s = s.to_ascii_uppercase();
        s.contains("PENDING") || s.contains("REJECTED")
    })
}

/// The review objects of the file: `reviews`, a bare array, or `locationReviews[].review`.
fn review_items(json: &Value) -> Result<Vec<&Value>, Invalid> {
    Ok(match json {
        Value::Array(items) => items.iter().collect(),
        Value::Object(o) => match (o.get("reviews"), o.get("locationReviews")) {
            (Some(Value::Array(items)), _) => items.iter().collect(),
            // batchGetReviews: each entry wraps one review with its location's name. An entry
            // without "review" is passed on as is, and refused on its index as not a review.
            (None, Some(Value::Array(entries))) => {
                entries.iter().map(|e| e.get("review").filter(|r| r.is_object()).unwrap_or(e)).collect()
            }
            // The API omits the array when a location has no reviews.
            (None, None) if o.is_empty() || o.contains_key("totalReviewCount") => Vec::new(),
            _ => return Err(file_error(shape_message())),
        },
        _ => return Err(file_error(shape_message())),
    })
}

/// Parses the JSON; a file that is not such JSON is an `Err`, each faulty review a [`RejectedRow`].
pub fn parse(bytes: &[u8], today: NaiveDate) -> Result<Parsed, Invalid> {
    let body = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let json: Value = serde_json::from_slice(body).map_err(|e| {
        file_error(format!(
            "Ce fichier n'est pas un JSON valide (ligne {}, colonne {}). Exportez à nouveau les avis depuis Google.",
            e.line(),
            e.column()
        ))
    })?;
    let items = review_items(&json)?;
    let mut parsed = Parsed::default();
    for (index, item) in items.iter().enumerate() {
        match review_of(item, today) {
            Ok(r) => parsed.rows.push(r),
            Err(reason) => parsed.rejected.push(RejectedRow { line: index, reason }),
        }
    }
    Ok(parsed)
}

fn shape_message() -> String {
    "Ce JSON ne ressemble pas à des avis Google : attendu un objet { \"reviews\": [ … ] }, \
     { \"locationReviews\": [ … ] } ou une liste d'avis."
        .into()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> NaiveDate {
        paris_date(DateTime::parse_from_rfc3339(s).unwrap())
    }

    #[test]
    fn dates_are_taken_in_french_time() {
        let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).unwrap();
        assert_eq!(at("2025-01-15T23:30:00Z"), d(2025, 1, 16), "winter: UTC+1");
        assert_eq!(at("2025-07-15T22:30:00Z"), d(2025, 7, 16), "summer: UTC+2");
        assert_eq!(at("2025-07-15T21:30:00Z"), d(2025, 7, 15));
        // 2025 switches: 30 March and 26 October, 01:00 UTC.
        assert_eq!(at("2025-03-30T00:59:00Z"), d(2025, 3, 30));
        assert_eq!(at("2025-03-29T23:30:00Z"), d(2025, 3, 30), "still winter: +1");
        assert_eq!(at("2025-10-25T22:30:00Z"), d(2025, 10, 26), "still summer: +2");
        assert_eq!(at("2025-10-26T22:30:00Z"), d(2025, 10, 26), "winter again: +1");
    }

    #[test]
    fn star_ratings() {
        assert_eq!(rating_of(Some(&Value::from("FOUR"))), Ok("4".into()));
        assert_eq!(rating_of(None), Ok(String::new()));
        assert!(rating_of(Some(&Value::from("SIX"))).is_err());
        assert!(rating_of(Some(&Value::from(4))).is_err());
    }
}

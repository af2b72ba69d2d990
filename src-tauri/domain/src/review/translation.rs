//! Reviews Google translated for the reader. Google Business Profile (and Maps, when a review is
//! copied from the page) gives such a review as
//!
//! ```text
//! (Translated by Google) Very attentive doctor…
//!
//! (Original)
//! Médecin très à l'écoute…
//! ```
//!
//! or the original first, followed by `(Translated by Google)` and the translation. The French
//! interface writes `(Traduit par Google)` and `(Avis d'origine)`. The review's text is the
//! author's own words: quotes in a complaint, evidence and search must use them, never Google's
//! rendering. [`split_translation`] keeps the original as the text and the translation apart.

/// Markers that open Google's translation.
const TRANSLATED: [&str; 2] = ["(Translated by Google)", "(Traduit par Google)"];
/// Markers that open the original text.
const ORIGINAL: [&str; 3] = ["(Original)", "(Avis d'origine)", "(Avis d’origine)"];

/// The first occurrence of any of `markers` in `text`: (start, end) byte offsets.
fn find_any(text: &str, markers: &[&str]) -> Option<(usize, usize)> {
    markers.iter().filter_map(|m| text.find(m).map(|i| (i, i + m.len()))).min_by_key(|&(i, _)| i)
}

/// Splits a review's text into `(original, translation)`. Without Google's markers, or when
/// the original and the translation cannot both be told apart (a translation alone, an empty
/// part), the text is returned whole with no translation. Both parts are trimmed; the caller normalises them.
pub fn split_translation(text: &str) -> (String, Option<String>) {
    let whole = || (text.to_owned(), None);
    let Some((t_start, t_end)) = find_any(text, &TRANSLATED) else { return whole() };
    let (original, translation) = match find_any(text, &ORIGINAL) {
        // "(Translated by Google) translation (Original) original"
        Some((o_start, o_end)) if o_start >= t_end => (&text[o_end..], &text[t_end..o_start]),
        // "(Original) original (Translated by Google) translation", or the original first with a
        // stray "(Original)" marker before the translation's.
        Some((o_start, o_end)) if o_end <= t_start => {
            let before = text[..o_start].trim();
            let original = if before.is_empty() { &text[o_end..t_start] } else { &text[..t_start] };
            (original, &text[t_end..])
        }
        Some(_) => return whole(),
        // "original (Translated by Google) translation"
        None => (&text[..t_start], &text[t_end..]),
    };
    let (original, translation) = (original.trim(), translation.trim());
    if original.is_empty() || translation.is_empty() {
        return whole();
    }
    (original.to_owned(), Some(translation.to_owned()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split(s: &str) -> (String, Option<String>) {
        split_translation(s)
    }

    #[test]
    fn translation_first_then_original() {
        let (o, t) = split("(Translated by Google) Very long wait.\n\n(Original)\nAttente très longue.");
        assert_eq!((o.as_str(), t.as_deref()), ("Attente très longue.", Some("Very long wait.")));
        let (o, t) = split("(Traduit par Google) Médecin à l'écoute.\n\n(Avis d'origine)\nArzt hört zu.");
        assert_eq!((o.as_str(), t.as_deref()), ("Arzt hört zu.", Some("Médecin à l'écoute.")));
    }

    #[test]
    fn original_first_then_translation() {
        let (o, t) = split("Attente très longue.\n\n(Translated by Google)\nVery long wait.");
        assert_eq!((o.as_str(), t.as_deref()), ("Attente très longue.", Some("Very long wait.")));
        let (o, t) = split("(Original)\nAttente très longue.\n(Translated by Google)\nVery long wait.");
        assert_eq!((o.as_str(), t.as_deref()), ("Attente très longue.", Some("Very long wait.")));
    }

    #[test]
    fn other_texts_are_kept_whole() {
        for s in [
            "Attente très longue.",
            "(Translated by Google) only the translation",
            "(Original) only an original marker",
            "(Translated by Google)",
            "",
            "x (Original)(Translated by Google)",
        ] {
            assert_eq!(split(s), (s.to_owned(), None), "{s:?}");
        }
    }
}

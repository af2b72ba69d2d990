//! How long a reply may be. Google Business Profile refuses replies over 4,096 characters; the
//! other platforms allow at least as much. A reply or a template longer than that cannot be
//! published as it is, so it is refused with a French message before anything is stored or
//! copied. (The guard itself stays linear on any length: see `benches/secrecy.rs`.)

use erm_domain::validation::Invalid;

/// The longest reply the platforms accept, in characters (Google's limit).
pub const MAX_REPLY_CHARS: usize = 4096;

/// `Ok(())` when `text` has at most [`MAX_REPLY_CHARS`] characters; otherwise the crate's
/// validation error on `field` (« text », « source »…), with a French message for the doctor.
/// Counting stops after the limit, so a 5 MB paste costs no more than a 4 kB one.
pub fn check_reply_length(text: &str, field: &str) -> Result<(), crate::ReplyError> {
    if text.chars().take(MAX_REPLY_CHARS + 1).count() <= MAX_REPLY_CHARS {
        return Ok(());
    }
    Err(Invalid::single(field, "La réponse dépasse 4\u{202f}096 caractères (limite de Google) : raccourcissez-la.").into())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replies_up_to_the_limit_pass_and_longer_ones_are_refused_in_french() {
        assert!(check_reply_length("", "text").is_ok());
        assert!(check_reply_length(&"é".repeat(MAX_REPLY_CHARS), "text").is_ok(), "characters, not bytes");
        let err = check_reply_length(&"a".repeat(MAX_REPLY_CHARS + 1), "text").unwrap_err();
        match &err {
            crate::ReplyError::Invalid(inv) => assert!(inv.has("text")),
            other => panic!("{other:?}"),
        }
        assert!(err.to_string().contains("4\u{202f}096 caractères (limite de Google)"), "{err}");
        assert!(check_reply_length(&"x".repeat(5_000_000), "source").is_err());
    }
}

//! French postal addresses as La Poste reads them (norm NF Z 10-011): at most six lines of at
//! most 38 characters, the last ones in capitals without accents or punctuation, and a last line
//! made of the 5-digit postcode and the locality. Letters are only worth sending if the address
//! reads through a window envelope, so every recipient and sender block goes through here.

use serde::Serialize;

use super::text::{char_len, postal_upper};
use super::validation::{clean, Invalid};

pub const MAX_LINES: usize = 6;
pub const MAX_LINE_CHARS: usize = 38;

/// An address that passed the rules, lines ready to print in order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PostalAddress {
    lines: Vec<String>,
}

impl PostalAddress {
    /// Checks and normalises raw lines (identity first, locality last). Empty lines are dropped.
    /// The norm's lines 4 to 6 (street, BP/TSA, postcode + locality) are put in capitals without
    /// accents or punctuation; since empty lines are dropped we recognise them by their shape
    /// (among the last three, starting with a number or BP/CS/TSA) rather than their position,
    /// so an "À l'attention de…" line keeps its apostrophes.
    /// Errors are reported on `field`, naming the faulty line as the doctor typed it.
    pub fn parse<S: AsRef<str>>(field: &str, raw: &[S]) -> Result<Self, Invalid> {
        let lines: Vec<String> =
            raw.iter().map(|l| clean(l.as_ref())).filter(|l| !l.is_empty()).collect();
        let mut inv = Invalid::new();
        if lines.len() < 2 {
            inv.push(field, "L'adresse doit compter au moins deux lignes : le destinataire et « code postal + commune ».");
            return Err(inv);
        }
        if lines.len() > MAX_LINES {
            inv.push(
                field,
                format!("L'adresse compte {} lignes ; la norme postale en admet {MAX_LINES} au plus.", lines.len()),
            );
            return Err(inv);
        }
        let n = lines.len();
        if let Err(msg) = check_locality_chars(&lines[n - 1]) {
            inv.push(field, format!("La ligne {n} de l'adresse : {msg}"));
            return Err(inv);
        }
        let first_postal = n.saturating_sub(3).max(1);
        let lines: Vec<String> = lines
            .into_iter()
            .enumerate()
            .map(|(i, l)| if i == n - 1 || (i >= first_postal && looks_like_delivery_line(&l)) { postal_line(&l) } else { l })
            .collect();
        for (i, l) in lines.iter().enumerate() {
            let len = char_len(l);
            if len > MAX_LINE_CHARS {
                inv.push(
                    field,
                    format!(
                        "La ligne {} de l'adresse compte {len} caractères ; {MAX_LINE_CHARS} au plus sont admis (abrégez, par exemple « bd » pour boulevard).",
                        i + 1
                    ),
                );
            }
        }
        if let Err(msg) = check_locality_line(&lines[n - 1]) {
            inv.push(field, format!("La ligne {n} de l'adresse : {msg}"));
        }
        inv.into_result(PostalAddress { lines })
    }

    pub fn lines(&self) -> &[String] {
        &self.lines
    }
}

fn looks_like_delivery_line(line: &str) -> bool {
    let up = line.to_uppercase();
    line.starts_with(|c: char| c.is_ascii_digit())
        || ["BP ", "B.P.", "CS ", "TSA ", "CEDEX"].iter().any(|p| up.starts_with(p))
}

/// Capitals, no accents, no punctuation: what sorting machines read best.
pub fn postal_line(s: &str) -> String {
    let up: String = postal_upper(s)
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { ' ' })
        .collect();
    clean(&up)
}

/// Checks a locality (« Paris », « L'Haÿ-les-Roses », « Paris Cedex 14 ») for characters the
/// postal line would silently drop: letters, digits, spaces, hyphens, apostrophes, full stops,
/// commas, slashes and brackets only. « {{#each}} » would otherwise print « EACH ».
pub fn check_locality_chars(locality: &str) -> Result<(), String> {
    let mut odd: Vec<char> = Vec::new();
    for c in locality.chars() {
        let fine = c.is_alphanumeric() || c.is_whitespace() || "-'’.,/()".contains(c);
        if !fine && !odd.contains(&c) {
            odd.push(c);
        }
    }
    if odd.is_empty() {
        return Ok(());
    }
    let shown: Vec<String> = odd.iter().take(5).map(|c| format!("« {c} »")).collect();
    Err(format!(
        "La commune contient {} qu'une adresse postale n'admet pas : {}. Écrivez le nom de la commune tel que La Poste l'imprime (par exemple « Saint-Étienne »).",
        if odd.len() > 1 { "des caractères" } else { "un caractère" },
        shown.join(", ")
    ))
}

/// Checks a postcode typed on its own (5 digits, a real département prefix).
pub fn check_postcode(code: &str) -> Result<(), String> {
    let code = code.trim();
    if code.len() != 5 || !code.bytes().all(|b| b.is_ascii_digit()) {
        return Err("Le code postal doit compter exactement 5 chiffres (par exemple 75014).".into());
    }
    if code.starts_with("00") || code.starts_with("99") {
        return Err(format!("Le code postal {code} n'existe pas en France."));
    }
    Ok(())
}

fn check_locality_line(line: &str) -> Result<(), String> {
    let (code, rest) = line.split_at(line.find(' ').unwrap_or(line.len()));
    check_postcode(code).map_err(|m| {
        format!("elle doit commencer par le code postal suivi de la commune, par exemple « 75014 PARIS ». {m}")
    })?;
    if !rest.trim().chars().any(|c| c.is_ascii_alphabetic()) {
        return Err("la commune manque après le code postal.".into());
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(lines: &[&str]) -> Result<PostalAddress, Invalid> {
        PostalAddress::parse("address", lines)
    }

    #[test]
    fn normalises_the_last_lines_only() {
        let a = parse(&["Société Médi-Annuaire", "Service données personnelles", "", "12, rue de l'Église", "  75014   Paris "]).unwrap();
        assert_eq!(
            a.lines(),
            ["Société Médi-Annuaire", "Service données personnelles", "12 RUE DE L EGLISE", "75014 PARIS"]
        );
    }

    #[test]
    fn keeps_the_identity_line_as_typed_even_in_short_addresses() {
        let a = parse(&["Dr Hélène Dupré", "75014 Paris"]).unwrap();
        assert_eq!(a.lines()[0], "Dr Hélène Dupré");
    }

    #[test]
    fn rejects_seven_lines() {
        let e = parse(&["a", "b", "c", "d", "e", "f", "75014 PARIS"]).unwrap_err();
        assert!(e.errors[0].message.contains("7 lignes"), "{e}");
    }

    #[test]
    fn names_the_line_that_is_too_long() {
        let e = parse(&["Dr X", "Résidence des Grands Chênes Bâtiment B escalier 4", "75014 PARIS"]).unwrap_err();
        assert_eq!(e.errors.len(), 1);
        assert!(e.errors[0].message.starts_with("La ligne 2 "), "{e}");
        assert!(e.errors[0].message.contains("38"), "{e}");
    }

    #[test]
    fn thirty_eight_characters_fit() {
        let line = "A".repeat(38);
        assert!(parse(&["Dr X", &line, "75014 PARIS"]).is_ok());
        let line = "A".repeat(39);
        assert!(parse(&["Dr X", &line, "75014 PARIS"]).is_err());
    }

    #[test]
    fn last_line_needs_postcode_and_locality() {
        assert!(parse(&["Dr X", "12 rue Cabanis", "Paris"]).is_err());
        assert!(parse(&["Dr X", "12 rue Cabanis", "7501 Paris"]).is_err());
        assert!(parse(&["Dr X", "12 rue Cabanis", "75014"]).is_err());
        let cedex = parse(&["CNIL", "3 place de Fontenoy", "TSA 80715", "75334 Paris Cedex 07"]).unwrap();
        assert_eq!(cedex.lines()[3], "75334 PARIS CEDEX 07");
    }

    #[test]
    fn postcode_rules() {
        assert!(check_postcode("75014").is_ok());
        assert!(check_postcode("97400").is_ok());
        assert!(check_postcode("00100").is_err());
        assert!(check_postcode("7501A").is_err());
        assert!(check_postcode("750140").is_err());
    }
}

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

/// A line the application adds to the block around what the doctor typed (the doctor's name,
/// the publisher's company, « 75014 PARIS » built from two fields…), with the form field an
/// error about it belongs to (empty: a fixed line, nothing to report).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AddedLine<'a> {
    pub field: &'a str,
    pub text: String,
}

impl<'a> AddedLine<'a> {
    pub fn new(field: &'a str, text: impl Into<String>) -> Self {
        AddedLine { field, text: text.into() }
    }
}

/// The one address rule: how a block is made of lines the application adds before (`head`), the
/// lines the doctor typed in one field (`typed`, one per line, empty ones dropped), and
/// optionally a last line built from other fields (`tail`, « 75014 PARIS » from postcode and
/// city; those fields check its shape themselves). Every problem is reported in one pass:
/// errors on typed lines go on `field` and number them as the doctor typed them (the first
/// typed line is « ligne 1 », whatever the block adds before it); a head or tail line that is
/// too long is reported on its own field.
#[derive(Debug, Clone)]
pub struct AddressBlock<'a> {
    pub field: &'a str,
    pub head: Vec<AddedLine<'a>>,
    pub tail: Option<AddedLine<'a>>,
}

impl<'a> AddressBlock<'a> {
    /// A block the doctor types in full (a letter's recipient).
    pub fn typed(field: &'a str) -> Self {
        AddressBlock { field, head: Vec::new(), tail: None }
    }

    pub fn check<S: AsRef<str>>(&self, raw: &[S]) -> Result<PostalAddress, Invalid> {
        let field = self.field;
        // (line number as typed, text)
        let typed: Vec<(usize, String)> = raw
            .iter()
            .enumerate()
            .map(|(i, l)| (i + 1, clean_line(l.as_ref())))
            .filter(|(_, l)| !l.is_empty())
            .collect();
        let head: Vec<(&str, String)> =
            self.head.iter().map(|a| (a.field, clean_line(&a.text))).filter(|(_, l)| !l.is_empty()).collect();
        let tail = self.tail.as_ref().map(|a| (a.field, clean_line(&a.text)));
        let mut inv = Invalid::new();
        let n = head.len() + typed.len() + usize::from(tail.is_some());
        let added = n - typed.len();
        if n < 2 {
            inv.push(field, "L'adresse doit compter au moins deux lignes : le destinataire et « code postal + commune ».");
            return Err(inv);
        }
        if n > MAX_LINES {
            let msg = if added == 0 {
                format!("L'adresse compte {n} lignes ; la norme postale en admet {MAX_LINES} au plus.")
            } else {
                format!(
                    "Vous avez saisi {} lignes ; avec {} que l'enveloppe ajoute, l'adresse en compterait {n} et la norme postale en admet {MAX_LINES} au plus : {} lignes au plus ici.",
                    typed.len(),
                    if added == 1 { "la ligne".to_owned() } else { format!("les {added} lignes") },
                    MAX_LINES - added
                )
            };
            inv.push(field, msg);
        }
        // Where each line comes from, in print order.
        enum From<'f> {
            Added(&'f str),
            Typed(usize),
        }
        let mut lines: Vec<(From, String)> = head.into_iter().map(|(f, l)| (From::Added(f), l)).collect();
        lines.extend(typed.into_iter().map(|(k, l)| (From::Typed(k), l)));
        if let Some((f, l)) = tail {
            lines.push((From::Added(f), l));
        }
        // A foreign recipient (the hosts of the large platforms are in Ireland or Luxembourg):
        // the last line is the country, the line before it the locality in that country's own
        // format, which French rules do not judge.
        let foreign = self.tail.is_none() && lines.last().is_some_and(|(_, l)| is_foreign_country(l));
        if self.tail.is_none() && !foreign {
            let (from, last) = lines.last().expect("two lines at least");
            let which = match from {
                From::Typed(k) => format!("La ligne {k} de l'adresse (la dernière)"),
                From::Added(_) => "La dernière ligne de l'adresse".to_owned(),
            };
            let shape = check_locality_chars(last).and_then(|()| check_locality_line(&postal_line(last)));
            if let Err(msg) = shape {
                inv.push(field, format!("{which} : {msg}"));
            }
        }
        let first_postal = n.saturating_sub(3).max(1);
        let lines: Vec<(From, String)> = lines
            .into_iter()
            .enumerate()
            .map(|(i, (from, l))| {
                let postal = i == n - 1 || (foreign && i + 2 == n) || (i >= first_postal && looks_like_delivery_line(&l));
                (from, if postal { postal_line(&l) } else { l })
            })
            .collect();
        for (from, l) in &lines {
            if l.is_empty() {
                // A line put in capitals without punctuation that had nothing else (« ??? »,
                // « — » before the country of a foreign address).
                let msg = "ne contient ni lettre ni chiffre : sur l'enveloppe, elle serait vide.";
                match from {
                    From::Typed(k) => inv.push(field, format!("La ligne {k} de l'adresse {msg}")),
                    From::Added(f) if !f.is_empty() => inv.push(f, format!("Une ligne de l'adresse {msg}")),
                    From::Added(_) => {}
                }
                continue;
            }
            let len = char_len(l);
            if len <= MAX_LINE_CHARS {
                continue;
            }
            match from {
                From::Typed(k) => inv.push(
                    field,
                    format!(
                        "La ligne {k} de l'adresse compte {len} caractères ; {MAX_LINE_CHARS} au plus sont admis (abrégez, par exemple « bd » pour boulevard)."
                    ),
                ),
                From::Added(f) if !f.is_empty() => inv.push(
                    f,
                    format!("Sur l'enveloppe, la ligne « {l} » compterait {len} caractères ; la norme postale en admet {MAX_LINE_CHARS} au plus (abrégez)."),
                ),
                From::Added(_) => {}
            }
        }
        inv.into_result(PostalAddress { lines: lines.into_iter().map(|(_, l)| l).collect() })
    }
}

impl PostalAddress {
    /// Checks and normalises raw lines (identity first, locality last), all typed by the doctor
    /// (see [`AddressBlock`] for blocks the application completes). Empty lines are dropped.
    /// The norm's lines 4 to 6 (street, BP/TSA, postcode + locality) are put in capitals without
    /// accents or punctuation; since empty lines are dropped we recognise them by their shape
    /// (among the last three, starting with a number or BP/CS/TSA) rather than their position,
    /// so an "À l'attention de…" line keeps its apostrophes.
    /// Errors are reported on `field`, naming the faulty line as the doctor typed it.
    pub fn parse<S: AsRef<str>>(field: &str, raw: &[S]) -> Result<Self, Invalid> {
        AddressBlock::typed(field).check(raw)
    }

    pub fn lines(&self) -> &[String] {
        &self.lines
    }
}

/// An address line as it goes on the envelope: white space collapsed (see [`clean`]), and the
/// characters that print nothing dropped — control characters (NUL…), soft hyphens, zero-width
/// spaces and joiners, bidirectional marks and overrides (U+061C, U+200E/F, U+202A–E,
/// U+2066–9), word joiners and the byte-order mark. Pasted from a web page or a PDF, they would otherwise count in the 38
/// characters, hide inside the postcode, or reverse the line where the address is shown.
pub fn clean_line(s: &str) -> String {
    let visible: String = clean(s).chars().filter(|c| !prints_nothing(*c)).collect();
    clean(&visible)
}

fn prints_nothing(c: char) -> bool {
    c.is_control()
        || matches!(c, '\u{AD}' | '\u{61C}' | '\u{180E}' | '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2060}'..='\u{206F}' | '\u{FEFF}')
}

fn looks_like_delivery_line(line: &str) -> bool {
    let up = line.to_uppercase();
    line.starts_with(|c: char| c.is_ascii_digit())
        || ["BP ", "B.P.", "CS ", "TSA ", "CEDEX"].iter().any(|p| up.starts_with(p))
}

/// Countries a letter from France is commonly addressed to, as the last line of the address
/// (in French, capitals, as La Poste asks for mail abroad): where the platforms' hosts and
/// publishers have their seat. « FRANCE » is not one: a French address ends with its postcode.
const FOREIGN_COUNTRIES: [&str; 30] = [
    "IRLANDE", "LUXEMBOURG", "BELGIQUE", "SUISSE", "ALLEMAGNE", "ESPAGNE", "ITALIE", "PAYS BAS", "PORTUGAL",
    "AUTRICHE", "DANEMARK", "SUEDE", "FINLANDE", "NORVEGE", "POLOGNE", "REPUBLIQUE TCHEQUE", "GRECE", "ROYAUME UNI",
    "ETATS UNIS", "ETATS UNIS D AMERIQUE", "CANADA", "MONACO", "ANDORRE", "MALTE", "CHYPRE", "ESTONIE", "LETTONIE",
    "LITUANIE", "ISRAEL", "SINGAPOUR",
];

fn is_foreign_country(line: &str) -> bool {
    FOREIGN_COUNTRIES.contains(&postal_line(line).as_str())
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
    fn reports_every_problem_in_one_pass() {
        let long = "Résidence des Grands Chênes Bâtiment B escalier 4";
        let e = parse(&["a", long, "c", "d", "e", long, "75014"]).unwrap_err();
        let msgs: Vec<&str> = e.errors.iter().map(|x| x.message.as_str()).collect();
        assert!(msgs.iter().any(|m| m.contains("7 lignes")), "{msgs:?}");
        assert!(msgs.iter().any(|m| m.starts_with("La ligne 2 ")), "{msgs:?}");
        assert!(msgs.iter().any(|m| m.starts_with("La ligne 6 ")), "{msgs:?}");
        assert!(msgs.iter().any(|m| m.contains("ligne 7") && m.contains("commune manque")), "{msgs:?}");
    }

    #[test]
    fn typed_lines_are_numbered_as_typed_whatever_the_block_adds() {
        let block = AddressBlock {
            field: "address_lines",
            head: vec![AddedLine::new("last_name", "Dr Hélène DUPRÉ")],
            tail: Some(AddedLine::new("city", "75014 PARIS")),
        };
        let long = "Résidence des Grands Chênes Bâtiment B escalier 4";
        // An empty line typed in the middle still counts in the doctor's numbering.
        let e = block.check(&["12 rue Cabanis", "", long]).unwrap_err();
        assert_eq!(e.errors.len(), 1, "{e:?}");
        assert_eq!(e.errors[0].field, "address_lines");
        assert!(e.errors[0].message.starts_with("La ligne 3 "), "{e}");
        let ok = block.check(&["12 rue Cabanis"]).unwrap();
        assert_eq!(ok.lines(), ["Dr Hélène DUPRÉ", "12 RUE CABANIS", "75014 PARIS"]);
    }

    #[test]
    fn an_added_line_too_long_is_reported_on_its_own_field() {
        let block = AddressBlock {
            field: "address_lines",
            head: vec![AddedLine::new("last_name", "Pr Marie-Amélie-Bérengère DE LA ROCHEFOUCAULD")],
            tail: Some(AddedLine::new("city", "75014 PARIS")),
        };
        let e = block.check(&["12 rue Cabanis"]).unwrap_err();
        assert!(e.has("last_name") && !e.has("address_lines"), "{e:?}");
        let too_many = block.check(&["a", "b", "c", "d", "12 rue Cabanis"]).unwrap_err();
        let m = &too_many.errors.iter().find(|x| x.field == "address_lines").unwrap().message;
        assert!(m.contains("Vous avez saisi 5 lignes") && m.contains("4 lignes au plus ici"), "{m}");
    }

    #[test]
    fn invisible_characters_are_dropped_from_every_line() {
        let a = parse(&["\u{FEFF}Dr\u{200B} X\u{202E}", "12\0 rue\u{200F} Cabanis", "75014\u{2066} Paris"]).unwrap();
        assert_eq!(a.lines(), ["Dr X", "12 RUE CABANIS", "75014 PARIS"]);
        assert!(parse(&["Dr X", "\u{200B}\u{FEFF}", "75014 Paris"]).unwrap().lines().len() == 2, "a line of nothing visible is an empty line");
    }

    #[test]
    fn a_line_the_postal_form_empties_is_refused() {
        let e = parse(&["\u{FFFD}", "Irlande"]).unwrap_err();
        assert!(e.errors[0].message.starts_with("La ligne 1 ") && e.errors[0].message.contains("ni lettre ni chiffre"), "{e}");
        assert!(parse(&["Google Ireland", "« — »", "Irlande"]).is_err());
    }

    #[test]
    fn postcode_rules() {
        assert!(check_postcode("75014").is_ok());
        assert!(check_postcode("97400").is_ok());
        assert!(check_postcode("00100").is_err());
        assert!(check_postcode("7501A").is_err());
        assert!(check_postcode("750140").is_err());
    }

    #[test]
    fn a_foreign_host_is_addressed_with_its_country_last() {
        let a = PostalAddress::parse("recipient", &["Google Ireland Limited", "Gordon House", "Barrow Street", "Dublin 4", "Irlande"]).unwrap();
        assert_eq!(a.lines().last().unwrap(), "IRLANDE");
        assert_eq!(a.lines()[3], "DUBLIN 4");
        // A French address whose postcode was forgotten is still refused.
        assert!(PostalAddress::parse("recipient", &["Société", "8 rue de Londres", "Paris"]).is_err());
        assert!(PostalAddress::parse("recipient", &["Société", "8 rue de Londres", "France"]).is_err());
    }
}

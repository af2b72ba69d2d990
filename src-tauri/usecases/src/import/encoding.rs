//! Turning the bytes of an imported file into text. Spreadsheets on French Windows machines
//! still save CSV in Windows-1252; everything else writes UTF-8, with or without a byte-order
//! mark. A file that is valid UTF-8 is read as UTF-8; otherwise as Windows-1252 — unless it
//! visibly mixes both, which would silently garble accents, so it is refused with the lines.

use encoding_rs::WINDOWS_1252;

/// Which encoding the text was read in (shown in the import summary).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    Utf8,
    Windows1252,
}

/// Decodes `bytes`, or says in French why the file cannot be read as text.
pub fn decode(bytes: &[u8]) -> Result<(String, Encoding), String> {
    if bytes.starts_with(b"PK\x03\x04") {
        return Err("Ce fichier est un classeur (Excel ou LibreOffice), pas un CSV : ouvrez-le dans votre tableur \
                    puis « Enregistrer sous » au format CSV."
            .into());
    }
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return Err("Ce fichier est encodé en UTF-16 : enregistrez-le à nouveau en UTF-8 (ou en CSV Windows).".into());
    }
    let body = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if body.contains(&0) {
        return Err("Ce fichier n'est pas un fichier texte (il contient des octets nuls).".into());
    }
    if let Ok(text) = std::str::from_utf8(body) {
        return Ok((text.to_owned(), Encoding::Utf8));
    }
    let mixed = utf8_lines(body);
    if !mixed.is_empty() {
        let shown: Vec<String> = mixed.iter().take(5).map(usize::to_string).collect();
        return Err(format!(
            "Ce fichier mélange deux encodages : certaines lignes sont en UTF-8 (par exemple ligne{} {}), \
             d'autres en Windows-1252, et les accents seraient abîmés. Ouvrez-le dans votre tableur et \
             enregistrez-le à nouveau en « CSV UTF-8 ».",
            if shown.len() > 1 { "s" } else { "" },
            shown.join(", ")
        ));
    }
    let (text, _, _) = WINDOWS_1252.decode(body);
    Ok((text.into_owned(), Encoding::Windows1252))
}

/// Lines (1-based) holding a UTF-8 encoded French letter or typographic sign. In a genuine
/// Windows-1252 file these byte pairs would read "Ã©", "Ã¨", "â€™"…, which no French text contains.
fn utf8_lines(bytes: &[u8]) -> Vec<usize> {
    let mut lines = Vec::new();
    let mut line = 1;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b == b'\n' {
            line += 1;
        }
        let next = bytes.get(i + 1).copied().unwrap_or(0);
        let after = bytes.get(i + 2).copied().unwrap_or(0);
        let utf8_sign = match b {
            0xC3 => (0x80..=0xBF).contains(&next),                                 // À…ÿ
            0xC5 => matches!(next, 0x92 | 0x93),                                     // Œ œ
            0xC2 => matches!(next, 0xA0 | 0xAB | 0xB0 | 0xBB),                       // nbsp « ° »
            0xE2 => (next == 0x80 && (0x93..=0xA6).contains(&after)) || (next == 0x82 && after == 0xAC), // ’ “ … €
            _ => false,
        };
        if utf8_sign && lines.last() != Some(&line) {
            lines.push(line);
        }
        i += 1;
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf8_with_or_without_bom() {
        assert_eq!(decode("é".as_bytes()).unwrap(), ("é".to_owned(), Encoding::Utf8));
        assert_eq!(decode(b"\xEF\xBB\xBFa\xC3\xA9").unwrap(), ("aé".to_owned(), Encoding::Utf8));
    }

    #[test]
    fn windows_1252_accents_and_signs() {
        let bytes = b"D\xE9sagr\xE9able \x80 \x9Cuvre \x92 \xAB ok \xBB";
        assert_eq!(decode(bytes).unwrap(), ("Désagréable € œuvre ’ « ok »".to_owned(), Encoding::Windows1252));
    }

    #[test]
    fn mixed_files_are_refused_with_their_lines() {
        let bytes = b"a;b\nd\xE9j\xE0\nd\xC3\xA9j\xC3\xA0\nok\nl\xE2\x80\x99accueil\n";
        let err = decode(bytes).unwrap_err();
        assert!(err.contains("lignes 3, 5"), "{err}");
    }

    #[test]
    fn spreadsheets_and_utf16_are_named() {
        assert!(decode(b"PK\x03\x04rest").unwrap_err().contains("classeur"));
        assert!(decode(b"\xFF\xFEa\x00").unwrap_err().contains("UTF-16"));
    }
}

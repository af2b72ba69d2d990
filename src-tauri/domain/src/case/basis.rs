//! The legal provisions a letter cites for each ground, in one place: a notice or a mise en
//! demeure must name, for each quoted statement, the qualification and its text (domain brief
//! §3.1, checklists D and E).

use super::Ground;

/// The provisions cited for `ground`, as a letter writes them.
pub fn legal_basis(ground: Ground) -> &'static str {
    match ground {
        Ground::Insult => "articles 29, alinéa 2, et 33 de la loi du 29 juillet 1881 sur la liberté de la presse (injure publique)",
        Ground::Defamation => "articles 29, alinéa 1er, et 32 de la loi du 29 juillet 1881 sur la liberté de la presse (diffamation publique)",
        Ground::Incitement => "article 24 de la loi du 29 juillet 1881 sur la liberté de la presse (provocation à la haine, à la violence ou à la discrimination)",
        // Issue 22, point 6: origin, ethnicity, nation, race or religion are art. 32 al. 2 and
        // 33 al. 3; sex, sexual orientation or gender identity and disability are art. 32 al. 3
        // and 33 al. 4. The letter names both, each with its criteria, for the reader to see
        // which applies.
        Ground::DiscriminatoryRemarks => "articles 32, alinéas 2 (origine, ethnie, nation, race ou religion) et 3 (sexe, orientation sexuelle, identité de genre ou handicap), et 33, alinéas 3 et 4 (mêmes critères), de la loi du 29 juillet 1881 sur la liberté de la presse (diffamation ou injure à caractère discriminatoire)",
        Ground::Disparagement => "article 1240 du code civil (dénigrement)",
        Ground::Privacy => "article 9 du code civil (droit au respect de la vie privée)",
        Ground::FakeReview => "article 1240 du code civil (avis ne reposant sur aucune expérience réelle)",
        Ground::PersonalData => "articles 5 et 6 du règlement (UE) 2016/679 (RGPD) et article 9 du code civil (données personnelles d'un tiers publiées sans son accord)",
    }
}

/// « Injure — articles 29… » for each ground of a statement, joined.
pub fn qualification_text(grounds: &[Ground]) -> String {
    grounds.iter().map(|g| format!("{} ({})", g.label(), legal_basis(*g))).collect::<Vec<_>>().join(" ; ")
}

/// The provisions cited by a whole case, each once, in a stable order.
pub fn case_legal_basis(grounds: &[Ground]) -> Vec<String> {
    let mut all: Vec<Ground> = grounds.to_vec();
    all.sort();
    all.dedup();
    all.into_iter().map(|g| format!("{} : {}", g.label(), legal_basis(g))).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn discriminatory_remarks_cite_every_criterion_of_the_press_law() {
        let b = legal_basis(Ground::DiscriminatoryRemarks);
        for needle in ["32, alinéas 2", "et 3 (sexe", "handicap", "33, alinéas 3 et 4"] {
            assert!(b.contains(needle), "{needle}: {b}");
        }
    }

    #[test]
    fn every_ground_cites_a_text_and_press_offences_cite_the_1881_law() {
        for g in Ground::ALL {
            assert!(legal_basis(g).contains("article"), "{g:?}");
        }
        for g in [Ground::Insult, Ground::Defamation, Ground::Incitement, Ground::DiscriminatoryRemarks] {
            assert!(legal_basis(g).contains("loi du 29 juillet 1881"), "{g:?}");
        }
        assert_eq!(case_legal_basis(&[Ground::Insult, Ground::Insult]).len(), 1);
        assert!(qualification_text(&[Ground::Defamation]).starts_with("Diffamation (articles 29"));
    }
}

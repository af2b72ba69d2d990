//! The built-in site catalogue: the eight sites the guide names are there, every entry is
//! valid, and nothing unverified is shipped as fact.

use std::collections::HashSet;

use erm_domain::site::{catalogue, SiteKind};

#[test]
fn the_eight_sites_of_the_guide_and_the_usual_others_are_present() {
    let sites = catalogue();
    let domains: HashSet<&str> = sites.iter().map(|s| s.domain.as_str()).collect();
    for d in [
        "annuaire-horaire.fr",
        "choisirunmedecin.com",
        "doctooome.com",
        "horairesdouverture24.fr",
        "keskeces.com",
        "lemedecin.fr",
        "societe.com",
        "tous-les-horaires.fr",
        "google.com",
        "pagesjaunes.fr",
        "doctolib.fr",
    ] {
        assert!(domains.contains(d), "{d} missing from assets/catalogue/sites.json");
    }
    assert_eq!(domains.len(), sites.len(), "one entry per domain");
    let keys: HashSet<_> = sites.iter().map(|s| s.builtin_key.clone().unwrap()).collect();
    assert_eq!(keys.len(), sites.len(), "unique keys");
}

#[test]
fn unverified_entries_carry_no_contact_data() {
    for s in catalogue() {
        if s.verified_on.is_none() {
            let p = &s.publisher;
            assert!(
                p.company.is_empty() && p.legal_form.is_empty() && p.siren.is_empty() && p.office_lines.is_empty()
                    && p.dpo_email.is_empty() && p.dpo_form_url.is_empty() && s.host.name.is_empty()
                    && s.host.address_lines.is_empty() && s.report_url.is_empty() && s.notice_url.is_empty(),
                "{} ships unverified contact data",
                s.domain
            );
        }
    }
}

#[test]
fn kinds_match_what_the_guide_says() {
    let sites = catalogue();
    let kind = |d: &str| sites.iter().find(|s| s.domain == d).unwrap().kind;
    assert_eq!(kind("societe.com"), SiteKind::CompanyRegister);
    assert_eq!(kind("lemedecin.fr"), SiteKind::Booking);
    assert_eq!(kind("google.com"), SiteKind::ReviewPlatform);
    assert_eq!(kind("annuaire.sante.fr"), SiteKind::Official);
    assert_eq!(kind("annuairesante.ameli.fr"), SiteKind::Official);
    // The guide flags these as carrying reviews or ratings.
    for d in ["annuaire-horaire.fr", "choisirunmedecin.com", "doctooome.com", "horairesdouverture24.fr", "keskeces.com"] {
        assert!(sites.iter().find(|s| s.domain == d).unwrap().has_reviews, "{d}");
    }
    assert!(sites.iter().all(|s| !s.notes.is_empty()), "each entry says where to find its contact data");
}

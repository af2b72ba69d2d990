//! Checks of single site fields: SIREN key, web addresses, domain names. Shared
//! with the listing form (web addresses).

/// SIREN check: 9 digits whose Luhn sum is a multiple of 10.
pub fn is_valid_siren(s: &str) -> bool {
    s.len() == 9 && s.bytes().all(|b| b.is_ascii_digit()) && luhn_ok(s)
}

fn luhn_ok(digits: &str) -> bool {
    let sum: u32 = digits
        .bytes()
        .rev()
        .enumerate()
        .map(|(i, b)| {
            let d = u32::from(b - b'0');
            if i % 2 == 1 {
                let dd = d * 2;
                if dd > 9 { dd - 9 } else { dd }
            } else {
                d
            }
        })
        .sum();
    sum.is_multiple_of(10)
}

/// An optional web address: empty stays empty; otherwise it must parse and use http or https.
/// Returns the normalised form (what the URL parser prints).
pub fn check_web_url(raw: &str) -> Result<String, String> {
    if raw.trim().is_empty() {
        return Ok(String::new());
    }
    crate::web::parse_web_address(raw).map(|u| u.to_string()).map_err(|e| e.message(raw))
}

/// "https://www.LeMedecin.fr/x" or "www.lemedecin.fr" → "lemedecin.fr".
pub fn normalize_domain(raw: &str) -> Result<String, String> {
    let raw = raw.trim();
    if raw.is_empty() {
        return Err("Indiquez le domaine du site (par exemple lemedecin.fr).".into());
    }
    let host = if raw.contains("://") {
        url::Url::parse(raw).ok().and_then(|u| u.host_str().map(str::to_owned)).unwrap_or_default()
    } else {
        raw.split('/').next().unwrap_or_default().to_owned()
    };
    let host = host.trim_end_matches('.').to_lowercase();
    let host = host.strip_prefix("www.").unwrap_or(&host).to_owned();
    let labels_ok = host.split('.').all(|l| {
        !l.is_empty() && !l.starts_with('-') && !l.ends_with('-') && l.chars().all(|c| c.is_alphanumeric() || c == '-')
    });
    if !labels_ok || !host.contains('.') || host.len() > 253 {
        return Err(format!("« {raw} » n'est pas un nom de domaine (par exemple lemedecin.fr)."));
    }
    Ok(host)
}

/// The host of a web address as a site's domain is written: lower case, no trailing dot, no
/// "www.". `None` when the address does not parse.
pub fn url_host(url: &str) -> Option<String> {
    let parsed = crate::web::parse_web_address(url).ok()?;
    let host = parsed.host_str()?.trim_end_matches('.').to_lowercase();
    Some(host.strip_prefix("www.").map(str::to_owned).unwrap_or(host))
}

/// Whether `host` is on `domain`: the domain itself or one of its subdomains ("www." and
/// "fr.exemple.com" are on "exemple.com"; "notexemple.com" is not).
pub fn host_on_domain(host: &str, domain: &str) -> bool {
    let host = host.trim_end_matches('.').to_lowercase();
    let domain = domain.trim_end_matches('.').to_lowercase();
    !domain.is_empty() && (host == domain || host.ends_with(&format!(".{domain}")))
}

/// The site a web address is on, among `sites`: the most specific domain when several match
/// (« annuairesante.ameli.fr » before « ameli.fr »).
pub fn site_on_url<'a>(sites: &'a [super::Site], url: &str) -> Option<&'a super::Site> {
    let host = url_host(url)?;
    sites.iter().filter(|s| host_on_domain(&host, &s.domain)).max_by_key(|s| s.domain.len())
}

/// The id of the site a web address is on (see [`site_on_url`]): what the listing form
/// preselects when the doctor pastes an address.
pub fn site_for_url(sites: &[super::Site], url: &str) -> Option<i64> {
    site_on_url(sites, url).and_then(|s| s.id)
}

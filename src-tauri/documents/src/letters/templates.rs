//! Letter bodies from the handlebars templates in `assets/templates/letters/`, rendered in
//! strict mode (a field the template needs but the data lacks is an error, never a blank in a
//! letter that will be sent) with HTML escaping off (the output is plain text for the PDF).
//!
//! A template's output is a small plain-text format described in that folder's README:
//! `@objet`, `@salutation`, `@formule`, `@pj` directive lines, `##` headings, `-` list items and
//! paragraphs. [`compose`] turns it, with the sender, recipient and date, into a [`Letter`].

use std::sync::OnceLock;

use chrono::{NaiveDate, NaiveDateTime};
use handlebars::{handlebars_helper, Handlebars};
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

use super::layout::CURRENT_LAYOUT;
use super::kinds::{CopyChannel, LetterData, LetterKind, RequestOutcome, CURRENT_WORDING};
use super::model::{
    french_date, place_and_date, recipient_lines, registered_line, sender_block, signature_block, BodyBlock,
    LayoutSettings, Letter,
};
use erm_domain::address::PostalAddress;
use erm_domain::facts;
use erm_domain::practice::{Civility, Practitioner};
use crate::DocumentError;

macro_rules! template {
    ($name:literal) => {
        ($name, include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/../../assets/templates/letters/", $name, ".hbs")))
    };
}

/// The first wording of the letters that changed since, kept to regenerate stored letters.
macro_rules! first_wording {
    ($name:literal) => {
        (concat!("v1/", $name), include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/../../assets/templates/letters/v1/", $name, ".hbs")))
    };
}

/// The second wording (issue 8) of the letters that changed since.
macro_rules! second_wording {
    ($name:literal) => {
        (concat!("v2/", $name), include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/../../assets/templates/letters/v2/", $name, ".hbs")))
    };
}

/// The fifth wording of the letters that changed since (issue 22: the erasure request said the
/// article 14 information was never given without asking).
macro_rules! fifth_wording {
    ($name:literal) => {
        (concat!("v5/", $name), include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/../../assets/templates/letters/v5/", $name, ".hbs")))
    };
}

/// The fourth wording of the letters that changed since (issue 22: the inventory became a
/// bordereau).
macro_rules! fourth_wording {
    ($name:literal) => {
        (concat!("v4/", $name), include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/../../assets/templates/letters/v4/", $name, ".hbs")))
    };
}

/// The third wording of the letters that changed since (issue 22).
macro_rules! third_wording {
    ($name:literal) => {
        (concat!("v3/", $name), include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/../../assets/templates/letters/v3/", $name, ".hbs")))
    };
}

const TEMPLATES: [(&str, &str); 19] = [
    first_wording!("erasure_request"),
    first_wording!("cnil_complaint"),
    first_wording!("dereferencing_request"),
    first_wording!("host_notice"),
    first_wording!("formal_notice"),
    second_wording!("erasure_request"),
    second_wording!("cnil_complaint"),
    third_wording!("follow_up"),
    fourth_wording!("evidence_inventory"),
    fifth_wording!("erasure_request"),
    template!("erasure_request"),
    template!("cnil_complaint"),
    template!("dereferencing_request"),
    template!("dereferencing_form"),
    template!("host_notice"),
    template!("formal_notice"),
    template!("evidence_inventory"),
    template!("follow_up"),
    template!("disclaimer"),
];

handlebars_helper!(date_helper: |iso: str| {
    NaiveDate::parse_from_str(iso, "%Y-%m-%d").map(french_date).unwrap_or_else(|_| iso.to_owned())
});
handlebars_helper!(datetime_helper: |iso: str| {
    NaiveDateTime::parse_from_str(iso, "%Y-%m-%dT%H:%M:%S%.f")
        .map(|t| format!("{} à {}", french_date(t.date()), t.format("%H:%M:%S")))
        .unwrap_or_else(|_| iso.to_owned())
});

static REGISTRY: OnceLock<Result<Handlebars<'static>, String>> = OnceLock::new();

fn registry() -> Result<&'static Handlebars<'static>, DocumentError> {
    REGISTRY
        .get_or_init(|| {
            let mut hb = Handlebars::new();
            hb.set_strict_mode(true);
            hb.register_escape_fn(handlebars::no_escape);
            hb.register_helper("date", Box::new(date_helper));
            hb.register_helper("datetime", Box::new(datetime_helper));
            for (name, text) in TEMPLATES.iter() {
                hb.register_template_string(name, *text)
                    .map_err(|e| format!("Le modèle de lettre « {name} » est mal formé : {e}"))?;
            }
            Ok(hb)
        })
        .as_ref()
        .map_err(|m| DocumentError::Document(m.clone()))
}

/// Marks, in a rendered template, a line that starts inside a value of the letter's data. The
/// templates' output is a line format (`@pj`, `##`, `- `…): a value typed by the doctor holding
/// a line break followed by « @pj … » must stay text, never become an attachment, a heading or a
/// list item. Handlebars itself never re-reads a value as a template. A private-use character:
/// removed from incoming values first, and from every output.
const DATA_LINE: char = '\u{e000}';

/// Marks the line starts inside the context's strings (after each line break, and at the very
/// start when the value itself begins like a directive). Enumerations, dates and empty strings
/// are left exactly as they are, so `eq`, `if` and the date helpers see the same values.
fn mark_data_lines(v: &mut Value) {
    match v {
        Value::String(s) => {
            let needs = s.contains(['\n', '\r', DATA_LINE]) || s.starts_with(['@', '#', '-', ' ', '\t']);
            if needs {
                let clean = s.replace(DATA_LINE, "").replace("\r\n", "\n").replace('\r', "\n");
                let lead = if clean.starts_with(['@', '#', '-', ' ', '\t']) { DATA_LINE.to_string() } else { String::new() };
                *s = lead + &clean.replace('\n', &format!("\n{DATA_LINE}"));
            }
        }
        Value::Array(a) => a.iter_mut().for_each(mark_data_lines),
        Value::Object(o) => o.values_mut().for_each(mark_data_lines),
        _ => {}
    }
}

/// Renders one template with a JSON context. Strict: a missing field gives `DocumentError::Document`.
/// The text returned holds no data-line mark (see [`DATA_LINE`]).
pub fn render_template(name: &str, context: &Value) -> Result<String, DocumentError> {
    render_marked(name, context).map(|t| t.replace(DATA_LINE, ""))
}

/// [`render_template`], data-line marks kept for [`parse_rendered`].
fn render_marked(name: &str, context: &Value) -> Result<String, DocumentError> {
    registry()?.render(name, context).map_err(|e| {
        let detail = e.to_string();
        DocumentError::Document(format!(
            "Le modèle de lettre « {name} » n'a pas pu être rempli : une information attendue manque ou n'a pas la bonne forme ({detail})."
        ))
    })
}

/// How a letter is sent and laid out; stored with the letter row.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct LetterOptions {
    /// The wording version of the templates ([`CURRENT_WORDING`] for new letters). A row stored
    /// before this field existed reads as version 1 and regenerates with the first wording.
    #[serde(default = "first_wording")]
    pub wording: u32,
    pub layout: LayoutSettings,
    /// The layout version ([`CURRENT_LAYOUT`] for new letters): a row stored before issue 9
    /// reads as version 1 and keeps the first layout (attachments beside the signature, the
    /// disclaimer at the foot of every letter), so that it regenerates byte for byte.
    #[serde(default = "first_layout")]
    pub layout_version: u32,
    /// Print the registered-mail line (always on for erasure requests, notices and formal notices).
    pub registered: bool,
    /// The registered-mail number, once the doctor has it.
    pub registered_number: Option<String>,
    /// The recipient's reference ("V/Réf.") and ours ("N/Réf."), when there are any.
    pub your_reference: Option<String>,
    pub our_reference: Option<String>,
}

fn first_wording() -> u32 {
    1
}

fn first_layout() -> u32 {
    1
}

impl Default for LetterOptions {
    fn default() -> Self {
        LetterOptions {
            wording: CURRENT_WORDING,
            layout: LayoutSettings::default(),
            layout_version: CURRENT_LAYOUT,
            registered: false,
            registered_number: None,
            your_reference: None,
            our_reference: None,
        }
    }
}

/// The template of `kind` in `wording`.
fn template_name(kind: LetterKind, wording: u32) -> String {
    match kind {
        // Wording 5 (issue 22, point 8): a bordereau, the digest dated by its recording.
        LetterKind::EvidenceInventory if wording <= 4 => format!("v4/{}", kind.as_str()),
        LetterKind::EvidenceInventory => kind.as_str().to_owned(),
        // Wording 4 (issue 22): the contents' presence dated by a capture, no waiver sentence.
        LetterKind::FollowUp if wording <= 3 => format!("v3/{}", kind.as_str()),
        LetterKind::FollowUp => kind.as_str().to_owned(),
        _ if wording <= 1 => format!("v1/{}", kind.as_str()),
        LetterKind::ErasureRequest | LetterKind::CnilComplaint if wording == 2 => format!("v2/{}", kind.as_str()),
        LetterKind::ErasureRequest if wording <= 5 => format!("v5/{}", kind.as_str()),
        _ => kind.as_str().to_owned(),
    }
}

fn sender_context(p: &Practitioner) -> Value {
    let address = p.postal_lines().join(", ");
    json!({
        "name": p.display_name(),
        "specialty": p.specialty,
        // From wording 3: « Médecin libéral » did not agree for a woman doctor (issue 9).
        "designation": p.designation_or_neutral(),
        "rpps": p.rpps,
        "email": p.email,
        "phone": p.phone,
        "address": address,
        "e": if p.civility == Civility::Madame { "e" } else { "" },
    })
}

/// The template context: the kind's fields at top level plus `sender`, `today` and a few
/// values computed here so that templates stay free of logic. `wording` selects the values of
/// that wording version (see [`LetterOptions::wording`]).
pub fn context(data: &LetterData, sender: &Practitioner, date: NaiveDate) -> Result<Value, DocumentError> {
    context_for(data, sender, date, CURRENT_WORDING)
}

fn context_for(data: &LetterData, sender: &Practitioner, date: NaiveDate, wording: u32) -> Result<Value, DocumentError> {
    let inner = match serde_json::to_value(data).map_err(|e| DocumentError::Document(format!("Données de lettre illisibles : {e}")))? {
        Value::Object(mut m) => m.remove("data").unwrap_or(Value::Null),
        _ => Value::Null,
    };
    let mut ctx = match inner {
        Value::Object(m) => m,
        _ => return Err(DocumentError::Document("Données de lettre illisibles.".into())),
    };
    ctx.insert("sender".into(), sender_context(sender));
    ctx.insert("today".into(), json!(date));
    if wording >= 2 {
        ctx.insert("checks".into(), json!({ "cnil_2025": facts::cnil_2025_position().caveat() }));
    }
    match data {
        LetterData::ErasureRequest(d) => {
            ctx.insert("data_shown_text".into(), json!(d.data_shown.join(", ")));
            if let Some(c) = &d.copy_sent {
                let text = match c.channel {
                    CopyChannel::Email => format!("par courriel à l'adresse {}", c.address.trim()),
                    CopyChannel::WebForm => format!("par le formulaire en ligne de votre site ({})", c.address.trim()),
                };
                ctx.insert("copy_sent_text".into(), json!(text));
            }
        }
        LetterData::CnilComplaint(d) if wording <= 1 => {
            ctx.insert("organisation_address_text".into(), json!(d.organisation_address.join(", ")));
            let mut events = vec![(d.request_sent_on, "Envoi de la demande d'opposition et d'effacement".to_owned())];
            if let Some(r) = d.received_on {
                events.push((r, "Réception de la demande par l'organisme (avis de réception)".to_owned()));
            }
            events.push((d.deadline, "Expiration du délai de réponse (article 12, paragraphe 3, du RGPD)".to_owned()));
            events.extend(d.events.iter().map(|e| (e.date, e.event.clone())));
            // Stable sort: same-day events keep the order above (sending before receipt).
            events.sort_by_key(|(d, _)| *d);
            let list: Vec<Value> = events.into_iter().map(|(d, e)| json!({"date": d, "event": e})).collect();
            ctx.insert("chronology".into(), Value::Array(list));
        }
        LetterData::CnilComplaint(d) => {
            for (k, v) in super::cnil::context(d, date) {
                ctx.insert(k.into(), v);
            }
        }
        LetterData::DereferencingRequest(d) => {
            let check = match d.form_checked_on {
                Some(on) => format!("adresse vérifiée le {}", french_date(on)),
                None => "adresse à vérifier avant usage".to_owned(),
            };
            ctx.insert("form_check".into(), json!(check));
        }
        LetterData::EvidenceInventory(_) => {
            if let Some(Value::Array(caps)) = ctx.get_mut("captures") {
                for (i, c) in caps.iter_mut().enumerate() {
                    if let Value::Object(o) = c {
                        o.insert("number".into(), json!(i + 1));
                    }
                }
            }
        }
        _ => {}
    }
    let mut ctx = Value::Object(ctx);
    mark_data_lines(&mut ctx);
    Ok(ctx)
}

/// Pieces read from a rendered template.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Parsed {
    pub title: String,
    pub object: String,
    /// "À l'attention de …", printed under the object line.
    pub attention: String,
    pub salutation: String,
    pub closing: String,
    pub attachments: Vec<String>,
    pub body: Vec<BodyBlock>,
}

/// Reads the plain-text format of the templates (see the README next to them).
pub fn parse_rendered(text: &str) -> Parsed {
    let mut p = Parsed::default();
    let mut para: Vec<String> = Vec::new();
    let flush = |para: &mut Vec<String>, body: &mut Vec<BodyBlock>| {
        if !para.is_empty() {
            body.push(BodyBlock::Paragraph(para.join(" ")));
            para.clear();
        }
    };
    // The directive or heading the previous line opened: a value of the data printed there and
    // holding a line break continues it, on one line.
    let mut open: Option<String> = None;
    for line in text.lines() {
        let trimmed = line.trim_end();
        // A line begun inside a value of the data is text, whatever it looks like.
        if let Some(data) = trimmed.strip_prefix(DATA_LINE) {
            let data = data.replace(DATA_LINE, "");
            let data = data.trim_end();
            if let Some(key) = open.as_deref() {
                let target = match key {
                    "titre" => Some(&mut p.title),
                    "objet" => Some(&mut p.object),
                    "attention" => Some(&mut p.attention),
                    "salutation" => Some(&mut p.salutation),
                    "formule" => Some(&mut p.closing),
                    "pj" => p.attachments.last_mut(),
                    "##" => match p.body.last_mut() {
                        Some(BodyBlock::Heading(h)) => Some(h),
                        _ => None,
                    },
                    _ => None,
                };
                if let Some(t) = target {
                    if !data.trim().is_empty() {
                        if !t.is_empty() {
                            t.push(' ');
                        }
                        t.push_str(data.trim());
                    }
                    continue;
                }
            }
            open = None;
            if data.trim().is_empty() {
                flush(&mut para, &mut p.body);
            } else if let (Some(cont), Some(BodyBlock::Item(prev)), true) =
                (data.strip_prefix("  "), p.body.last_mut(), para.is_empty())
            {
                prev.push('\n');
                prev.push_str(cont.trim());
            } else {
                para.push(data.trim().to_owned());
            }
            continue;
        }
        open = None;
        let unmarked = trimmed.replace(DATA_LINE, "");
        let trimmed = unmarked.as_str();
        if let Some(rest) = trimmed.strip_prefix('@') {
            let (key, value) = rest.split_once(' ').unwrap_or((rest, ""));
            let value = value.trim().to_owned();
            match key {
                "titre" => p.title = value,
                "objet" => p.object = value,
                "attention" => p.attention = value,
                "salutation" => p.salutation = value,
                "formule" => p.closing = value,
                "pj" if !value.is_empty() => p.attachments.push(value),
                _ => {}
            }
            if !(key == "pj" && p.attachments.is_empty()) {
                open = Some(key.to_owned());
            }
        } else if trimmed.trim().is_empty() {
            flush(&mut para, &mut p.body);
        } else if let Some(h) = trimmed.strip_prefix("## ") {
            flush(&mut para, &mut p.body);
            p.body.push(BodyBlock::Heading(h.trim().to_owned()));
            open = Some("##".into());
        } else if let Some(item) = trimmed.strip_prefix("- ") {
            flush(&mut para, &mut p.body);
            p.body.push(BodyBlock::Item(item.trim().to_owned()));
        } else if let (Some(cont), Some(BodyBlock::Item(prev))) = (trimmed.strip_prefix("  "), p.body.last_mut()) {
            if para.is_empty() {
                prev.push('\n');
                prev.push_str(cont.trim());
            } else {
                para.push(trimmed.trim().to_owned());
            }
        } else {
            para.push(trimmed.trim().to_owned());
        }
    }
    flush(&mut para, &mut p.body);
    p
}

/// Builds the letter for `data`, after checking the mandatory elements of its checklist.
pub fn compose(
    data: &LetterData,
    sender: &Practitioner,
    recipient: &PostalAddress,
    date: NaiveDate,
    options: &LetterOptions,
) -> Result<Letter, DocumentError> {
    let wording = options.wording;
    data.check_wording(wording)?;
    if let LetterData::CnilComplaint(c) = data {
        // The CNIL only handles a complaint once the organisation had its chance (checklist F).
        if c.outcome == RequestOutcome::NoAnswer && date <= c.deadline {
            return Err(DocumentError::Refused(format!(
                "L'organisme a jusqu'au {} pour répondre : la CNIL n'examine une réclamation pour absence de réponse qu'après ce délai. Vous pourrez préparer la réclamation à partir du {}.",
                french_date(c.deadline),
                french_date(c.deadline.succ_opt().unwrap_or(c.deadline))
            )));
        }
    }
    // A dereferencing request is filed through the engine's online form: unless the doctor
    // posts it to a postal address of the operator, the PDF is a copy for the file, with no
    // window address (the doctor's own address there would send it back to them).
    let file_copy = match data {
        LetterData::DereferencingRequest(d) if wording >= 2 => {
            if d.by_post && sender.postal_address().is_ok_and(|own| own.lines() == recipient.lines()) {
                return Err(DocumentError::Invalid(erm_domain::validation::Invalid::single(
                    "recipient",
                    "Une demande envoyée par courrier s'adresse à l'exploitant du moteur de recherche : saisissez son adresse postale vérifiée, ou gardez ce document comme copie de la demande faite par le formulaire en ligne.",
                )));
            }
            !d.by_post
        }
        _ => false,
    };
    let kind = data.kind();
    let ctx = context_for(data, sender, date, wording)?;
    let parsed = parse_rendered(&render_marked(&template_name(kind, wording), &ctx)?);
    let footer = render_template("disclaimer", &ctx)?.trim().to_owned();
    let registered = (!file_copy && (options.registered || kind.always_registered()))
        .then(|| registered_line(options.registered_number.as_deref()));
    let mut references = Vec::new();
    if let Some(r) = options.your_reference.as_deref().map(str::trim).filter(|r| !r.is_empty()) {
        references.push(format!("V/Réf.\u{a0}: {r}"));
    }
    if let Some(r) = options.our_reference.as_deref().map(str::trim).filter(|r| !r.is_empty()) {
        references.push(format!("N/Réf.\u{a0}: {r}"));
    }
    let recipient = if file_copy { Vec::new() } else { recipient_lines(recipient) };
    let header_name = match data {
        LetterData::DereferencingRequest(d) if file_copy => format!("Copie — {}", d.engine_name.trim()),
        _ => recipient.first().cloned().unwrap_or_default(),
    };
    let header = format!("{header_name} — {}", french_date(date));
    Ok(Letter {
        title: if parsed.title.is_empty() { kind.label().to_owned() } else { parsed.title },
        sender: sender_block(sender),
        recipient,
        place_date: place_and_date(&sender.signature_city, date),
        registered,
        references,
        object: french_spacing(&parsed.object),
        attention: (!parsed.attention.is_empty()).then(|| french_spacing(&parsed.attention)),
        salutation: parsed.salutation,
        body: parsed.body.into_iter().map(|b| match b {
            BodyBlock::Paragraph(t) => BodyBlock::Paragraph(french_spacing(&t)),
            BodyBlock::Item(t) => BodyBlock::Item(french_spacing(&t)),
            BodyBlock::Heading(t) => BodyBlock::Heading(french_spacing(&t)),
        }).collect(),
        closing: french_spacing(&parsed.closing),
        signature: signature_block(sender),
        attachments: parsed.attachments,
        header,
        // The app's disclaimer belongs on the doctor's file copies (the dereferencing copy, the
        // evidence inventory), not on a letter sent to a publisher, a host or the CNIL (layout 2).
        footer_note: (options.layout_version < 2 || file_copy || kind == LetterKind::EvidenceInventory).then_some(footer),
    })
}

/// French typography: a narrow no-break space before « ; ! ? » and a no-break space before
/// « : » and inside « guillemets », so none of them is ever left alone at the start of a line.
/// URLs are left untouched ("https://…").
pub fn french_spacing(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    let chars: Vec<char> = text.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        let next = chars.get(i + 1).copied();
        match c {
            ' ' if matches!(next, Some(';' | '!' | '?')) => out.push('\u{202f}'),
            ' ' if next == Some(':') && chars.get(i + 2).is_none_or(|c| c.is_whitespace()) => out.push('\u{a0}'),
            ' ' if next == Some('»') => out.push('\u{a0}'),
            ' ' if i > 0 && chars[i - 1] == '«' => out.push('\u{a0}'),
            _ => out.push(c),
        }
    }
    out
}

/// The text to paste into a search engine's dereferencing form.
pub fn dereferencing_form_text(data: &LetterData, sender: &Practitioner, date: NaiveDate) -> Result<String, DocumentError> {
    if data.kind() != LetterKind::DereferencingRequest {
        return Err(DocumentError::Document("Ce texte n'existe que pour une demande de déréférencement.".into()));
    }
    data.check()?;
    let text = render_template("dereferencing_form", &context(data, sender, date)?)?;
    Ok(text.trim().to_owned() + "\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn french_spacing_protects_punctuation_but_not_urls() {
        assert_eq!(french_spacing("Objet : test ; oui ? non ! « cité »"), "Objet\u{a0}: test\u{202f}; oui\u{202f}? non\u{202f}! «\u{a0}cité\u{a0}»");
        assert_eq!(french_spacing("voir https://exemple.fr/a?b=1 :"), "voir https://exemple.fr/a?b=1\u{a0}:");
        // "2026 :30" is not French punctuation spacing; only a colon followed by a space or the end is.
        assert_eq!(french_spacing("a :b"), "a :b");
    }

    #[test]
    fn rendered_text_is_read_into_letter_parts() {
        let p = parse_rendered("@titre T\n@objet Objet : O\n@pj Un\n@pj \n\nPremier\nparagraphe.\n\n## Titre\n- item\n  suite\n- deux\n\nFin.");
        assert_eq!((p.title.as_str(), p.object.as_str()), ("T", "Objet : O"));
        assert_eq!(p.attachments, ["Un"], "an empty @pj is dropped");
        assert_eq!(
            p.body,
            [
                BodyBlock::Paragraph("Premier paragraphe.".into()),
                BodyBlock::Heading("Titre".into()),
                BodyBlock::Item("item\nsuite".into()),
                BodyBlock::Item("deux".into()),
                BodyBlock::Paragraph("Fin.".into()),
            ]
        );
    }

    #[test]
    fn every_template_compiles_in_strict_mode() {
        let hb = registry().unwrap();
        for kind in LetterKind::ALL {
            assert!(hb.has_template(kind.as_str()), "{kind:?} has no template");
        }
        assert!(hb.has_template("dereferencing_form") && hb.has_template("disclaimer"));
        assert!(hb.strict_mode());
    }
}

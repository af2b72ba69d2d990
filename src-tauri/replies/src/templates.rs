//! Reply templates: the built-in ones (`assets/templates/replies/*.hbs`, generic wording written by
//! us, not taken from the CNOM guide) and the rendering of any template source, built-in or edited
//! by the doctor, with the practice's contact details.
//!
//! Rendering is strict (a field the template names but the context lacks is an error, never a
//! blank in a published reply) and does no HTML escaping (the reply is plain text).

use handlebars::template::{DecoratorTemplate, HelperTemplate, Parameter, Template, TemplateElement};
use handlebars::{Handlebars, Path};
use serde::{Deserialize, Serialize};

use erm_domain::validation::Invalid;
use crate::ReplyError;

/// Shown with every built-in template.
pub const PROVENANCE: &str = "Modèles génériques propres à l'application, non issus du guide du CNOM.";

macro_rules! template {
    ($id:literal) => {
        include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/../../assets/templates/replies/", $id, ".hbs"))
    };
}

/// A built-in template and what the wizard shows about it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct ReplyTemplate {
    pub id: &'static str,
    /// The situation, in French, as the wizard lists it.
    pub label: &'static str,
    pub description: &'static str,
    /// Whether the template has both wordings (grievance founded / unfounded) under `founded`.
    pub has_founded_variants: bool,
    pub provenance: &'static str,
    #[serde(skip)]
    pub source: &'static str,
}

const fn t(id: &'static str, label: &'static str, description: &'static str, variants: bool, source: &'static str) -> ReplyTemplate {
    ReplyTemplate { id, label, description, has_founded_variants: variants, provenance: PROVENANCE, source }
}

const BUILTIN: [ReplyTemplate; 8] = [
    t("soins", "Soins", "Insatisfaction sur les soins ou la prise en charge : la réponse renvoie vers un échange confidentiel.", true, template!("soins")),
    t("consultation_courte", "Consultation jugée trop courte", "Le temps d'échange a paru insuffisant.", true, template!("consultation_courte")),
    t("attente", "Temps d'attente", "Attente jugée excessive en salle d'attente.", true, template!("attente")),
    t("accueil", "Accueil et secrétariat", "Reproches sur l'accueil, physique ou téléphonique.", true, template!("accueil")),
    t("joindre_cabinet", "Joindre le cabinet, obtenir un rendez-vous", "Difficulté à joindre le cabinet ou à obtenir un créneau.", true, template!("joindre_cabinet")),
    t("honoraires", "Honoraires", "Contestation ou incompréhension des honoraires.", true, template!("honoraires")),
    t("locaux", "Locaux", "Confort, propreté ou accessibilité des lieux.", true, template!("locaux")),
    t("avis_positif", "Avis positif", "Remerciements sobres, sans publicité.", false, template!("avis_positif")),
];

/// The built-in templates, in the order the wizard lists them.
pub fn builtin_templates() -> &'static [ReplyTemplate] {
    &BUILTIN
}

/// The built-in source of a template, to restore it after the doctor edited it.
pub fn builtin_template(id: &str) -> Option<&'static str> {
    BUILTIN.iter().find(|t| t.id == id).map(|t| t.source)
}

/// What a reply template can use.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReplyContext {
    /// The practice's professional phone, as it should appear ("01 23 45 67 89").
    pub practice_phone: String,
    pub practice_email: String,
    /// As signed, e.g. "Dr Hélène DUPRÉ".
    pub doctor_name: String,
    /// The doctor judges the grievance founded (selects the template's first wording).
    pub founded: bool,
}

impl ReplyContext {
    pub fn from_practitioner(p: &erm_domain::practice::Practitioner, founded: bool) -> Self {
        ReplyContext { practice_phone: p.phone.clone(), practice_email: p.email.clone(), doctor_name: p.display_name(), founded }
    }
}

const FIELDS: &str = "practice_phone, practice_email, doctor_name, founded";

/// The text fields a template may print.
const TEXT_FIELDS: [&str; 3] = ["practice_phone", "practice_email", "doctor_name"];

/// What an edited template may use, as the French message lists it.
const ALLOWED: &str = "les champs {{practice_phone}}, {{practice_email}} et {{doctor_name}}, le bloc \
     {{#if founded}} … {{else}} … {{/if}} et les commentaires {{!-- … --}}";

/// Checks a template source before it is saved: it must compile, and use only what the built-in
/// templates use ([`ALLOWED`]). Refused, with a French message naming each construct (at most
/// five): `{{this}}` and any other field, `{{{triple}}}` accolades, partials `{{> …}}`, other
/// helpers or blocks (`{{#each}}`, `{{lookup …}}`, `{{#if}}` on anything but `founded`), block
/// parameters, decorators. The error is on the field `source`.
pub fn check_template_source(source: &str) -> Result<(), Invalid> {
    let template = Template::compile(source).map_err(|e| {
        Invalid::single("source", format!("Le modèle est mal formé ({}). Il peut utiliser {ALLOWED}.", template_fault(&e)))
    })?;
    let mut refused: Vec<String> = Vec::new();
    walk(&template, &mut refused);
    if refused.is_empty() {
        return Ok(());
    }
    refused.dedup();
    let mut unique: Vec<String> = Vec::new();
    for r in refused {
        if !unique.contains(&r) {
            unique.push(r);
        }
    }
    let more = unique.len().saturating_sub(5);
    let mut shown: Vec<String> = unique.into_iter().take(5).collect();
    if more > 0 {
        shown.push(format!("et {more} autre{}", if more > 1 { "s" } else { "" }));
    }
    Err(Invalid::single(
        "source",
        format!("Ce modèle utilise ce qu'un modèle de réponse n'accepte pas : {}. Il peut utiliser {ALLOWED}.", shown.join(", ")),
    ))
}

/// What is wrong in a template that does not compile, in French, with its place: handlebars'
/// own reason is English and names its grammar (« expected identifier, subexpression… »).
fn template_fault(e: &handlebars::TemplateError) -> String {
    use handlebars::TemplateErrorReason as R;
    let what = match e.reason() {
        R::MismatchingClosedHelper(open, close) | R::MismatchingClosedDecorator(open, close) => {
            let cut = |s: &str| s.chars().take(40).collect::<String>();
            format!("le bloc « {} » est fermé par « {} »", cut(open), cut(close))
        }
        R::InvalidParam(_) => "un paramètre est invalide".to_owned(),
        R::NestedSubexpression => "les parenthèses imbriquées ne sont pas acceptées".to_owned(),
        _ => "accolades {{ }} mal ouvertes ou mal fermées, ou bloc {{#if}} sans {{/if}}".to_owned(),
    };
    match e.pos() {
        Some((line, column)) => format!("{what}, ligne {line}, colonne {column}"),
        None => what,
    }
}

/// The name as written: a field path, a helper name, a literal.
fn spelled(p: &Parameter) -> String {
    let text = match p {
        Parameter::Name(n) => n.clone(),
        Parameter::Path(Path::Relative((_, raw)) | Path::Local((_, _, raw))) => raw.clone(),
        Parameter::Literal(j) => j.to_string(),
        Parameter::Subexpression(_) => "( … )".into(),
        _ => "…".into(),
    };
    // A hostile source could name a 10,000-character field: the message quotes 40 at most.
    let mut chars = text.chars();
    let head: String = chars.by_ref().take(40).collect();
    if chars.next().is_some() { head + "…" } else { head }
}

fn is_field(p: &Parameter, fields: &[&str]) -> bool {
    match p {
        Parameter::Name(n) => fields.contains(&n.as_str()),
        Parameter::Path(Path::Relative((_, raw))) => fields.contains(&raw.as_str()),
        _ => false,
    }
}

fn walk(t: &Template, refused: &mut Vec<String>) {
    for e in &t.elements {
        match e {
            TemplateElement::RawString(_) | TemplateElement::Comment(_) => {}
            TemplateElement::Expression(h) => {
                if !(is_field(&h.name, &TEXT_FIELDS) && h.params.is_empty() && h.hash.is_empty()) {
                    refused.push(format!("« {{{{{}}}}} »", call(h)));
                }
            }
            TemplateElement::HtmlExpression(h) => refused.push(format!("« {{{{{{{}}}}}}} » (triples accolades)", call(h))),
            TemplateElement::HelperBlock(h) => {
                let founded_if = matches!(&h.name, Parameter::Name(n) if n == "if")
                    && h.params.len() == 1
                    && is_field(&h.params[0], &["founded"])
                    && h.hash.is_empty()
                    && h.block_param.is_none();
                if !founded_if {
                    refused.push(format!("« {{{{#{}}}}} »", call(h)));
                }
                for inner in h.template.iter().chain(h.inverse.iter()) {
                    walk(inner, refused);
                }
            }
            TemplateElement::PartialExpression(d) | TemplateElement::PartialBlock(d) => {
                refused.push(format!("« {{{{> {}}}}} » (modèle partiel)", decorator(d)));
            }
            TemplateElement::DecoratorExpression(d) | TemplateElement::DecoratorBlock(d) => {
                refused.push(format!("« {{{{* {}}}}} » (décorateur)", decorator(d)));
            }
            _ => refused.push("une construction inconnue".into()),
        }
    }
}

fn call(h: &HelperTemplate) -> String {
    let mut parts = vec![spelled(&h.name)];
    parts.extend(h.params.iter().take(3).map(spelled));
    parts.join(" ")
}

fn decorator(d: &DecoratorTemplate) -> String {
    spelled(&d.name)
}

/// Renders a template source (built-in or edited) with the practice's details.
/// Errors (French): a malformed template, or a field the context does not have.
///
/// The source is checked first ([`check_template_source`]): a template edited before that check
/// existed and holding `{{this}}` or a partial gives this error, never « [object] » in a draft.
pub fn render_reply(template_source: &str, ctx: &ReplyContext) -> Result<String, ReplyError> {
    check_template_source(template_source).map_err(|inv| {
        ReplyError::Document(format!(
            "Le modèle de réponse n'a pas pu être rempli. {} Modifiez-le, ou rétablissez le modèle d'origine.",
            inv.errors.first().map_or("", |e| e.message.as_str())
        ))
    })?;
    let mut hb = Handlebars::new();
    hb.set_strict_mode(true);
    hb.register_escape_fn(handlebars::no_escape);
    let text = hb.render_template(template_source, ctx).map_err(|e| {
        let reason = match e.reason() {
            handlebars::RenderErrorReason::MissingVariable(Some(name)) => format!("le champ « {name} » n'existe pas"),
            handlebars::RenderErrorReason::TemplateError(t) => format!("le modèle est mal formé ({})", template_fault(t)),
            other => {
                log::warn!("reply template not rendered: {other}");
                "une valeur du modèle n'a pas pu être écrite".to_owned()
            }
        };
        ReplyError::Document(format!("Le modèle de réponse n'a pas pu être rempli : {reason}. Champs disponibles : {FIELDS}."))
    })?;
    Ok(tidy(&text))
}

/// Byte spans `(start, end)` of the bracketed placeholders still in `text` (`[mesure prise]`,
/// brackets included): what the doctor must complete before the reply is published. A
/// placeholder is a `[` … `]` on one line with something inside; a lone bracket is not one.
pub fn unfilled_placeholders(text: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut open: Option<usize> = None;
    for (i, c) in text.char_indices() {
        match c {
            '[' => open = Some(i),
            ']' => {
                if let Some(start) = open.take() {
                    if !text[start + 1..i].trim().is_empty() {
                        out.push((start, i + 1));
                    }
                }
            }
            '\n' => open = None,
            _ => {}
        }
    }
    out
}

/// Refuses to copy a reply that still holds a placeholder, naming the first ones (French).
pub fn ready_to_copy(text: &str) -> Result<(), ReplyError> {
    let spans = unfilled_placeholders(text);
    if spans.is_empty() {
        return Ok(());
    }
    let shown: Vec<String> = spans.iter().take(3).map(|&(a, b)| format!("« {} »", &text[a..b])).collect();
    Err(ReplyError::Refused(format!(
        "La réponse contient encore {} passage{} à compléter entre crochets ({}) : remplacez-le{} par votre texte, ou supprimez-le{}, avant de la copier.",
        spans.len(),
        if spans.len() > 1 { "s" } else { "" },
        shown.join(", "),
        if spans.len() > 1 { "s" } else { "" },
        if spans.len() > 1 { "s" } else { "" },
    )))
}

/// Removes the blank lines left by `{{#if}}` blocks: at most one empty line between paragraphs,
/// none at the start or end.
fn tidy(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut blank = 0;
    for line in text.lines().map(str::trim_end) {
        if line.is_empty() {
            blank += 1;
            continue;
        }
        if !out.is_empty() {
            out.push_str(if blank > 0 { "\n\n" } else { "\n" });
        }
        blank = 0;
        out.push_str(line);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ctx() -> ReplyContext {
        ReplyContext {
            practice_phone: "01 23 45 67 89".into(),
            practice_email: "contact@cabinet.fr".into(),
            doctor_name: "Dr Hélène DUPRÉ".into(),
            founded: true,
        }
    }

    #[test]
    fn renders_without_escaping_and_picks_the_wording() {
        let src = "{{#if founded}}fondé{{else}}non fondé{{/if}} — {{doctor_name}} <{{practice_email}}> l'équipe";
        assert_eq!(render_reply(src, &ctx()).unwrap(), "fondé — Dr Hélène DUPRÉ <contact@cabinet.fr> l'équipe");
        let unfounded = ReplyContext { founded: false, ..ctx() };
        assert!(render_reply(src, &unfounded).unwrap().starts_with("non fondé"));
    }

    #[test]
    fn an_unknown_field_is_a_french_error() {
        let err = render_reply("Bonjour {{practice_fax}}", &ctx()).unwrap_err();
        let msg = err.to_string();
        assert!(msg.contains("« {{practice_fax}} »") && msg.contains("{{practice_phone}}"), "{msg}");
        let err = render_reply("Bonjour {{this}}", &ctx()).unwrap_err().to_string();
        assert!(err.contains("« {{this}} »") && !err.contains("[object]"), "{err}");
        let err = render_reply("{{#if founded}}oups", &ctx()).unwrap_err();
        assert!(err.to_string().contains("mal formé"), "{err}");
    }

    #[test]
    fn builtins_are_listed_and_restorable() {
        assert_eq!(builtin_templates().len(), 8);
        for t in builtin_templates() {
            assert_eq!(builtin_template(t.id), Some(t.source));
            assert!(t.source.contains("non issu du guide CNOM"));
        }
        assert_eq!(builtin_template("inconnu"), None);
    }

    #[test]
    fn placeholders_are_found_and_block_copying() {
        let text = "Bonjour,\n\nLe cabinet a [mesure prise].\nHonoraires affichés [lieu].";
        let spans = unfilled_placeholders(text);
        assert_eq!(spans.len(), 2);
        assert_eq!(&text[spans[0].0..spans[0].1], "[mesure prise]");
        assert_eq!(&text[spans[1].0..spans[1].1], "[lieu]");
        let err = ready_to_copy(text).unwrap_err().to_string();
        assert!(err.contains("« [mesure prise] »") && err.contains("2 passages"), "{err}");
        // Not placeholders: empty brackets, a bracket left open across lines, a lone closing one.
        assert!(unfilled_placeholders("a [] b [ ] c").is_empty());
        assert!(unfilled_placeholders("a [ouvert\nb] c ]").is_empty());
        assert!(ready_to_copy("Bonjour, merci pour ce message.").is_ok());
        // Accented text: spans stay on char boundaries.
        let t = "Équipe : [à compléter — éléments]";
        let s = unfilled_placeholders(t);
        assert_eq!(&t[s[0].0..s[0].1], "[à compléter — éléments]");
    }

    #[test]
    fn every_founded_wording_leaves_its_measure_to_the_doctor() {
        for t in builtin_templates().iter().filter(|t| t.has_founded_variants) {
            let text = render_reply(t.source, &ctx()).unwrap();
            assert!(!unfilled_placeholders(&text).is_empty(), "{}: a founded wording must not state a measure as taken", t.id);
            assert!(ready_to_copy(&text).is_err(), "{}", t.id);
        }
    }

    #[test]
    fn templates_assert_nothing_the_app_cannot_know() {
        for t in builtin_templates() {
            for founded in [true, false] {
                let text = render_reply(t.source, &ReplyContext { founded, ..ctx() }).unwrap();
                let outside: String = {
                    let mut s = text.clone();
                    for (a, b) in unfilled_placeholders(&text).into_iter().rev() {
                        s.replace_range(a..b, "");
                    }
                    s.to_lowercase()
                };
                for claim in ["les mêmes pour tous", "règles d'accessibilité", "a revu", "a été revue", "a ajusté", "a complété", "sont prévus", "entend que", "salle d'attente", "y sont pratiqués", "sans risquer de porter atteinte au secret médical, il"] {
                    assert!(!outside.contains(claim), "{} (founded: {founded}) asserts « {claim} »:\n{text}", t.id);
                }
            }
        }
    }

    #[test]
    fn builtins_pass_the_check_of_edited_templates() {
        for t in builtin_templates() {
            assert_eq!(check_template_source(t.source), Ok(()), "{}", t.id);
        }
        let edited = "{{!-- mon modèle --}}Bonjour,\n{{#if founded}}Merci.{{else}}Surpris.{{/if}}\n{{doctor_name}} — {{practice_phone}}, {{practice_email}}\n{{~#if founded~}} x {{^}} y {{/if}}";
        assert_eq!(check_template_source(edited), Ok(()));
    }

    #[test]
    fn anything_else_is_refused_naming_it_in_french() {
        let refused = |src: &str| check_template_source(src).unwrap_err().to_string();
        for (src, named) in [
            ("Bonjour {{this}}", "« {{this}} »"),
            ("{{> signature}}", "« {{> signature}} » (modèle partiel)"),
            ("{{#> cadre}}x{{/cadre}}", "modèle partiel"),
            ("{{{doctor_name}}}", "« {{{doctor_name}}} » (triples accolades)"),
            ("{{lookup this \"doctor_name\"}}", "« {{lookup this \"doctor_name\"}} »"),
            ("{{#each this}}{{@key}}{{/each}}", "« {{#each this}} »"),
            ("{{#if doctor_name}}x{{/if}}", "« {{#if doctor_name}} »"),
            ("{{#unless founded}}x{{/unless}}", "« {{#unless founded}} »"),
            ("{{#founded}}x{{/founded}}", "« {{#founded}} »"),
            ("{{#if founded}}{{this}}{{else}}{{> p}}{{/if}}", "« {{this}} », « {{> p}} » (modèle partiel)"),
            ("{{../doctor_name}}", "« {{../doctor_name}} »"),
            ("{{@root.doctor_name}}", "« {{@root.doctor_name}} »"),
            ("{{practice_fax}}", "« {{practice_fax}} »"),
            ("{{doctor_name.length}}", "« {{doctor_name.length}} »"),
            ("{{*inline \"x\"}}", "décorateur"),
            ("{{#*inline \"x\"}}y{{/inline}}", "décorateur"),
            ("{{#if founded as |f|}}x{{/if}}", "« {{#if founded}} »"),
        ] {
            let msg = refused(src);
            assert!(msg.contains(named), "{src}: {msg}");
            assert!(msg.contains("n'accepte pas") && msg.contains("{{practice_phone}}"), "{src}: {msg}");
        }
        assert!(refused("{{#if founded}}oups").contains("mal formé"));
        let many = (0..9).map(|i| format!("{{{{f{i}}}}}")).collect::<String>();
        assert!(refused(&many).contains("et 4 autres"), "{}", refused(&many));
    }

    #[test]
    fn tidy_keeps_single_blank_lines() {
        assert_eq!(tidy("\n\na\n\n\n\nb\nc\n\n"), "a\n\nb\nc");
    }
}

//! The calibration sheet printed from Paramètres: the window rectangle as configured, its
//! dimensions, a sample address placed exactly as on a letter, the fold marks, and French
//! instructions for checking it against the doctor's own envelopes.

use super::fonts::{printable, FontStyle, Metrics};
use super::layout::place_recipient;
use super::page::*;
use super::model::{LayoutSettings, Letter};

/// The calibration sheet: the window rectangle as configured, its dimensions, a sample address
/// inside it and French instructions below it.
pub fn calibration_layout(settings: &LayoutSettings, m: &dyn Metrics) -> LetterLayout {
    let s = settings.clamped();
    let mut page = PageLayout::default();
    page.strokes.push(Stroke::Rect { x: s.window_left_mm, y: s.window_top_mm, w: s.window_width_mm, h: s.window_height_mm });
    for y in [99.0, 198.0] {
        page.strokes.push(Stroke::Line { x1: 5.0, y1: y, x2: 10.0, y2: y });
    }
    let mut push = |role, text: &str, x, y, size, style| page.lines.push(fixed(m, role, printable(m, text, style), x, y, size, style));
    push(Role::Calibration, "Page de calibrage — enveloppe à fenêtre", MARGIN_MM, 25.0, 14.0, FontStyle::Bold);
    let dims = format!(
        "Cadre adresse : {} × {} mm, à {} mm du bord gauche et {} mm du bord haut",
        fmt_mm(s.window_width_mm),
        fmt_mm(s.window_height_mm),
        fmt_mm(s.window_left_mm),
        fmt_mm(s.window_top_mm)
    );
    push(Role::Calibration, &dims, MARGIN_MM, 33.0, 10.0, FontStyle::Regular);
    let sample = Letter {
        recipient: vec!["DESTINATAIRE EXEMPLE".into(), "SERVICE DU COURRIER".into(), "12 RUE DE L EXEMPLE".into(), "75014 PARIS".into()],
        ..empty_letter()
    };
    let mut probe = PageLayout::default();
    place_recipient(&mut probe, &sample, &s, m);
    page.lines.extend(probe.lines);
    let help = [
        "Imprimez cette page à 100 % (sans « ajuster à la page »), pliez-la en trois en suivant les",
        "repères de la marge gauche (99 mm et 198 mm), puis glissez-la dans une de vos enveloppes.",
        "Le rectangle tracé marque la fenêtre réglée : il doit apparaître entièrement dans la fenêtre",
        "de l'enveloppe, avec un peu de marge. S'il est décalé, mesurez l'écart et corrigez les marges",
        "de la fenêtre dans Paramètres → Enveloppe, puis imprimez une nouvelle page de calibrage.",
        "Rien d'autre que l'adresse du destinataire n'est imprimé dans cette fenêtre sur vos courriers.",
    ];
    let top = s.window_top_mm + s.window_height_mm + 15.0;
    let lead = leading(11.0);
    for (i, t) in help.iter().enumerate() {
        let y = top + i as f32 * lead;
        page.lines.push(fixed(m, Role::Calibration, printable(m, t, FontStyle::Regular), MARGIN_MM, y, 11.0, FontStyle::Regular));
    }
    LetterLayout { title: "Page de calibrage".into(), pages: vec![page] }
}

fn fmt_mm(v: f32) -> String {
    let r = (v * 10.0).round() / 10.0;
    if r.fract() == 0.0 {
        format!("{r:.0}")
    } else {
        format!("{r:.1}").replace('.', ",")
    }
}

fn empty_letter() -> Letter {
    Letter {
        title: String::new(),
        sender: vec![],
        recipient: vec![],
        place_date: String::new(),
        registered: None,
        references: vec![],
        object: String::new(),
        attention: None,
        salutation: String::new(),
        body: vec![],
        closing: String::new(),
        signature: vec![],
        attachments: vec![],
        header: String::new(),
        footer_note: None,
    }
}

//! The agency's look: a calm dark briefing room, paper dossiers, two meter colours (each
//! also shown by an icon and a number), big buttons, visible keyboard focus.

use bevy::prelude::*;
use bevy_egui::{EguiContexts, egui};

use crate::game::progress::Progress;

pub struct Palette {
    pub background: egui::Color32,
    pub panel: egui::Color32,
    pub text: egui::Color32,
    pub weak: egui::Color32,
    pub paper: egui::Color32,
    pub ink: egui::Color32,
    pub privacy: egui::Color32,
    pub mission: egui::Color32,
    pub good: egui::Color32,
    pub bad: egui::Color32,
    pub focus: egui::Color32,
    pub stamp: egui::Color32,
}

pub fn palette(high_contrast: bool) -> Palette {
    if high_contrast {
        Palette {
            background: egui::Color32::BLACK,
            panel: egui::Color32::from_gray(20),
            text: egui::Color32::WHITE,
            weak: egui::Color32::from_gray(220),
            paper: egui::Color32::WHITE,
            ink: egui::Color32::BLACK,
            // Blue and orange stay apart for every common colour-vision deficiency.
            privacy: egui::Color32::from_rgb(90, 180, 255),
            mission: egui::Color32::from_rgb(255, 170, 0),
            good: egui::Color32::from_rgb(90, 180, 255),
            bad: egui::Color32::from_rgb(255, 170, 0),
            focus: egui::Color32::YELLOW,
            stamp: egui::Color32::from_rgb(255, 90, 90),
        }
    } else {
        Palette {
            background: egui::Color32::from_rgb(24, 32, 46),
            panel: egui::Color32::from_rgb(34, 45, 64),
            text: egui::Color32::from_rgb(236, 240, 245),
            weak: egui::Color32::from_rgb(170, 182, 200),
            paper: egui::Color32::from_rgb(243, 236, 216),
            ink: egui::Color32::from_rgb(34, 30, 26),
            privacy: egui::Color32::from_rgb(64, 170, 230),
            mission: egui::Color32::from_rgb(240, 160, 40),
            good: egui::Color32::from_rgb(64, 170, 230),
            bad: egui::Color32::from_rgb(240, 160, 40),
            focus: egui::Color32::from_rgb(255, 220, 90),
            stamp: egui::Color32::from_rgb(190, 40, 40),
        }
    }
}

const ATKINSON_LATIN: &[u8] =
    include_bytes!("../../../assets/fonts/AtkinsonHyperlegible-Regular-latin.ttf");
const ATKINSON_LATIN_EXT: &[u8] =
    include_bytes!("../../../assets/fonts/AtkinsonHyperlegible-Regular-latin-ext.ttf");
const OPEN_DYSLEXIC: &[u8] = include_bytes!("../../../assets/fonts/OpenDyslexic-Regular.otf");
/// egui's own fonts, cut down by `assets/fonts/subset.py` to the symbols and emoji the game's
/// texts use (egui's whole set weighed 1.4 MB of the .wasm), in egui's fallback order, with
/// egui's scale for its emoji fonts.
const SYMBOLS: [(&str, &[u8], f32); 3] = [
    (
        "symbols-noto",
        include_bytes!("../../../assets/fonts/symbols-notoemoji.ttf"),
        0.81,
    ),
    (
        "symbols-icons",
        include_bytes!("../../../assets/fonts/symbols-emoji-icon-font.ttf"),
        0.90,
    ),
    (
        "symbols-hack",
        include_bytes!("../../../assets/fonts/symbols-hack.ttf"),
        1.0,
    ),
];
/// Hack, cut down to Latin, arrows and box drawing: the checker's diagnostics line up.
const MONO: &[u8] = include_bytes!("../../../assets/fonts/mono-hack.ttf");

/// Atkinson Hyperlegible by default (or OpenDyslexic), then the symbol fonts; Hack for the
/// monospace diagnostics, with the same fallbacks. Bundled in the binary: nothing is fetched
/// at run time, on the web either.
pub fn fonts(dyslexia: bool) -> egui::FontDefinitions {
    use egui::{FontData, FontFamily, FontTweak};
    let mut defs = egui::FontDefinitions::empty();
    let mut add = |name: &str, bytes: &'static [u8], scale: f32| {
        let data = FontData::from_static(bytes).tweak(FontTweak {
            scale,
            ..Default::default()
        });
        defs.font_data
            .insert(name.to_owned(), std::sync::Arc::new(data));
    };
    add("atkinson", ATKINSON_LATIN, 1.0);
    add("atkinson-ext", ATKINSON_LATIN_EXT, 1.0);
    add("opendyslexic", OPEN_DYSLEXIC, 1.0);
    add("mono", MONO, 1.0);
    for (name, bytes, scale) in SYMBOLS {
        add(name, bytes, scale);
    }
    let text: &[&str] = if dyslexia {
        &["opendyslexic", "atkinson", "atkinson-ext"]
    } else {
        &["atkinson", "atkinson-ext"]
    };
    let symbols = SYMBOLS.iter().map(|(name, _, _)| *name);
    let proportional: Vec<String> = text
        .iter()
        .copied()
        .chain(symbols)
        .map(String::from)
        .collect();
    let monospace = std::iter::once("mono".to_owned())
        .chain(proportional.iter().cloned())
        .collect();
    defs.families.insert(FontFamily::Proportional, proportional);
    defs.families.insert(FontFamily::Monospace, monospace);
    defs
}

/// Applies fonts, text size and colours from the settings when they change.
pub fn apply(
    mut contexts: EguiContexts,
    progress: Res<Progress>,
    mut applied: Local<Option<(f32, bool, bool)>>,
) {
    let Ok(ctx) = contexts.ctx_mut() else { return };
    let s = &progress.settings;
    let key = (s.text.body(), s.high_contrast, s.dyslexia_font);
    if *applied == Some(key) {
        return;
    }
    if applied.is_none_or(|(_, _, d)| d != s.dyslexia_font) {
        ctx.set_fonts(fonts(s.dyslexia_font));
    }
    *applied = Some(key);
    let p = palette(s.high_contrast);
    let body = s.text.body();
    let mut style = (*ctx.global_style()).clone();
    use egui::{FontFamily, FontId, TextStyle};
    style.text_styles = [
        (
            TextStyle::Heading,
            FontId::new(body * 1.5, FontFamily::Proportional),
        ),
        (TextStyle::Body, FontId::new(body, FontFamily::Proportional)),
        (
            TextStyle::Button,
            FontId::new(body, FontFamily::Proportional),
        ),
        (
            TextStyle::Small,
            FontId::new(body * 0.8, FontFamily::Proportional),
        ),
        (
            TextStyle::Monospace,
            FontId::new(body * 0.75, FontFamily::Monospace),
        ),
    ]
    .into();
    style.spacing.item_spacing = egui::vec2(body * 0.6, body * 0.5);
    style.spacing.button_padding = egui::vec2(body * 0.8, body * 0.45);
    style.spacing.interact_size.y = body * 2.0;
    // Checkboxes and radio buttons big enough to see and to touch (≥ 32 px at the default
    // size).
    style.spacing.icon_width = body * 1.4;
    style.spacing.icon_width_inner = body * 0.9;
    style.spacing.icon_spacing = body * 0.5;
    let v = &mut style.visuals;
    *v = egui::Visuals::dark();
    v.panel_fill = p.background;
    v.window_fill = p.panel;
    v.override_text_color = Some(p.text);
    v.widgets.inactive.weak_bg_fill = p.panel;
    v.widgets.inactive.bg_fill = p.panel;
    v.widgets.hovered.weak_bg_fill = egui::Color32::from_rgb(52, 68, 96);
    v.widgets.hovered.bg_fill = egui::Color32::from_rgb(52, 68, 96);
    // The keyboard focus must be obvious from the back of the class, and never look like the
    // mouse's hover: focus is a thick yellow frame (egui draws a focused widget with the
    // `active` look), hover only a thin light outline on a lighter fill.
    v.selection.stroke = egui::Stroke::new(4.0, p.focus);
    v.widgets.hovered.bg_stroke = egui::Stroke::new(1.5, p.weak);
    v.widgets.active.bg_stroke = egui::Stroke::new(4.0, p.focus);
    v.widgets.active.weak_bg_fill = p.panel;
    v.widgets.inactive.fg_stroke = egui::Stroke::new(2.5, p.text);
    v.widgets.hovered.fg_stroke = egui::Stroke::new(3.0, p.text);
    v.widgets.active.fg_stroke = egui::Stroke::new(3.0, p.text);
    v.widgets.inactive.corner_radius = 8.into();
    v.widgets.hovered.corner_radius = 8.into();
    v.widgets.active.corner_radius = 8.into();
    ctx.set_global_style(style);
}

/// A paper card (dossier, form, test card).
pub fn paper(p: &Palette) -> egui::Frame {
    egui::Frame::new()
        .fill(p.paper)
        .inner_margin(egui::Margin::same(20))
        .corner_radius(6)
        .stroke(egui::Stroke::new(1.0, egui::Color32::from_gray(120)))
}

/// A dark panel card.
pub fn card(p: &Palette) -> egui::Frame {
    egui::Frame::new()
        .fill(p.panel)
        .inner_margin(egui::Margin::same(16))
        .corner_radius(8)
}

/// "★★☆" with the count spelled out for screen readers and colour-blind players.
pub fn stars(n: u8) -> String {
    let n = n.min(3) as usize;
    format!("{}{} {n}/3", "★".repeat(n), "☆".repeat(3 - n))
}

/// Text in ink colour (on paper).
pub fn ink(text: impl Into<String>, p: &Palette) -> egui::RichText {
    egui::RichText::new(text.into()).color(p.ink)
}

#[cfg(test)]
mod tests {
    use bevy_egui::egui;
    use skrifa::MetadataProvider;
    use std::collections::BTreeSet;

    /// Every character the fonts of one family can draw (egui falls back within a family).
    fn drawable(family: egui::FontFamily) -> BTreeSet<u32> {
        let defs = super::fonts(false);
        let mut all = BTreeSet::new();
        for name in &defs.families[&family] {
            let data = &defs.font_data[name];
            let face = skrifa::FontRef::from_index(&data.font, data.index).expect("a font");
            all.extend(face.charmap().mappings().map(|(c, _)| c));
        }
        all
    }

    fn files_under(dir: &str, out: &mut Vec<std::path::PathBuf>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                files_under(path.to_str().unwrap(), out);
            } else {
                out.push(path);
            }
        }
    }

    /// A pupil must never see an empty box: every character of the shipped levels, the
    /// template and the game's own texts (all of src/ but the terminal's CLI and the pages
    /// for browsers) is in a font of
    /// the proportional family, the one the screens draw with.
    #[test]
    fn every_character_of_the_shipped_texts_can_be_drawn() {
        let drawable = drawable(egui::FontFamily::Proportional);
        let mut files = vec![std::path::PathBuf::from("docs/template.ron")];
        files_under("levels", &mut files);
        files_under("src", &mut files);
        // The terminal and the browser draw these with their own fonts (the same list as
        // assets/fonts/subset.py's BROWSER_PAGES).
        let browser_pages = ["html.rs", "map.rs", "report.rs", "sheet.rs", "strings.rs"]
            .map(|f| std::path::Path::new("src/core/pages").join(f));
        files.retain(|f| !f.starts_with("src/cli") && !browser_pages.iter().any(|p| f == p));
        let mut missing = BTreeSet::new();
        for file in &files {
            let text = std::fs::read_to_string(file).unwrap();
            for c in text.chars() {
                // Variation selector and zero-width joiner only shape emoji; no glyph needed.
                if c.is_control() || c.is_whitespace() || matches!(c, '\u{fe0f}' | '\u{200d}') {
                    continue;
                }
                if !drawable.contains(&(c as u32)) {
                    missing.insert(format!("{c} U+{:04X} in {}", c as u32, file.display()));
                }
            }
        }
        assert!(
            missing.is_empty(),
            "characters no bundled font can draw (add them with assets/fonts/subset.py): \
             {missing:#?}"
        );
        assert!(files.len() > 40, "the texts were found");
    }

    /// The checker's list of drawable characters (which warns a teacher about a character
    /// pupils would see as a box) is exactly what the fonts draw.
    #[test]
    fn the_checkers_list_of_drawable_characters_is_the_fonts() {
        let fonts = drawable(egui::FontFamily::Proportional);
        let listed: BTreeSet<u32> = (0..=0x10FFFF)
            .filter(|&c| char::from_u32(c).is_some_and(crate::core::check::glyphs::in_fonts))
            .collect();
        let only_fonts: Vec<String> = fonts
            .difference(&listed)
            .map(|c| format!("U+{c:04X}"))
            .collect();
        let only_list: Vec<String> = listed
            .difference(&fonts)
            .map(|c| format!("U+{c:04X}"))
            .collect();
        assert!(
            only_fonts.is_empty() && only_list.is_empty(),
            "assets/fonts/drawable.txt is stale (run assets/fonts/subset.py): \
             in the fonts only {only_fonts:?}, in the list only {only_list:?}"
        );
        assert!(fonts.len() > 300, "{} characters", fonts.len());
    }

    /// Monospace (the diagnostics) falls back to the same fonts: it draws at least as much.
    #[test]
    fn monospace_draws_everything_proportional_does() {
        let mono = drawable(egui::FontFamily::Monospace);
        let proportional = drawable(egui::FontFamily::Proportional);
        assert!(proportional.is_subset(&mono));
        assert!(mono.contains(&('│' as u32)) && mono.contains(&('^' as u32)));
    }
}

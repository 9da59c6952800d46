//! The map of a mission (`agent-trace map`): a static page, no JavaScript, printable on A4,
//! with the scene graph drawn as inline SVG from [`map_layout`](super::map_layout) — a box per
//! scene (its kind's icon, id, first words), an arrow per way out with the option's words,
//! the careful and careless players' paths, endings and problems said in words as well as
//! drawn — then the same as a text list, for paper and for screen readers.
//!
//! What only the checker knows (the line of each scene, what the path explorer found) comes
//! in as [`SceneFacts`]: the pages layer does not use the checker.

use crate::core::model::level::{Level, Look, Outcome, Scene};
use crate::core::model::text::Lang;
use crate::core::pages::decisions::{colon, kind_label, short_situation};
use crate::core::pages::html::{self, escape, wrap};
use crate::core::pages::map_layout::{
    BOX_H, BOX_W, Caption, EdgeKind, Exit, MAX_DRAWN, MapEdge, MapLayout, MapNode, Point, ROW_GAP,
    Walk, condition_text, exit_condition, exits, shorten,
};
use std::fmt::Write;

/// What the checker found about one scene (`check::spans`, `check::explore`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct SceneFacts {
    /// The line where the scene starts in its file (1-based).
    pub line: Option<usize>,
    /// The explorer never reaches it, whatever the pupil does.
    pub unreachable: bool,
    /// A loop the pupil can enter and never leave (the explorer's `stuck`).
    pub stuck: bool,
    /// Some way of arriving here leaves no option open.
    pub no_option: bool,
    /// Part of a loop whose arrows change the meters.
    pub loop_with_effects: bool,
}

/// Where the map comes from and what the checker said.
#[derive(Clone, Debug, Default)]
pub struct MapSource {
    /// The level file as the page links to it (relative to the page), e.g. `../levels/a.ron`.
    pub href: String,
    /// The file's name as shown on the page.
    pub file: String,
    /// Per scene (empty when the checker could not say).
    pub facts: Vec<SceneFacts>,
    /// The path explorer ran (no error stopped it): its findings are in `facts`.
    pub explored: bool,
    pub errors: usize,
    pub warnings: usize,
}

const BEST_COLOUR: &str = "#0072B2";
const CARELESS_COLOUR: &str = "#D55E00";
const LINE_COLOUR: &str = "#4d4d4d";
const PROBLEM_COLOUR: &str = "#b00020";
/// Printable area of an A4 page with 10 mm margins, in CSS pixels (96 per inch).
const PX_PER_MM: f32 = 96.0 / 25.4;
const PAGE_SHORT: f32 = 190.0 * PX_PER_MM;
const PAGE_LONG: f32 = 277.0 * PX_PER_MM;

/// The whole page.
pub fn map_page(level: &Level, map: &MapLayout, source: &MapSource, lang: Lang) -> String {
    let t = |fr: &'static str, en: &'static str| lang.pick(fr, en);
    let title = format!(
        "{} — {}",
        t("Carte de la mission", "Mission map"),
        level.title.get(lang)
    );
    let mut b = String::new();
    let landscape = print_landscape(map);
    let _ = write!(b, "<style>{}</style>", page_css(landscape));
    header(&mut b, level, source, lang);
    legend(&mut b, lang);
    paths_summary(&mut b, level, map, lang);
    let _ = write!(
        b,
        "<section class=\"map\" aria-label=\"{}\"><h2>{}</h2>",
        escape(t("Carte", "Map")),
        t("La carte", "The map")
    );
    left_out_note(&mut b, level, map, lang);
    let _ = write!(b, "<div class=\"map-scroll\">");
    for (k, band) in bands(map, landscape).into_iter().enumerate() {
        b.push_str(&band_svg(level, map, source, k, band, lang));
    }
    b.push_str("</div></section>");
    problems(&mut b, level, map, source, lang);
    scene_list(&mut b, level, map, source, lang);
    html::page(lang, &title, &b)
}

fn page_css(landscape: bool) -> String {
    let size = if landscape { "A4 landscape" } else { "A4" };
    format!(
        "@page {{ size: {size}; margin: 10mm }}\n\
         body {{ max-width: none; margin: 0 6mm }}\n\
         .prose {{ max-width: 190mm }}\n\
         .map-scroll {{ overflow-x: auto }}\n\
         svg.band {{ display: block; max-width: none; height: auto; margin: 0 }}\n\
         .legend-row {{ display: flex; flex-wrap: wrap; gap: 2pt 14pt; margin: 2pt 0 }}\n\
         .legend-row span {{ white-space: nowrap }}\n\
         .legend svg {{ vertical-align: middle }}\n\
         ul.lines {{ list-style: none; padding-left: 0; margin: 2pt 0 }}\n\
         .badge {{ color: {PROBLEM_COLOUR}; font-weight: bold }}\n\
         .info {{ font-weight: bold }}\n\
         ul.badges {{ columns: 2; column-gap: 14pt; margin: 4pt 0; font-size: 9.5pt }}\n\
         table.scenes td {{ font-size: 9.5pt }}\n\
         table.scenes ul {{ margin: 0; padding-left: 12pt }}\n\
         @media print {{\n\
           body {{ margin: 0 }}\n\
           * {{ -webkit-print-color-adjust: exact; print-color-adjust: exact }}\n\
           .map-scroll {{ overflow: visible }}\n\
           svg.band {{ max-width: 100%; break-inside: avoid; page-break-inside: avoid }}\n\
         }}\n"
    )
}

fn header(b: &mut String, level: &Level, source: &MapSource, lang: Lang) {
    let t = |fr: &'static str, en: &'static str| lang.pick(fr, en);
    let _ = write!(
        b,
        "<header class=\"prose\"><p class=\"meta\">{}</p><h1>{}</h1>\
         <p class=\"meta\">{} <a href=\"{}\">{}</a> · {} {}</p>",
        t(
            "Agent Trace — carte de la mission",
            "Agent Trace — mission map"
        ),
        escape(level.title.get(lang)),
        t("Fichier :", "File:"),
        escape(&source.href),
        escape(&source.file),
        grouped(level.scenes.len(), lang),
        t("scène(s)", "scene(s)"),
    );
    let _ = write!(
        b,
        "<p class=\"note\">{}</p>",
        t(
            "Chaque boîte est une scène : elle renvoie au fichier, à la ligne où la scène \
             commence (la liste en bas donne aussi les lignes). Les flèches descendent ; sur \
             chacune, le début de l'option qui y mène.",
            "Each box is a scene: it links to the file, at the line where the scene starts \
             (the list at the bottom gives the lines too). Arrows go down; on each, the start \
             of the option that leads there."
        )
    );
    checker_note(b, source, lang);
    b.push_str("</header>");
}

fn checker_note(b: &mut String, source: &MapSource, lang: Lang) {
    if source.errors + source.warnings > 0 {
        let _ = write!(
            b,
            "<p class=\"note\"><span class=\"badge\">⚠</span> {}</p>",
            escape(&match lang {
                Lang::Fr => format!(
                    "Le vérificateur signale {} erreur(s) et {} avertissement(s) : lancez \
                     « agent-trace check {} » pour le détail.",
                    source.errors, source.warnings, source.file
                ),
                Lang::En => format!(
                    "The checker reports {} error(s) and {} warning(s): run \
                     `agent-trace check {}` for the details.",
                    source.errors, source.warnings, source.file
                ),
            })
        );
    }
    if !source.explored {
        let _ = write!(
            b,
            "<p class=\"note\">{}</p>",
            lang.pick(
                "Les chemins n'ont pas pu être explorés (corrigez d'abord les erreurs) : les \
                 scènes inaccessibles sont signalées d'après les flèches seules, sans les \
                 conditions.",
                "The paths could not be explored (fix the errors first): unreachable scenes \
                 are found from the arrows alone, without the conditions."
            )
        );
    }
}

/// A short sample of a line style for the legend.
fn line_sample(style: LineStyle) -> String {
    let mut s =
        String::from("<svg width=\"46\" height=\"12\" viewBox=\"0 0 46 12\" aria-hidden=\"true\">");
    for (colour, width, dash) in style.strokes() {
        let _ = write!(
            s,
            "<line x1=\"2\" y1=\"6\" x2=\"44\" y2=\"6\" stroke=\"{colour}\" \
             stroke-width=\"{width}\"{}/>",
            dash_attr(dash)
        );
    }
    s.push_str("</svg>");
    s
}

fn dash_attr(dash: &str) -> String {
    if dash.is_empty() {
        String::new()
    } else {
        format!(" stroke-dasharray=\"{dash}\"")
    }
}

fn legend(b: &mut String, lang: Lang) {
    let t = |fr: &'static str, en: &'static str| lang.pick(fr, en);
    let _ = write!(
        b,
        "<section class=\"prose legend\"><h2>{}</h2><ul class=\"lines\">",
        t("Légende", "Key")
    );
    let lines = [
        (
            LineStyle::Best,
            t(
                "✔ chemin prudent : ce que joue l'élève prudent du jeu (options « best », \
                 champs nécessaires, bonnes réponses)",
                "✔ careful path: what the game's careful pupil plays (`best` options, needed \
                 fields, right answers)",
            ),
        ),
        (
            LineStyle::Careless,
            t(
                "⚠ chemin imprudent : ce que joue l'élève imprudent du jeu (options imprudentes \
                 comme « risky », tout coché, une mauvaise réponse)",
                "⚠ careless path: what the game's careless pupil plays (careless options such \
                 as `risky` ones, every field ticked, a wrong answer)",
            ),
        ),
        (LineStyle::Plain, t("flèche : mène à", "arrow: leads to")),
        (
            LineStyle::Conditional,
            t(
                "tirets : seulement « si … » (une condition)",
                "dashes: only \"if …\" (a condition)",
            ),
        ),
        (
            LineStyle::Back,
            t(
                "↩ points : retour en arrière (une boucle)",
                "↩ dots: goes back (a loop)",
            ),
        ),
    ];
    for (style, text) in lines {
        let _ = write!(b, "<li>{} {}</li>", line_sample(style), escape(text));
    }
    b.push_str("</ul>");
    legend_boxes(b, lang);
}

/// The legend of the boxes: the kinds' icons, the endings, the badges.
fn legend_boxes(b: &mut String, lang: Lang) {
    let t = |fr: &'static str, en: &'static str| lang.pick(fr, en);
    b.push_str("<div class=\"legend-row\">");
    for (kind, variant) in ICON_KINDS {
        let _ = write!(
            b,
            "<span><svg width=\"16\" height=\"16\" viewBox=\"0 0 16 16\" aria-hidden=\"true\">{}\
             </svg> {}</span>",
            icon_shape(kind, variant, 1.0, 1.0),
            escape(&icon_name(kind, variant, lang))
        );
    }
    let _ = write!(
        b,
        "</div><div class=\"legend-row\"><span>{}</span>",
        t("Fins :", "Endings:")
    );
    for o in [Outcome::Success, Outcome::Partial, Outcome::Failure] {
        let _ = write!(b, "<span><b>{}</b></span>", escape(outcome_mark(o, lang)));
    }
    b.push_str("</div><ul class=\"badges\">");
    for badge in [
        Badge::Unreachable,
        Badge::Trap,
        Badge::NoOption,
        Badge::Loop,
        Badge::NoSuccessAhead,
    ] {
        let class = if badge.is_problem() { "badge" } else { "info" };
        let _ = write!(
            b,
            "<li><b class=\"{class}\">{}</b>{} {}</li>",
            escape(badge.short(lang)),
            colon(lang),
            escape(badge.explain(lang))
        );
    }
    b.push_str("</ul></section>");
}

/// Where the careful and the careless player end, in one line each.
fn paths_summary(b: &mut String, level: &Level, map: &MapLayout, lang: Lang) {
    let _ = write!(b, "<section class=\"prose\"><ul>");
    let who = [
        (
            &map.best,
            lang.pick("✔ Chemin prudent", "✔ Careful path"),
            BEST_COLOUR,
        ),
        (
            &map.careless,
            lang.pick("⚠ Chemin imprudent", "⚠ Careless path"),
            CARELESS_COLOUR,
        ),
    ];
    for (walk, name, colour) in who {
        let _ = write!(
            b,
            "<li><b style=\"color:{colour}\">{name}</b>{} {}</li>",
            colon(lang),
            escape(&walk_summary(level, walk, lang))
        );
    }
    b.push_str("</ul></section>");
}

fn walk_summary(level: &Level, walk: &Walk, lang: Lang) -> String {
    let steps = walk.steps.len();
    let ids = |i: usize| level.scenes[i].id().to_string();
    if let Some(end) = walk.end {
        let outcome = match &level.scenes[end] {
            Scene::End(e) => outcome_mark(e.outcome, lang),
            _ => "",
        };
        return lang.pick(
            format!(
                "{steps} étape(s) jusqu'à la fin « {} » ({outcome}).",
                ids(end)
            ),
            format!("{steps} step(s) to the ending `{}` ({outcome}).", ids(end)),
        );
    }
    let last = walk.steps.last().map(|s| ids(s.0)).unwrap_or_default();
    if walk.looped {
        lang.pick(
            format!("tourne en rond après {steps} étape(s), à « {last} » : aucune fin."),
            format!("goes round in circles after {steps} step(s), at `{last}`: no ending."),
        )
    } else if walk.left_map {
        lang.pick(
            format!("{steps} étape(s) dessinées, puis la suite sort de la carte."),
            format!("{steps} step(s) drawn, then it goes on beyond the map."),
        )
    } else {
        lang.pick(
            "s'arrête sans atteindre de fin.".to_string(),
            "stops without reaching an ending.".to_string(),
        )
    }
}

/// `10 001` in French (a narrow no-break space), `10,001` in English.
fn grouped(n: usize, lang: Lang) -> String {
    let digits = n.to_string();
    let sep = lang.pick("\u{202f}", ",");
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push_str(sep);
        }
        out.push(c);
    }
    out
}

fn left_out_note(b: &mut String, level: &Level, map: &MapLayout, lang: Lang) {
    if map.left_out == 0 {
        return;
    }
    let total = grouped(level.scenes.len(), lang);
    let drawn = grouped(level.scenes.len() - map.left_out, lang);
    let left_out = grouped(map.left_out, lang);
    let _ = write!(
        b,
        "<p class=\"note prose\"><b>{}</b></p>",
        escape(&lang.pick(
            format!(
                "Cette mission a {total} scènes : la carte et la liste ne montrent que les \
                 {drawn} premières (au-delà de {MAX_DRAWN}, une carte n'est plus lisible), les \
                 plus proches du début. {left_out} scène(s) ne sont pas montrées ; les \
                 flèches vers elles s'arrêtent court, marquées « hors carte ». « agent-trace \
                 check » les vérifie toutes."
            ),
            format!(
                "This mission has {total} scenes: the map and the list show only the first \
                 {drawn} (past {MAX_DRAWN}, a map is no longer readable), those nearest the \
                 start. {left_out} scene(s) are not shown; arrows to them stop short, marked \
                 \"off the map\". `agent-trace check` checks them all."
            ),
        ))
    );
}

/// How an arrow is drawn. Never colour alone: each style has its own dashes and width.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum LineStyle {
    Plain,
    Conditional,
    Back,
    Best,
    Careless,
    Both,
}

impl LineStyle {
    fn of(edge: &MapEdge) -> LineStyle {
        match (edge.on_best, edge.on_careless) {
            (true, true) => LineStyle::Both,
            (true, false) => LineStyle::Best,
            (false, true) => LineStyle::Careless,
            _ if matches!(edge.kind, EdgeKind::Back | EdgeKind::SelfLoop) => LineStyle::Back,
            _ if edge.condition.is_some() => LineStyle::Conditional,
            _ => LineStyle::Plain,
        }
    }

    /// The strokes drawn, bottom first: (colour, width, dashes).
    fn strokes(self) -> Vec<(&'static str, f32, &'static str)> {
        match self {
            LineStyle::Plain => vec![(LINE_COLOUR, 1.4, "")],
            LineStyle::Conditional => vec![(LINE_COLOUR, 1.4, "6 4")],
            LineStyle::Back => vec![(LINE_COLOUR, 1.7, "1.5 3.5")],
            LineStyle::Best => vec![(BEST_COLOUR, 3.6, "")],
            LineStyle::Careless => vec![(CARELESS_COLOUR, 3.2, "10 5")],
            LineStyle::Both => vec![(BEST_COLOUR, 3.6, ""), (CARELESS_COLOUR, 3.2, "10 5")],
        }
    }

    /// The arrowhead's colour: the top stroke's.
    fn head(self) -> &'static str {
        match self {
            LineStyle::Best => "best",
            LineStyle::Careless | LineStyle::Both => "careless",
            _ => "plain",
        }
    }

    fn is_path(self) -> bool {
        matches!(
            self,
            LineStyle::Best | LineStyle::Careless | LineStyle::Both
        )
    }
}

/// A horizontal slice of the map: rows `first..end`, drawn as one SVG; on paper each slice
/// fits a page (the slices follow one another on screen as one picture).
#[derive(Clone, Copy, Debug, PartialEq)]
struct Band {
    top: f32,
    bottom: f32,
}

/// The printed page's width and height, and the height of map that fits on it.
fn page_fit(map: &MapLayout, landscape: bool) -> (f32, f32) {
    let (page_w, page_h) = if landscape {
        (PAGE_LONG, PAGE_SHORT)
    } else {
        (PAGE_SHORT, PAGE_LONG)
    };
    let scale = (page_w / map.width).min(1.0);
    // Room for a heading above the first slice.
    (scale, (page_h - 20.0 * PX_PER_MM) / scale)
}

/// Landscape when the map needs fewer pages that way without shrinking below readable
/// (a tall map reads better on fewer portrait pages, a wide one on landscape ones).
fn print_landscape(map: &MapLayout) -> bool {
    const READABLE: f32 = 0.7;
    let pages = |landscape| {
        let (scale, fits) = page_fit(map, landscape);
        ((map.height / fits).ceil(), scale)
    };
    let (portrait, portrait_scale) = pages(false);
    let (landscape, landscape_scale) = pages(true);
    if portrait_scale < READABLE {
        return landscape_scale > portrait_scale;
    }
    landscape < portrait
}

fn bands(map: &MapLayout, landscape: bool) -> Vec<Band> {
    let (_, fits) = page_fit(map, landscape);
    let cut = |row: usize| MapLayout::row_top(row) - 14.0;
    let mut out = Vec::new();
    let mut top = 0.0;
    let mut first_row = 0;
    for row in 1..map.rows {
        if cut(row + 1).min(map.height) - top > fits && row > first_row {
            out.push(Band {
                top,
                bottom: cut(row),
            });
            top = cut(row);
            first_row = row;
        }
    }
    out.push(Band {
        top,
        bottom: map.height,
    });
    out
}

fn band_svg(
    level: &Level,
    map: &MapLayout,
    source: &MapSource,
    k: usize,
    band: Band,
    lang: Lang,
) -> String {
    let height = band.bottom - band.top;
    let mut s = format!(
        "<svg class=\"band\" xmlns=\"http://www.w3.org/2000/svg\" role=\"group\" \
         aria-label=\"{}\" viewBox=\"0 {:.0} {:.0} {:.0}\" width=\"{:.0}\" height=\"{:.0}\" \
         font-family=\"Verdana, 'DejaVu Sans', Arial, sans-serif\">",
        escape(&format!(
            "{} {}",
            lang.pick("Carte, partie", "Map, part"),
            k + 1
        )),
        band.top,
        map.width,
        height,
        map.width,
        height
    );
    s.push_str(&markers(k));
    let inside = |p: &Point| p.y >= band.top - ROW_GAP && p.y <= band.bottom + ROW_GAP;
    let mut edges: Vec<&MapEdge> = map
        .edges
        .iter()
        .filter(|e| e.points.iter().any(inside))
        .collect();
    // Paths on top of ordinary arrows.
    edges.sort_by_key(|e| LineStyle::of(e).is_path());
    for e in &edges {
        s.push_str(&edge_svg(level, e, k));
    }
    for e in &edges {
        if let Some(c) = &e.caption
            && c.at.y >= band.top
            && c.at.y < band.bottom
        {
            s.push_str(&caption_svg(level, e, c));
        }
    }
    for node in map
        .nodes
        .iter()
        .filter(|n| n.y >= band.top && n.y < band.bottom)
    {
        s.push_str(&node_svg(level, map, source, node, lang));
    }
    s.push_str("</svg>");
    s
}

/// The arrowheads of band `k` (ids unique in the page).
fn markers(k: usize) -> String {
    let mut s = String::from("<defs>");
    for (name, colour) in [
        ("plain", LINE_COLOUR),
        ("best", BEST_COLOUR),
        ("careless", CARELESS_COLOUR),
    ] {
        let _ = write!(
            s,
            "<marker id=\"h{k}-{name}\" viewBox=\"0 0 10 10\" refX=\"9\" refY=\"5\" \
             markerUnits=\"userSpaceOnUse\" markerWidth=\"11\" markerHeight=\"11\" \
             orient=\"auto\"><path d=\"M0,0 L10,5 L0,10 z\" fill=\"{colour}\"/></marker>"
        );
    }
    s.push_str("</defs>");
    s
}

/// `data-from`, `data-exit` and `data-to` of an arrow or caption: which scene, which field,
/// which target (for tests and for anyone reading the page's source).
fn edge_data(level: &Level, e: &MapEdge) -> String {
    let to = e.to.map_or("", |t| level.scenes[t].id());
    format!(
        "data-from=\"{}\" data-exit=\"{}\" data-to=\"{}\"",
        escape(level.scenes[e.from].id()),
        escape(&e.exit.field()),
        escape(to)
    )
}

fn edge_svg(level: &Level, e: &MapEdge, k: usize) -> String {
    let style = LineStyle::of(e);
    let points: String = e
        .points
        .iter()
        .map(|p| format!("{:.1},{:.1}", p.x, p.y))
        .collect::<Vec<_>>()
        .join(" ");
    let kind = match e.kind {
        EdgeKind::Forward => "forward",
        EdgeKind::Back => "back",
        EdgeKind::SelfLoop => "self",
        EdgeKind::OffMap => "off-map",
        EdgeKind::Missing => "missing",
    };
    let mut class = format!("edge {kind}");
    for (on, name) in [
        (e.on_best, " best"),
        (e.on_careless, " careless"),
        (e.condition.is_some(), " cond"),
    ] {
        if on {
            class.push_str(name);
        }
    }
    let strokes = style.strokes();
    let mut s = format!("<g class=\"{class}\" {}>", edge_data(level, e));
    for (i, (colour, width, dash)) in strokes.iter().enumerate() {
        let head = if i + 1 == strokes.len() {
            format!(" marker-end=\"url(#h{k}-{})\"", style.head())
        } else {
            String::new()
        };
        let _ = write!(
            s,
            "<polyline points=\"{points}\" fill=\"none\" stroke=\"{colour}\" \
             stroke-width=\"{width}\" stroke-linejoin=\"round\"{}{head}/>",
            dash_attr(dash)
        );
    }
    s.push_str("</g>");
    s
}

fn caption_svg(level: &Level, e: &MapEdge, c: &Caption) -> String {
    let mut s = format!("<g class=\"caption\" {}>", edge_data(level, e));
    if let Some(l) = c.leader {
        let from_x = if l.x < c.at.x {
            c.at.x - c.width / 2.0
        } else {
            c.at.x + c.width / 2.0
        };
        let _ = write!(
            s,
            "<line x1=\"{from_x:.1}\" y1=\"{:.1}\" x2=\"{:.1}\" y2=\"{:.1}\" stroke=\"#777\" \
             stroke-width=\"0.8\" stroke-dasharray=\"1 2\"/>",
            c.at.y, l.x, l.y
        );
    }
    let style = LineStyle::of(e);
    let (weight, colour) = if style.is_path() {
        (" font-weight=\"bold\"", "#000")
    } else {
        ("", "#222")
    };
    let _ = write!(
        s,
        "<rect x=\"{:.1}\" y=\"{:.1}\" width=\"{:.1}\" height=\"13\" rx=\"3\" fill=\"#fff\" \
         fill-opacity=\"0.92\"/><text x=\"{:.1}\" y=\"{:.1}\" font-size=\"10\" \
         text-anchor=\"middle\" fill=\"{colour}\"{weight}>{}</text></g>",
        c.at.x - c.width / 2.0,
        c.at.y - 7.0,
        c.width,
        c.at.x,
        c.at.y + 3.5,
        escape(&c.text)
    );
    s
}

/// What a box or a list entry flags, in words (never colour alone).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Badge {
    Unreachable,
    Trap,
    NoOption,
    Loop,
    /// Not a problem in itself (a failing branch is often meant): said, not flagged.
    NoSuccessAhead,
}

impl Badge {
    /// A problem to fix (drawn in red and listed under « À vérifier »).
    pub fn is_problem(self) -> bool {
        self != Badge::NoSuccessAhead
    }

    pub fn short(self, lang: Lang) -> &'static str {
        match self {
            Badge::Unreachable => lang.pick("⊘ inaccessible", "⊘ unreachable"),
            Badge::Trap => lang.pick("⚠ piège", "⚠ trap"),
            Badge::NoOption => lang.pick("⚠ sans option", "⚠ no option"),
            Badge::Loop => lang.pick("↻ boucle", "↻ loop"),
            Badge::NoSuccessAhead => lang.pick("✗ plus de réussite", "✗ no success left"),
        }
    }

    pub fn explain(self, lang: Lang) -> &'static str {
        match self {
            Badge::Unreachable => lang.pick(
                "aucun chemin ne mène à cette scène",
                "no path leads to this scene",
            ),
            Badge::Trap => lang.pick(
                "on y entre et on n'atteint plus aucune fin (une boucle sans sortie)",
                "once here, no ending can be reached (a loop with no way out)",
            ),
            Badge::NoOption => lang.pick(
                "on peut y arriver sans aucune option ouverte",
                "one can arrive here with no option open",
            ),
            Badge::Loop => lang.pick(
                "une boucle qui change les jauges à chaque tour",
                "a loop that changes the meters each time round",
            ),
            Badge::NoSuccessAhead => lang.pick(
                "d'ici, seules des fins partielles ou d'échec restent possibles",
                "from here, only partial or failed endings are left",
            ),
        }
    }
}

/// The badges of scene `i`: what the explorer found, else what the arrows alone show.
pub fn badges(level: &Level, map: &MapLayout, source: &MapSource, i: usize) -> Vec<Badge> {
    let facts = source.facts.get(i).copied().unwrap_or_default();
    let unreachable = facts.unreachable || !map.reachable[i];
    let mut out = Vec::new();
    if unreachable {
        out.push(Badge::Unreachable);
    }
    let is_end = matches!(level.scenes[i], Scene::End(_));
    let dead_end = !unreachable && !is_end && !map.ending_ahead[i];
    if facts.stuck || dead_end {
        out.push(Badge::Trap);
    }
    if facts.no_option {
        out.push(Badge::NoOption);
    }
    if facts.loop_with_effects {
        out.push(Badge::Loop);
    }
    if !unreachable && !is_end && map.ending_ahead[i] && !map.success_ahead[i] {
        out.push(Badge::NoSuccessAhead);
    }
    out
}

pub fn outcome_mark(o: Outcome, lang: Lang) -> &'static str {
    match o {
        Outcome::Success => lang.pick("✓ Réussite", "✓ Success"),
        Outcome::Partial => lang.pick("◐ Réussite partielle", "◐ Partial success"),
        Outcome::Failure => lang.pick("✗ Échec", "✗ Failure"),
    }
}

/// The link to a scene's line in the file.
fn line_href(source: &MapSource, i: usize) -> String {
    match source.facts.get(i).and_then(|f| f.line) {
        Some(line) => format!("{}#L{line}", source.href),
        None => source.href.clone(),
    }
}

fn node_svg(
    level: &Level,
    map: &MapLayout,
    source: &MapSource,
    node: &MapNode,
    lang: Lang,
) -> String {
    let i = node.scene;
    let scene = &level.scenes[i];
    let found = badges(level, map, source, i);
    let flagged = found.iter().any(|b| b.is_problem());
    let (fill, border, border_w) = box_look(scene, flagged);
    let (x, y) = (node.x, node.y);
    let mut s = format!(
        "<a class=\"scene\" href=\"{}\" data-scene=\"{}\"><title>{}</title>\
         <rect x=\"{x:.1}\" y=\"{y:.1}\" width=\"{BOX_W}\" height=\"{BOX_H}\" rx=\"6\" \
         fill=\"{fill}\" stroke=\"{border}\" stroke-width=\"{border_w}\"{}/>",
        escape(&line_href(source, i)),
        escape(scene.id()),
        escape(&tooltip(level, source, i, &found, lang)),
        if found.contains(&Badge::Unreachable) {
            " stroke-dasharray=\"5 3\""
        } else {
            ""
        }
    );
    let (kind, variant) = icon_kind(scene);
    s.push_str(&icon_shape(kind, variant, x + 6.0, y + 5.0));
    let kind_text = kind_word(scene, lang);
    let kind_w = kind_text.chars().count() as f32 * 5.6;
    let id_chars = ((BOX_W - 30.0 - kind_w - 8.0) / 7.4).max(4.0) as usize;
    let _ = write!(
        s,
        "<text x=\"{:.1}\" y=\"{:.1}\" font-size=\"11.5\" font-weight=\"bold\">{}</text>\
         <text x=\"{:.1}\" y=\"{:.1}\" font-size=\"9.5\" text-anchor=\"end\" fill=\"#444\">{}</text>",
        x + 26.0,
        y + 17.0,
        escape(&shorten(scene.id(), id_chars)),
        x + BOX_W - 6.0,
        y + 17.0,
        escape(&kind_text)
    );
    for (k, line) in first_words(scene, lang).iter().enumerate() {
        let _ = write!(
            s,
            "<text x=\"{:.1}\" y=\"{:.1}\" font-size=\"10.5\">{}</text>",
            x + 7.0,
            y + 33.0 + 14.0 * k as f32,
            escape(line)
        );
    }
    if let Some(marks) = box_marks(scene, &found, lang) {
        let colour = if flagged { PROBLEM_COLOUR } else { "#000" };
        let _ = write!(
            s,
            "<text x=\"{:.1}\" y=\"{:.1}\" font-size=\"10.5\" font-weight=\"bold\" \
             fill=\"{colour}\">{}</text>",
            x + 7.0,
            y + BOX_H - 7.0,
            escape(&marks)
        );
    }
    s.push_str("</a>");
    s
}

/// Fill, border colour and width: endings drawn thicker, problems in red (their badges say
/// it in words too).
fn box_look(scene: &Scene, flagged: bool) -> (&'static str, &'static str, f32) {
    let fill = match scene {
        Scene::End(e) => match e.outcome {
            Outcome::Success => "#e3f2e6",
            Outcome::Partial => "#fdf3d4",
            Outcome::Failure => "#fbe3e3",
        },
        Scene::Story(_) => "#f7f7f7",
        _ => "#eef4fb",
    };
    match (flagged, scene) {
        (true, _) => (fill, PROBLEM_COLOUR, 2.2),
        (false, Scene::End(_)) => (fill, "#000", 2.4),
        _ => (fill, "#333", 1.2),
    }
}

/// The bottom line of a box: the ending's outcome and the badges, in words.
fn box_marks(scene: &Scene, found: &[Badge], lang: Lang) -> Option<String> {
    let mut parts: Vec<&str> = Vec::new();
    if let Scene::End(e) = scene {
        parts.push(outcome_mark(e.outcome, lang));
    }
    parts.extend(found.iter().map(|b| b.short(lang)));
    (!parts.is_empty()).then(|| shorten(&parts.join(" · "), 34))
}

/// The first words of the scene's text, on two lines.
pub fn first_words(scene: &Scene, lang: Lang) -> Vec<String> {
    let text = match scene {
        // The form's app is in its tooltip and the list; its question says more.
        Scene::Share(f) | Scene::Permissions(f) => f.text.get(lang).to_string(),
        _ => short_situation(scene, lang),
    };
    let lines = wrap(&text, 36);
    let mut out: Vec<String> = lines.iter().take(2).cloned().collect();
    if lines.len() > 2
        && let Some(last) = out.last_mut()
    {
        *last = shorten(&format!("{last} …"), 36);
        if !last.ends_with('…') {
            last.push('…');
        }
    }
    out
}

fn tooltip(level: &Level, source: &MapSource, i: usize, found: &[Badge], lang: Lang) -> String {
    let scene = &level.scenes[i];
    let mut t = format!("{} — {}", scene.id(), kind_word(scene, lang));
    if let Some(line) = source.facts.get(i).and_then(|f| f.line) {
        let _ = write!(t, " — {} {line}", lang.pick("ligne", "line"));
    }
    let _ = write!(t, "\n{}", shorten(&short_situation(scene, lang), 200));
    for b in found {
        let _ = write!(t, "\n{} : {}", b.short(lang), b.explain(lang));
    }
    t
}

/// Icons: a kind, and for a Choice its look.
const ICON_KINDS: [(&str, &str); 9] = [
    ("Story", ""),
    ("Choice", ""),
    ("Choice", "Post"),
    ("Choice", "Banner"),
    ("Share", ""),
    ("Permissions", ""),
    ("Chat", ""),
    ("Quiz", ""),
    ("End", ""),
];

fn icon_kind(scene: &Scene) -> (&'static str, &'static str) {
    match scene {
        Scene::Choice(c) => match c.look {
            Some(Look::Post(_)) => ("Choice", "Post"),
            Some(Look::Banner(_)) => ("Choice", "Banner"),
            None => ("Choice", ""),
        },
        other => (other.kind(), ""),
    }
}

fn icon_name(kind: &str, variant: &str, lang: Lang) -> String {
    match variant {
        "Post" => lang
            .pick("Choix (publication)", "Choice (post)")
            .to_string(),
        "Banner" => lang
            .pick("Choix (bandeau cookies)", "Choice (cookie banner)")
            .to_string(),
        _ => kind_label(kind, lang).to_string(),
    }
}

pub fn kind_word(scene: &Scene, lang: Lang) -> String {
    let (kind, variant) = icon_kind(scene);
    match variant {
        "Post" => lang.pick("Choix · post", "Choice · post").to_string(),
        "Banner" => lang.pick("Choix · cookies", "Choice · cookies").to_string(),
        _ => kind_label(kind, lang).to_string(),
    }
}

/// A 14 × 14 icon with its top-left corner at (x, y), drawn in black strokes.
fn icon_shape(kind: &str, variant: &str, x: f32, y: f32) -> String {
    let g = |body: String| {
        format!(
            "<g transform=\"translate({x:.1},{y:.1})\" fill=\"none\" stroke=\"#000\" \
             stroke-width=\"1.3\" aria-hidden=\"true\">{body}</g>"
        )
    };
    let body = match (kind, variant) {
        ("Story", _) => "<path d=\"M2,1 h8 l3,3 v9 h-11 z\"/><path d=\"M4,6 h6 M4,9 h6\"/>",
        ("Choice", "Post") => {
            "<rect x=\"1\" y=\"1\" width=\"12\" height=\"12\" rx=\"2\"/>\
             <circle cx=\"4.5\" cy=\"4.5\" r=\"1.6\"/><path d=\"M3,11 l3,-3 l2,2 l2,-3 l2,4\"/>"
        }
        ("Choice", "Banner") => {
            "<circle cx=\"7\" cy=\"7\" r=\"6\"/><circle cx=\"5\" cy=\"5\" r=\"1\" fill=\"#000\"/>\
             <circle cx=\"9\" cy=\"8\" r=\"1\" fill=\"#000\"/><circle cx=\"5.5\" cy=\"9.5\" r=\"1\" fill=\"#000\"/>"
        }
        ("Choice", _) => "<path d=\"M7,0.5 L13.5,7 L7,13.5 L0.5,7 z\"/><path d=\"M7,4 v4\"/>",
        ("Share", _) => {
            "<rect x=\"1\" y=\"1\" width=\"12\" height=\"12\" rx=\"1\"/>\
             <rect x=\"3\" y=\"3.5\" width=\"2.5\" height=\"2.5\"/><path d=\"M7,5 h4\"/>\
             <rect x=\"3\" y=\"8\" width=\"2.5\" height=\"2.5\"/><path d=\"M7,9.5 h4\"/>"
        }
        ("Permissions", _) => {
            "<rect x=\"0.5\" y=\"3.5\" width=\"13\" height=\"7\" rx=\"3.5\"/>\
             <circle cx=\"10\" cy=\"7\" r=\"2.2\" fill=\"#000\"/>"
        }
        ("Chat", _) => "<path d=\"M1,2 h12 v7 h-7 l-3,3 v-3 h-2 z\"/>",
        ("Quiz", _) => {
            "<circle cx=\"7\" cy=\"7\" r=\"6\"/><path d=\"M5,5.5 a2,2 0 1 1 2.5,1.9 v1.6\"/>\
             <circle cx=\"7.5\" cy=\"11\" r=\"0.4\"/>"
        }
        _ => "<path d=\"M3,13.5 v-13\"/><path d=\"M3,1 h9 l-2.5,3 l2.5,3 h-9\"/>",
    };
    g(body.to_string())
}

/// The page's to-do list: per kind of problem, what it means and the scenes it flags (in
/// file order, each a link to its line) — a loop of 20 scenes is one line, not 20.
fn problems(b: &mut String, level: &Level, map: &MapLayout, source: &MapSource, lang: Lang) {
    let _ = write!(
        b,
        "<section class=\"prose\"><h2>{}</h2><ul>",
        lang.pick("À vérifier", "To check")
    );
    let mut any = false;
    for badge in [
        Badge::Unreachable,
        Badge::Trap,
        Badge::NoOption,
        Badge::Loop,
    ] {
        let mut scenes: Vec<usize> = map
            .nodes
            .iter()
            .map(|n| n.scene)
            .filter(|&i| badges(level, map, source, i).contains(&badge))
            .collect();
        if scenes.is_empty() {
            continue;
        }
        any = true;
        scenes.sort_unstable();
        let links: Vec<String> = scenes
            .iter()
            .map(|&i| {
                format!(
                    "<a href=\"{}\">{}</a>",
                    escape(&line_href(source, i)),
                    escape(level.scenes[i].id())
                )
            })
            .collect();
        let _ = write!(
            b,
            "<li><span class=\"badge\">{}</span> ({}){} {}</li>",
            escape(badge.short(lang)),
            escape(badge.explain(lang)),
            colon(lang),
            links.join(", ")
        );
    }
    if !any {
        let _ = write!(
            b,
            "<li>{}</li>",
            lang.pick(
                "Aucune scène inaccessible, aucun piège, aucune boucle.",
                "No unreachable scene, no trap, no loop."
            )
        );
    }
    b.push_str("</ul></section>");
}

/// Every drawn scene in file order: its line, kind, first words and where each way out
/// leads, with the path marks — the map in words.
fn scene_list(b: &mut String, level: &Level, map: &MapLayout, source: &MapSource, lang: Lang) {
    let t = |fr: &'static str, en: &'static str| lang.pick(fr, en);
    let _ = write!(
        b,
        "<section class=\"prose\"><h2>{}</h2><table class=\"scenes\"><thead><tr>\
         <th class=\"n\">{}</th><th>{}</th><th>{}</th><th>{}</th></tr></thead><tbody>",
        t(
            "Les scènes, dans l'ordre du fichier",
            "The scenes, in file order"
        ),
        t("Ligne", "Line"),
        t("Scène", "Scene"),
        t("Début du texte", "Start of the text"),
        t("Mène à", "Leads to"),
    );
    for i in (0..level.scenes.len()).filter(|&i| map.node_of[i].is_some()) {
        scene_row(b, level, map, source, i, lang);
    }
    b.push_str("</tbody></table>");
    if map.left_out > 0 {
        let _ = write!(
            b,
            "<p class=\"note\">{}</p>",
            escape(&lang.pick(
                format!(
                    "… et {} autre(s) scène(s), non montrée(s).",
                    grouped(map.left_out, lang)
                ),
                format!(
                    "… and {} more scene(s), not shown.",
                    grouped(map.left_out, lang)
                ),
            ))
        );
    }
    b.push_str("</section>");
}

fn scene_row(
    b: &mut String,
    level: &Level,
    map: &MapLayout,
    source: &MapSource,
    i: usize,
    lang: Lang,
) {
    let scene = &level.scenes[i];
    let line = source
        .facts
        .get(i)
        .and_then(|f| f.line)
        .map_or(String::new(), |l| l.to_string());
    let found = badges(level, map, source, i);
    let class = if found.iter().any(|b| b.is_problem()) {
        "badge"
    } else {
        "info"
    };
    let mut marks = String::new();
    if let Some(m) = box_marks(scene, &found, lang) {
        let _ = write!(marks, "<br><span class=\"{class}\">{}</span>", escape(&m));
    }
    let _ = write!(
        b,
        "<tr><td class=\"n\">{line}</td><td><a href=\"{}\"><b>{}</b></a><br>{}{marks}</td>\
         <td>{}</td><td>{}</td></tr>",
        escape(&line_href(source, i)),
        escape(scene.id()),
        escape(&kind_word(scene, lang)),
        escape(&shorten(&short_situation(scene, lang), 140)),
        leads_to(level, map, i, lang)
    );
}

/// Where each way out of scene `i` leads, as a list.
fn leads_to(level: &Level, map: &MapLayout, i: usize, lang: Lang) -> String {
    let scene = &level.scenes[i];
    let list = exits(scene);
    if list.is_empty() {
        return lang.pick("— (fin)", "— (ending)").to_string();
    }
    let mut s = String::from("<ul>");
    for (exit, to) in list {
        let edge = map.edges.iter().find(|e| e.from == i && e.exit == exit);
        let mut words = match scene {
            Scene::Choice(_) | Scene::Chat(_) => {
                let k = match exit {
                    Exit::Option(k) => k,
                    _ => 0,
                };
                let Some(o) = scene.options().get(k) else {
                    continue;
                };
                let mark = match (o.best, o.risky) {
                    (true, _) => lang.pick(" (meilleur choix)", " (better choice)"),
                    (_, true) => lang.pick(" (imprudent)", " (careless)"),
                    _ => "",
                };
                format!("{}. {}{mark}", k + 1, shorten(o.text.get(lang), 70))
            }
            _ => edge.map(|e| e.text.clone()).unwrap_or_default(),
        };
        if let Some(c) = exit_condition(scene, exit) {
            let _ = write!(words, " ({})", condition_text(c, lang));
        }
        let target = match edge.map(|e| e.kind) {
            Some(EdgeKind::Missing) => lang.pick(
                format!("« {to} » (n'existe pas)"),
                format!("`{to}` (does not exist)"),
            ),
            Some(EdgeKind::OffMap) => lang.pick(
                format!("« {to} » (hors carte)"),
                format!("`{to}` (off the map)"),
            ),
            _ => format!("<b>{}</b>", escape(to)),
        };
        let target = if target.starts_with("<b>") {
            target
        } else {
            escape(&target)
        };
        let path = match edge.map(|e| (e.on_best, e.on_careless)) {
            Some((true, true)) => " ✔⚠",
            Some((true, false)) => " ✔",
            Some((false, true)) => " ⚠",
            _ => "",
        };
        let arrow = if words.is_empty() { "→" } else { " →" };
        let _ = write!(s, "<li>{}{arrow} {target}{path}</li>", escape(&words));
    }
    s.push_str("</ul>");
    s
}

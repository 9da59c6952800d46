//! The mission map (`agent-trace map`): every scene a box linking to its line, an arrow per
//! way out with the option's words, endings said in words, the careful player's path marked,
//! unreachable scenes and traps flagged, nothing overlapping on a 30-scene mission, a
//! 10,000-scene level drawn in part (and said so) without hanging, and no script anywhere.

mod common;

use agent_trace::cli::bench;
use agent_trace::core::check::{self, Disk};
use agent_trace::core::model::level::{Level, Outcome, Scene};
use agent_trace::core::model::text::Lang;
use agent_trace::core::pages::html::escape;
use agent_trace::core::pages::map_layout::{
    self, BOX_H, BOX_W, CAPTION_H, EdgeKind, MAX_DRAWN, MapLayout, Point, exits,
};
use agent_trace::core::play::Run;
use agent_trace::core::play::footprint::Footprint;
use common::{BROKEN, agent_trace, scratch};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Instant;

const CONCOURS: &str = "levels/ch1-concours.ron";

/// Runs `agent-trace [--lang en] map LEVEL -o DIR/NAME.html` and returns the page.
fn map_of(level: &str, name: &str, lang: Lang) -> String {
    let out = scratch(&format!("map-{name}")).join("map.html");
    let mut args = vec![];
    if lang == Lang::En {
        args.extend(["--lang", "en"]);
    }
    let out_s = out.to_string_lossy().into_owned();
    args.extend(["map", level, "-o", &out_s]);
    let (code, stdout, stderr) = agent_trace(&args);
    assert_eq!(code, 0, "map {level}: {stdout}{stderr}");
    std::fs::read_to_string(&out).unwrap()
}

fn parsed(file: &str) -> Level {
    check::parse_level(&Disk, file)
        .value
        .expect("the level parses")
}

/// The value of attribute `name` in the tag that starts at `tag`.
fn attr<'a>(tag: &'a str, name: &str) -> Option<&'a str> {
    let end = tag.find('>')?;
    let tag = &tag[..end];
    let start = tag.find(&format!(" {name}=\""))? + name.len() + 3;
    let len = tag[start..].find('"')?;
    Some(&tag[start..start + len])
}

/// Every element `<TAG class="CLASS…"…>` of the page, from its `<` to the end of the page.
fn elements<'a>(page: &'a str, open: &str) -> Vec<&'a str> {
    page.match_indices(open).map(|(i, _)| &page[i..]).collect()
}

/// The scene boxes: (data-scene, href, the box's markup).
fn boxes(page: &str) -> Vec<(String, String, &str)> {
    elements(page, "<a class=\"scene\"")
        .into_iter()
        .map(|a| {
            let body = &a[..a.find("</a>").unwrap()];
            (
                attr(a, "data-scene").unwrap().to_string(),
                attr(a, "href").unwrap().to_string(),
                body,
            )
        })
        .collect()
}

/// The arrows (`<g class="edge …">`) leaving `from` by the field `exit`. An arrow that runs
/// from one slice of the map into the next is drawn in both: one copy is kept.
fn arrows<'a>(page: &'a str, from: &str, exit: &str) -> Vec<&'a str> {
    let mut found: Vec<&str> = elements(page, "<g class=\"edge")
        .into_iter()
        .filter(|g| attr(g, "data-from") == Some(from) && attr(g, "data-exit") == Some(exit))
        .collect();
    found.dedup_by(|a, b| a[..a.find('>').unwrap()] == b[..b.find('>').unwrap()]);
    found
}

/// The caption's text of the arrow leaving `from` by `exit`.
fn caption<'a>(page: &'a str, from: &str, exit: &str) -> Option<&'a str> {
    elements(page, "<g class=\"caption\"")
        .into_iter()
        .find(|g| attr(g, "data-from") == Some(from) && attr(g, "data-exit") == Some(exit))
        .map(|g| {
            let text = &g[g.find("<text").unwrap()..];
            let text = &text[text.find('>').unwrap() + 1..];
            &text[..text.find("</text>").unwrap()]
        })
}

#[test]
fn every_scene_of_a_shipped_level_is_a_box_linking_to_its_line() {
    let page = map_of(CONCOURS, "concours", Lang::Fr);
    let level = parsed(CONCOURS);
    let src = std::fs::read_to_string(CONCOURS).unwrap();
    let lines: Vec<&str> = src.lines().collect();
    let found = boxes(&page);
    assert_eq!(found.len(), level.scenes.len(), "one box per scene");
    for scene in &level.scenes {
        let (_, href, body) = found
            .iter()
            .find(|(id, _, _)| id == scene.id())
            .unwrap_or_else(|| panic!("no box for {}", scene.id()));
        assert!(body.contains(&format!(">{}</text>", escape(scene.id()))));
        // The link names the file relative to the page and the line where the scene starts:
        // that line opens the scene's kind, and the first `id:` from there is this scene's.
        let (file, line) = href.split_once("#L").expect("a line anchor");
        assert!(file.ends_with("levels/ch1-concours.ron"), "{href}");
        let line: usize = line.parse().unwrap();
        assert!(
            lines[line - 1].contains(&format!("{}(", scene.kind())),
            "{}: line {line} is {:?}",
            scene.id(),
            lines[line - 1]
        );
        let first_id = lines[line - 1..]
            .iter()
            .find_map(|l| l.split("id: \"").nth(1))
            .and_then(|rest| rest.split('"').next());
        assert_eq!(first_id, Some(scene.id()));
        assert!(body.contains("<title>"), "{}: a tooltip", scene.id());
    }
    // The text list has every scene, with its line.
    let list = &page[page.find("<table class=\"scenes\"").unwrap()..];
    for scene in &level.scenes {
        assert!(list.contains(&format!("<b>{}</b></a>", escape(scene.id()))));
    }
}

#[test]
fn every_way_out_is_an_arrow_and_every_option_is_captioned() {
    let page = map_of(CONCOURS, "arrows", Lang::Fr);
    let level = parsed(CONCOURS);
    let mut options = 0;
    for scene in &level.scenes {
        for (exit, to) in exits(scene) {
            let field = exit.field();
            let found = arrows(&page, scene.id(), &field);
            assert_eq!(found.len(), 1, "{} {field}: one arrow", scene.id());
            assert_eq!(attr(found[0], "data-to"), Some(to));
        }
        for (i, o) in scene.options().iter().enumerate() {
            options += 1;
            let text = caption(&page, scene.id(), &format!("options[{i}]"))
                .unwrap_or_else(|| panic!("{}: option {} has no caption", scene.id(), i + 1));
            let first_word = o.text.get(Lang::Fr).split_whitespace().next().unwrap();
            assert!(
                text.contains(&format!("{}. {}", i + 1, escape(first_word))),
                "{}: {text}",
                scene.id()
            );
        }
    }
    assert!(options >= 15, "{options} options");
}

#[test]
fn endings_are_said_in_words_in_both_languages() {
    for (lang, words) in [
        (Lang::Fr, ["✓ Réussite", "◐ Réussite partielle", "✗ Échec"]),
        (Lang::En, ["✓ Success", "◐ Partial success", "✗ Failure"]),
    ] {
        let page = map_of(CONCOURS, &format!("ends-{lang:?}"), lang);
        let level = parsed(CONCOURS);
        for scene in &level.scenes {
            let Scene::End(end) = scene else { continue };
            let word = match end.outcome {
                Outcome::Success => words[0],
                Outcome::Partial => words[1],
                Outcome::Failure => words[2],
            };
            let (_, _, body) = boxes(&page)
                .into_iter()
                .find(|(id, _, _)| id == &end.id)
                .unwrap();
            assert!(body.contains(word), "{}: {word} in {body}", end.id);
        }
    }
}

/// (scene id, field, next scene id) of each step the careful player takes.
fn careful_steps(level: &Level) -> Vec<(String, String, String)> {
    let mut run = Run::start(Arc::new(level.clone()), Footprint::default()).unwrap();
    let mut steps = Vec::new();
    while run.finished().is_none() {
        let from = run.scene().id().to_string();
        let action = run.careful_action().unwrap();
        let field = match &action {
            agent_trace::core::play::Action::Pick(i) => Some(format!("options[{i}]")),
            _ => None,
        };
        run.act(action).unwrap();
        let to = run.scene().id().to_string();
        let field = field.unwrap_or_else(|| {
            let scene = level.scene(&from).unwrap();
            let (exit, _) = exits(scene).into_iter().find(|(_, t)| *t == to).unwrap();
            exit.field()
        });
        steps.push((from, field, to));
        assert!(steps.len() < 500, "the careful player finishes");
    }
    steps
}

#[test]
fn the_careful_path_is_marked_and_nothing_else_is() {
    let page = map_of(CONCOURS, "best", Lang::Fr);
    let level = parsed(CONCOURS);
    let steps = careful_steps(&level);
    assert!(steps.len() > 10);
    for (from, field, to) in &steps {
        let found = arrows(&page, from, field);
        assert_eq!(found.len(), 1);
        let class = attr(found[0], "class").unwrap();
        assert!(class.contains(" best"), "{from} {field} → {to}: {class}");
        assert_eq!(attr(found[0], "data-to"), Some(to.as_str()));
        let text = caption(&page, from, field).unwrap();
        assert!(text.starts_with('✔'), "{from} {field}: {text}");
    }
    let mut marked: Vec<(&str, &str)> = elements(&page, "<g class=\"edge")
        .into_iter()
        .filter(|g| attr(g, "class").unwrap().contains(" best"))
        .map(|g| (attr(g, "data-from").unwrap(), attr(g, "data-exit").unwrap()))
        .collect();
    marked.sort_unstable();
    marked.dedup();
    let marked = marked.len();
    assert_eq!(marked, steps.len(), "only the careful path is marked");
    // The careless path is marked too, and both have their legend entry.
    assert!(page.contains("edge forward careless") || page.contains(" careless\""));
    assert!(page.contains("✔ chemin prudent") && page.contains("⚠ chemin imprudent"));
}

#[test]
fn an_unreachable_scene_and_a_trap_are_flagged_in_words() {
    let file = format!("{BROKEN}/unreachable-scene.ron");
    let page = map_of(&file, "unreachable", Lang::Fr);
    let (_, _, body) = boxes(&page)
        .into_iter()
        .find(|(id, _, _)| id == "oubli")
        .unwrap();
    assert!(body.contains("⊘ inaccessible"), "{body}");
    let todo = &page[page.find("À vérifier").unwrap()..];
    assert!(todo.contains(">oubli</a>") && todo.contains("⊘ inaccessible"));
    for (id, _, body) in boxes(&page) {
        if id != "oubli" {
            assert!(!body.contains("inaccessible"), "{id} is reachable");
        }
    }

    let file = format!("{BROKEN}/stuck-loop.ron");
    let page = map_of(&file, "stuck", Lang::Fr);
    for id in ["debut", "choix"] {
        let (_, _, body) = boxes(&page)
            .into_iter()
            .find(|(found, _, _)| found == id)
            .unwrap();
        assert!(body.contains("⚠ piège"), "{id}: {body}");
    }
    // The loops back are drawn as such: a way back up and a loop on the box itself.
    assert_eq!(arrows(&page, "choix", "options[0]").len(), 1);
    assert!(
        attr(arrows(&page, "choix", "options[0]")[0], "class")
            .unwrap()
            .contains("back")
    );
    assert!(
        attr(arrows(&page, "choix", "options[1]")[0], "class")
            .unwrap()
            .contains("self")
    );
    assert!(
        page.contains("tourne en rond"),
        "the careful player never finishes"
    );
    // The checker's errors are counted, and the map is still written.
    assert!(page.contains("erreur(s)"));
}

#[test]
fn a_mission_id_is_found_in_the_campaign_and_a_wrong_one_gets_a_suggestion() {
    let out = scratch("map-id").join("carte.html");
    let out_s = out.to_string_lossy().into_owned();
    let (code, stdout, stderr) =
        agent_trace(&["map", "concours", "--levels", "levels", "-o", &out_s]);
    assert_eq!(code, 0, "{stdout}{stderr}");
    assert!(stdout.contains("Carte écrite"), "{stdout}");
    assert!(
        std::fs::read_to_string(&out)
            .unwrap()
            .contains("La console à gagner")
    );
    let (code, _, stderr) = agent_trace(&["map", "concour", "-o", &out_s]);
    assert_eq!(code, 1);
    assert!(
        stderr.contains("vouliez-vous dire « concours »"),
        "{stderr}"
    );
    let (code, _, stderr) = agent_trace(&["map", CONCOURS, "-o", CONCOURS]);
    assert_eq!(code, 1);
    assert!(stderr.contains("écraserait"), "{stderr}");
}

#[test]
fn a_file_that_does_not_parse_gets_its_diagnostic_and_no_map() {
    let out = scratch("map-broken").join("carte.html");
    let out_s = out.to_string_lossy().into_owned();
    let file = format!("{BROKEN}/missing-comma.ron");
    let (code, _, stderr) = agent_trace(&["map", &file, "-o", &out_s]);
    assert_eq!(code, 1);
    assert!(stderr.contains("E010"), "{stderr}");
    assert!(!out.exists());
}

#[test]
fn no_page_holds_a_script() {
    let files: Vec<PathBuf> = std::fs::read_dir("levels")
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.file_name().unwrap().to_string_lossy().starts_with("ch"))
        .chain([format!("{BROKEN}/stuck-loop.ron").into()])
        .collect();
    assert!(files.len() >= 12);
    for (k, file) in files.iter().enumerate() {
        let page = map_of(&file.to_string_lossy(), &format!("script-{k}"), Lang::Fr);
        let lower = page.to_lowercase();
        for bad in ["<script", "javascript:", " onclick=", " onload="] {
            assert!(!lower.contains(bad), "{}: {bad}", file.display());
        }
    }
}

// ---- Layout: nothing overlaps, no arrow crosses a box. ----

/// Whether the segment a–b passes through the inside of the box at (x, y) (Liang–Barsky
/// clipping against the box shrunk by half a pixel, so touching its side does not count).
fn crosses(a: Point, b: Point, x: f32, y: f32) -> bool {
    let (x0, y0, x1, y1) = (x + 0.5, y + 0.5, x + BOX_W - 0.5, y + BOX_H - 0.5);
    let (dx, dy) = (b.x - a.x, b.y - a.y);
    let (mut t0, mut t1) = (0.0f32, 1.0f32);
    for (p, q) in [
        (-dx, a.x - x0),
        (dx, x1 - a.x),
        (-dy, a.y - y0),
        (dy, y1 - a.y),
    ] {
        if p == 0.0 {
            if q < 0.0 {
                return false;
            }
            continue;
        }
        let r = q / p;
        if p < 0.0 {
            t0 = t0.max(r);
        } else {
            t1 = t1.min(r);
        }
        if t0 > t1 {
            return false;
        }
    }
    true
}

/// Problems a reader would see: boxes on top of each other, captions on top of each other
/// or of a box, an arrow drawn across a box it does not enter or leave.
fn overlaps(level: &Level, map: &MapLayout) -> Vec<String> {
    let mut found = Vec::new();
    let id = |s: usize| level.scenes[s].id().to_string();
    for (i, a) in map.nodes.iter().enumerate() {
        for b in &map.nodes[i + 1..] {
            if (a.x - b.x).abs() < BOX_W && (a.y - b.y).abs() < BOX_H {
                found.push(format!("boxes {} and {} overlap", id(a.scene), id(b.scene)));
            }
        }
    }
    let captions: Vec<_> = map
        .edges
        .iter()
        .filter_map(|e| e.caption.as_ref())
        .collect();
    for (i, a) in captions.iter().enumerate() {
        for b in &captions[i + 1..] {
            let apart_x = (a.at.x - b.at.x).abs() >= (a.width + b.width) / 2.0;
            let apart_y = (a.at.y - b.at.y).abs() >= CAPTION_H;
            if !apart_x && !apart_y {
                found.push(format!("captions {:?} and {:?} overlap", a.text, b.text));
            }
        }
        for n in &map.nodes {
            let (l, r) = (a.at.x - a.width / 2.0, a.at.x + a.width / 2.0);
            let (t, btm) = (a.at.y - CAPTION_H / 2.0, a.at.y + CAPTION_H / 2.0);
            if l < n.x + BOX_W && r > n.x && t < n.y + BOX_H && btm > n.y {
                found.push(format!("caption {:?} on box {}", a.text, id(n.scene)));
            }
        }
        if a.at.x - a.width / 2.0 < 0.0 || a.at.x + a.width / 2.0 > map.width {
            found.push(format!("caption {:?} cut at the map's side", a.text));
        }
    }
    for e in &map.edges {
        for pair in e.points.windows(2) {
            for n in &map.nodes {
                if n.scene == e.from || Some(n.scene) == e.to {
                    continue;
                }
                if crosses(pair[0], pair[1], n.x, n.y) {
                    found.push(format!(
                        "arrow {} → {:?} crosses box {}",
                        id(e.from),
                        e.to.map(id),
                        id(n.scene)
                    ));
                }
            }
        }
        for p in &e.points {
            if p.x < 0.0 || p.x > map.width || p.y < 0.0 || p.y > map.height {
                found.push(format!("arrow {} leaves the map at {p:?}", id(e.from)));
            }
        }
    }
    found
}

/// A 30-scene mission with what real ones have: choices whose branches meet again, a
/// conditional option, a story branch, a "try again" loop, a form, a quiz, three endings.
fn branching_level() -> String {
    let mut scenes = String::new();
    for k in 0..6 {
        let next = if k == 5 {
            "bilan".to_string()
        } else {
            format!("c{}", k + 1)
        };
        let gated = if k > 0 {
            format!(
                "(text: (fr: \"Je reprends l'idée d'avant\", en: \"Same as before\"), \
                 when: Flag(\"f{}\"), next: \"r{k}\"),",
                k - 1
            )
        } else {
            String::new()
        };
        scenes += &format!(
            "Choice(id: \"c{k}\", text: (fr: \"Situation {k} : que fais-tu ?\", en: \"Situation {k}?\"),
                options: [
                    (text: (fr: \"Je demande à un adulte\", en: \"I ask an adult\"), best: true, mission: 10, next: \"a{k}\"),
                    (text: (fr: \"Je donne mon numéro tout de suite\", en: \"I give my number\"), risky: true, share: [Phone], to: \"Appli\", set: [\"f{k}\"], next: \"b{k}\"),
                    {gated}
                ]),
             Story(id: \"a{k}\", text: (fr: \"Bonne idée {k}.\", en: \"Good idea {k}.\"), next: \"{next}\"),
             Story(id: \"b{k}\", text: (fr: \"Aïe {k}.\", en: \"Ouch {k}.\"),
                branches: [(when: Flag(\"f0\"), next: \"perdu\")], next: \"{next}\"),
             Story(id: \"r{k}\", text: (fr: \"On recommence {k}.\", en: \"Again {k}.\"), next: \"c{k}\"),\n"
        );
    }
    scenes += r#"
        Share(id: "bilan", app: "Appli", text: (fr: "Le formulaire", en: "The form"),
            fields: [(data: Pseudonym, needed: true), (data: Address)], next: "quiz", incomplete: "c0"),
        Quiz(id: "quiz", question: (fr: "Question ?", en: "Question?"),
            answers: [(text: (fr: "Oui", en: "Yes"), correct: true), (text: (fr: "Non", en: "No"))],
            explain: (fr: "Parce que.", en: "Because."), mission: 10, next: "fin", wrong: "moyen"),
        End(id: "fin", outcome: Success, text: (fr: "Bravo.", en: "Well done.")),
        End(id: "moyen", outcome: Partial, text: (fr: "Presque.", en: "Nearly.")),
        End(id: "perdu", outcome: Failure, text: (fr: "Perdu.", en: "Lost.")),
    "#;
    format!(
        "Level(format: 1, id: \"trente\", title: (fr: \"Trente scènes\", en: \"Thirty scenes\"),
            scenes: [{scenes}],
            debrief: (lesson: (fr: \"Leçon.\", en: \"Lesson.\"),
                questions: [(fr: \"Q1 ?\", en: \"Q1?\"), (fr: \"Q2 ?\", en: \"Q2?\")],
                sources: [(title: \"CNIL\", url: \"https://www.cnil.fr/\")]))"
    )
}

#[test]
fn a_30_scene_mission_and_every_shipped_one_are_drawn_without_overlaps() {
    let text = branching_level();
    let level = check::parse_level_text("trente.ron", text)
        .value
        .expect("parses");
    assert!(level.scenes.len() >= 29, "{}", level.scenes.len());
    let t0 = Instant::now();
    let map = map_layout::layout(&level, Lang::Fr);
    let took = t0.elapsed();
    assert!(took.as_secs_f64() < 1.0, "{took:?}");
    assert_eq!(map.nodes.len(), level.scenes.len());
    assert!(map.edges.iter().any(|e| e.kind == EdgeKind::Back));
    assert!(map.edges.iter().any(|e| e.condition.is_some()));
    let mut problems = overlaps(&level, &map);
    let dir = Path::new("levels");
    for entry in std::fs::read_dir(dir).unwrap().flatten() {
        let path = entry.path();
        if !path
            .file_name()
            .unwrap()
            .to_string_lossy()
            .starts_with("ch")
        {
            continue;
        }
        let level = parsed(&path.to_string_lossy());
        for lang in [Lang::Fr, Lang::En] {
            let map = map_layout::layout(&level, lang);
            assert_eq!(map.nodes.len(), level.scenes.len());
            problems.extend(
                overlaps(&level, &map)
                    .into_iter()
                    .map(|p| format!("{} ({lang:?}): {p}", level.id)),
            );
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn a_10000_scene_level_is_drawn_in_part_and_says_what_was_left_out() {
    let level = bench::generate(10_000);
    let total = level.scenes.len();
    let dir = scratch("map-big");
    let file = dir.join("big.ron");
    // Written compactly: indented, it would pass the checker's 8 MiB limit for a file.
    let text = check::load::ron_options().to_string(&level).unwrap();
    assert!(text.len() < 8 << 20, "{} bytes", text.len());
    std::fs::write(&file, text).unwrap();
    let out = dir.join("big.html");
    let t0 = Instant::now();
    let (code, stdout, stderr) =
        agent_trace(&["map", &file.to_string_lossy(), "-o", &out.to_string_lossy()]);
    let took = t0.elapsed();
    assert_eq!(code, 0, "{stdout}{stderr}");
    // A debug build, checking and drawing; a release build takes a fraction of this.
    assert!(took.as_secs_f64() < 60.0, "took {took:?}");
    let page = std::fs::read_to_string(&out).unwrap();
    assert_eq!(boxes(&page).len(), MAX_DRAWN);
    let left_out = total - MAX_DRAWN;
    // French groups thousands with a narrow no-break space: 10 001.
    let fr = |n: usize| {
        let s = n.to_string();
        format!("{}\u{202f}{}", &s[..s.len() - 3], &s[s.len() - 3..])
    };
    assert!(
        page.contains(&format!("Cette mission a {} scènes", fr(total)))
            && page.contains(&format!("{} scène(s) ne sont pas montrées", fr(left_out))),
        "the page says what it left out"
    );
    assert!(
        page.contains("hors carte"),
        "arrows to scenes not drawn say so"
    );
    assert!(stdout.contains(&format!("{MAX_DRAWN}/{total}")), "{stdout}");
    // The layout itself stays quick on the whole level.
    let t0 = Instant::now();
    let map = map_layout::layout(&level, Lang::Fr);
    assert!(t0.elapsed().as_secs_f64() < 10.0, "{:?}", t0.elapsed());
    assert_eq!(map.left_out, left_out);
    assert!(overlaps(&level, &map).is_empty());
}

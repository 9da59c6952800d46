//! `agent-trace bench`: times the checker on generated levels (1k, 10k, 100k scenes).
//!
//! The generated level mixes every scene kind, four flags read by later options, and a
//! share-dependent branch, so the explorer sees several states per scene, like a real level.

use crate::core::check;
use crate::core::check::validate::Context;
use crate::core::model::data::DataKind;
use crate::core::model::level::*;
use crate::core::model::text::{Name, Text};
use std::io::Write;
use std::time::Instant;

fn t(s: &str) -> Text {
    Text::new(s, s)
}

fn opt(next: &str) -> Opt {
    Opt {
        text: t("option"),
        feedback: Some(t("feedback")),
        next: next.to_string(),
        when: None,
        privacy: 0,
        mission: 0,
        share: Vec::new(),
        to: None,
        set: Vec::new(),
        best: false,
        risky: false,
    }
}

/// A valid level of about `scenes` scenes.
pub fn generate(scenes: usize) -> Level {
    let blocks = scenes.max(8) / 4;
    let mut list = Vec::with_capacity(blocks * 4 + 2);
    let flags = ["a", "b"];
    for b in 0..blocks {
        let next_block = format!("c{}", b + 1);
        let flag = flags[b % flags.len()].to_string();
        // A choice: a careful option, a careless one, and one that sets a flag.
        let mut careful = opt(&format!("s{b}"));
        careful.mission = 1;
        careful.best = true;
        let mut careless = opt(&format!("s{b}"));
        careless.share = vec![DataKind::Phone];
        careless.to = Some(Name::from("Bench"));
        careless.risky = true;
        let mut flagged = opt(&format!("q{b}"));
        flagged.set = vec![flag.clone()];
        let mut options = vec![careful, careless, flagged];
        // Later blocks offer an option only to players who set an earlier flag.
        if b >= flags.len() {
            let mut gated = opt(&format!("f{b}"));
            gated.when = Some(Cond::Flag(flags[(b + 1) % flags.len()].to_string()));
            gated.mission = 1;
            options.push(gated);
        }
        list.push(Scene::Choice(Choice {
            id: format!("c{b}"),
            context: None,
            text: t("situation"),
            look: None,
            options,
            explain: Some(t("explain")),
        }));
        list.push(Scene::Story(Story {
            id: format!("s{b}"),
            speaker: None,
            text: t("story"),
            branches: vec![Branch {
                when: Cond::Shared(DataKind::Address),
                next: format!("q{b}"),
            }],
            next: format!("f{b}"),
        }));
        list.push(Scene::Quiz(Quiz {
            id: format!("q{b}"),
            question: t("question"),
            answers: vec![
                Answer {
                    text: t("yes"),
                    correct: true,
                },
                Answer {
                    text: t("no"),
                    correct: false,
                },
            ],
            explain: t("explain"),
            mission: 0,
            next: format!("f{b}"),
            wrong: None,
        }));
        list.push(Scene::Share(Form {
            id: format!("f{b}"),
            app: Name::from("Bench"),
            context: None,
            text: t("form"),
            fields: vec![
                Field {
                    data: DataKind::Pseudonym,
                    needed: true,
                    label: None,
                    why: None,
                },
                Field {
                    data: DataKind::Address,
                    needed: false,
                    label: None,
                    why: None,
                },
            ],
            mission: 0,
            next: if b + 1 == blocks {
                "end".to_string()
            } else {
                next_block
            },
            incomplete: None,
            explain: None,
        }));
    }
    list.push(Scene::End(End {
        id: "end".into(),
        outcome: Outcome::Success,
        text: t("end"),
    }));
    Level {
        format: FORMAT,
        id: format!("bench-{scenes}"),
        title: t("bench"),
        summary: None,
        topics: vec![Topic::SignUp],
        start: None,
        cast: Vec::new(),
        stars: Stars { two: 0, three: 0 },
        scenes: list,
        debrief: DebriefContent {
            lesson: t("lesson"),
            questions: vec![t("q1"), t("q2")],
            glossary: Vec::new(),
            sources: vec![Source {
                title: Name::from("CNIL"),
                url: "https://www.cnil.fr/".into(),
            }],
        },
    }
}

/// The level as a teacher's file would hold it.
pub fn to_ron(level: &Level) -> String {
    crate::core::check::load::ron_options()
        .to_string_pretty(level, ron::ser::PrettyConfig::default().struct_names(true))
        .expect("a generated level serializes")
}

pub fn run(sizes: &[usize], out: &mut impl Write) {
    let _ = writeln!(
        out,
        "{:>8} {:>9} {:>9} {:>10} {:>9} {:>9} {:>11} {:>10}",
        "scenes", "states", "edges", "bytes", "parse ms", "spans ms", "explore ms", "check ms"
    );
    for &n in sizes {
        let level = generate(n);
        let text = to_ron(&level);
        let t0 = Instant::now();
        let parsed = check::parse_level_text("bench.ron", text.clone());
        let t1 = Instant::now();
        let checked = check::validate_level(parsed, Context::default());
        let t2 = Instant::now();
        // Built only when a diagnostic needs a position; timed here for the record.
        let spans = crate::core::check::spans::SpanIndex::build(&text);
        let _ = spans.get("id");
        let t3 = Instant::now();
        drop(spans);
        let t4 = Instant::now();
        let _ = crate::core::check::explore::explore(&level, &Default::default());
        let t5 = Instant::now();
        let errors = checked
            .checked
            .diagnostics
            .iter()
            .filter(|d| d.is_error())
            .count();
        let ex = checked.exploration.as_ref();
        let _ = writeln!(
            out,
            "{:>8} {:>9} {:>9} {:>10} {:>9.1} {:>9.1} {:>11.1} {:>10.1}{}",
            level.scenes.len(),
            ex.map_or(0, |e| e.states),
            ex.map_or(0, |e| e.edges),
            text.len(),
            (t1 - t0).as_secs_f64() * 1000.0,
            (t3 - t2).as_secs_f64() * 1000.0,
            (t5 - t4).as_secs_f64() * 1000.0,
            (t2 - t0).as_secs_f64() * 1000.0,
            if errors > 0 {
                format!("  ({errors} errors!)")
            } else {
                String::new()
            }
        );
    }
}

/// The text of a level with `errors` mistakes a teacher could make many times over (as a
/// generated or copied-and-pasted level would): every story leads to a misspelt scene, reads
/// a flag nobody sets, and names an unknown glossary term.
pub fn level_with_errors(errors: usize) -> String {
    let third = errors.div_ceil(3);
    let mut level = generate(8);
    let end = level.scenes.pop().expect("a generated level ends");
    for i in 0..third {
        level.scenes.push(Scene::Story(Story {
            id: format!("s{i}"),
            speaker: None,
            text: t("story"),
            branches: vec![Branch {
                when: Cond::Flag(format!("jamais-{i}")),
                next: "end".into(),
            }],
            next: format!("sx{i}"),
        }));
    }
    level.scenes.push(end);
    level.debrief.glossary = (0..third).map(|i| format!("terme-{i}")).collect();
    to_ron(&level)
}

/// `agent-trace bench --errors N,…`: parse, check and print as `check` does, per size.
pub fn run_errors(counts: &[usize], out: &mut impl Write) {
    let _ = writeln!(
        out,
        "{:>8} {:>10} {:>11} {:>9} {:>9} {:>10} {:>12}",
        "errors", "bytes", "diagnostics", "check ms", "print ms", "total ms", "µs per error"
    );
    let glossary = crate::core::model::campaign::Glossary {
        format: FORMAT,
        terms: Vec::new(),
    };
    for &n in counts {
        let text = level_with_errors(n);
        let t0 = Instant::now();
        let parsed = check::parse_level_text("bench.ron", text.clone());
        let ctx = Context {
            glossary: Some(&glossary),
            ..Context::default()
        };
        let checked = check::validate_level(parsed, ctx);
        let t1 = Instant::now();
        let c = &checked.checked;
        let printed = crate::core::check::diagnostic::render_file(
            &c.diagnostics,
            c.source.as_deref(),
            crate::core::model::text::Lang::Fr,
        );
        let t2 = Instant::now();
        std::hint::black_box(printed);
        let (errors, warnings) = (c.diagnostics.len(), 0);
        let total = (t2 - t0).as_secs_f64();
        let _ = writeln!(
            out,
            "{:>8} {:>10} {:>11} {:>9.1} {:>9.1} {:>10.1} {:>12.2}",
            n,
            text.len(),
            errors + warnings,
            (t1 - t0).as_secs_f64() * 1000.0,
            (t2 - t1).as_secs_f64() * 1000.0,
            total * 1000.0,
            total * 1e6 / (errors + warnings).max(1) as f64
        );
    }
}

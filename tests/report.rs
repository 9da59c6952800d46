//! `agent-trace report` on a generated class: 30 pupils play every shipped mission with a
//! seeded random bot; their anonymous records are written to three CSV files, plus a file
//! with broken rows at known lines. The page must show one chart per decision scene of each
//! mission, with the counts the records hold (counted here independently, from the runs'
//! actions), escape what comes from files, and list what it could not use.

mod common;

use agent_trace::core::model::level::{Level, Scene};
use agent_trace::core::pages::html::escape;
use agent_trace::core::play::footprint::Footprint;
use agent_trace::core::play::results::{self, Record};
use agent_trace::core::play::rng::ClassCode;
use agent_trace::core::play::{Action, Run};
use common::bots::{play_out, random_move};
use common::{agent_trace, campaign_levels, scratch};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

const PUPILS: usize = 30;
const CODE: &str = "TEST-30";
const SCRIPT_LABEL: &str = "<script>alert(1)</script>";

/// (level id, scene id) → how many times each option / field / answer was chosen.
type Expected = BTreeMap<(String, String), Vec<usize>>;

struct Class {
    levels: Vec<Arc<Level>>,
    /// Per pupil, their records in campaign order.
    records: Vec<Vec<Record>>,
    expected: Expected,
}

fn play_class() -> Class {
    let levels = campaign_levels();
    let code = ClassCode::parse(CODE).unwrap();
    let mut expected = Expected::new();
    // Every decision scene of every mission has a chart, chosen or not.
    for level in &levels {
        for s in &level.scenes {
            let n = match s {
                Scene::Choice(_) | Scene::Chat(_) => s.options().len(),
                Scene::Share(f) | Scene::Permissions(f) => f.fields.len(),
                Scene::Quiz(q) => q.answers.len(),
                _ => continue,
            };
            expected.insert((level.id.clone(), s.id().to_string()), vec![0; n]);
        }
    }
    let mut records = Vec::new();
    for pupil in 0..PUPILS {
        let mut draws = code.draws(&format!("test/pupil/{pupil}"));
        let label = match pupil {
            0 => SCRIPT_LABEL.to_string(),
            1 => "Élève é".to_string(),
            p => format!("Agent {p}"),
        };
        let mut footprint = Footprint::default();
        let mut mine = Vec::new();
        for level in &levels {
            let mut run = Run::start(Arc::clone(level), footprint.clone()).unwrap();
            let mut steps = 0;
            while run.finished().is_none() {
                let a = random_move(&run, &mut draws);
                run.act(a).unwrap();
                steps += 1;
                assert!(steps < 1000, "{}: the bot is stuck", level.id);
            }
            for d in &run.decisions {
                let counts = expected
                    .get_mut(&(level.id.clone(), d.scene.clone()))
                    .expect("a decision scene");
                match &d.action {
                    Action::Pick(i) => counts[*i] += 1,
                    Action::Submit(v) | Action::Answer(v) => v.iter().for_each(|&i| counts[i] += 1),
                    Action::Continue => unreachable!("not a decision"),
                }
            }
            run.record_into(&mut footprint);
            let duration = 60 + u64::from(draws.below(600));
            mine.push(Record::from_run(&run, CODE, &label, duration));
        }
        records.push(mine);
    }
    Class {
        levels,
        records,
        expected,
    }
}

fn extra(level: &str, code: &str, label: &str, choices: &str, outcome: &str, score: i32) -> Record {
    Record {
        level: level.into(),
        class_code: code.into(),
        label: label.into(),
        choices: choices.into(),
        outcome: outcome.into(),
        score,
        stars: 0,
        duration_s: 600,
    }
}

fn write_csv(path: &Path, records: &[Record]) {
    let mut text = results::csv_start();
    for r in records {
        text.push_str(&results::csv_row(r));
    }
    std::fs::write(path, text).unwrap();
}

/// The counts drawn in the chart of one scene, in bar order.
fn chart_counts(html: &str, level: &str, scene: &str) -> Vec<usize> {
    let key = format!(
        "data-level=\"{}\" data-scene=\"{}\"",
        escape(level),
        escape(scene)
    );
    assert_eq!(html.matches(&key).count(), 1, "{level}/{scene}: one chart");
    let start = html.find(&key).unwrap();
    let svg = &html[start..start + html[start..].find("</svg>").unwrap()];
    svg.split("<text class=\"count\"")
        .skip(1)
        .map(|t| {
            let value = &t[t.find('>').unwrap() + 1..];
            value[..value.find(' ').unwrap()].parse().unwrap()
        })
        .collect()
}

/// The HTML of one mission's section.
fn section<'a>(html: &'a str, level: &str) -> &'a str {
    let key = format!("<section class=\"level\" data-level=\"{}\"", escape(level));
    let start = html
        .find(&key)
        .unwrap_or_else(|| panic!("{level}: no section"));
    let end = html[start + 1..]
        .find("<section")
        .map_or(html.len(), |e| start + 1 + e);
    &html[start..end]
}

#[test]
fn a_class_of_thirty_gets_one_page_with_true_counts() {
    let class = play_class();
    let dir = scratch("class");
    let files: Vec<PathBuf> = ["a.csv", "b.csv", "c.csv"]
        .iter()
        .map(|f| dir.join(f))
        .collect();
    // Pupils split over three files (three computers), duels and an old mission in the last.
    let mut all: Vec<Record> = Vec::new();
    for (k, chunk) in class.records.chunks(PUPILS / 3).enumerate() {
        let mut rows: Vec<Record> = chunk.iter().flatten().cloned().collect();
        all.extend(rows.iter().cloned());
        if k == 2 {
            rows.push(extra(
                "duel",
                SCRIPT_LABEL,
                "Équipe <b>Bleue</b>",
                "concours/partage=1;lampe/perms=0+2",
                "win",
                7,
            ));
            rows.push(extra(
                "duel",
                CODE,
                "Les Lynx",
                "concours/partage=0",
                "loss",
                3,
            ));
            rows.push(extra("ancienne-mission", CODE, "x", "a=1", "success", 50));
            rows.push(extra("ancienne-mission", CODE, "y", "a=1", "success", 50));
        }
        write_csv(&files[k], &rows);
    }
    // Broken rows at known lines (1 is the header): 3 too few fields, 4 a score that is no
    // number, 6 a quote never closed; 2, 5 and 7 are good rows of an old mission.
    let old =
        |label: &str| results::csv_row(&extra("ancienne-mission", CODE, label, "", "success", 40));
    let bad_text = format!(
        "{}{}concours,TEST-30,x,verifier=1,success,50,1\r\n\
         concours,TEST-30,x,verifier=1,success,beaucoup,1,10\r\n{}\
         concours,\"TEST-30,x,verifier=1,success,50,1,10\r\n{}",
        results::csv_start(),
        old("u"),
        old("v"),
        old("w"),
    );
    let bad = dir.join("bad.csv");
    std::fs::write(&bad, &bad_text).unwrap();
    let missing = dir.join("missing.csv");
    let out = dir.join("out.html");
    let before: Vec<Vec<u8>> = files.iter().map(|f| std::fs::read(f).unwrap()).collect();

    let mut args: Vec<String> = vec!["report".into()];
    args.extend(files.iter().map(|f| f.display().to_string()));
    args.push(bad.display().to_string());
    args.push(missing.display().to_string());
    args.extend(["-o".into(), out.display().to_string()]);
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let (code, stdout, stderr) = agent_trace(&args);
    assert_eq!(code, 0, "{stdout}\n{stderr}");

    // Each bad row is named `file:line: reason`, in French by default; the missing file too.
    let bad_name = bad.display().to_string();
    for line in [3, 4, 6] {
        assert!(
            stderr.contains(&format!("{bad_name}:{line}: ")),
            "line {line}: {stderr}"
        );
    }
    for line in [1, 2, 5, 7] {
        assert!(!stderr.contains(&format!("{bad_name}:{line}:")), "{stderr}");
    }
    assert!(stderr.contains("guillemet"), "{stderr}");
    assert!(stderr.contains(&missing.display().to_string()), "{stderr}");
    for (f, b) in files.iter().zip(&before) {
        assert_eq!(&std::fs::read(f).unwrap(), b, "inputs are never changed");
    }

    let html = std::fs::read_to_string(&out).expect("UTF-8 page");
    assert!(!html.contains("<script"), "nothing from the files runs");
    assert!(
        html.contains(&escape(SCRIPT_LABEL)),
        "the class code is shown, escaped"
    );
    assert!(
        html.contains("Équipe &lt;b&gt;Bleue&lt;/b&gt;"),
        "accents survive"
    );
    assert!(html.contains("@page { size: A4"));
    let records: usize = class.records.iter().map(Vec::len).sum::<usize>() + 2 + 2 + 3;
    assert!(
        stdout.contains(&format!("{records} résultat(s)")),
        "{stdout}"
    );

    // One chart per decision scene of each mission, with the counts of the runs.
    assert_eq!(html.matches("<svg").count(), class.expected.len());
    for ((level, scene), counts) in &class.expected {
        assert_eq!(
            &chart_counts(&html, level, scene),
            counts,
            "{level}/{scene}"
        );
    }
    let chosen: usize = class.expected.values().flatten().sum();
    assert!(chosen > PUPILS * class.levels.len(), "the bot decided");

    // Per mission: plays, star distribution, questions.
    for level in &class.levels {
        let s = section(&html, &level.id);
        let mine: Vec<&Record> = all.iter().filter(|r| r.level == level.id).collect();
        assert_eq!(mine.len(), PUPILS);
        assert!(
            s.contains(&format!("<td class=\"n\">{PUPILS}</td>")),
            "{}",
            level.id
        );
        let stars_table = &s[s.find("<table class=\"stars\">").unwrap()..];
        let stars_table = &stars_table[..stars_table.find("</table>").unwrap()];
        let shown: Vec<usize> = stars_table
            .split("<td class=\"n\">")
            .skip(1)
            .map(|c| c[..c.find(' ').unwrap()].parse().unwrap())
            .collect();
        let counted: Vec<usize> = (0..=3u8)
            .map(|n| mine.iter().filter(|r| r.stars == n).count())
            .collect();
        assert_eq!(shown, counted, "{}: stars", level.id);
        for q in &level.debrief.questions {
            assert!(
                s.contains(&escape(q.fr.as_deref().unwrap())),
                "{}",
                level.id
            );
        }
        assert!(s.contains(&escape(level.debrief.lesson.fr.as_deref().unwrap())));
    }
    // Sections follow the campaign's order.
    let positions: Vec<usize> = class
        .levels
        .iter()
        .map(|l| html.find(&format!("data-level=\"{}\"", l.id)).unwrap())
        .collect();
    assert!(positions.windows(2).all(|w| w[0] < w[1]));

    // What was not counted is listed: old mission, broken rows, unreadable file.
    assert!(
        html.contains("mission « ancienne-mission » : 5 ligne(s)"),
        "old mission rows"
    );
    for line in [3, 4, 6] {
        assert!(html.contains(&format!("<td class=\"n\">{line}</td>")));
    }
    assert!(html.contains("Lignes ignorées"));
    assert!(html.contains("Fichiers illisibles"));
    // Duels: teams, points, result.
    let duels = &html[html.find("<section class=\"page duels\">").unwrap()..];
    assert!(duels.contains("Les Lynx") && duels.contains("Perdu") && duels.contains("Gagné"));

    // English on demand, for messages and the page.
    let out_en = dir.join("out-en.html");
    let mut args_en = vec!["--lang", "en"];
    args_en.extend(&args[..args.len() - 1]);
    let out_en_name = out_en.display().to_string();
    args_en.push(&out_en_name);
    let (code, _, stderr) = agent_trace(&args_en);
    assert_eq!(code, 0);
    assert!(
        stderr.contains(&format!("{bad_name}:6: a quote is opened")),
        "{stderr}"
    );
    let html_en = std::fs::read_to_string(&out_en).unwrap();
    assert!(html_en.contains("<html lang=\"en\">") && html_en.contains("How the class chose"));
    for ((level, scene), counts) in &class.expected {
        assert_eq!(&chart_counts(&html_en, level, scene), counts);
    }
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn nothing_to_report_or_nowhere_to_write_is_an_error() {
    let dir = scratch("errors");
    let good = dir.join("results.csv");
    let level = &campaign_levels()[0];
    let mut run = Run::start(Arc::clone(level), Footprint::default()).unwrap();
    play_out(&mut run, Run::careful_action);
    write_csv(&good, &[Record::from_run(&run, "LYNX-42", "A", 300)]);
    let original = std::fs::read(&good).unwrap();
    let good_name = good.display().to_string();

    // The page would overwrite a results file.
    let (code, _, stderr) = agent_trace(&["report", &good_name, "-o", &good_name]);
    assert_ne!(code, 0);
    assert!(stderr.contains(&good_name), "{stderr}");
    assert_eq!(std::fs::read(&good).unwrap(), original);

    // No file can be read.
    let out = dir.join("out.html");
    let out_name = out.display().to_string();
    let missing = dir.join("nope.csv").display().to_string();
    let (code, _, stderr) = agent_trace(&["report", &missing, "-o", &out_name]);
    assert_ne!(code, 0);
    assert!(stderr.contains(&missing), "{stderr}");
    assert!(!out.exists());

    // Only a header and broken rows.
    let empty = dir.join("empty.csv");
    std::fs::write(&empty, format!("{}a,b\r\n", results::csv_start())).unwrap();
    let (code, _, stderr) = agent_trace(&["report", &empty.display().to_string(), "-o", &out_name]);
    assert_ne!(code, 0);
    assert!(stderr.contains(":2: "), "{stderr}");
    assert!(!out.exists());

    // The output folder does not exist.
    let nowhere = dir.join("no/such/dir/out.html").display().to_string();
    let (code, _, _) = agent_trace(&["report", &good_name, "-o", &nowhere]);
    assert_ne!(code, 0);

    // A campaign folder that does not exist.
    let (code, _, stderr) = agent_trace(&[
        "report",
        &good_name,
        "-o",
        &out_name,
        "--levels",
        &dir.join("no-levels").display().to_string(),
    ]);
    assert_ne!(code, 0);
    assert!(stderr.contains("--levels"), "{stderr}");

    // And with the campaign given explicitly, it works.
    let (code, stdout, stderr) =
        agent_trace(&["report", &good_name, "-o", &out_name, "--levels", "levels"]);
    assert_eq!(code, 0, "{stdout}{stderr}");
    assert!(out.exists());
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_file_given_twice_counts_once_and_a_bad_byte_costs_one_row() {
    let dir = scratch("report-robust");
    let rows: Vec<Record> = (0..3)
        .map(|i| extra("concours", CODE, &format!("p{i}"), "", "success", 80))
        .collect();
    let a = dir.join("a.csv");
    write_csv(&a, &rows);
    let copy = dir.join("copie.csv");
    std::fs::copy(&a, &copy).unwrap();
    // The same rows with a NUL byte in the second one (a damaged USB stick).
    let mut damaged = std::fs::read(&a).unwrap();
    let second = damaged
        .iter()
        .enumerate()
        .filter(|(_, b)| **b == b'\n')
        .nth(1)
        .map(|(i, _)| i + 3)
        .unwrap();
    damaged.insert(second, 0);
    let broken = dir.join("abime.csv");
    std::fs::write(&broken, &damaged).unwrap();
    let out = dir.join("report.html");
    let (a, copy, broken, out) = (
        a.to_string_lossy().into_owned(),
        copy.to_string_lossy().into_owned(),
        broken.to_string_lossy().into_owned(),
        out.to_string_lossy().into_owned(),
    );
    let (code, stdout, stderr) = agent_trace(&["--lang", "en", "report", &a, &copy, "-o", &out]);
    assert_eq!(code, 0, "{stderr}");
    assert!(stderr.contains("same content as"), "{stderr}");
    assert!(stdout.contains("(3 result(s)"), "{stdout}");
    let (code, stdout, stderr) = agent_trace(&["--lang", "en", "report", &broken, "-o", &out]);
    assert_eq!(code, 0, "{stderr}");
    assert!(stderr.contains(":3: bytes that are not text"), "{stderr}");
    assert!(stdout.contains("(2 result(s)"), "{stdout}");
    let _ = std::fs::remove_dir_all(&dir);
}

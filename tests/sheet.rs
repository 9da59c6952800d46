//! Printable debrief sheets: a mission's sheet for the class holds every decision with every
//! option, field and answer, the questions and sources; a pupil's run sheet holds their score
//! and stars; `agent-trace debrief` writes the page, or prints the diagnostics of a broken
//! level and exits 1.

mod common;

use agent_trace::core::check::{self, Disk};
use agent_trace::core::model::level::Scene;
use agent_trace::core::model::text::Lang;
use agent_trace::core::pages::html::{self, escape};
use agent_trace::core::pages::sheet::{level_sheet, run_sheet};
use agent_trace::core::play::Run;
use agent_trace::core::play::debrief;
use agent_trace::core::play::footprint::Footprint;
use common::bots::play_out;
use common::{agent_trace, scratch};
use std::sync::Arc;

#[test]
fn every_mission_sheet_holds_every_decision_option_and_question() {
    let c = check::check_campaign(&Disk, "levels/campaign.ron");
    let glossary = c.glossary().unwrap();
    assert!(c.levels.len() >= 12);
    for (_, lc) in &c.levels {
        let level = lc.playable().unwrap();
        for lang in [Lang::Fr, Lang::En] {
            let page = level_sheet(level, Some(glossary), lang);
            let has = |text: &str| {
                assert!(
                    page.contains(&escape(text)),
                    "{} ({lang:?}): missing {text:?}",
                    level.id
                )
            };
            has(level.title.get(lang));
            let mut decisions = 0;
            for scene in &level.scenes {
                match scene {
                    Scene::Choice(c) => has(c.text.get(lang)),
                    Scene::Chat(c) => c.messages.iter().for_each(|m| has(m.text.get(lang))),
                    Scene::Share(f) | Scene::Permissions(f) => {
                        has(f.text.get(lang));
                        for field in &f.fields {
                            has(field
                                .label
                                .as_ref()
                                .map_or(field.data.label(lang), |l| l.get(lang)));
                            if let Some(w) = &field.why {
                                has(w.get(lang));
                            }
                        }
                    }
                    Scene::Quiz(q) => {
                        has(q.question.get(lang));
                        q.answers.iter().for_each(|a| has(a.text.get(lang)));
                        has(q.explain.get(lang));
                    }
                    Scene::Story(_) | Scene::End(_) => continue,
                }
                decisions += 1;
                for o in scene.options() {
                    has(o.text.get(lang));
                    if let Some(f) = &o.feedback {
                        has(f.get(lang));
                    }
                }
            }
            assert_eq!(
                page.matches("<div class=\"scene card\"").count(),
                decisions,
                "{}",
                level.id
            );
            let best = level
                .scenes
                .iter()
                .flat_map(|s| s.options())
                .filter(|o| o.best)
                .count();
            assert_eq!(
                page.matches("<li class=\"best\">✔ ").count(),
                best + level
                    .scenes
                    .iter()
                    .map(|s| match s {
                        Scene::Quiz(q) => q.answers.iter().filter(|a| a.correct).count(),
                        _ => 0,
                    })
                    .sum::<usize>(),
                "{}: better options and right answers marked",
                level.id
            );
            level
                .debrief
                .questions
                .iter()
                .for_each(|q| has(q.get(lang)));
            has(level.debrief.lesson.get(lang));
            for s in &level.debrief.sources {
                has(&s.url);
                has(s.title.get(lang));
            }
            for id in &level.debrief.glossary {
                let term = glossary.get(id).unwrap();
                has(term.term.get(lang));
                has(term.definition.get(lang));
            }
            assert!(
                !page.contains("<script") && !page.contains("<a "),
                "{}",
                level.id
            );
            assert!(page.contains(&format!("<html lang=\"{}\">", lang.code())));
        }
    }
}

#[test]
fn a_careful_run_sheet_shows_score_and_stars() {
    let c = check::check_campaign(&Disk, "levels/campaign.ron");
    for (_, lc) in &c.levels {
        let level = Arc::new(lc.playable().unwrap().clone());
        let mut run = Run::start(Arc::clone(&level), Footprint::default()).unwrap();
        play_out(&mut run, Run::careful_action);
        let d = debrief::build(&run, c.glossary());
        for lang in [Lang::Fr, Lang::En] {
            let page = run_sheet(&d, lang);
            let score = lang.pick(
                format!("Score : {}/100", d.score),
                format!("Score: {}/100", d.score),
            );
            assert!(page.contains(&score), "{}: {score}", level.id);
            assert!(page.contains(&format!(
                "<span class=\"stars\">{}</span> ({}/3",
                html::stars(d.stars),
                d.stars
            )));
            assert_eq!(
                page.matches("<div class=\"card\"").count(),
                d.decisions.len()
            );
            for r in &d.decisions {
                assert!(
                    page.contains(&escape(r.situation.get(lang))),
                    "{}",
                    level.id
                );
                for chosen in &r.chosen {
                    assert!(page.contains(&escape(chosen.get(lang))));
                }
            }
            for (data, to) in &d.data_left {
                assert!(page.contains(&format!(
                    "<li>{} → {}</li>",
                    escape(data.label(lang)),
                    escape(to.get(lang))
                )));
            }
        }
        assert!(d.stars >= 2, "{}: careful play earns stars", level.id);
    }
}

#[test]
fn the_debrief_command_writes_a_sheet_or_shows_the_errors() {
    let dir = scratch("cli");
    let out = dir.join("fiche.html");
    let out_name = out.display().to_string();

    let (code, stdout, stderr) = agent_trace(&["debrief", "concours", "-o", &out_name]);
    assert_eq!(code, 0, "{stdout}{stderr}");
    let page = std::fs::read_to_string(&out).unwrap();
    assert!(page.contains("<html lang=\"fr\">") && page.contains("@page { size: A4"));
    assert!(page.contains("Mots à connaître"));

    // A level file by its path, in English.
    let (code, _, _) = agent_trace(&[
        "--lang",
        "en",
        "debrief",
        "levels/ch1-lampe.ron",
        "-o",
        &out_name,
    ]);
    assert_eq!(code, 0);
    let page = std::fs::read_to_string(&out).unwrap();
    assert!(page.contains("<html lang=\"en\">") && page.contains("Words to know"));

    // A broken level: the checker's diagnostics, exit 1, no page.
    let broken = dir.join("broken.html");
    let (code, _, stderr) = agent_trace(&[
        "--lang",
        "en",
        "debrief",
        "tests/fixtures/broken/dangling-next.ron",
        "-o",
        &broken.display().to_string(),
    ]);
    assert_eq!(code, 1);
    assert!(stderr.contains("error"), "{stderr}");
    assert!(stderr.contains("dangling-next.ron:"), "{stderr}");
    assert!(!broken.exists());

    // An unknown mission id: a suggestion.
    let (code, _, stderr) = agent_trace(&["debrief", "concour", "-o", &out_name]);
    assert_eq!(code, 1);
    assert!(stderr.contains("concours"), "{stderr}");
    let _ = std::fs::remove_dir_all(&dir);
}

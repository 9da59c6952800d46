//! Playing a mission: the pupil's actions arrive as messages and drive the core's `Run`.
//! At the end the debrief is built, progress and the footprint are updated, and an anonymous
//! result is appended.

use crate::core::model::text::Text;
use crate::core::play::debrief::{self, Debrief};
use crate::core::play::results::Record;
use crate::core::play::rng::ClassCode;
use crate::core::play::{Action, Run};
use bevy::platform::time::Instant;
use bevy::prelude::*;
use std::sync::Arc;

use super::Options;
use super::content::Content;
use super::progress::{Best, Progress};
use super::screens::{Go, Screen};
use tracing::{error, warn};

/// Start the mission at this index of `Content::missions`.
#[derive(Message, Clone, Copy, Debug)]
pub struct StartMission(pub usize);

/// Start the mission at this index whether it is open or not: the teacher's `--level`.
#[derive(Message, Clone, Copy, Debug)]
pub struct TeacherStart(pub usize);

/// The teacher preview is on (`--scene`, or a scene chosen on the mission's map): the
/// mission shows every option's effects.
#[derive(Resource, Clone, Copy, Debug, Default)]
pub struct Preview(pub bool);

/// The teacher chose a scene on the mission's map: preview the open mission from there.
#[derive(Message, Clone, Copy, Debug)]
pub struct PreviewAt(pub usize);

/// A mission is open when it is the first, the previous one was finished, or the teacher
/// unlocked everything.
pub fn is_open(content: &Content, progress: &Progress, index: usize) -> bool {
    let opened = content
        .missions
        .get(index)
        .and_then(|m| content.chapters.get(m.chapter))
        .is_some_and(|c| c.opened);
    if progress.settings.unlock_all || index == 0 || opened {
        return true;
    }
    (0..index)
        .rev()
        .find_map(|i| content.missions[i].level.as_ref())
        .is_none_or(|prev| progress.best.contains_key(&prev.id))
}

/// The pupil's action on the current scene.
#[derive(Message, Clone, Debug)]
pub struct Act(pub Action);

/// From the debrief: replay decision `n` differently (the decisions before it are kept).
#[derive(Message, Clone, Copy, Debug)]
pub struct Rewind(pub usize);

/// What the last decision did, shown at the top of the next scene.
#[derive(Clone, Debug, Default)]
pub struct Feedback {
    pub text: Option<Text>,
    pub privacy: i32,
    pub mission: i32,
    pub shared: Vec<crate::core::model::data::DataKind>,
}

#[derive(Resource, Clone, Debug)]
pub struct Active {
    pub index: usize,
    pub run: Run,
    pub started: Instant,
    pub feedback: Option<Feedback>,
    /// When replaying a decision from the debrief: the original debrief, to compare.
    pub rewind_of: Option<Box<Debrief>>,
}

/// The debrief of the mission just finished (and, after a rewind, the original one).
#[derive(Resource, Clone, Debug)]
pub struct LastDebrief {
    pub index: usize,
    pub debrief: Debrief,
    pub original: Option<Debrief>,
    pub actions: Vec<Action>,
}

impl Active {
    /// The order in which the current scene's items are shown: shuffled by the class code
    /// (the same for the whole class), else as written.
    pub fn order(&self, progress: &Progress, len: usize) -> Vec<usize> {
        let code = progress
            .settings
            .class_code
            .as_deref()
            .and_then(|c| ClassCode::parse(c).ok());
        let scene = self.run.scene().id();
        crate::core::play::rng::item_order(code.as_ref(), &self.run.level.id, scene, len)
    }
}

/// The systems that apply the pupil's messages (others order themselves after it).
#[derive(SystemSet, Clone, Debug, PartialEq, Eq, Hash)]
pub struct MissionSet;

/// Asks for the printable debrief sheet of the last mission (saved natively, downloaded on
/// the web).
#[derive(Message, Clone, Copy, Debug)]
pub struct PrintSheet;

/// What became of the last sheet asked for, said on the debrief screen.
#[derive(Resource, Clone, Debug, Default)]
pub struct SheetSaved(pub Option<crate::core::model::text::Text>);

pub fn plugin(app: &mut App) {
    app.add_message::<StartMission>()
        .add_message::<TeacherStart>()
        .add_message::<Act>()
        .add_message::<Rewind>()
        .add_message::<PrintSheet>()
        .add_message::<PreviewAt>()
        .init_resource::<SheetSaved>()
        .init_resource::<Preview>()
        .add_systems(
            Update,
            (start_mission, preview_at, rewind, act, print_sheet)
                .chain()
                .in_set(MissionSet),
        );
}

/// The file name of a mission's sheet (ids are checked, but a file name must be safe anyway).
pub fn sheet_name(level: &str) -> String {
    let id: String = level
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '_'
            }
        })
        .collect();
    format!("fiche-{id}.html")
}

fn print_sheet(
    mut asks: MessageReader<PrintSheet>,
    last: Option<Res<LastDebrief>>,
    progress: Res<Progress>,
    options: Option<Res<Options>>,
    mut saved: ResMut<SheetSaved>,
) {
    if asks.read().last().is_none() {
        return;
    }
    let Some(last) = last else { return };
    let lang = progress.settings.lang;
    let html = crate::core::pages::sheet::run_sheet(&last.debrief, lang);
    let name = sheet_name(&last.debrief.level);
    let said = save_sheet(
        &name,
        &html,
        options.as_ref().and_then(|o| o.store.as_ref()),
    );
    saved.0 = Some(match said {
        Ok(place) => crate::core::model::text::Text::new(
            &format!("Fiche prête : {place}"),
            &format!("Sheet ready: {place}"),
        ),
        Err(e) => crate::core::model::text::Text::new(
            &format!("La fiche n'a pas pu être enregistrée : {e}"),
            &format!("The sheet could not be saved: {e}"),
        ),
    });
}

/// Natively the sheet goes beside the progress (open it in a browser to print it); on the web
/// it is downloaded.
fn save_sheet(
    name: &str,
    html: &str,
    store: Option<&super::storage::Store>,
) -> Result<String, String> {
    #[cfg(target_arch = "wasm32")]
    {
        let _ = store;
        super::web::download(name, "text/html;charset=utf-8", html).map(|()| name.to_string())
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        let store = store.ok_or("no data folder")?;
        store.write(name, html)?;
        Ok(store.describe(name))
    }
}

fn start_mission(
    mut commands: Commands,
    (mut starts, mut teacher_starts): (MessageReader<StartMission>, MessageReader<TeacherStart>),
    content: Res<Content>,
    progress: Res<Progress>,
    mut go: MessageWriter<Go>,
) {
    let pupil = starts.read().last().map(|s| (s.0, false));
    let teacher = teacher_starts.read().last().map(|s| (s.0, true));
    let Some((index, by_teacher)) = teacher.or(pupil) else {
        return;
    };
    let Some(level) = content.missions.get(index).and_then(|m| m.level.clone()) else {
        go.write(Go(Screen::Diagnostics));
        return;
    };
    if !by_teacher && !is_open(&content, &progress, index) {
        warn!("mission {index} is locked: finish the previous one first");
        return;
    }
    // Replaying a mission: what it shared before is forgotten, the rest of the past stays.
    let mut past = progress.footprint.clone();
    past.forget_level(&level.id);
    match Run::start(level, past) {
        Ok(run) => {
            commands.insert_resource(Active {
                index,
                run,
                started: Instant::now(),
                feedback: None,
                rewind_of: None,
            });
            go.write(Go(Screen::Mission));
        }
        Err(e) => error!("cannot start mission {index}: {e}"),
    }
}

/// Restarts the open mission at the chosen scene in the teacher preview (every option's
/// effects shown), with the same past, and shows it.
fn preview_at(
    mut asks: MessageReader<PreviewAt>,
    active: Option<ResMut<Active>>,
    mut preview: ResMut<Preview>,
    mut go: MessageWriter<Go>,
) {
    let (Some(PreviewAt(scene)), Some(mut active)) = (asks.read().last().copied(), active) else {
        return;
    };
    let level = Arc::clone(&active.run.level);
    let Some(id) = level.scenes.get(scene).map(|s| s.id().to_string()) else {
        warn!("no scene {scene} in mission `{}`", level.id);
        return;
    };
    match Run::start_at(level, active.run.past.clone(), &id) {
        Ok(run) => {
            active.run = run;
            active.feedback = None;
            active.rewind_of = None;
            active.started = Instant::now();
            preview.0 = true;
            go.write(Go(Screen::Mission));
        }
        Err(e) => error!("cannot preview scene `{id}`: {e}"),
    }
}

fn rewind(
    mut commands: Commands,
    mut rewinds: MessageReader<Rewind>,
    last: Option<Res<LastDebrief>>,
    content: Res<Content>,
    progress: Res<Progress>,
    mut go: MessageWriter<Go>,
) {
    let Some(Rewind(n)) = rewinds.read().last().copied() else {
        return;
    };
    let Some(last) = last else { return };
    let Some(level) = content
        .missions
        .get(last.index)
        .and_then(|m| m.level.clone())
    else {
        return;
    };
    let mut past = progress.footprint.clone();
    past.forget_level(&level.id);
    let prefix = crate::core::play::before_decision(&last.actions, n);
    match Run::replay(Arc::clone(&level), past, prefix) {
        Ok(run) => {
            commands.insert_resource(Active {
                index: last.index,
                run,
                started: Instant::now(),
                feedback: None,
                rewind_of: Some(Box::new(
                    last.original
                        .clone()
                        .unwrap_or_else(|| last.debrief.clone()),
                )),
            });
            go.write(Go(Screen::Mission));
        }
        Err(e) => error!("cannot rewind: {e}"),
    }
}

fn act(
    mut commands: Commands,
    mut acts: MessageReader<Act>,
    active: Option<ResMut<Active>>,
    content: Res<Content>,
    mut progress: ResMut<Progress>,
    options: Option<Res<Options>>,
    mut go: MessageWriter<Go>,
    (mut record_result, mut played_here, mut cues): (
        MessageWriter<super::saving::RecordResult>,
        ResMut<super::progress::PlayedHere>,
        MessageWriter<super::sound::PlayCue>,
    ),
) {
    let Some(mut active) = active else {
        acts.clear();
        return;
    };
    for Act(action) in acts.read() {
        if active.run.finished().is_some() {
            break;
        }
        let scene = active.run.scene().clone();
        let before = active.run.decisions.len();
        if let Err(e) = active.run.act(action.clone()) {
            warn!("ignored action {action:?}: {e}");
            continue;
        }
        active.feedback = active.run.decisions.get(before).map(|d| Feedback {
            text: match (&scene, action) {
                (_, Action::Pick(i)) => scene.options().get(*i).and_then(|o| o.feedback.clone()),
                (crate::core::model::level::Scene::Quiz(q), Action::Answer(chosen)) => {
                    Some(debrief::quiz_feedback(q, chosen))
                }
                _ => None,
            },
            privacy: d.meters.privacy_delta,
            mission: d.meters.mission,
            shared: d.shared.clone(),
        });
        if let Some(d) = active.run.decisions.get(before) {
            cues.write(super::sound::PlayCue(cue_for(&scene, action, &d.shared)));
        }
        if active.run.finished().is_some() {
            finish(
                &mut commands,
                &active,
                &content,
                &mut progress,
                options.as_deref(),
                &mut record_result,
            );
            played_here.0.insert(active.run.level.id.clone());
            cues.write(super::sound::PlayCue(super::sound::Cue::Stamp));
            go.write(Go(Screen::Debrief));
            break;
        }
    }
}

/// What a decision sounds like: nothing shared, data given where it was the better choice
/// (the best option, or a form with only its needed fields), or data given where it was not.
fn cue_for(
    scene: &crate::core::model::level::Scene,
    action: &Action,
    shared: &[crate::core::model::data::DataKind],
) -> super::sound::Cue {
    use super::sound::Cue;
    use crate::core::model::level::Scene;
    if shared.is_empty() {
        return Cue::Choice;
    }
    let right = match (scene, action) {
        (_, Action::Pick(i)) => scene.options().get(*i).is_some_and(|o| o.best),
        (Scene::Share(f) | Scene::Permissions(f), Action::Submit(ticked)) => ticked
            .iter()
            .all(|&k| f.fields.get(k).is_some_and(|f| f.needed)),
        _ => false,
    };
    if right { Cue::Share } else { Cue::Leak }
}

fn finish(
    commands: &mut Commands,
    active: &Active,
    content: &Content,
    progress: &mut Progress,
    options: Option<&Options>,
    record_result: &mut MessageWriter<super::saving::RecordResult>,
) {
    let run = &active.run;
    let debrief = debrief::build(run, Some(&content.glossary));
    let actions = run.actions.clone();
    // A rewind is for comparing: it does not change stars, footprint or results.
    if active.rewind_of.is_none() {
        let best = progress.best.entry(run.level.id.clone()).or_default();
        *best = Best {
            stars: best.stars.max(debrief.stars),
            score: best.score.max(debrief.score),
        };
        run.record_into(&mut progress.footprint);
        if options.is_some_and(|o| o.store.is_some()) {
            let record = Record::from_run(
                run,
                progress.settings.class_code.as_deref().unwrap_or(""),
                &progress.settings.label,
                active.started.elapsed().as_secs(),
            );
            record_result.write(super::saving::RecordResult(record));
        }
    }
    commands.insert_resource(SheetSaved::default());
    commands.insert_resource(LastDebrief {
        index: active.index,
        debrief,
        original: active.rewind_of.as_deref().cloned(),
        actions,
    });
}

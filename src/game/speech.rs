//! Read-aloud: the current scene's text, then its choices with their numbers, in the game's
//! language (`core::play::speech::script`). Asked by the mission screen's button or the L key
//! ([`ReadAloud`]), stopped by [`StopReading`], and at every new scene when the setting says
//! so. What was said is kept in [`Spoken`] (what the headless tests read), then handed to a
//! voice: the browser's `speechSynthesis` on the web; natively the system's voice found at
//! start (Windows: SAPI through PowerShell; macOS: `say`; Linux: `spd-say` or `espeak-ng`). A
//! machine without one still builds and runs: [`Voice::Unavailable`] says why on the button.

use bevy::prelude::*;

use super::mission::Active;
use super::progress::Progress;
use crate::core::model::text::{Lang, Text};
use crate::core::play::speech;

/// Read the current scene aloud (again, from its start).
#[derive(Message, Clone, Copy, Debug, PartialEq, Eq)]
pub struct ReadAloud;

/// Stop reading.
#[derive(Message, Clone, Copy, Debug, PartialEq, Eq)]
pub struct StopReading;

/// Every reading asked for, the latest last (at most [`KEPT`]): the sentences as spoken.
#[derive(Resource, Clone, Debug, Default)]
pub struct Spoken(pub Vec<Vec<String>>);

const KEPT: usize = 64;

/// Where the sentences go.
#[derive(Resource, Debug)]
pub enum Voice {
    /// The browser's speech synthesis.
    #[cfg(target_arch = "wasm32")]
    Browser,
    /// A program of the system, given the text on its command line or its input.
    #[cfg(not(target_arch = "wasm32"))]
    Program(native::Program),
    /// No voice on this machine: why, for the button's tooltip.
    Unavailable(Text),
}

impl Voice {
    pub fn available(&self) -> bool {
        !matches!(self, Voice::Unavailable(_))
    }
}

/// The scene last read automatically, so each scene is read once when it appears.
#[derive(Resource, Debug, Default)]
struct AutoRead(Option<(String, String, usize)>);

pub fn plugin(app: &mut App) {
    app.add_message::<ReadAloud>()
        .add_message::<StopReading>()
        .init_resource::<Spoken>()
        .init_resource::<AutoRead>()
        .insert_resource(find_voice())
        .add_systems(
            Update,
            (read_new_scene, speak)
                .chain()
                .after(super::mission::MissionSet),
        );
}

fn find_voice() -> Voice {
    #[cfg(target_arch = "wasm32")]
    return Voice::Browser;
    #[cfg(not(target_arch = "wasm32"))]
    match native::Program::find() {
        Some(p) => Voice::Program(p),
        None => Voice::Unavailable(native::missing()),
    }
}

/// With the setting on, a scene that appears is read once.
fn read_new_scene(
    active: Option<Res<Active>>,
    progress: Res<Progress>,
    mut last: ResMut<AutoRead>,
    mut read: MessageWriter<ReadAloud>,
) {
    let Some(active) = active else {
        last.0 = None;
        return;
    };
    let here = (
        active.run.level.id.clone(),
        active.run.scene().id().to_string(),
        active.run.decisions.len(),
    );
    if last.0.as_ref() == Some(&here) {
        return;
    }
    last.0 = Some(here);
    if progress.settings.read_aloud {
        read.write(ReadAloud);
    }
}

fn speak(
    mut reads: MessageReader<ReadAloud>,
    mut stops: MessageReader<StopReading>,
    active: Option<Res<Active>>,
    progress: Res<Progress>,
    mut spoken: ResMut<Spoken>,
    mut voice: ResMut<Voice>,
) {
    let stop = stops.read().count() > 0;
    let read = reads.read().count() > 0;
    if stop || read {
        voice_stop(&mut voice);
    }
    let (true, Some(active)) = (read, active) else {
        return;
    };
    let lang = progress.settings.lang;
    let scene = active.run.scene();
    let order = active.order(&progress, items_to_order(scene));
    let sentences = speech::script(scene, &order, lang);
    voice_say(&mut voice, &sentences, lang);
    spoken.0.push(sentences);
    let extra = spoken.0.len().saturating_sub(KEPT);
    spoken.0.drain(..extra);
}

/// How many items the screen orders on this scene: options, fields or answers (the class
/// code's order covers whichever the scene lists).
pub fn items_to_order(scene: &crate::core::model::level::Scene) -> usize {
    use crate::core::model::level::Scene;
    let listed = match scene {
        Scene::Share(f) | Scene::Permissions(f) => f.fields.len(),
        Scene::Quiz(q) => q.answers.len(),
        _ => 0,
    };
    scene.options().len().max(listed)
}

fn voice_stop(voice: &mut Voice) {
    match voice {
        #[cfg(target_arch = "wasm32")]
        Voice::Browser => super::web::stop_speaking(),
        #[cfg(not(target_arch = "wasm32"))]
        Voice::Program(p) => p.stop(),
        _ => {}
    }
}

fn voice_say(voice: &mut Voice, sentences: &[String], lang: Lang) {
    let text = sentences.join("\n");
    match voice {
        #[cfg(target_arch = "wasm32")]
        Voice::Browser => super::web::speak(&text, lang.code()),
        #[cfg(not(target_arch = "wasm32"))]
        Voice::Program(p) => p.say(&text, lang),
        _ => {
            let _ = (text, lang);
        }
    }
}

#[cfg(not(target_arch = "wasm32"))]
pub mod native {
    //! The system's voice as a program run for each reading (killed to stop or replay), so
    //! nothing is linked at build time.

    use crate::core::model::text::{Lang, Text};
    use std::process::{Child, Command, Stdio};

    #[derive(Debug)]
    pub struct Program {
        kind: Kind,
        child: Option<Child>,
    }

    #[derive(Clone, Copy, Debug, PartialEq, Eq)]
    enum Kind {
        /// Windows' SAPI voices, through PowerShell's System.Speech.
        Sapi,
        /// macOS.
        Say,
        /// Linux: speech-dispatcher, the desktop's voice service.
        SpdSay,
        /// Linux: the eSpeak NG synthesiser.
        Espeak,
    }

    impl Program {
        /// The first voice this machine has (looked up on the `PATH`).
        pub fn find() -> Option<Program> {
            let candidates: &[(Kind, &str)] = if cfg!(windows) {
                &[(Kind::Sapi, "powershell.exe")]
            } else if cfg!(target_os = "macos") {
                &[(Kind::Say, "say")]
            } else {
                &[(Kind::SpdSay, "spd-say"), (Kind::Espeak, "espeak-ng")]
            };
            candidates
                .iter()
                .find(|(_, name)| on_path(name))
                .map(|&(kind, _)| Program { kind, child: None })
        }

        pub fn say(&mut self, text: &str, lang: Lang) {
            let code = lang.code();
            let mut command = match self.kind {
                Kind::Sapi => {
                    let mut c = Command::new("powershell.exe");
                    c.args([
                        "-NoProfile",
                        "-Command",
                        "Add-Type -AssemblyName System.Speech; \
                         $s = New-Object System.Speech.Synthesis.SpeechSynthesizer; \
                         $v = $s.GetInstalledVoices() | Where-Object { $_.VoiceInfo.Culture.TwoLetterISOLanguageName -eq $args[0] } | Select-Object -First 1; \
                         if ($v) { $s.SelectVoice($v.VoiceInfo.Name) }; \
                         $s.Speak([Console]::In.ReadToEnd())",
                        code,
                    ]);
                    c.stdin(Stdio::piped());
                    c
                }
                Kind::Say => {
                    let mut c = Command::new("say");
                    c.arg(text);
                    c
                }
                Kind::SpdSay => {
                    let mut c = Command::new("spd-say");
                    c.args(["--wait", "-l", code, "--", text]);
                    c
                }
                Kind::Espeak => {
                    let mut c = Command::new("espeak-ng");
                    c.args(["-v", code, "--", text]);
                    c
                }
            };
            command.stdout(Stdio::null()).stderr(Stdio::null());
            match command.spawn() {
                Ok(mut child) => {
                    if self.kind == Kind::Sapi
                        && let Some(mut input) = child.stdin.take()
                    {
                        use std::io::Write;
                        let _ = input.write_all(text.as_bytes());
                    }
                    self.child = Some(child);
                }
                Err(e) => tracing::warn!("read-aloud: cannot start the voice: {e}"),
            }
        }

        pub fn stop(&mut self) {
            if let Some(mut child) = self.child.take() {
                let _ = child.kill();
                let _ = child.wait();
            }
            if self.kind == Kind::SpdSay {
                // speech-dispatcher keeps speaking after its client is gone.
                let _ = Command::new("spd-say").arg("--cancel").status();
            }
        }
    }

    fn on_path(name: &str) -> bool {
        std::env::var_os("PATH")
            .is_some_and(|paths| std::env::split_paths(&paths).any(|dir| dir.join(name).is_file()))
    }

    /// Why there is no voice, and the one command that brings one (Linux).
    pub fn missing() -> Text {
        Text::new(
            "Lecture à voix haute indisponible : aucune voix sur cet ordinateur (sous Linux : sudo apt install espeak-ng).",
            "Read-aloud unavailable: no voice on this computer (on Linux: sudo apt install espeak-ng).",
        )
    }
}

//! Sound: short effects the game synthesises itself (no sound files to license or fetch).
//!
//! The logic says what happened with a [`PlayCue`] message (a choice, data shared with the
//! right person, a leak, a star, the stamp, a duel card won or leaked); this module keeps the
//! last cues it would play in [`Played`] (what the headless tests read) and hands them to a
//! backend: the browser's Web Audio on the web, Bevy's audio natively when the game is built
//! with `--features sound` (Linux needs ALSA's headers for it: README). Without a backend the
//! cues are still recorded and the settings say why nothing is heard.

use bevy::prelude::*;

use super::progress::Progress;

/// Something the player should hear.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Cue {
    /// A decision that shared nothing.
    Choice,
    /// Data given where it was the better choice: a soft two-note chime.
    Share,
    /// Data given where it was not: a falling warning.
    Leak,
    /// One star of the debrief appears.
    Star,
    /// The outcome stamp lands on the dossier.
    Stamp,
    /// A duel card claimed by the team that played it.
    CardWon,
    /// A duel card that went to the other team.
    CardLeaked,
}

impl Cue {
    pub const ALL: [Cue; 7] = [
        Cue::Choice,
        Cue::Share,
        Cue::Leak,
        Cue::Star,
        Cue::Stamp,
        Cue::CardWon,
        Cue::CardLeaked,
    ];

    /// The notes: (frequency in Hz, length in seconds), played one after the other.
    pub fn notes(self) -> &'static [(f32, f32)] {
        match self {
            Cue::Choice => &[(660.0, 0.07)],
            Cue::Share => &[(523.3, 0.09), (784.0, 0.14)],
            Cue::Leak => &[(392.0, 0.12), (311.1, 0.12), (233.1, 0.22)],
            Cue::Star => &[(1046.5, 0.12)],
            Cue::Stamp => &[(130.8, 0.09), (98.0, 0.14)],
            Cue::CardWon => &[(523.3, 0.08), (659.3, 0.08), (784.0, 0.16)],
            Cue::CardLeaked => &[(349.2, 0.12), (261.6, 0.24)],
        }
    }
}

/// Plays a cue (at the player's volume, unless muted).
#[derive(Message, Clone, Copy, Debug, PartialEq, Eq)]
pub struct PlayCue(pub Cue);

/// The cues played since the start, the latest last (at most [`KEPT`]): what a test checks.
#[derive(Resource, Clone, Debug, Default)]
pub struct Played(pub Vec<Cue>);

const KEPT: usize = 64;

/// The music as it plays now: its volume (0–1), or `None` when there is none. Set from the
/// settings by [`sync_music`]; what a test checks.
#[derive(Resource, Clone, Copy, Debug, Default, PartialEq)]
pub struct Music(pub Option<f32>);

/// The music: a calm loop of 32 notes (8 s) over a pentatonic scale, synthesised like the
/// effects, quiet enough to sit under the reading.
pub fn music_notes() -> Vec<(f32, f32)> {
    const SCALE: [f32; 5] = [261.6, 293.7, 329.6, 392.0, 440.0];
    const TUNE: [usize; 32] = [
        0, 2, 4, 2, 1, 3, 4, 3, 0, 2, 3, 2, 1, 4, 3, 1, 0, 2, 4, 2, 3, 4, 3, 2, 1, 3, 2, 1, 0, 1,
        2, 0,
    ];
    TUNE.iter().map(|&k| (SCALE[k], 0.25)).collect()
}

/// Whether this build can make a sound at all, for the settings screen.
pub fn available() -> bool {
    cfg!(any(target_arch = "wasm32", feature = "sound"))
}

pub fn plugin(app: &mut App) {
    app.add_message::<PlayCue>()
        .init_resource::<Played>()
        .init_resource::<Music>()
        .add_systems(Last, (play_cues, sync_music));
    #[cfg(all(feature = "sound", not(target_arch = "wasm32")))]
    app.add_systems(Startup, native::load);
}

fn play_cues(
    mut cues: MessageReader<PlayCue>,
    progress: Res<Progress>,
    mut played: ResMut<Played>,
    #[cfg(all(feature = "sound", not(target_arch = "wasm32")))] mut out: native::Out,
) {
    let volume = progress.settings.effects_volume();
    for PlayCue(cue) in cues.read() {
        if volume <= 0.0 {
            continue;
        }
        played.0.push(*cue);
        #[cfg(target_arch = "wasm32")]
        super::web::play(cue.notes(), volume);
        #[cfg(all(feature = "sound", not(target_arch = "wasm32")))]
        out.play(*cue, volume);
    }
    let extra = played.0.len().saturating_sub(KEPT);
    if extra > 0 {
        played.0.drain(..extra);
    }
}

/// Starts, changes or stops the music when its setting changes.
fn sync_music(
    progress: Res<Progress>,
    mut music: ResMut<Music>,
    #[cfg(all(feature = "sound", not(target_arch = "wasm32")))] mut out: native::Out,
) {
    let volume = progress.settings.music_volume();
    let wanted = (volume > 0.0).then_some(volume);
    if music.0 == wanted {
        return;
    }
    music.0 = wanted;
    #[cfg(target_arch = "wasm32")]
    super::web::music(volume);
    #[cfg(all(feature = "sound", not(target_arch = "wasm32")))]
    out.music(volume);
}

/// The notes as 16-bit mono PCM at `rate` samples a second, each with a short attack and a
/// decay so no note clicks.
pub fn samples(notes: &[(f32, f32)], rate: u32) -> Vec<i16> {
    let mut out = Vec::new();
    for &(freq, secs) in notes {
        let n = (secs * rate as f32) as usize;
        for i in 0..n {
            let t = i as f32 / rate as f32;
            let attack = (t / 0.008).min(1.0);
            let decay = 1.0 - i as f32 / n as f32;
            let wave = (std::f32::consts::TAU * freq * t).sin();
            out.push((wave * attack * decay * 0.5 * f32::from(i16::MAX)) as i16);
        }
    }
    out
}

/// A WAV file of `samples` (mono, 16-bit), as Bevy's audio decodes it.
pub fn wav(samples: &[i16], rate: u32) -> Vec<u8> {
    let data = (samples.len() * 2) as u32;
    let mut out = Vec::with_capacity(44 + data as usize);
    out.extend_from_slice(b"RIFF");
    out.extend_from_slice(&(36 + data).to_le_bytes());
    out.extend_from_slice(b"WAVEfmt ");
    out.extend_from_slice(&16u32.to_le_bytes());
    out.extend_from_slice(&1u16.to_le_bytes()); // PCM
    out.extend_from_slice(&1u16.to_le_bytes()); // mono
    out.extend_from_slice(&rate.to_le_bytes());
    out.extend_from_slice(&(rate * 2).to_le_bytes());
    out.extend_from_slice(&2u16.to_le_bytes());
    out.extend_from_slice(&16u16.to_le_bytes());
    out.extend_from_slice(b"data");
    out.extend_from_slice(&data.to_le_bytes());
    for s in samples {
        out.extend_from_slice(&s.to_le_bytes());
    }
    out
}

/// Natively: each cue becomes a WAV asset at start-up, played by Bevy's audio.
#[cfg(all(feature = "sound", not(target_arch = "wasm32")))]
mod native {
    use super::Cue;
    use bevy::audio::{AudioPlayer, AudioSource, PlaybackSettings, Volume};
    use bevy::ecs::system::SystemParam;
    use bevy::prelude::*;
    use std::collections::HashMap;

    const RATE: u32 = 22_050;

    #[derive(Resource)]
    pub struct Sounds(HashMap<Cue, Handle<AudioSource>>, Handle<AudioSource>);

    /// The entity playing the music.
    #[derive(Component)]
    pub struct MusicPlayer;

    /// (Without Bevy's audio plugin, as in the headless tests, there is nothing to load.)
    pub fn load(mut commands: Commands, sources: Option<ResMut<Assets<AudioSource>>>) {
        let Some(mut sources) = sources else {
            return;
        };
        let sounds = Cue::ALL
            .iter()
            .map(|&cue| {
                let bytes = super::wav(&super::samples(cue.notes(), RATE), RATE);
                let source = AudioSource {
                    bytes: bytes.into(),
                };
                (cue, sources.add(source))
            })
            .collect();
        let music = super::wav(&super::samples(&super::music_notes(), RATE), RATE);
        let music = sources.add(AudioSource {
            bytes: music.into(),
        });
        commands.insert_resource(Sounds(sounds, music));
    }

    #[derive(SystemParam)]
    pub struct Out<'w, 's> {
        commands: Commands<'w, 's>,
        sounds: Option<Res<'w, Sounds>>,
        playing: Query<'w, 's, Entity, With<MusicPlayer>>,
    }

    impl Out<'_, '_> {
        pub fn play(&mut self, cue: Cue, volume: f32) {
            let Some(handle) = self.sounds.as_ref().and_then(|s| s.0.get(&cue)) else {
                return;
            };
            self.commands.spawn((
                AudioPlayer::new(handle.clone()),
                PlaybackSettings::DESPAWN.with_volume(Volume::Linear(volume)),
            ));
        }

        /// Restarts the music at `volume` (0: stops it).
        pub fn music(&mut self, volume: f32) {
            for e in &self.playing {
                self.commands.entity(e).despawn();
            }
            let Some(sounds) = self.sounds.as_ref() else {
                return;
            };
            if volume > 0.0 {
                self.commands.spawn((
                    MusicPlayer,
                    AudioPlayer::new(sounds.1.clone()),
                    PlaybackSettings::LOOP.with_volume(Volume::Linear(0.5 * volume)),
                ));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_cue_is_a_short_sound_and_a_valid_wav() {
        for cue in Cue::ALL {
            let secs: f32 = cue.notes().iter().map(|n| n.1).sum();
            assert!(secs > 0.0 && secs <= 0.5, "{cue:?}: {secs} s");
            let pcm = samples(cue.notes(), 22_050);
            assert_eq!(
                pcm.len(),
                cue.notes().iter().map(|n| (n.1 * 22_050.0) as usize).sum()
            );
            assert!(
                pcm.iter().any(|&s| s.unsigned_abs() > 8_000),
                "{cue:?} is audible"
            );
            let file = wav(&pcm, 22_050);
            assert_eq!(&file[..4], b"RIFF");
            assert_eq!(&file[8..16], b"WAVEfmt ");
            assert_eq!(file.len(), 44 + 2 * pcm.len());
        }
        // The music loops over 8 seconds.
        let secs: f32 = music_notes().iter().map(|n| n.1).sum();
        assert!((secs - 8.0).abs() < 1e-3, "{secs}");
    }
}

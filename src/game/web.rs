//! The browser's side of the game (wasm only): levels fetched over HTTP through the
//! campaign manifest, progress in `localStorage`, files offered as downloads, level files
//! opened with a file picker or dropped on the page, and the page title following the screen
//! (screen readers announce it; the browser test reads it).
//!
//! Browser callbacks run outside Bevy's schedule, so they put what they got in a queue and wake
//! the event loop (the game sleeps between inputs).

use super::content::{Content, OpenLevel};
use super::mission::Active;
use super::screens::Screen;
use crate::core::check::{CampaignCheck, Memory};
use bevy::prelude::*;
use bevy::winit::{EventLoopProxyWrapper, WinitUserEvent};
use std::cell::RefCell;
use std::path::Path;
use tracing::{info, warn};
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;

/// The manifest's URL, relative to the page.
const MANIFEST: &str = "levels/campaign.ron";
const KEY_PREFIX: &str = "agent-trace/";

thread_local! {
    /// wasm is single-threaded: callbacks and systems share these through the one thread.
    static FETCHED: RefCell<Option<CampaignCheck>> = const { RefCell::new(None) };
    static OPENED: RefCell<Vec<(String, Vec<u8>)>> = const { RefCell::new(Vec::new()) };
    static PROXY: RefCell<Option<bevy::winit::EventLoopProxy<WinitUserEvent>>> =
        const { RefCell::new(None) };
}

pub fn plugin(app: &mut App) {
    app.add_systems(Startup, (keep_proxy, start_fetch))
        .add_systems(
            PreUpdate,
            (receive_campaign, receive_opened_files).run_if(resource_exists::<Content>),
        )
        .add_systems(Update, open_file_picker)
        .add_systems(Last, show_page_state);
}

fn open_file_picker(mut asks: MessageReader<super::content::PickLevelFiles>) {
    if asks.read().last().is_some() {
        pick_level_files();
    }
}

fn wake() {
    PROXY.with(|p| {
        if let Some(proxy) = p.borrow().as_ref() {
            let _ = proxy.send_event(WinitUserEvent::WakeUp);
        }
    });
}

fn keep_proxy(proxy: Option<Res<EventLoopProxyWrapper>>) {
    if let Some(proxy) = proxy {
        PROXY.with(|p| *p.borrow_mut() = Some((**proxy).clone()));
    }
}

/// The browser's console as the game's log, and panics said there too. (Bevy's log plugin is
/// left out of the .wasm for its size; tracing's `log` feature routes every event here.)
pub fn log_to_console() {
    static CONSOLE: Console = Console;
    if log::set_logger(&CONSOLE).is_ok() {
        log::set_max_level(log::LevelFilter::Info);
    }
    std::panic::set_hook(Box::new(|info| {
        web_sys::console::error_1(&JsValue::from(info.to_string()));
    }));
}

/// Warnings and errors from everyone, and the game's own news ("12 missions fetched").
struct Console;

impl log::Log for Console {
    fn enabled(&self, metadata: &log::Metadata) -> bool {
        metadata.level() <= log::Level::Warn
            || (metadata.level() <= log::Level::Info
                && metadata.target().starts_with("agent_trace"))
    }

    fn log(&self, record: &log::Record) {
        if !self.enabled(record.metadata()) {
            return;
        }
        let line = JsValue::from(format!(
            "{} {}: {}",
            record.level(),
            record.target(),
            record.args()
        ));
        match record.level() {
            log::Level::Error => web_sys::console::error_1(&line),
            log::Level::Warn => web_sys::console::warn_1(&line),
            _ => web_sys::console::log_1(&line),
        }
    }

    fn flush(&self) {}
}

fn js_error(e: JsValue) -> String {
    e.as_string()
        .or_else(|| {
            e.dyn_ref::<js_sys::Error>()
                .map(|e| String::from(e.message()))
        })
        .unwrap_or_else(|| format!("{e:?}"))
}

// Every file of a round in one promise: awaited once, not once per file (each await waits
// for the browser's next task, after a frame the software renderer may take long to draw).
#[wasm_bindgen(inline_js = r#"
export function fetch_all(urls) {
  return Promise.all(urls.map((url) => fetch(url).then(
    (r) => r.ok ? r.arrayBuffer().then((b) => new Uint8Array(b)) : `HTTP ${r.status} ${r.statusText}`,
    (e) => String(e))));
}
"#)]
extern "C" {
    fn fetch_all(urls: Vec<String>) -> js_sys::Promise;
}

/// The bytes at each of `urls` (same origin, fetched in parallel), or why not.
async fn fetch_bytes(urls: &[String]) -> Vec<Result<Vec<u8>, String>> {
    let all = match JsFuture::from(fetch_all(urls.to_vec())).await {
        Ok(all) => js_sys::Array::from(&all),
        Err(e) => return urls.iter().map(|_| Err(js_error(e.clone()))).collect(),
    };
    all.iter()
        .map(|got| match got.dyn_ref::<js_sys::Uint8Array>() {
            Some(bytes) => Ok(bytes.to_vec()),
            None => Err(got.as_string().unwrap_or_else(|| "no answer".into())),
        })
        .collect()
}

/// Fetches the manifest, then what checking it asks for (glossary, levels), until nothing is
/// missing. The checker decides which files exist: the web needs no folder listing. The check
/// that finds nothing missing is the campaign's own: it is kept, not run again.
fn start_fetch() {
    wasm_bindgen_futures::spawn_local(async {
        let mut files = Memory::default();
        let mut rounds = 0;
        let checked = loop {
            let (checked, wanted) = files.check_campaign_noting_missing(MANIFEST);
            // A campaign needs two rounds (the manifest, then its glossary and levels); the
            // bound only guards against surprises.
            if wanted.is_empty() || rounds == 4 {
                break checked;
            }
            rounds += 1;
            // Every file of a round at once (the page has preloaded them).
            for (url, got) in wanted.iter().zip(fetch_bytes(&wanted).await) {
                files.insert(url, got);
            }
        };
        FETCHED.with(|f| *f.borrow_mut() = Some(checked));
        wake();
    });
}

fn receive_campaign(mut content: ResMut<Content>) {
    if !content.loading {
        return;
    }
    let Some(checked) = FETCHED.with(|f| f.borrow_mut().take()) else {
        return;
    };
    *content = super::content::from_checked(checked, Path::new("levels"));
    info!(
        "{} missions fetched, {} error(s)",
        content.missions.len(),
        content.errors()
    );
}

fn receive_opened_files(content: Res<Content>, mut open: MessageWriter<OpenLevel>) {
    if content.loading {
        return; // opened once the campaign (and its glossary) is there
    }
    for (name, bytes) in OPENED.with(|o| std::mem::take(&mut *o.borrow_mut())) {
        open.write(OpenLevel { name, bytes });
    }
}

/// Called by the page when level files are dropped on it (see `web/index.html`).
#[wasm_bindgen]
pub fn open_level_file(name: String, bytes: Vec<u8>) {
    OPENED.with(|o| o.borrow_mut().push((name, bytes)));
    wake();
}

/// The first `n` draws of a class code for a context: the browser test compares them with the
/// golden values the native tests pin (`tests/golden/class-code.txt`).
#[wasm_bindgen]
pub fn class_code_draws(code: &str, context: &str, n: u32) -> Result<Vec<u32>, String> {
    let code = crate::core::play::rng::ClassCode::parse(code).map_err(|e| format!("{e:?}"))?;
    let mut draws = code.draws(context);
    Ok((0..n).map(|_| draws.next_u32()).collect())
}

/// Opens the browser's file picker for level files; what is chosen arrives as `OpenLevel`.
pub fn pick_level_files() {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let Ok(input) = document.create_element("input") else {
        return;
    };
    let Ok(input) = input.dyn_into::<web_sys::HtmlInputElement>() else {
        return;
    };
    input.set_type("file");
    input.set_accept(".ron,text/plain");
    input.set_multiple(true);
    let picked = input.clone();
    let on_change = Closure::<dyn FnMut()>::new(move || {
        let Some(list) = picked.files() else { return };
        for i in 0..list.length() {
            let Some(file) = list.get(i) else { continue };
            wasm_bindgen_futures::spawn_local(async move {
                let name = file.name();
                let bytes = match JsFuture::from(file.array_buffer()).await {
                    Ok(buffer) => js_sys::Uint8Array::new(&buffer).to_vec(),
                    Err(e) => {
                        warn!("could not read {name}: {}", js_error(e));
                        return;
                    }
                };
                open_level_file(name, bytes);
            });
        }
    });
    input.set_onchange(Some(on_change.as_ref().unchecked_ref()));
    // The input lives as long as the page may call it back.
    on_change.forget();
    input.click();
}

/// Offers `text` as a file download (results, printable sheets).
// Web Audio, called through a few lines of JavaScript rather than web-sys's audio types: new
// web-sys features would rebuild every crate that uses web-sys (wgpu, winit…).
#[wasm_bindgen(inline_js = r#"
let ctx = null;
export function play_notes(notes, volume) {
  // Made on the first sound, which always follows a click or a key (browsers allow audio
  // only after the user did something).
  ctx = ctx || new AudioContext();
  // A context made before any click (music saved as on) waits for one: this is one.
  if (ctx.state === "suspended") ctx.resume();
  let at = ctx.currentTime;
  for (let i = 0; i + 1 < notes.length; i += 2) {
    const osc = ctx.createOscillator();
    const gain = ctx.createGain();
    osc.frequency.value = notes[i];
    gain.gain.setValueAtTime(0, at);
    gain.gain.linearRampToValueAtTime(0.4 * volume, at + 0.008);
    gain.gain.linearRampToValueAtTime(0, at + notes[i + 1]);
    osc.connect(gain).connect(ctx.destination);
    osc.start(at);
    osc.stop(at + notes[i + 1]);
    at += notes[i + 1];
  }
  // Counted for the browser test.
  window.agentTraceSounds = (window.agentTraceSounds || 0) + 1;
}
let music = null;
export function play_music(notes, volume) {
  if (music) { music.stop(); music = null; }
  if (volume <= 0) return;
  ctx = ctx || new AudioContext();
  // The loop rendered once into a buffer, then played over and over.
  const rate = ctx.sampleRate;
  let length = 0;
  for (let i = 1; i < notes.length; i += 2) length += Math.floor(notes[i] * rate);
  const buffer = ctx.createBuffer(1, length, rate);
  const data = buffer.getChannelData(0);
  let at = 0;
  for (let i = 0; i + 1 < notes.length; i += 2) {
    const n = Math.floor(notes[i + 1] * rate);
    for (let k = 0; k < n; k++) {
      const t = k / rate;
      data[at + k] = Math.sin(2 * Math.PI * notes[i] * t) * Math.min(t / 0.008, 1) * (1 - k / n) * 0.5;
    }
    at += n;
  }
  const source = ctx.createBufferSource();
  const gain = ctx.createGain();
  source.buffer = buffer;
  source.loop = true;
  gain.gain.value = 0.2 * volume;
  source.connect(gain).connect(ctx.destination);
  source.start();
  music = source;
}
"#)]
extern "C" {
    #[wasm_bindgen(catch)]
    fn play_notes(notes: &[f32], volume: f32) -> Result<(), JsValue>;
    #[wasm_bindgen(catch)]
    fn play_music(notes: &[f32], volume: f32) -> Result<(), JsValue>;
}

/// Plays the music in a loop at `volume` (0–1; 0 stops it).
pub fn music(volume: f32) {
    let flat: Vec<f32> = super::sound::music_notes()
        .iter()
        .flat_map(|&(f, s)| [f, s])
        .collect();
    if let Err(e) = play_music(&flat, volume) {
        warn!("music: {e:?}");
    }
}

// The browser's voice (Web Speech API). A French (or English) voice is chosen when the
// browser has one; the utterance's language is set either way.
#[wasm_bindgen(inline_js = r#"
export function speak_text(text, lang) {
  const synth = window.speechSynthesis;
  // Kept for the browser test, which reads what was said.
  (window.agentTraceSpoken = window.agentTraceSpoken || []).push(text);
  if (!synth) return;
  synth.cancel();
  const u = new SpeechSynthesisUtterance(text);
  u.lang = lang === "fr" ? "fr-FR" : "en-GB";
  const voice = synth.getVoices().find((v) => v.lang && v.lang.toLowerCase().startsWith(lang));
  if (voice) u.voice = voice;
  synth.speak(u);
}
export function stop_text() {
  if (window.speechSynthesis) window.speechSynthesis.cancel();
}
"#)]
extern "C" {
    #[wasm_bindgen(catch)]
    fn speak_text(text: &str, lang: &str) -> Result<(), JsValue>;
    #[wasm_bindgen(catch)]
    fn stop_text() -> Result<(), JsValue>;
}

/// Reads `text` aloud in `lang` ("fr" or "en") with the browser's voice.
pub fn speak(text: &str, lang: &str) {
    if let Err(e) = speak_text(text, lang) {
        warn!("read-aloud: {e:?}");
    }
}

pub fn stop_speaking() {
    if let Err(e) = stop_text() {
        warn!("read-aloud: {e:?}");
    }
}

/// Plays `notes` (Hz, seconds) one after the other through Web Audio, at `volume` (0–1).
pub fn play(notes: &[(f32, f32)], volume: f32) {
    let flat: Vec<f32> = notes.iter().flat_map(|&(f, s)| [f, s]).collect();
    if let Err(e) = play_notes(&flat, volume) {
        warn!("sound: {e:?}");
    }
}

pub fn download(name: &str, mime: &str, text: &str) -> Result<(), String> {
    let window = web_sys::window().ok_or("no window")?;
    let document = window.document().ok_or("no document")?;
    let parts = js_sys::Array::of1(&JsValue::from_str(text));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let blob =
        web_sys::Blob::new_with_str_sequence_and_options(&parts, &options).map_err(js_error)?;
    let url = web_sys::Url::create_object_url_with_blob(&blob).map_err(js_error)?;
    let a: web_sys::HtmlAnchorElement = document
        .create_element("a")
        .map_err(js_error)?
        .dyn_into()
        .map_err(|_| "not an anchor".to_string())?;
    a.set_href(&url);
    a.set_download(name);
    a.click();
    web_sys::Url::revoke_object_url(&url).map_err(js_error)?;
    Ok(())
}

fn local_storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok()?
}

pub fn storage_get(name: &str) -> Option<String> {
    local_storage()?
        .get_item(&format!("{KEY_PREFIX}{name}"))
        .ok()?
}

pub fn storage_set(name: &str, text: &str) -> Result<(), String> {
    local_storage()
        .ok_or("localStorage is not available")?
        .set_item(&format!("{KEY_PREFIX}{name}"), text)
        .map_err(js_error)
}

pub fn storage_remove(name: &str) {
    if let Some(s) = local_storage() {
        let _ = s.remove_item(&format!("{KEY_PREFIX}{name}"));
    }
}

/// The page title names the screen (and the scene kind during a mission); `<body>` carries
/// the same as `data-screen`, `data-scene`, `data-scene-id` and `data-loading` for the browser
/// test.
fn show_page_state(
    screen: Res<State<Screen>>,
    active: Option<Res<Active>>,
    content: Option<Res<Content>>,
    progress: Res<super::progress::Progress>,
    mut last: Local<String>,
) {
    let (kind, id) = match (screen.get(), active.as_ref()) {
        (Screen::Mission, Some(a)) => (a.run.scene().kind(), a.run.scene().id()),
        _ => ("", ""),
    };
    let loading = content.is_none_or(|c| c.loading);
    let screen_name = format!("{:?}", screen.get());
    let decisions = active.as_ref().map_or(0, |a| a.run.decisions.len());
    let lang = progress.settings.lang;
    let state = format!("{screen_name}/{kind}/{id}/{loading}/{decisions}/{lang:?}");
    if *last == state {
        return;
    }
    *last = state;
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    // The live region: what a screen reader announces (the scene as read-aloud says it).
    if let Some(live) = document.get_element_by_id("agent-trace-live") {
        let text = match (screen.get(), active.as_ref()) {
            (Screen::Mission, Some(a)) => {
                let scene = a.run.scene();
                let len = super::speech::items_to_order(scene);
                let order = a.order(&progress, len);
                crate::core::play::speech::script(scene, &order, lang).join("\n")
            }
            _ => format!("Agent Trace — {screen_name}"),
        };
        live.set_text_content(Some(&text));
    }
    document.set_title(&if kind.is_empty() {
        format!("Agent Trace — {screen_name}")
    } else {
        format!("Agent Trace — {screen_name} — {kind}")
    });
    if let Some(body) = document.body() {
        let _ = body.set_attribute("data-screen", &screen_name);
        let _ = body.set_attribute("data-scene", kind);
        let _ = body.set_attribute("data-scene-id", id);
        if loading {
            let _ = body.set_attribute("data-loading", "1");
        } else {
            let _ = body.remove_attribute("data-loading");
        }
    }
}

/// What the page's address asks for: `?lang=en&seed=LYNX-42&level=concours&scene=debut`. Read
/// here rather than by the command line's parser, which stays out of the .wasm with the
/// commands (check, report…) that make no sense in a browser. A bad value is said in the
/// console and left out.
pub fn launch_from_url() -> (
    super::launch::Launch,
    Option<crate::core::model::text::Lang>,
) {
    use crate::core::model::text::Lang;
    let search = web_sys::window()
        .and_then(|w| w.location().search().ok())
        .unwrap_or_default();
    let params = web_sys::UrlSearchParams::new_with_str(&search).ok();
    let get = |key: &str| {
        params
            .as_ref()
            .and_then(|p| p.get(key))
            .filter(|v| !v.is_empty())
    };
    let lang = get("lang").and_then(|v| {
        let lang = Lang::parse(&v);
        if lang.is_none() {
            console_warn(&format!("lang=`{v}`: use fr or en"));
        }
        lang
    });
    let mut launch = super::launch::Launch {
        level: get("level"),
        scene: get("scene"),
        seed: get("seed"),
        ..Default::default()
    };
    if launch.scene.is_some() && launch.level.is_none() {
        console_warn("scene=… needs level=… (the mission it is in): left out");
        launch.scene = None;
    }
    (launch, lang)
}

/// A warning in the browser's console.
pub fn console_warn(message: &str) {
    web_sys::console::warn_1(&JsValue::from_str(message));
}

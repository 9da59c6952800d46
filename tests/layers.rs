//! The architecture of docs/design.md, checked on the source: the core's four layers depend
//! one way (model ← check, model ← play ← pages), no two core files import each other, the
//! core never names Bevy, egui, the game or the command line, and the game never names the
//! command line. Unit tests (after `#[cfg(test)]`) may use any layer.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// What each layer of the core may use besides itself (`files` is a leaf anyone may use).
const ALLOWED: &[(&str, &[&str])] = &[
    ("model", &[]),
    ("check", &["model"]),
    ("play", &["model"]),
    ("pages", &["model", "play"]),
    ("files", &[]),
];

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap().flatten() {
        let path = entry.path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The file's code before its unit tests, without comment lines.
fn code_of(path: &Path) -> String {
    let text = std::fs::read_to_string(path).unwrap();
    let code = text.split("#[cfg(test)]").next().unwrap_or_default();
    code.lines()
        .filter(|l| !l.trim_start().starts_with("//"))
        .collect::<Vec<_>>()
        .join("\n")
}

/// `src/core/play/duel.rs` → ("play", "play::duel"); `src/core/files.rs` → ("files", "files");
/// `src/core/play/mod.rs` → ("play", "play").
fn module_of(path: &Path) -> (String, String) {
    let rel = path.strip_prefix("src/core").unwrap().with_extension("");
    let parts: Vec<String> = rel
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .filter(|p| p != "mod")
        .collect();
    match parts.first() {
        Some(layer) => (layer.clone(), parts.join("::")),
        // `src/core/mod.rs` only declares the layers.
        None => ("mod".into(), "mod".into()),
    }
}

/// Every `crate::core::…` path the code names, as `layer::module` (or `layer` alone).
fn core_paths(code: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for (i, _) in code.match_indices("crate::core::") {
        let rest = &code[i + "crate::core::".len()..];
        let path: String = rest
            .chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_' || *c == ':')
            .collect();
        let parts: Vec<&str> = path.split("::").filter(|p| !p.is_empty()).collect();
        if let Some(layer) = parts.first() {
            // `crate::core::play::run` names a module; `crate::core::play::Run` an item of
            // the layer's root.
            match parts.get(1) {
                Some(m) if m.chars().next().is_some_and(|c| c.is_lowercase()) => {
                    out.insert(format!("{layer}::{m}"))
                }
                _ => out.insert(layer.to_string()),
            };
        }
    }
    out
}

fn core_files() -> Vec<PathBuf> {
    let mut files = Vec::new();
    rust_files(Path::new("src/core"), &mut files);
    files.sort();
    assert!(files.len() > 20, "the core's files are found");
    files
}

#[test]
fn core_layers_depend_one_way() {
    let allowed: BTreeMap<&str, &[&str]> = ALLOWED.iter().copied().collect();
    let mut wrong = Vec::new();
    for path in core_files() {
        let (layer, _) = module_of(&path);
        if layer == "mod" {
            continue;
        }
        let may = allowed
            .get(layer.as_str())
            .unwrap_or_else(|| panic!("{}: a core layer not in ALLOWED", path.display()));
        for used in core_paths(&code_of(&path)) {
            let used_layer = used.split("::").next().unwrap();
            if used_layer != layer && used_layer != "files" && !may.contains(&used_layer) {
                wrong.push(format!("{} ({layer}) uses {used}", path.display()));
            }
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn no_two_core_files_import_each_other() {
    let mut uses: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for path in core_files() {
        let (_, module) = module_of(&path);
        let mut used = core_paths(&code_of(&path));
        used.remove(&module);
        uses.insert(module, used);
    }
    let mut cycles = Vec::new();
    for (a, used) in &uses {
        for b in used {
            if a < b && uses.get(b).is_some_and(|u| u.contains(a)) {
                cycles.push(format!("{a} ↔ {b}"));
            }
        }
    }
    assert!(cycles.is_empty(), "{}", cycles.join("\n"));
}

#[test]
fn the_core_names_no_engine_and_the_game_no_command_line() {
    let mut wrong = Vec::new();
    for path in core_files() {
        let code = code_of(&path);
        for name in ["bevy", "egui", "crate::game", "crate::cli"] {
            if code.contains(name) {
                wrong.push(format!("{} names {name}", path.display()));
            }
        }
    }
    let mut game = Vec::new();
    rust_files(Path::new("src/game"), &mut game);
    assert!(!game.is_empty());
    for path in game {
        if code_of(&path).contains("crate::cli") {
            wrong.push(format!("{} names crate::cli", path.display()));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

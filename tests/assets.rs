//! Every file shipped under `assets/` has a licence entry: its folder's README.md names it,
//! and the licence files it points to are there.

use std::path::{Path, PathBuf};

fn files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            files(&path, out);
        } else {
            out.push(path);
        }
    }
}

#[test]
fn every_asset_has_a_licence_entry() {
    let mut all = Vec::new();
    files(Path::new("assets"), &mut all);
    assert!(all.len() > 3, "the assets were found");
    let top = std::fs::read_to_string("assets/README.md").unwrap();
    for file in &all {
        let name = file.file_name().unwrap().to_string_lossy();
        if name == "README.md" || name.starts_with("LICENSE") {
            continue;
        }
        let folder = file.parent().unwrap();
        let readme = std::fs::read_to_string(folder.join("README.md"))
            .unwrap_or_else(|_| panic!("{} has no README.md", folder.display()));
        // A file is named whole, or by its stem (`AtkinsonHyperlegible-Regular-latin.ttf`, and
        // `…-latin-ext.ttf` beside it).
        let stem = name.split('-').next().unwrap();
        assert!(
            readme.contains(name.as_ref()) || readme.contains(stem),
            "{} is not in {}/README.md",
            file.display(),
            folder.display()
        );
        let sub = folder
            .strip_prefix("assets")
            .unwrap()
            .to_string_lossy()
            .to_string();
        assert!(
            top.contains(&format!("`{sub}/`")),
            "{sub}/ is not in assets/README.md"
        );
    }
    // The licences the fonts' README points to exist.
    let fonts = std::fs::read_to_string("assets/fonts/README.md").unwrap();
    for licence in fonts.split('`').filter(|s| s.starts_with("LICENSE")) {
        assert!(
            Path::new("assets/fonts").join(licence).exists(),
            "{licence}"
        );
    }
}

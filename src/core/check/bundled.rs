//! The shipped campaign compiled into the program: what the game plays when no `levels/`
//! folder is found (a copy on a USB stick, a desktop shortcut that starts elsewhere). A
//! teacher's `--levels DIR` and a `levels/` folder beside the game still come first.

use crate::core::check::Memory;

/// The manifest's path inside [`files`], as on disk.
pub const MANIFEST: &str = "levels/campaign.ron";

/// Every file of `levels/`, as read when the game was built (a test checks none is missing).
pub const FILES: [(&str, &str); 14] = [
    (
        "levels/campaign.ron",
        include_str!("../../../levels/campaign.ron"),
    ),
    (
        "levels/glossary.ron",
        include_str!("../../../levels/glossary.ron"),
    ),
    (
        "levels/ch1-concours.ron",
        include_str!("../../../levels/ch1-concours.ron"),
    ),
    (
        "levels/ch1-groupe-classe.ron",
        include_str!("../../../levels/ch1-groupe-classe.ron"),
    ),
    (
        "levels/ch1-lampe.ron",
        include_str!("../../../levels/ch1-lampe.ron"),
    ),
    (
        "levels/ch2-mot-de-passe.ron",
        include_str!("../../../levels/ch2-mot-de-passe.ron"),
    ),
    (
        "levels/ch2-photo-sortie.ron",
        include_str!("../../../levels/ch2-photo-sortie.ron"),
    ),
    (
        "levels/ch2-streak.ron",
        include_str!("../../../levels/ch2-streak.ron"),
    ),
    (
        "levels/ch3-cookies.ron",
        include_str!("../../../levels/ch3-cookies.ron"),
    ),
    (
        "levels/ch3-nouvel-ami.ron",
        include_str!("../../../levels/ch3-nouvel-ami.ron"),
    ),
    (
        "levels/ch3-quiz-perso.ron",
        include_str!("../../../levels/ch3-quiz-perso.ron"),
    ),
    (
        "levels/ch4-dossier.ron",
        include_str!("../../../levels/ch4-dossier.ron"),
    ),
    (
        "levels/ch4-fuite.ron",
        include_str!("../../../levels/ch4-fuite.ron"),
    ),
    (
        "levels/ch4-hameconnage.ron",
        include_str!("../../../levels/ch4-hameconnage.ron"),
    ),
];

/// The files, ready to be checked like a folder on disk.
pub fn files() -> Memory {
    let mut memory = Memory::default();
    for (path, text) in FILES {
        memory.insert(path, Ok(text.as_bytes().to_vec()));
    }
    memory
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_shipped_file_is_bundled_and_the_campaign_checks_clean() {
        let mut on_disk: Vec<String> = std::fs::read_dir("levels")
            .unwrap()
            .flatten()
            .map(|e| format!("levels/{}", e.file_name().to_string_lossy()))
            .filter(|p| p.ends_with(".ron"))
            .collect();
        on_disk.sort();
        let mut bundled: Vec<String> = FILES.iter().map(|(p, _)| p.to_string()).collect();
        bundled.sort();
        assert_eq!(bundled, on_disk);
        let c = crate::core::check::check_campaign(&files(), MANIFEST);
        assert_eq!(c.all_diagnostics().count(), 0);
        assert_eq!(c.playable_levels().len(), FILES.len() - 2);
    }
}

//! Which characters the game's fonts can draw (`assets/fonts/drawable.txt`, written by
//! `assets/fonts/subset.py` and checked against the fonts by a game test). The game bundles
//! only the symbols and emoji its own texts use, so a teacher's new emoji would show as an
//! empty box: the checker says so instead (W023).

use std::sync::OnceLock;

const LIST: &str = include_str!("../../../assets/fonts/drawable.txt");

/// The list's ranges, inclusive, in order.
fn ranges() -> &'static [(u32, u32)] {
    static RANGES: OnceLock<Vec<(u32, u32)>> = OnceLock::new();
    RANGES.get_or_init(|| {
        LIST.lines()
            .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
            .map(|l| {
                let (a, b) = l.trim().split_once('-').expect("drawable.txt: a range A-B");
                let hex = |s: &str| u32::from_str_radix(s, 16).expect("drawable.txt: hex");
                (hex(a), hex(b))
            })
            .collect()
    })
}

/// Whether the game can draw `c`: whitespace and the characters that only shape an emoji
/// (the variation selector, the zero-width joiner) need no glyph, any other must be in the
/// fonts.
pub fn drawable(c: char) -> bool {
    c.is_whitespace() || c.is_control() || matches!(c, '\u{fe0f}' | '\u{200d}') || in_fonts(c)
}

/// Whether one of the game's fonts has a glyph for `c` (the list as written).
pub fn in_fonts(c: char) -> bool {
    let c = c as u32;
    let ranges = ranges();
    let i = ranges.partition_point(|&(_, end)| end < c);
    ranges.get(i).is_some_and(|&(start, _)| start <= c)
}

/// The first character of `text` the game cannot draw.
pub fn first_undrawable(text: &str) -> Option<char> {
    text.chars().find(|&c| !drawable(c))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn french_text_and_the_shipped_emoji_are_drawable() {
        assert_eq!(
            first_undrawable("Élodie a reçu « ça » : 🎁 📱 😀 ★ → œ …"),
            None
        );
    }

    #[test]
    fn an_emoji_the_fonts_lack_is_found() {
        // A unicorn and a CJK character: neither is in the bundled fonts (written as escapes
        // so that this file's own text stays drawable).
        assert_eq!(first_undrawable("Un cadeau \u{1F984} !"), Some('\u{1F984}'));
        assert_eq!(first_undrawable("\u{6F22}"), Some('\u{6F22}'));
        assert!(!drawable('\u{10FFFF}'));
    }

    #[test]
    fn the_list_is_sorted_and_disjoint() {
        let r = ranges();
        assert!(r.len() > 10);
        assert!(r.iter().all(|(a, b)| a <= b));
        assert!(r.windows(2).all(|w| w[0].1 < w[1].0));
    }
}

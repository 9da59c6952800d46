//! Seeded randomness from a class code, identical on every platform.
//!
//! A class code such as `LYNX-42` fixes every random draw (option order, duel board, random
//! events) so a whole class plays the same run, natively and in the browser. The recipe is
//! fixed and documented so it can never drift:
//!
//! 1. normalise the code: spaces dropped, ASCII letters upper-cased (` lynx-42 ` → `LYNX-42`);
//!    only A–Z, 0–9 and `-` are allowed, 16 characters at most;
//! 2. hash `code + "/" + context` (context = what the draw is for, e.g. `options/concours/intro`)
//!    with 64-bit FNV-1a;
//! 3. expand that hash into a 32-byte seed with four SplitMix64 steps (little-endian);
//! 4. draw from ChaCha8 (`rand_chacha::ChaCha8Rng`, a portable, specified stream cipher);
//! 5. a number below `n` is drawn by rejection (no modulo bias); a shuffle is Fisher–Yates
//!    from the last element down.
//!
//! Seeding each context separately means the order of a scene's options does not depend on
//! which path the pupil took to reach it.

use rand_chacha::ChaCha8Rng;
use rand_chacha::rand_core::{Rng, SeedableRng};

/// A normalised class code.
#[derive(Clone, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub struct ClassCode(String);

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CodeError {
    Empty,
    TooLong,
    BadChar(char),
}

impl CodeError {
    /// The message in the player's language.
    pub fn message(&self, lang: crate::core::model::text::Lang) -> String {
        match self {
            CodeError::Empty => lang.pick("code de classe vide", "empty class code").into(),
            CodeError::TooLong => lang
                .pick(
                    "code trop long (16 caractères au plus)",
                    "class code too long (16 characters at most)",
                )
                .into(),
            CodeError::BadChar(c) => lang.pick(
                format!("« {c} » n'est pas permis : lettres A–Z, chiffres et -"),
                format!("`{c}` is not allowed in a class code: letters A–Z, digits and -"),
            ),
        }
    }
}

/// Both languages, for logs and the command line (`--seed`).
impl std::fmt::Display for CodeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        use crate::core::model::text::Lang;
        write!(f, "{} / {}", self.message(Lang::En), self.message(Lang::Fr))
    }
}

impl std::error::Error for CodeError {}

const MAX_LEN: usize = 16;

/// The ending of a class code that hides the privacy meter (see [`ClassCode::hides_privacy`]).
pub const HIDDEN_PRIVACY: &str = "-CACHE";

/// Animal names for generated codes: easy to say aloud and to type.
const WORDS: [&str; 24] = [
    "LYNX", "OURS", "LOUP", "AIGLE", "CERF", "HIBOU", "RENARD", "LOUTRE", "CASTOR", "FAUCON",
    "ZEBRE", "PUMA", "KOALA", "PANDA", "TIGRE", "BISON", "CHAMOIS", "GECKO", "IBIS", "LAMA",
    "MORSE", "OCELOT", "PINSON", "YAK",
];

impl ClassCode {
    pub fn parse(input: &str) -> Result<ClassCode, CodeError> {
        let code: String = input
            .chars()
            .filter(|c| !c.is_whitespace())
            .map(|c| c.to_ascii_uppercase())
            .collect();
        if code.is_empty() {
            return Err(CodeError::Empty);
        }
        if code.chars().count() > MAX_LEN {
            return Err(CodeError::TooLong);
        }
        if let Some(bad) = code
            .chars()
            .find(|c| !(c.is_ascii_uppercase() || c.is_ascii_digit() || *c == '-'))
        {
            return Err(CodeError::BadChar(bad));
        }
        Ok(ClassCode(code))
    }

    /// A code ending in `-CACHE` (`LYNX-42-CACHE`) hides the privacy meter during missions
    /// for everyone who plays with it; it is revealed at the debrief.
    pub fn hides_privacy(&self) -> bool {
        self.0.ends_with(HIDDEN_PRIVACY)
    }

    /// A new code like `LYNX-42`, from any 64-bit entropy (the game passes the clock).
    pub fn generate(entropy: u64) -> ClassCode {
        let mut draws = Draws::from_seed(splitmix_seed(entropy));
        let word = WORDS[draws.below(WORDS.len() as u32) as usize];
        let number = 10 + draws.below(90);
        ClassCode(format!("{word}-{number}"))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The draws for one purpose (`context`), e.g. `options/concours/intro`.
    pub fn draws(&self, context: &str) -> Draws {
        let mut hash = fnv1a(self.0.as_bytes(), FNV_OFFSET);
        hash = fnv1a(b"/", hash);
        hash = fnv1a(context.as_bytes(), hash);
        Draws::from_seed(splitmix_seed(hash))
    }
}

/// The order in which a scene's `len` items (options, fields, answers) are shown: drawn from
/// the class code, so the whole class sees the same order in a mission and on the duel board;
/// as written when there is no code.
pub fn item_order(code: Option<&ClassCode>, level: &str, scene: &str, len: usize) -> Vec<usize> {
    match code {
        Some(code) => code
            .draws(&format!("options/{level}/{scene}"))
            .permutation(len),
        None => (0..len).collect(),
    }
}

impl std::fmt::Display for ClassCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
const FNV_PRIME: u64 = 0x0000_0100_0000_01b3;

fn fnv1a(bytes: &[u8], mut hash: u64) -> u64 {
    for &b in bytes {
        hash ^= u64::from(b);
        hash = hash.wrapping_mul(FNV_PRIME);
    }
    hash
}

fn splitmix_seed(mut state: u64) -> [u8; 32] {
    let mut seed = [0u8; 32];
    for chunk in seed.chunks_mut(8) {
        state = state.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = state;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^= z >> 31;
        chunk.copy_from_slice(&z.to_le_bytes());
    }
    seed
}

/// A stream of draws.
pub struct Draws(ChaCha8Rng);

impl Draws {
    fn from_seed(seed: [u8; 32]) -> Draws {
        Draws(ChaCha8Rng::from_seed(seed))
    }

    pub fn next_u32(&mut self) -> u32 {
        self.0.next_u32()
    }

    /// A number in `0..n` (`n` > 0), without modulo bias.
    pub fn below(&mut self, n: u32) -> u32 {
        assert!(n > 0, "below(0)");
        // Reject the top values that would make some results more likely.
        let zone = u32::MAX - (u32::MAX - n + 1) % n;
        loop {
            let v = self.next_u32();
            if v <= zone {
                return v % n;
            }
        }
    }

    pub fn shuffle<T>(&mut self, items: &mut [T]) {
        for i in (1..items.len()).rev() {
            let j = self.below(i as u32 + 1) as usize;
            items.swap(i, j);
        }
    }

    /// `0..n` in a shuffled order.
    pub fn permutation(&mut self, n: usize) -> Vec<usize> {
        let mut order: Vec<usize> = (0..n).collect();
        self.shuffle(&mut order);
        order
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_normalised_and_checked() {
        assert_eq!(ClassCode::parse(" lynx-42 ").unwrap().as_str(), "LYNX-42");
        assert_eq!(ClassCode::parse("Lynx 42").unwrap().as_str(), "LYNX42");
        assert_eq!(ClassCode::parse("").unwrap_err(), CodeError::Empty);
        assert_eq!(
            ClassCode::parse("élan").unwrap_err(),
            CodeError::BadChar('é')
        );
        assert_eq!(
            ClassCode::parse("ABCDEFGHIJKLMNOPQ").unwrap_err(),
            CodeError::TooLong
        );
        let g = ClassCode::generate(7);
        assert!(ClassCode::parse(g.as_str()).is_ok());
    }

    /// Golden values: if this test fails, every class's runs have changed — on purpose only.
    #[test]
    fn golden_draws_never_change() {
        let code = ClassCode::parse("LYNX-42").unwrap();
        let mut d = code.draws("options/concours/intro");
        let first: Vec<u32> = (0..4).map(|_| d.next_u32()).collect();
        assert_eq!(first, GOLDEN_FIRST);
        // The lines the browser test also checks through the .wasm.
        let mut lines = 0;
        for line in include_str!(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/golden/class-code.txt"
        ))
        .lines()
        {
            let words: Vec<&str> = line.split_whitespace().collect();
            if line.starts_with('#') || words.len() < 3 {
                continue;
            }
            let mut d = ClassCode::parse(words[0]).unwrap().draws(words[1]);
            for w in &words[2..] {
                assert_eq!(d.next_u32(), w.parse::<u32>().unwrap(), "{line}");
            }
            lines += 1;
        }
        assert!(lines >= 2, "tests/golden/class-code.txt lost its lines");
        let mut d = code.draws("duel/board");
        assert_eq!(d.permutation(10), GOLDEN_PERMUTATION);
        assert_eq!(ClassCode::generate(2026).as_str(), GOLDEN_GENERATED);
    }

    const GOLDEN_FIRST: [u32; 4] = [833863739, 3890271511, 2755593769, 4173357039];
    const GOLDEN_PERMUTATION: [usize; 10] = [5, 7, 0, 8, 1, 3, 4, 2, 6, 9];
    const GOLDEN_GENERATED: &str = "LYNX-70";

    #[test]
    fn items_keep_their_order_without_a_code_and_share_one_order_per_scene_with_one() {
        assert_eq!(item_order(None, "concours", "intro", 4), vec![0, 1, 2, 3]);
        let code = ClassCode::parse("LYNX-42").unwrap();
        let order = item_order(Some(&code), "concours", "intro", 4);
        let mut sorted = order.clone();
        sorted.sort();
        assert_eq!(sorted, vec![0, 1, 2, 3], "a permutation: {order:?}");
        assert_eq!(order, item_order(Some(&code), "concours", "intro", 4));
        // The draw is keyed by level and scene: over many scenes the orders differ.
        let orders: std::collections::BTreeSet<Vec<usize>> = (0..20)
            .map(|i| item_order(Some(&code), "concours", &format!("s{i}"), 4))
            .collect();
        assert!(orders.len() > 5, "{orders:?}");
    }

    #[test]
    fn below_is_in_range_and_uses_every_value() {
        let mut d = ClassCode::parse("TEST").unwrap().draws("x");
        let mut seen = [0u32; 7];
        for _ in 0..7000 {
            seen[d.below(7) as usize] += 1;
        }
        assert!(seen.iter().all(|&c| c > 800), "{seen:?}");
    }
}

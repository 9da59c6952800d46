//! "Did you mean …?" — the closest known name to a misspelt one.

/// Edit distance between two short strings (case-insensitive).
pub fn distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.to_lowercase().chars().collect();
    let b: Vec<char> = b.to_lowercase().chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0; b.len() + 1];
    for (i, ca) in a.iter().enumerate() {
        cur[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != cb);
            cur[j + 1] = (prev[j] + cost).min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
}

/// How many "did you mean" searches one file gets. Each compares the wrong name with every
/// known one, so a file with thousands of wrong names would take quadratic time; past the
/// first ones, a teacher fixes the pattern, not each name.
pub const SUGGESTIONS_PER_FILE: usize = 200;

/// The "did you mean" searches left for one file.
pub struct Suggest {
    left: usize,
}

impl Default for Suggest {
    fn default() -> Suggest {
        Suggest {
            left: SUGGESTIONS_PER_FILE,
        }
    }
}

impl Suggest {
    /// [`closest`], while the file's budget lasts; then no suggestion.
    pub fn closest<'a, I: IntoIterator<Item = &'a str>>(
        &mut self,
        wrong: &str,
        candidates: I,
    ) -> Option<String> {
        if self.left == 0 {
            return None;
        }
        self.left -= 1;
        closest(wrong, candidates)
    }
}

/// The candidate closest to `wrong`, if it is close enough to be a likely typo.
pub fn closest<'a, I: IntoIterator<Item = &'a str>>(wrong: &str, candidates: I) -> Option<String> {
    // Very long inputs are not typos; comparing them would only waste time.
    if wrong.chars().count() > 64 {
        return None;
    }
    let limit = (wrong.chars().count() / 3).max(2);
    let lower = wrong.to_lowercase();
    let candidates: Vec<&str> = candidates
        .into_iter()
        .filter(|c| c.chars().count() <= 64)
        .collect();
    candidates
        .iter()
        .map(|c| (distance(wrong, c), *c))
        .filter(|(d, _)| *d <= limit)
        .min_by_key(|(d, _)| *d)
        // A shortened name (`donnee-perso` for `donnee-personnelle`) is a likely slip too.
        .or_else(|| {
            (lower.chars().count() >= 4)
                .then(|| {
                    candidates
                        .iter()
                        .find(|c| c.to_lowercase().starts_with(&lower))
                })
                .flatten()
                .map(|c| (0, *c))
        })
        .map(|(_, c)| c.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_gets_a_bounded_number_of_searches() {
        let mut s = Suggest::default();
        for _ in 0..SUGGESTIONS_PER_FILE {
            assert_eq!(s.closest("intor", ["intro"]), Some("intro".into()));
        }
        assert_eq!(s.closest("intor", ["intro"]), None);
    }

    #[test]
    fn suggests_near_names_only() {
        assert_eq!(distance("intro", "intro"), 0);
        assert_eq!(distance("sceen2", "scene2"), 2);
        assert_eq!(
            closest("Adress", ["Address", "Email"]),
            Some("Address".into())
        );
        assert_eq!(closest("intor", ["intro", "fin"]), Some("intro".into()));
        assert_eq!(closest("zzzzzz", ["intro", "fin"]), None);
        assert_eq!(
            closest("donnee-perso", ["donnee-personnelle", "cookie"]),
            Some("donnee-personnelle".into())
        );
    }
}

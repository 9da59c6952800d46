//! The score formula, in one place.
//!
//! * *Vie privée* (privacy) starts at 100. Each item shared costs its weight (see
//!   [`DataKind::weight`](crate::core::model::data::DataKind)), options may add an extra change.
//! * *Mission* starts at 0 and gains the points the level gives for achieving the goal.
//! * **score = (100 + privacy change + mission points) / 2**, rounded down, clamped to 0–100;
//!   with both meters in 0–100 this is their average.
//! * Stars: a failure ending earns 0, a partial ending 1, a success ending 1, plus one star
//!   per threshold (`two`, `three`) the score reaches.
//!
//! The formula is linear in the changes along a path; that is what lets the checker find the
//! exact minimum and maximum score of a level without enumerating its paths.

use crate::core::model::level::{Outcome, Stars};

/// The meters shown during play.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Meters {
    /// Total change of the privacy meter (≤ 0 when data left).
    pub privacy_delta: i32,
    pub mission: i32,
}

impl Meters {
    /// The privacy meter as displayed, 0–100.
    pub fn privacy(&self) -> i32 {
        (100 + self.privacy_delta).clamp(0, 100)
    }

    /// The mission meter as displayed, 0–100.
    pub fn mission(&self) -> i32 {
        self.mission.clamp(0, 100)
    }

    pub fn score(&self) -> i32 {
        score_of_sum(self.privacy_delta + self.mission)
    }
}

/// The score given the sum of all meter changes along a path.
pub fn score_of_sum(sum: i32) -> i32 {
    ((100 + sum).div_euclid(2)).clamp(0, 100)
}

pub fn stars(outcome: Outcome, score: i32, thresholds: Stars) -> u8 {
    match outcome {
        Outcome::Failure => 0,
        Outcome::Partial => 1,
        Outcome::Success => {
            1 + u8::from(score >= thresholds.two) + u8::from(score >= thresholds.three)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn score_is_the_average_of_the_meters() {
        let m = Meters {
            privacy_delta: -20,
            mission: 60,
        };
        assert_eq!(m.privacy(), 80);
        assert_eq!(m.score(), 70);
        assert_eq!(score_of_sum(-400), 0);
        assert_eq!(score_of_sum(400), 100);
        assert_eq!(score_of_sum(-1), 49);
    }

    #[test]
    fn sharing_nothing_and_achieving_nothing_is_no_win() {
        // Nothing shared: privacy stays 100, but the mission was not achieved.
        let m = Meters::default();
        let s = stars(Outcome::Success, m.score(), Stars::default());
        assert_eq!(m.score(), 50);
        assert_eq!(s, 1);
        assert_eq!(stars(Outcome::Failure, 100, Stars::default()), 0);
        assert_eq!(stars(Outcome::Partial, 100, Stars::default()), 1);
        assert_eq!(stars(Outcome::Success, 85, Stars::default()), 3);
    }
}

//! The check-worthiness score of a proposal or claim: a number in 0..=1
//! kept in hundredths, so it compares exactly, prints as written
//! ("0.83") and round-trips through a claim file unchanged.

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A check-worthiness score in hundredths (0 ..= 100).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Score(u8);

impl Score {
    /// The score nearest to `p`, clamped to 0..=1 (NaN counts as 0).
    pub fn from_f32(p: f32) -> Score {
        let p = if p.is_nan() { 0.0 } else { p.clamp(0.0, 1.0) };
        Score((p * 100.0).round() as u8)
    }

    /// The score as a number in 0..=1.
    pub fn get(self) -> f32 {
        f32::from(self.0) / 100.0
    }

    /// The score in hundredths.
    pub fn hundredths(self) -> u8 {
        self.0
    }
}

impl std::fmt::Display for Score {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}.{:02}", self.0 / 100, self.0 % 100)
    }
}

impl Serialize for Score {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_f64(f64::from(self.0) / 100.0)
    }
}

impl<'de> Deserialize<'de> for Score {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Score, D::Error> {
        let v = f64::deserialize(d)?;
        if !(0.0..=1.0).contains(&v) {
            return Err(serde::de::Error::custom(format!(
                "score {v} is outside 0..1"
            )));
        }
        Ok(Score((v * 100.0).round() as u8))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rounds_clamps_and_prints() {
        assert_eq!(Score::from_f32(0.834).to_string(), "0.83");
        assert_eq!(Score::from_f32(1.7).to_string(), "1.00");
        assert_eq!(Score::from_f32(-1.0).to_string(), "0.00");
        assert_eq!(Score::from_f32(f32::NAN).hundredths(), 0);
        assert!(Score::from_f32(0.5) > Score::from_f32(0.49));
    }

    #[test]
    fn serde_round_trip_and_range() {
        let s = Score::from_f32(0.07);
        let j = serde_json::to_string(&s).expect("serialises");
        assert_eq!(j, "0.07");
        assert_eq!(serde_json::from_str::<Score>(&j).expect("parses"), s);
        assert!(serde_json::from_str::<Score>("1.5").is_err());
        assert!(serde_json::from_str::<Score>("-0.1").is_err());
    }
}

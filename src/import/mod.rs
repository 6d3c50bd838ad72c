//! Published fact-checks brought in from other tools' formats: pure text
//! in, [`crate::model::FactCheck`]s out (no IO; `ops::import` reads the
//! files and commits what this returns).

pub mod claimreview;

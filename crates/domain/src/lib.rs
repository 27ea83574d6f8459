//! The Rà soát domain: households as the review collects them, validation, the poverty
//! standards and the classification they imply. Pure: no files, no database, no clock.
//! Every rule of the review lives here and only here.

pub mod authorisation;
pub mod classify;
pub mod compare;
pub mod date;
pub mod form_fields;
pub mod indicators;
pub mod labels;
pub mod messages;
pub mod model;
pub mod nutrition;
pub mod office_standards;
pub mod open_answers;
pub mod opening_review;
pub mod phieu_a;
pub mod procedure;
pub mod provisional;
pub mod read;
pub mod readings;
pub mod review_steps;
pub mod round;
pub mod round_settings;
pub mod score_a;
pub mod standard;
pub mod survey_date;
pub mod targets;
#[cfg(any(test, feature = "testkit"))]
pub mod testkit;
pub mod validate;
pub mod workflow;

pub use date::{BirthDate, Date};
pub use model::*;
pub use read::{from_json, read_draft, to_json, ReadError};

//! Batches between installations that exchange only files: two enumerators, a commune and a
//! district, each its own store; damaged and hostile batches; any order of delivery; the
//! golden batch every later release must still import.

mod actions;
mod certification;
mod conflicts;
mod duplicate_codes;
mod forged_certificate;
mod golden;
mod hostile;
mod kept_reports;
mod moving;
mod opening_review;
mod property;
mod provisional_winner;
mod review_steps;
mod round_procedure;
mod round_settings;
mod scenario;
mod standards;
mod support;
mod villages;

//! Integration tests of the store: one binary (one link step), one module per concern.

mod access;
mod counted_beside;
mod crash;
mod encrypt_crash;
mod household_list;
mod households;
mod import;
mod journal;
mod kept_figures;
mod kept_reports;
mod method;
mod migrations;
mod move_crash;
mod moved_read_only;
mod moving;
mod opening_review;
mod operations;
mod own_score_table;
mod page_cache;
mod provisional;
mod report;
mod report_fixture;
mod report_targets;
mod round_settings;
mod save_pages;
mod scratch;
mod standards;
mod support;
// background sync
mod sync_history;
mod units;
mod village_filter;
mod village_steps;
mod villages;
mod workflow;

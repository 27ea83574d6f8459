//! The desktop binary: all of it lives in the library, so tests can boot the same app.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]
fn main() {
    rasoat_desktop::run()
}

//! Closing the window keeps the open form. The window's close button would end the page
//! before the form's last keystrokes reach the typing buffer, so the first close request is
//! held: the window is told (`window-closing`), the form keeps what is on screen and asks to
//! close (`close_window`). A window that does not answer is closed anyway after a few seconds,
//! and a second close request closes at once, so the app can never refuse to close.

use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use tauri::{Emitter, Manager, Runtime, Window, WindowEvent};

use crate::error::{CommandError, CommandResult, ErrorCode};

/// The event the window hears when someone closes it.
pub const CLOSING_EVENT: &str = "window-closing";

/// How long the form has to keep what is on screen before the window closes anyway.
const GRACE: Duration = Duration::from_secs(4);

/// Whether a close request is already being held (the next one closes at once).
#[derive(Debug, Default)]
pub struct Closing(AtomicBool);

/// The window's events: a close request is held once while the form keeps its answers.
pub fn on_window_event<R: Runtime>(window: &Window<R>, event: &WindowEvent) {
    let WindowEvent::CloseRequested { api, .. } = event else {
        return;
    };
    let Some(closing) = window.try_state::<Closing>() else {
        return;
    };
    if closing.0.swap(true, Ordering::SeqCst) {
        return;
    }
    api.prevent_close();
    if window.emit(CLOSING_EVENT, ()).is_err() {
        // Nobody can hear it: nothing to wait for.
        let _ = window.destroy();
        return;
    }
    let window = window.clone();
    std::thread::spawn(move || {
        std::thread::sleep(GRACE);
        let _ = window.destroy();
    });
}

/// The form has kept what was on screen: the window closes now.
#[tauri::command]
pub async fn close_window<R: Runtime>(window: Window<R>) -> CommandResult<()> {
    window
        .destroy()
        .map_err(|e| CommandError::detail(ErrorCode::Storage, e))
}

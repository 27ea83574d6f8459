//! Build script: lets tauri-build embed the configuration, the capabilities and the built UI.

fn main() {
    tauri_build::build()
}

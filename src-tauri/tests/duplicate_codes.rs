//! Two households with one code, brought together by a batch, on the window's conflicts
//! screen: the commune numbered its household 00730-SP-017 while the enumerator, offline, gave
//! the same code to another; the import keeps both and the screen lists the code once with
//! both households, counted in the screen's badge, until one is renumbered.

mod common;
use common::{boot, call, App, Window};

use std::path::PathBuf;

use serde_json::{json, Value};

fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!(
        "rasoat-desktop-duplicates-{}-{name}",
        std::process::id()
    ));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir
}

struct Site {
    _app: App,
    w: Window,
    stick: PathBuf,
}

impl Site {
    fn new(name: &str, role: &str) -> Site {
        let dir = temp_dir(name);
        let stick = dir.join("usb");
        std::fs::create_dir_all(&stick).expect("stick");
        let (app, w) = boot(dir.join("store.sqlite"));
        call(
            &w,
            "setup",
            json!({"input": {"role": role, "unit_code": "00730",
                             "user_name": format!("Cán bộ {name}"),
                             "year": 2024, "demo_households": 0}}),
        )
        .expect("setup");
        Site {
            _app: app,
            w,
            stick,
        }
    }

    fn call(&self, cmd: &str, args: Value) -> Value {
        call(&self.w, cmd, args).unwrap_or_else(|e| panic!("{cmd}: {e}"))
    }

    fn id(&self) -> String {
        self.call("exchange_overview", json!({}))["this"]["installation"]
            .as_str()
            .expect("id")
            .to_string()
    }

    /// Enrols the other's card (written to this site's stick).
    fn enrol(&self, other: &Site) {
        let card = other.call(
            "exchange_export_card",
            json!({"folder": other.stick.display().to_string()}),
        );
        self.call("exchange_enrol", json!({"path": card["path"]}));
    }
}

fn example(name: &str) -> Value {
    let text = std::fs::read_to_string(
        PathBuf::from(env!("CARGO_MANIFEST_DIR"))
            .join("../examples/households/")
            .join(name),
    )
    .expect("example");
    serde_json::from_str(&text).expect("json")
}

#[test]
fn a_code_two_computers_gave_two_households_is_listed_on_the_conflicts_screen() {
    let enumerator = Site::new("dup-enum", "enumerator");
    let commune = Site::new("dup-commune", "commune");
    enumerator.enrol(&commune);
    commune.enrol(&enumerator);

    let theirs = example("01-ngheo-diem-a-90.json");
    let mut ours = example("02-can-ngheo-hai-thieu-hut.json");
    ours["code"] = theirs["code"].clone();
    commune.call(
        "save_household",
        json!({"household": ours, "complete": false}),
    );
    enumerator.call(
        "save_household",
        json!({"household": theirs, "complete": false}),
    );
    let batch = enumerator.call(
        "exchange_export_batch",
        json!({"recipient": commune.id(), "folder": enumerator.stick.display().to_string()}),
    );
    let report = commune.call(
        "exchange_import_batches",
        json!({"paths": [batch["path"]], "onProgress": "__CHANNEL__:7"}),
    );
    assert_eq!(report["refused"], json!([]), "{report}");

    // Both households are the commune's; the code is listed once, naming both.
    let listed = commune.call("conflicts_duplicate_codes", json!({}));
    let listed = listed.as_array().expect("list");
    assert_eq!(listed.len(), 1, "{listed:?}");
    let pair = &listed[0];
    assert_eq!(pair["code"], "00730-SP-017");
    assert_eq!(pair["round_year"], 2024);
    let mut ids: Vec<&str> = pair["households"]
        .as_array()
        .expect("households")
        .iter()
        .map(|h| h["household_id"].as_str().expect("id"))
        .collect();
    ids.sort();
    assert_eq!(
        ids,
        [
            theirs["id"].as_str().expect("id"),
            ours["id"].as_str().expect("id")
        ]
    );
    let filled: Vec<&str> = pair["households"]
        .as_array()
        .expect("households")
        .iter()
        .map(|h| h["filled_by"].as_str().expect("who filled it"))
        .collect();
    assert!(filled.contains(&"Cán bộ dup-enum") && filled.contains(&"Cán bộ dup-commune"));
    for h in pair["households"].as_array().expect("households") {
        assert_eq!(h["village"], "Thôn Sính Thầu (thử)");
        assert_eq!(h["status"], "draft");
        // The computer is named by its unit, as the edit conflicts name theirs.
        assert!(
            !h["filled_on_name"].as_str().expect("name").is_empty(),
            "{h}"
        );
    }
    assert_eq!(commune.call("conflicts_list", json!({})), json!([]));
    assert_eq!(
        commune.call("exchange_overview", json!({}))["open_conflicts"],
        1
    );

    // The commune renumbers its own household: the code is one household's again.
    ours["code"] = json!("00730-SP-019");
    commune.call(
        "save_household",
        json!({"household": ours, "complete": false}),
    );
    assert_eq!(
        commune.call("conflicts_duplicate_codes", json!({})),
        json!([])
    );
    assert_eq!(
        commune.call("exchange_overview", json!({}))["open_conflicts"],
        0
    );
}

//! Offices in the window, on Tauri's mock runtime: a province set up in the first run is shown
//! and certified as the province, and an office enrols a card for the days it chose and
//! revokes an installation below it, while a commune cannot revoke its district.

mod common;
use common::{boot, call, App, Window};

use std::collections::BTreeMap;
use std::path::PathBuf;

use rasoat_domain::messages::{render, Lang, Message};
use serde_json::{json, Value};

/// One installation: its store, its window, and a folder standing for its USB stick.
struct Site {
    _app: App,
    w: Window,
    db: PathBuf,
    stick: PathBuf,
}

impl Site {
    fn call(&self, cmd: &str, args: Value) -> Value {
        call(&self.w, cmd, args).unwrap_or_else(|e| panic!("{cmd}: {e}"))
    }

    fn folder(&self) -> String {
        self.stick.display().to_string()
    }

    fn import(&self, paths: &[&str]) -> Value {
        self.call(
            "exchange_import_batches",
            json!({"paths": paths, "onProgress": "__CHANNEL__:7"}),
        )
    }

    /// Every table of the store, digested by the store: what "unchanged" is measured against.
    fn digest(&self) -> BTreeMap<String, String> {
        rasoat_store::Store::open(&self.db)
            .expect("second connection")
            .table_digests()
            .expect("table digests")
    }
}

/// A store set up in the window as `role` of `unit`, with no households.
fn site_of(name: &str, role: &str, unit: &str) -> Site {
    let dir = std::env::temp_dir().join(format!(
        "rasoat-desktop-offices-{}-{name}",
        std::process::id()
    ));
    let _ = std::fs::remove_dir_all(&dir);
    let db = dir.join("store.sqlite");
    let stick = dir.join("usb");
    std::fs::create_dir_all(&stick).expect("stick");
    let (app, w) = boot(db.clone());
    call(
        &w,
        "setup",
        json!({"input": {"role": role, "unit_code": unit, "user_name": format!("Cán bộ {name}"),
                         "year": 2025, "demo_households": 0}}),
    )
    .expect("setup");
    Site {
        _app: app,
        w,
        db,
        stick,
    }
}

/// Each enrols the other's card, as two offices do with files; their installation ids.
fn enrol_both(a: &Site, b: &Site) -> (String, String) {
    let id = |s: &Site| -> String {
        s.call("exchange_overview", json!({}))["this"]["installation"]
            .as_str()
            .expect("id")
            .to_string()
    };
    let a_card = a.call("exchange_export_card", json!({"folder": a.folder()}));
    let b_card = b.call("exchange_export_card", json!({"folder": b.folder()}));
    b.call("exchange_enrol", json!({"path": a_card["path"]}));
    a.call("exchange_enrol", json!({"path": b_card["path"]}));
    (id(a), id(b))
}

fn path_of(written: &Value) -> String {
    written["path"].as_str().expect("path").to_string()
}

fn vietnamese(message: &Value) -> String {
    let message: Message = serde_json::from_value(message.clone()).expect("a catalogue message");
    render(Lang::Vi, &message)
}

#[test]
fn a_province_set_up_in_the_window_is_shown_and_certified_as_the_province() {
    let province = site_of("province-office", "province", "08");
    let commune = site_of("province-commune", "commune", "00721");
    let view = province.call("exchange_overview", json!({}));
    assert_eq!(view["this"]["role"], "province", "{view}");
    assert_eq!(view["this"]["unit_name"], "Tỉnh Tuyên Quang", "{view}");
    // Its dashboard reports for the province: the top of its tables is Tỉnh Tuyên Quang.
    let dashboard = province.call("dashboard", json!({}));
    assert_eq!(dashboard["unit"]["name"], "Tỉnh Tuyên Quang", "{dashboard}");
    let (commune_id, province_id) = enrol_both(&commune, &province);

    // The province's batch down carries the commune's certificate: the commune is certified
    // by the province, and the province is known there by its office and unit.
    let down = province.call(
        "exchange_export_batch",
        json!({"recipient": commune_id, "folder": province.folder()}),
    );
    let report = commune.import(&[&path_of(&down)]);
    assert_eq!(report["refused"], json!([]), "{report}");
    let view = commune.call("exchange_overview", json!({}));
    let own = &view["this_certification"];
    assert_eq!(own["role"], "commune", "{view}");
    assert_eq!(own["certified_by"], province_id.as_str());
    assert_eq!(own["certified_by_role"], "province");
    assert_eq!(own["certified_by_name"], "Tỉnh Tuyên Quang");
    let peer = &view["peers"][0];
    assert_eq!(peer["certification"]["role"], "province", "{view}");
    assert_eq!(peer["certification"]["unit_name"], "Tỉnh Tuyên Quang");
}

/// The row of `installation` among the exchange screen's peers.
fn peer_row<'a>(view: &'a Value, installation: &str) -> &'a Value {
    view["peers"]
        .as_array()
        .expect("peers")
        .iter()
        .find(|p| p["identity"]["installation"] == installation)
        .unwrap_or_else(|| panic!("{installation} not among {view}"))
}

#[test]
fn an_office_enrols_for_a_chosen_period_and_revokes_an_installation_in_the_window() {
    let commune = site_of("period-commune", "commune", "00730");
    let district = site_of("period-district", "district", "026");
    let (commune_id, district_id) = enrol_both(&commune, &district);
    let card = commune.call("exchange_export_card", json!({"folder": commune.folder()}));

    // Enrolled again with the days the office chose: the period is renewed to them.
    let view = district.call(
        "exchange_enrol",
        json!({"path": card["path"], "validFrom": "2025-01-01", "validUntil": "2099-12-31"}),
    );
    let granted = &peer_row(&view, &commune_id)["certification"];
    assert_eq!(
        (&granted["valid_from"], &granted["valid_until"]),
        (&json!("2025-01-01"), &json!("2099-12-31")),
        "{view}"
    );
    // A last day before the first is the person's mistake, said plainly; nothing changes.
    let before = district.digest();
    let err = call(
        &district.w,
        "exchange_enrol",
        json!({"path": card["path"], "validFrom": "2026-01-01", "validUntil": "2025-12-31"}),
    )
    .expect_err("backwards");
    assert_eq!(err["code"], "invalid", "{err}");
    assert!(
        vietnamese(&err["message"]).contains("ngày hết hạn"),
        "{err}"
    );
    assert_eq!(district.digest(), before);

    // A commune does not revoke its district: refused, nothing changes.
    let before = commune.digest();
    let err = call(
        &commune.w,
        "exchange_revoke",
        json!({"installation": district_id}),
    )
    .expect_err("not its to revoke");
    assert_eq!(err["code"], "refused", "{err}");
    assert_eq!(commune.digest(), before);

    // The district revokes the commune (a lost laptop): the screen shows it revoked, by whom.
    let view = district.call("exchange_revoke", json!({"installation": commune_id}));
    let revoked = &peer_row(&view, &commune_id)["revoked"];
    assert_eq!(revoked["revoked_by"], district_id.as_str(), "{view}");
    assert_eq!(revoked["revoked_by_role"], "district");
    assert!(
        revoked["date"].as_str().is_some_and(|d| d.len() == 10),
        "{view}"
    );
}

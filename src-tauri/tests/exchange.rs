//! The exchange screen's commands on Tauri's mock runtime, between two installations in
//! temporary folders that share nothing but files: an enumerator and its commune enrol each
//! other's cards, a batch goes up and is imported with its report, a second copy is a
//! duplicate, a damaged file is refused with the store unchanged, receipts travel back, a
//! conflict made on both sides is compared field by field and resolved by a pick, the screen
//! shows what an office certified and a revocation, and a copied store becomes a new
//! installation.

mod common;
use common::{boot, call, App, Window};

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use rasoat_domain::messages::{render, Lang, Message};
use serde_json::{json, Value};

fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!(
        "rasoat-desktop-exchange-{}-{name}",
        std::process::id()
    ));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir
}

/// One installation: its store, its window, and a folder standing for its USB stick.
struct Site {
    _app: App,
    w: Window,
    db: PathBuf,
    stick: PathBuf,
}

fn site(name: &str, role: &str) -> Site {
    let dir = temp_dir(name);
    let db = dir.join("store.sqlite");
    let stick = dir.join("usb");
    std::fs::create_dir_all(&stick).expect("stick");
    let (app, w) = boot(db.clone());
    call(
        &w,
        "setup",
        json!({"input": {"role": role, "unit_code": "00730", "user_name": format!("Cán bộ {name}"),
                         "year": 2024, "demo_households": 0}}),
    )
    .expect("setup");
    Site {
        _app: app,
        w,
        db,
        stick,
    }
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

fn example(name: &str) -> Value {
    let text = std::fs::read_to_string(
        PathBuf::from(env!("CARGO_MANIFEST_DIR"))
            .join("../examples/households/")
            .join(name),
    )
    .expect("example");
    serde_json::from_str(&text).expect("json")
}

/// Each side writes its card, reads the other's (checking the fingerprint the other shows)
/// and enrols it.
fn enrol_both(a: &Site, b: &Site) -> (String, String) {
    let a_view = a.call("exchange_overview", json!({}));
    let b_view = b.call("exchange_overview", json!({}));
    let a_card = a.call("exchange_export_card", json!({"folder": a.folder()}));
    let b_card = b.call("exchange_export_card", json!({"folder": b.folder()}));
    assert!(
        a_card["file_name"]
            .as_str()
            .expect("name")
            .ends_with(".card"),
        "{a_card}"
    );
    let preview = b.call("exchange_read_card", json!({"path": a_card["path"]}));
    assert_eq!(
        preview["identity"]["fingerprint"],
        a_view["this"]["fingerprint"]
    );
    assert_eq!(preview["already_enrolled"], false);
    let after = b.call("exchange_enrol", json!({"path": a_card["path"]}));
    assert_eq!(
        after["peers"][0]["identity"]["installation"],
        a_view["this"]["installation"]
    );
    a.call("exchange_enrol", json!({"path": b_card["path"]}));
    let again = b.call("exchange_read_card", json!({"path": a_card["path"]}));
    assert_eq!(again["already_enrolled"], true);
    (
        a_view["this"]["installation"]
            .as_str()
            .expect("id")
            .to_string(),
        b_view["this"]["installation"]
            .as_str()
            .expect("id")
            .to_string(),
    )
}

fn path_of(written: &Value) -> String {
    written["path"].as_str().expect("path").to_string()
}

/// A copy of the file with one byte flipped `from_end` bytes before its end (in the
/// encrypted body, before the signature).
fn flip_byte(path: &str, from_end: usize, out: &Path) -> String {
    let mut bytes = std::fs::read(path).expect("batch");
    let i = bytes.len() - from_end;
    bytes[i] ^= 0x40;
    std::fs::write(out, bytes).expect("write");
    out.display().to_string()
}

#[test]
fn a_batch_goes_up_once_copies_are_duplicates_and_damage_is_refused() {
    let enumerator = site("up-enum", "enumerator");
    let commune = site("up-commune", "commune");
    let (enum_id, commune_id) = enrol_both(&enumerator, &commune);

    for name in ["01-ngheo-diem-a-90.json", "02-can-ngheo-hai-thieu-hut.json"] {
        enumerator.call(
            "save_household",
            json!({"household": example(name), "complete": true}),
        );
    }
    let view = enumerator.call("exchange_overview", json!({}));
    assert!(
        view["peers"][0]["pending_entries"].as_i64().expect("n") > 0,
        "{view}"
    );

    let written = enumerator.call(
        "exchange_export_batch",
        json!({"recipient": commune_id, "folder": enumerator.folder()}),
    );
    assert_eq!(written["households"], 2, "{written}");
    assert!(written["bytes"].as_u64().expect("bytes") > 100);
    assert!(written["file_name"]
        .as_str()
        .expect("name")
        .ends_with(".rsbatch"));
    let batch = path_of(&written);

    // Refused files first: each names its reason, and the store does not move.
    let before = commune.digest();
    let tampered = flip_byte(&batch, 100, &commune.stick.join("sua.rsbatch"));
    let empty = commune.stick.join("rong.rsbatch");
    std::fs::write(&empty, b"").expect("empty");
    let missing = commune.stick.join("khong-co.rsbatch");
    let report = commune.import(&[
        &tampered,
        empty.to_str().expect("path"),
        missing.to_str().expect("path"),
    ]);
    let reasons: Vec<&str> = report["refused"]
        .as_array()
        .expect("refused")
        .iter()
        .map(|r| r["reason"].as_str().expect("reason"))
        .collect();
    assert_eq!(
        reasons,
        ["bad_signature", "empty", "unreadable"],
        "{report}"
    );
    assert!(vietnamese(&report["refused"][0]["message"]).contains("chữ ký không hợp lệ"));
    assert_eq!(report["imported"], json!([]));
    assert_eq!(commune.digest(), before, "a refused file changes nothing");

    // The batch itself: two new households at the commune.
    let report = commune.import(&[&batch]);
    assert_eq!(report["new"], 2, "{report}");
    assert_eq!(report["updated"], 0);
    assert_eq!(report["duplicates"], 0);
    assert_eq!(report["conflicts"], json!([]));
    assert_eq!(report["imported"][0]["sender"], enum_id.as_str());
    assert_eq!(report["imported"][0]["already_imported"], false);
    let list = commune.call(
        "list_households",
        json!({"query": {"returned_first": false}}),
    );
    assert_eq!(list["matching"], 2);

    // The same file again (a second copy on the stick): duplicates, nothing changes.
    let after_first = commune.digest();
    let report = commune.import(&[&batch]);
    assert_eq!(report["imported"][0]["already_imported"], true, "{report}");
    assert_eq!(report["new"], 0);
    assert!(report["duplicates"].as_u64().expect("n") > 0);
    assert_eq!(commune.digest(), after_first);

    // The progress the bar hears, phase by phase, for a good file and a damaged one.
    let mut store = rasoat_store::Store::open(&commune.db).expect("store");
    let mut heard = Vec::new();
    let outcome = rasoat_desktop::exchange::import_files(
        &mut store,
        &[batch.clone(), tampered.clone()],
        0,
        &mut |p| heard.push((p.file_index, p.phase, p.fraction)),
    )
    .expect("import");
    assert_eq!(outcome.refused.len(), 1);
    use rasoat_desktop::exchange::ImportPhase::*;
    let phases: Vec<_> = heard.iter().map(|(i, p, _)| (*i, *p)).collect();
    assert_eq!(
        phases,
        [
            (0, Read),
            (0, Verify),
            (0, Decrypt),
            (0, Check),
            (0, Apply),
            (0, Done),
            (1, Read),
            (1, Verify),
            (1, Refused)
        ]
    );
    assert!(heard.windows(2).all(|w| w[0].2 <= w[1].2), "{heard:?}");
    assert_eq!(heard.last().map(|h| h.2), Some(1.0));
    drop(store);
    assert_eq!(commune.digest(), after_first);

    // A batch for another installation is refused too.
    let err = call(
        &commune.w,
        "exchange_export_batch",
        json!({"recipient": "0190aaaa-0000-7000-8000-000000000000", "folder": commune.folder()}),
    )
    .expect_err("not enrolled");
    assert_eq!(err["code"], "refused", "{err}");

    // The commune's receipt tells the enumerator what arrived: nothing left to send.
    let receipt = commune.call(
        "exchange_export_receipt",
        json!({"peer": enum_id, "folder": commune.folder()}),
    );
    let ack = enumerator.call("exchange_import_receipt", json!({"path": receipt["path"]}));
    assert!(ack["newly_acknowledged"].as_i64().expect("n") > 0, "{ack}");
    let view = enumerator.call("exchange_overview", json!({}));
    assert_eq!(view["peers"][0]["pending_entries"], 0, "{view}");
    assert!(!view["peers"][0]["acknowledged"]
        .as_array()
        .expect("acks")
        .is_empty());
    let err = call(
        &enumerator.w,
        "exchange_export_batch",
        json!({"recipient": commune_id, "folder": enumerator.folder()}),
    )
    .expect_err("nothing to send");
    assert!(
        vietnamese(&err["message"]).contains("không có gì mới"),
        "{err}"
    );
}

#[test]
fn a_conflict_from_two_installations_is_compared_and_resolved_by_a_pick() {
    let enumerator = site("cf-enum", "enumerator");
    let commune = site("cf-commune", "commune");
    let (enum_id, commune_id) = enrol_both(&enumerator, &commune);

    let household = example("01-ngheo-diem-a-90.json");
    enumerator.call(
        "save_household",
        json!({"household": household, "complete": false}),
    );
    let first = enumerator.call(
        "exchange_export_batch",
        json!({"recipient": commune_id, "folder": enumerator.folder()}),
    );
    commune.import(&[&path_of(&first)]);

    // Both change the draft from the same parent: the enumerator the roof, the commune a note.
    let mut at_enum = household.clone();
    at_enum["housing"]["roof"] = json!("tiles");
    enumerator.call(
        "save_household",
        json!({"household": at_enum, "complete": false}),
    );
    let mut at_commune = household.clone();
    at_commune["notes"] = json!("Xã sửa ghi chú");
    commune.call(
        "save_household",
        json!({"household": at_commune, "complete": false}),
    );

    let second = enumerator.call(
        "exchange_export_batch",
        json!({"recipient": commune_id, "folder": enumerator.folder()}),
    );
    let report = commune.import(&[&path_of(&second)]);
    assert_eq!(report["conflicts"][0]["code"], "00730-SP-017", "{report}");

    let conflicts = commune.call("conflicts_list", json!({}));
    assert_eq!(conflicts.as_array().expect("list").len(), 1);
    let c = &conflicts[0];
    assert_eq!(c["heads"].as_array().expect("heads").len(), 2);
    assert_eq!(c["heads"][0]["provisional"], true);
    let overview = commune.call("exchange_overview", json!({}));
    assert_eq!(overview["open_conflicts"], 1);

    let detail = commune.call(
        "conflicts_detail",
        json!({"householdId": c["household_id"], "roundId": c["round_id"]}),
    );
    let heads = detail["conflict"]["heads"].as_array().expect("heads");
    let enum_col = heads
        .iter()
        .position(|h| h["origin"] == enum_id.as_str())
        .expect("enumerator's edit");
    let commune_col = 1 - enum_col;
    let fields = detail["fields"].as_array().expect("fields");
    let field = |path: &str| {
        fields
            .iter()
            .find(|f| f["path"] == path)
            .unwrap_or_else(|| panic!("{path} in {detail}"))
    };
    let roof = field("housing.roof");
    assert_eq!(roof["differs"], true);
    assert_eq!(roof["label_key"], "f.roof");
    assert_eq!(roof["display"], "opt:roof");
    assert_eq!(roof["values"][enum_col], json!(["tiles"]));
    assert_eq!(roof["values"][commune_col], json!(["other"]));
    let notes = field("notes");
    assert_eq!(notes["differs"], true);
    assert_eq!(notes["values"][commune_col], json!(["Xã sửa ghi chú"]));
    assert_eq!(field("members[0].name")["differs"], false);
    assert_eq!(field("members[0].name")["label_key"], "m.name");
    let differing: Vec<&str> = fields
        .iter()
        .filter(|f| f["differs"] == true)
        .map(|f| f["path"].as_str().expect("path"))
        .collect();
    assert_eq!(differing, ["housing.roof", "notes"], "{detail}");

    // The commune keeps the enumerator's version; the pick is an entry that travels.
    let keep = heads[enum_col]["entry_id"].clone();
    let left = commune.call(
        "conflicts_resolve",
        json!({"householdId": c["household_id"], "roundId": c["round_id"], "keepEntryId": keep}),
    );
    assert_eq!(left, json!([]));
    let form = commune.call("open_household", json!({"id": c["household_id"]}));
    assert_eq!(form["household"]["housing"]["roof"], "tiles");
    assert_eq!(form["household"]["notes"], household["notes"]);

    let down = commune.call(
        "exchange_export_batch",
        json!({"recipient": enum_id, "folder": commune.folder()}),
    );
    let report = enumerator.import(&[&path_of(&down)]);
    assert_eq!(report["refused"], json!([]), "{report}");
    assert_eq!(enumerator.call("conflicts_list", json!({})), json!([]));
    let form = enumerator.call("open_household", json!({"id": c["household_id"]}));
    assert_eq!(form["household"]["housing"]["roof"], "tiles");

    // Once resolved, the record has no conflict to show.
    let err = call(
        &commune.w,
        "conflicts_detail",
        json!({"householdId": c["household_id"], "roundId": c["round_id"]}),
    )
    .expect_err("resolved");
    assert_eq!(err["code"], "not_found");
}

/// 2025-10-01 08:00 UTC: when the tests' revocation happened (the window's own commands read
/// the clock; this one is the test's).
const REVOKED_AT: i64 = 1_759_305_600_000;

#[test]
fn the_screen_shows_what_the_office_certified_and_a_revoked_installation() {
    let enumerator = site("cert-enum", "enumerator");
    let commune = site("cert-commune", "commune");
    let (enum_id, commune_id) = enrol_both(&enumerator, &commune);

    // Nothing is certified on the enumerator until a batch of the office that enrolled it.
    let view = enumerator.call("exchange_overview", json!({}));
    assert_eq!(view["this_certification"], Value::Null, "{view}");
    assert_eq!(view["this_revoked"], Value::Null);

    // The commune's row for the enumerator: certified here, for the default five years.
    let view = commune.call("exchange_overview", json!({}));
    let peer = &view["peers"][0];
    let granted = &peer["certification"];
    assert_eq!(granted["role"], "enumerator", "{view}");
    assert_eq!(granted["unit_code"], "00730");
    assert_ne!(
        granted["unit_name"], "",
        "the unit's name, not only its code"
    );
    assert_eq!(
        granted["certified_by"],
        Value::Null,
        "enrolled by this installation"
    );
    assert_eq!(granted["state"], "valid");
    let year = |v: &Value| -> i32 { v.as_str().expect("a day")[..4].parse().expect("year") };
    assert_eq!(
        year(&granted["valid_until"]) - year(&granted["valid_from"]),
        5
    );
    assert_eq!(peer["revoked"], Value::Null);

    // The commune's batch down carries the enumerator's certificate, shown as its own.
    let down = commune.call(
        "exchange_export_batch",
        json!({"recipient": enum_id, "folder": commune.folder()}),
    );
    let report = enumerator.import(&[&path_of(&down)]);
    assert_eq!(report["refused"], json!([]), "{report}");
    let view = enumerator.call("exchange_overview", json!({}));
    let own = &view["this_certification"];
    assert_eq!(own["role"], "enumerator", "{view}");
    assert_eq!(own["unit_code"], "00730");
    assert_eq!(own["certified_by"], commune_id.as_str());
    assert_eq!(own["certified_by_role"], "commune");
    assert_eq!(
        own["certified_by_name"], own["unit_name"],
        "the commune of 00730"
    );
    assert_eq!(own["valid_from"], granted["valid_from"]);
    assert_eq!(own["valid_until"], granted["valid_until"]);
    assert_eq!(own["state"], "valid");
    assert!(
        view["peers"]
            .as_array()
            .expect("peers")
            .iter()
            .all(|p| p["identity"]["installation"] != enum_id.as_str()),
        "never its own peer: {view}"
    );

    // The commune revokes the enumerator (a lost laptop; `rasoat revoke` is this call).
    let mut store = rasoat_store::Store::open(&commune.db).expect("second connection");
    rasoat_batch::revoke(&mut store, &enum_id, "Cán bộ thử", REVOKED_AT).expect("revoke");
    drop(store);
    let view = commune.call("exchange_overview", json!({}));
    let revoked = &view["peers"][0]["revoked"];
    assert_eq!(revoked["date"], "2025-10-01", "{view}");
    assert_eq!(revoked["revoked_by"], commune_id.as_str());
    assert_eq!(revoked["revoked_by_role"], "commune");

    // From then on its batches are refused in plain words, the store unchanged.
    enumerator.call(
        "save_household",
        json!({"household": example("01-ngheo-diem-a-90.json"), "complete": true}),
    );
    let up = enumerator.call(
        "exchange_export_batch",
        json!({"recipient": commune_id, "folder": enumerator.folder()}),
    );
    let before = commune.digest();
    let report = commune.import(&[&path_of(&up)]);
    assert_eq!(report["refused"][0]["reason"], "revoked", "{report}");
    let words = vietnamese(&report["refused"][0]["message"]);
    assert!(words.contains("đã bị thu hồi ngày 2025-10-01"), "{words}");
    assert_eq!(report["imported"], json!([]));
    assert_eq!(commune.digest(), before, "a refused file changes nothing");
}

#[test]
fn a_copied_store_becomes_a_new_installation_enrolled_again_and_nothing_is_lost() {
    let enumerator = site("new-enum", "enumerator");
    let commune = site("new-commune", "commune");
    let (enum_id, commune_id) = enrol_both(&enumerator, &commune);
    enumerator.call(
        "save_household",
        json!({"household": example("01-ngheo-diem-a-90.json"), "complete": true}),
    );
    let before = enumerator.call("exchange_overview", json!({}));

    let done = enumerator.call("exchange_new_installation", json!({}));
    assert_eq!(done["previous"], enum_id.as_str(), "{done}");
    let new_id = done["view"]["this"]["installation"]
        .as_str()
        .expect("id")
        .to_string();
    assert_ne!(new_id, enum_id);
    assert_ne!(
        done["view"]["this"]["fingerprint"],
        before["this"]["fingerprint"]
    );
    assert_eq!(done["kept_through"], 0, "the commune acknowledged nothing");
    assert!(done["moved"].as_i64().expect("n") > 0, "{done}");
    assert_eq!(
        done["view"]["peers"][0]["identity"]["installation"],
        commune_id.as_str(),
        "the installations it trusts stay"
    );

    // Its batch waits for the commune to enrol the new card: refused, the store unchanged.
    let up = enumerator.call(
        "exchange_export_batch",
        json!({"recipient": commune_id, "folder": enumerator.folder()}),
    );
    let unchanged = commune.digest();
    let report = commune.import(&[&path_of(&up)]);
    assert_eq!(report["refused"][0]["reason"], "unknown_sender", "{report}");
    assert_eq!(commune.digest(), unchanged);

    // Enrolled again, the same file brings the household, under the new identity.
    let card = enumerator.call(
        "exchange_export_card",
        json!({"folder": enumerator.folder()}),
    );
    commune.call("exchange_enrol", json!({"path": card["path"]}));
    let report = commune.import(&[&path_of(&up)]);
    assert_eq!(report["refused"], json!([]), "{report}");
    assert_eq!(report["new"], 1);
    assert_eq!(report["imported"][0]["sender"], new_id.as_str());
}

/// A message the window received, in the words a Vietnamese-mode window shows.
fn vietnamese(message: &Value) -> String {
    let message: Message = serde_json::from_value(message.clone()).expect("a catalogue message");
    render(Lang::Vi, &message)
}

/// A store set up in the window as `role` of `unit`, with `demo` demo households.
fn site_of(name: &str, role: &str, unit: &str, demo: u32) -> Site {
    let dir = temp_dir(name);
    let db = dir.join("store.sqlite");
    let stick = dir.join("usb");
    std::fs::create_dir_all(&stick).expect("stick");
    let (app, w) = boot(db.clone());
    call(
        &w,
        "setup",
        json!({"input": {"role": role, "unit_code": unit, "user_name": format!("Cán bộ {name}"),
                         "year": 2025, "demo_households": demo}}),
    )
    .expect("setup");
    Site {
        _app: app,
        w,
        db,
        stick,
    }
}

/// (household id, code, commune) of the first household the store at `db` holds.
fn first_household(db: &Path) -> (String, String, String) {
    rasoat_store::Store::open(db)
        .expect("second connection")
        .sql_for_tests()
        .query_row(
            "SELECT id, code, commune_code FROM household ORDER BY id LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .expect("a household")
}

#[test]
fn a_district_transfers_a_household_in_the_window_and_the_screen_says_it_in_plain_words() {
    let district = site_of("transfer-district", "district", "026", 3);
    let (id, code, from) = first_household(&district.db);
    // A commune outside the household's commune and those merged with it in 2025.
    let to = if ["00733", "00736", "00748", "00751"].contains(&from.as_str()) {
        "00715"
    } else {
        "00733"
    };
    assert_eq!(district.call("transfers_list", json!({})), json!([]));
    let before = district.digest();
    let err = call(
        &district.w,
        "transfers_make",
        json!({"householdId": id, "to": to, "reason": "  "}),
    )
    .expect_err("no reason");
    assert_eq!(err["code"], "refused", "{err}");
    assert_eq!(district.digest(), before);

    let preview = district.call("transfers_preview", json!({"code": code, "to": to}));
    assert_eq!(preview[0]["household_id"], id.as_str(), "{preview}");
    assert_eq!(preview[0]["from"], from.as_str());
    assert_eq!(
        district.call("transfers_preview", json!({"code": "KHONG-CO", "to": to})),
        json!([])
    );
    let err = call(
        &district.w,
        "transfers_preview",
        json!({"code": code, "to": "00999"}),
    )
    .expect_err("unknown commune");
    assert_eq!(err["code"], "invalid", "{err}");
    assert_eq!(district.digest(), before);
    let listed = district.call(
        "transfers_make",
        json!({"householdId": id, "to": to, "reason": "Ở với con trai"}),
    );
    let line = &listed[0];
    assert_eq!(line["code"], code.as_str());
    assert_eq!(
        (line["from"].as_str(), line["to"].as_str()),
        (Some(from.as_str()), Some(to))
    );
    assert!(
        line["to_name"].as_str().expect("name").starts_with("Xã"),
        "{line}"
    );
    assert_eq!(line["reason"], "Ở với con trai");
    assert_eq!(
        line["actor"].as_str().map(|a| a.contains("Cán bộ")),
        Some(true),
        "{line}"
    );
    assert_eq!(district.call("transfers_list", json!({})), listed);

    // A commune's window may not move a household, and changes nothing trying.
    let commune = site_of("transfer-commune", "commune", "00721", 2);
    let (id, _, _) = first_household(&commune.db);
    let before = commune.digest();
    let err = call(
        &commune.w,
        "transfers_make",
        json!({"householdId": id, "to": "00715", "reason": "Ở với con trai"}),
    )
    .expect_err("a commune transfers nothing");
    assert_eq!(err["code"], "refused", "{err}");
    assert_eq!(commune.digest(), before);
}

#[test]
fn an_edit_the_old_commune_sent_after_a_transfer_is_shown_kept_as_history() {
    let commune = site_of("late-commune", "commune", "00730", 0);
    let district = site_of("late-district", "district", "026", 0);
    let (_, district_id) = enrol_both(&commune, &district);
    let household = example("01-ngheo-diem-a-90.json");
    commune.call(
        "save_household",
        json!({"household": household, "complete": false}),
    );
    let first = commune.call(
        "exchange_export_batch",
        json!({"recipient": district_id, "folder": commune.folder()}),
    );
    district.import(&[&path_of(&first)]);
    // The commune edits the household offline while the district moves it to 00733.
    let mut edited = household.clone();
    edited["notes"] = json!("Xã sửa ghi chú");
    commune.call(
        "save_household",
        json!({"household": edited, "complete": false}),
    );
    let (id, code, _) = first_household(&district.db);
    district.call(
        "transfers_make",
        json!({"householdId": id, "to": "00733", "reason": "Ở với con trai"}),
    );
    let moved = record_of(&district.db, &id);
    assert_eq!(moved.0, "00733");
    let late = commune.call(
        "exchange_export_batch",
        json!({"recipient": district_id, "folder": commune.folder()}),
    );
    let report = district.import(&[&path_of(&late)]);
    assert_eq!(report["refused"], json!([]), "{report}");
    assert_eq!(report["conflicts"], json!([]), "{report}");
    // The import result says what became of the edit, not "new 0, updated 0" alone.
    assert_eq!(
        (
            &report["new"],
            &report["updated"],
            &report["kept_as_history"]
        ),
        (&json!(0), &json!(0), &json!(1)),
        "{report}"
    );
    assert_eq!(report["imported"][0]["kept_as_history"], 1, "{report}");

    let listed = district.call("transfers_list", json!({}));
    let line = &listed[0];
    assert_eq!(line["code"], code.as_str());
    let kept = line["late_edits"].as_array().expect("late edits");
    assert_eq!(kept.len(), 1, "{line}");
    assert_eq!(
        (kept[0]["commune"].as_str(), kept[0]["to"].as_str()),
        (Some("00730"), Some("00733"))
    );
    assert!(
        kept[0]["to_name"].as_str().expect("name").starts_with("Xã"),
        "{line}"
    );
    // The record stays the one the transfer moved: the commune's note is not applied.
    assert_eq!(record_of(&district.db, &id), moved);
}

/// (commune, content hash) of the household's record in the store at `db`.
fn record_of(db: &Path, household_id: &str) -> (String, String) {
    rasoat_store::Store::open(db)
        .expect("second connection")
        .sql_for_tests()
        .query_row(
            "SELECT commune_code, content_hash FROM survey_record WHERE household_id = ?1",
            [household_id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .expect("record")
}

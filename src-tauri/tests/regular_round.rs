//! A monthly (regular) review of 2026 in the window's panel: it keeps its own year's list, so
//! the panel names it as a monthly review and shows no list opening 2027, while the yearly
//! review of the same year is the transition round with both lists.

mod common;
use common::{boot, call};

use std::path::PathBuf;

use rasoat_domain::messages::{render, Lang, Message};
use rasoat_domain::workflow::Role;
use rasoat_store::{RoundKind, Store};
use serde_json::{json, Value};

fn temp_store(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!(
        "rasoat-desktop-regular-round-{}-{name}",
        std::process::id()
    ));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir.join("store.sqlite")
}

fn vi(message: &Value) -> String {
    let message: Message = serde_json::from_value(message.clone()).expect("a message");
    render(Lang::Vi, &message)
}

#[test]
fn a_monthly_review_of_2026_has_its_own_name_and_no_opening_list_in_the_panel() {
    for (kind, month, title, opening) in [
        (RoundKind::Regular, Some(3), "2026-03 thường xuyên", false),
        (
            RoundKind::Periodic,
            None,
            "rà soát năm 2026 — danh sách áp dụng năm 2027",
            true,
        ),
    ] {
        let path = temp_store(kind.as_str());
        let communes = rasoat_demo::DemoCommune::dong_van();
        let (province, commune) = communes[0].codes_in(2026);
        let id = {
            let mut store = Store::open(&path).expect("store");
            store.load_reference_units().expect("units");
            store
                .init_installation(Role::Commune, commune, "test", 1)
                .expect("init");
            let round = store
                .open_round(2026, kind, month, "nd07-2021", "test", 2)
                .expect("round");
            let day: rasoat_domain::Date = "2026-03-10".parse().expect("day");
            let h = rasoat_demo::synthetic::household(1, province, commune, "Thôn thử", 5, day);
            store
                .save_household(&round.id, &h, None, "test", 3)
                .expect("save");
            h.id
        };
        let (_app, w) = boot(path);
        let form = call(&w, "open_household", json!({"id": id})).expect("form opens");
        let evaluation =
            call(&w, "evaluate", json!({"household": form["household"]})).expect("evaluation");
        for panel in [&form["evaluation"], &evaluation] {
            assert_eq!(vi(&panel["round_title"]), title, "{}", kind.as_str());
            assert_eq!(
                panel["opening"] != Value::Null,
                opening,
                "{}: {}",
                kind.as_str(),
                panel["opening"]
            );
            assert!(panel["classification"] != Value::Null, "{panel}");
        }
    }
}

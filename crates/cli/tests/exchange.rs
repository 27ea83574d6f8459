//! The exchange commands end to end, on the built `rasoat` binary and two store files: identity
//! cards, enrolment, batch export/verify/import, receipts, conflicts list/resolve, and a
//! damaged batch refused with its Vietnamese reason and a non-zero exit code.

mod common;

use std::path::Path;

use common::{failed, installation, ok, path, rasoat, Installation};

/// Conflicts as listed, without the round id (each installation's own).
fn listed_heads(text: &str) -> Vec<String> {
    text.lines()
        .filter(|line| line.starts_with("  "))
        .map(str::to_string)
        .collect()
}

#[test]
fn two_stores_exchange_batches_receipts_and_a_resolution_by_file() {
    let dir = tempfile::tempdir().expect("tempdir");
    let d = dir.path();
    // The enumerator surveys three households; the commune surveyed the first of them too.
    // Seed 36's first three demo households all live in commune 00721, the installations'
    // own: a batch carries only the households of its recipient's units.
    let Installation {
        db: laptop,
        id: laptop_id,
        ..
    } = installation(d, "laptop", "enumerator", "00721", Some(("3", "36")));
    let Installation {
        db: xa, id: xa_id, ..
    } = installation(d, "xa", "commune", "00721", Some(("1", "36")));
    let out = ok(&rasoat(&xa, &["enrol", path(&d.join("laptop.card"))]));
    assert!(
        out.contains(&format!("Đã đăng ký máy {laptop_id}")),
        "{out}"
    );
    assert!(out.contains("Dấu vân tay"), "{out}");
    ok(&rasoat(&laptop, &["enrol", path(&d.join("xa.card"))]));
    let again = ok(&rasoat(&laptop, &["enrol", path(&d.join("xa.card"))]));
    assert!(again.contains("Đã đăng ký từ trước"), "{again}");
    // The office names the period; enrolling again with another renews it.
    let renewed = ok(&rasoat(
        &laptop,
        &[
            "enrol",
            path(&d.join("xa.card")),
            "--valid-from",
            "2025-01-01",
            "--valid-until",
            "2099-12-31",
        ],
    ));
    assert!(
        renewed.contains("Có hiệu lực từ 2025-01-01 đến hết 2099-12-31"),
        "{renewed}"
    );
    assert!(!renewed.contains("Đã đăng ký từ trước"), "{renewed}");
    let backwards = rasoat(
        &laptop,
        &[
            "enrol",
            path(&d.join("xa.card")),
            "--valid-from",
            "2026-01-01",
            "--valid-until",
            "2025-12-31",
        ],
    );
    assert!(!backwards.status.success());
    assert!(
        String::from_utf8_lossy(&backwards.stderr).contains("ngày hết hạn"),
        "{backwards:?}"
    );

    // Laptop → commune.
    let up = d.join("up.rsbatch");
    let out = ok(&rasoat(
        &laptop,
        &["batch", "export", "--to", &xa_id, "--out", path(&up)],
    ));
    assert!(out.contains("Đã ghi lô"), "{out}");
    let out = ok(&rasoat(&xa, &["batch", "verify", path(&up)]));
    assert!(out.contains("Lô hợp lệ"), "{out}");
    assert!(out.contains(&format!("{laptop_id} → {xa_id}")), "{out}");
    let out = ok(&rasoat(&xa, &["batch", "import", path(&up)]));
    // The household surveyed on both shows the provisional winner by content hash, which
    // differs from run to run (installation and round ids are new each time): it is updated
    // here or not.
    assert!(
        out.contains("Hộ mới 2, cập nhật 0, trùng 0, xung đột 1")
            || out.contains("Hộ mới 2, cập nhật 1, trùng 0, xung đột 1"),
        "two new households, one surveyed on both: {out}"
    );
    let out = ok(&rasoat(&xa, &["batch", "import", path(&up)]));
    assert!(out.contains("Lô này đã nhập rồi"), "{out}");
    // A folder: every file tried, a file that is not a batch named with its reason, the
    // command failing so a script sees it.
    let junk = d.join("junk.rsbatch");
    std::fs::write(&junk, b"not a batch at all").expect("junk");
    let folder = rasoat(&xa, &["batch", "import", path(&up), path(&junk)]);
    assert!(!folder.status.success(), "{folder:?}");
    let said = String::from_utf8_lossy(&folder.stderr);
    assert!(
        said.contains("Không nhập / not imported: junk.rsbatch"),
        "{said}"
    );
    // The laptop's action log came with its batch: the commune lists it under the laptop's
    // id, and with its own under --all.
    let theirs = ok(&rasoat(
        &xa,
        &["audit", "--people", "--installation", &laptop_id],
    ));
    // Named by the unit its card says it serves, not by a bare installation id.
    assert!(theirs.contains("(00721)"), "{theirs}");
    assert!(!theirs.contains(&laptop_id), "{theirs}");
    assert!(theirs.contains("(sign_in)"), "{theirs}");
    assert!(!theirs.contains("(máy này)"), "{theirs}");
    let all = ok(&rasoat(&xa, &["audit", "--people", "--all"]));
    assert!(all.contains(&format!("{xa_id} (máy này)")), "{all}");
    assert!(all.contains("(00721)"), "{all}");
    let own = ok(&rasoat(&xa, &["audit", "--people"]));
    assert!(!own.contains(&laptop_id), "{own}");
    let list = ok(&rasoat(&xa, &["households", "list"]));
    assert_eq!(list.lines().count(), 1 + 3, "{list}");

    // Receipt back: the laptop has nothing new for the commune afterwards.
    let receipt = d.join("xa-to-laptop.receipt");
    ok(&rasoat(
        &xa,
        &[
            "receipt",
            "export",
            "--to",
            &laptop_id,
            "--out",
            path(&receipt),
        ],
    ));
    let out = ok(&rasoat(&laptop, &["receipt", "import", path(&receipt)]));
    assert!(out.contains(&format!("Máy {xa_id} xác nhận thêm")), "{out}");
    let nothing = rasoat(
        &laptop,
        &[
            "batch",
            "export",
            "--to",
            &xa_id,
            "--out",
            path(&d.join("empty.rsbatch")),
        ],
    );
    assert!(!nothing.status.success());
    assert!(String::from_utf8_lossy(&nothing.stderr).contains("không có gì mới"));

    // Commune → laptop: both now list the same conflict, the same provisional winner first.
    let down = d.join("down.rsbatch");
    ok(&rasoat(
        &xa,
        &["batch", "export", "--to", &laptop_id, "--out", path(&down)],
    ));
    ok(&rasoat(&laptop, &["batch", "import", path(&down)]));
    // The commune's batch brought what it certified the laptop as; the card still only asks.
    let card = d.join("laptop-again.card");
    let shown = ok(&rasoat(
        &laptop,
        &["identity", "export", "--out", path(&card)],
    ));
    assert!(
        shown.contains("Được chứng nhận / certified: enumerator 00721 — từ ")
            && shown.contains(&format!("bởi máy / by installation {xa_id}")),
        "{shown}"
    );
    let at_xa = ok(&rasoat(&xa, &["conflicts", "list"]));
    let at_laptop = ok(&rasoat(&laptop, &["conflicts", "list"]));
    let heads = listed_heads(&at_xa);
    assert_eq!(heads.len(), 2, "{at_xa}");
    assert!(heads[0].starts_with("  * "), "winner first: {at_xa}");
    assert_eq!(listed_heads(&at_laptop), heads, "{at_laptop}");

    // The commune keeps the other edit; the resolution travels to the laptop.
    let conflict_line = at_xa
        .lines()
        .find(|l| l.starts_with("Hộ / household"))
        .expect("conflict line");
    let household = conflict_line
        .split_whitespace()
        .nth(3)
        .expect("household id");
    let round = conflict_line.rsplit(' ').next().expect("round id");
    let keep = heads[1].split_whitespace().next().expect("entry id");
    let out = ok(&rasoat(
        &xa,
        &[
            "conflicts",
            "resolve",
            household,
            round,
            keep,
            "--actor",
            "cán bộ xã",
        ],
    ));
    assert!(out.contains("Đã giải quyết"), "{out}");
    assert!(ok(&rasoat(&xa, &["conflicts", "list"])).contains("Không có xung đột"));
    let resolution = d.join("resolution.rsbatch");
    ok(&rasoat(
        &xa,
        &[
            "batch",
            "export",
            "--to",
            &laptop_id,
            "--out",
            path(&resolution),
        ],
    ));
    ok(&rasoat(&laptop, &["batch", "import", path(&resolution)]));
    assert!(ok(&rasoat(&laptop, &["conflicts", "list"])).contains("Không có xung đột"));
    let shown_xa = ok(&rasoat(&xa, &["households", "list"]));
    let shown_laptop = ok(&rasoat(&laptop, &["households", "list"]));
    assert_eq!(shown_xa, shown_laptop, "the same final state on both");
}

#[test]
fn a_damaged_batch_is_refused_with_its_reason_and_changes_nothing() {
    let dir = tempfile::tempdir().expect("tempdir");
    let d = dir.path();
    let laptop = installation(d, "laptop", "enumerator", "00721", Some(("2", "7"))).db;
    let Installation {
        db: xa, id: xa_id, ..
    } = installation(d, "xa", "commune", "00721", Some(("1", "7")));
    ok(&rasoat(&xa, &["enrol", path(&d.join("laptop.card"))]));
    ok(&rasoat(&laptop, &["enrol", path(&d.join("xa.card"))]));
    let batch = d.join("up.rsbatch");
    ok(&rasoat(
        &laptop,
        &["batch", "export", "--to", &xa_id, "--out", path(&batch)],
    ));
    let mut bytes = std::fs::read(&batch).expect("read");
    let middle = bytes.len() / 2;
    bytes[middle] ^= 0x01;
    let damaged = d.join("damaged.rsbatch");
    std::fs::write(&damaged, &bytes).expect("write");
    let before = ok(&rasoat(&xa, &["households", "list"]));
    for command in ["verify", "import"] {
        let refused = rasoat(&xa, &["batch", command, path(&damaged)]);
        assert_eq!(refused.status.code(), Some(2), "{command}");
        let stderr = String::from_utf8_lossy(&refused.stderr);
        assert!(
            stderr.contains("chữ ký không hợp lệ (lô / batch): tệp đã bị sửa hoặc giả mạo"),
            "{command}: {stderr}"
        );
    }
    assert_eq!(ok(&rasoat(&xa, &["households", "list"])), before);
    // A batch for another installation, and a file that is not a batch at all.
    let refused = rasoat(&laptop, &["batch", "import", path(&batch)]);
    assert_eq!(refused.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&refused.stderr).contains("do chính máy này gửi đi"));
    let card = d.join("laptop.card");
    let refused = rasoat(&xa, &["batch", "import", path(&card)]);
    assert_eq!(refused.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&refused.stderr).contains("không phải tệp lô của Rà soát"));
}

#[test]
fn a_revoked_laptop_is_refused_with_the_day_it_was_revoked() {
    let dir = tempfile::tempdir().expect("tempdir");
    let d = dir.path();
    let Installation {
        db: laptop,
        id: laptop_id,
        ..
    } = installation(d, "laptop", "enumerator", "00721", Some(("3", "36")));
    let Installation {
        db: xa, id: xa_id, ..
    } = installation(d, "xa", "commune", "00721", Some(("1", "36")));
    ok(&rasoat(&xa, &["enrol", path(&d.join("laptop.card"))]));
    ok(&rasoat(&laptop, &["enrol", path(&d.join("xa.card"))]));
    let up = d.join("up.rsbatch");
    ok(&rasoat(
        &laptop,
        &["batch", "export", "--to", &xa_id, "--out", path(&up)],
    ));
    let out = ok(&rasoat(&xa, &["revoke", &laptop_id]));
    assert!(out.contains("Đã thu hồi máy"), "{out}");
    let before = ok(&rasoat(&xa, &["households", "list"]));
    let refused = rasoat(&xa, &["batch", "import", path(&up)]);
    assert_eq!(refused.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&refused.stderr);
    assert!(
        stderr.contains(&format!("máy {laptop_id} đã bị thu hồi ngày")),
        "{stderr}"
    );
    assert_eq!(ok(&rasoat(&xa, &["households", "list"])), before);
}

#[test]
fn a_copied_store_becomes_a_new_installation_only_when_confirmed() {
    let dir = tempfile::tempdir().expect("tempdir");
    let d = dir.path();
    let Installation { db, id, .. } =
        installation(d, "copy", "commune", "00721", Some(("2", "36")));
    let card = d.join("new.card");
    let refused = rasoat(&db, &["identity", "new-installation", "--out", path(&card)]);
    assert!(!refused.status.success());
    assert!(
        String::from_utf8_lossy(&refused.stderr).contains("--yes"),
        "{refused:?}"
    );
    let out = ok(&rasoat(
        &db,
        &[
            "identity",
            "new-installation",
            "--out",
            path(&card),
            "--yes",
        ],
    ));
    assert!(
        out.contains(&format!("Máy cũ / previous installation: {id}")),
        "{out}"
    );
    assert!(out.contains("Máy mới / new installation:"), "{out}");
    assert!(card.exists());
    // Nothing was acknowledged, so every entry moved to the new installation.
    let again = ok(&rasoat(&db, &["identity", "export", "--out", path(&card)]));
    assert!(!again.contains(&id), "{again}");
}

/// (code, commune) of every household `households list --json` shows.
fn codes_and_communes(db: &Path) -> Vec<(String, String)> {
    let out = ok(&rasoat(db, &["households", "list", "--json"]));
    let rows: Vec<serde_json::Value> = serde_json::from_str(&out).expect("json");
    rows.iter()
        .map(|r| {
            (
                r["code"].as_str().expect("code").to_string(),
                r["commune_code"].as_str().expect("commune").to_string(),
            )
        })
        .collect()
}

#[test]
fn a_district_transfers_a_household_and_a_commune_is_refused_in_plain_words() {
    let dir = tempfile::tempdir().expect("tempdir");
    let d = dir.path();
    let Installation { db: xa, .. } = installation(d, "xa", "commune", "00721", Some(("3", "41")));
    let Installation { db: huyen, .. } =
        installation(d, "huyen", "district", "026", Some(("3", "41")));
    let (code, from) = codes_and_communes(&huyen).remove(0);
    // A commune outside the household's own commune and those merged with it in 2025.
    let to = if ["00733", "00736", "00748", "00751"].contains(&from.as_str()) {
        "00715"
    } else {
        "00733"
    };

    // Refusals, each leaving the store as it was.
    let before = codes_and_communes(&xa);
    let refused = failed(&rasoat(
        &xa,
        &[
            "households",
            "transfer",
            "--household",
            &code,
            "--from",
            &from,
            "--to",
            to,
            "--reason",
            "Ở với con",
        ],
    ));
    assert!(refused.contains("không được chuyển hộ"), "{refused}");
    assert!(refused.contains("may not be transferred"), "{refused}");
    assert_eq!(codes_and_communes(&xa), before);
    let before = codes_and_communes(&huyen);
    for (household, commune, words) in [
        (
            code.as_str(),
            "00999",
            "không có đơn vị hành chính mã `00999`",
        ),
        ("KHONG-CO", to, "không tìm thấy hộ mã `KHONG-CO`"),
    ] {
        let refused = failed(&rasoat(
            &huyen,
            &[
                "households",
                "transfer",
                "--household",
                household,
                "--to",
                commune,
                "--reason",
                "Ở với con",
            ],
        ));
        assert!(refused.contains(words), "{refused}");
        assert!(refused.contains(" / "), "{refused}");
    }
    assert_eq!(codes_and_communes(&huyen), before);

    let out = ok(&rasoat(
        &huyen,
        &[
            "households",
            "transfer",
            "--household",
            &code,
            "--from",
            &from,
            "--to",
            to,
            "--reason",
            "Ở với con",
        ],
    ));
    assert!(
        out.contains(&format!("Đã chuyển hộ {code} từ xã {from} sang xã {to}")),
        "{out}"
    );
    assert!(codes_and_communes(&huyen).contains(&(code.clone(), to.to_string())));
    let history = ok(&rasoat(
        &huyen,
        &["households", "history", "--household", &code, "--from", to],
    ));
    assert!(
        history.contains(&format!("Chuyển từ xã {from} sang xã {to} ngày")),
        "{history}"
    );
    assert!(history.contains("Ở với con"), "{history}");
}

#[test]
fn an_edit_the_old_commune_sends_after_a_transfer_is_shown_as_kept_history() {
    let dir = tempfile::tempdir().expect("tempdir");
    let d = dir.path();
    // Seed 36's first household lives in commune 00721: the enumerator's copy reaches the
    // district; the commune surveyed it too, and its batch reaches the district only after the
    // district moved the household to 00733.
    let Installation { db: laptop, .. } =
        installation(d, "laptop", "enumerator", "00721", Some(("1", "36")));
    let Installation { db: xa, .. } = installation(d, "xa", "commune", "00721", Some(("1", "36")));
    let Installation {
        db: huyen,
        id: huyen_id,
        ..
    } = installation(d, "huyen", "district", "026", Some(("3", "41")));
    for (site, card) in [
        (&laptop, "huyen"),
        (&xa, "huyen"),
        (&huyen, "laptop"),
        (&huyen, "xa"),
    ] {
        ok(&rasoat(
            site,
            &["enrol", path(&d.join(format!("{card}.card")))],
        ));
    }
    let up = d.join("up.rsbatch");
    ok(&rasoat(
        &laptop,
        &["batch", "export", "--to", &huyen_id, "--out", path(&up)],
    ));
    ok(&rasoat(&huyen, &["batch", "import", path(&up)]));
    let (code, from) = codes_and_communes(&laptop).remove(0);
    assert_eq!(from, "00721");
    ok(&rasoat(
        &huyen,
        &[
            "households",
            "transfer",
            "--household",
            &code,
            "--from",
            "00721",
            "--to",
            "00733",
            "--reason",
            "Ở với con",
        ],
    ));
    let late = d.join("late.rsbatch");
    ok(&rasoat(
        &xa,
        &["batch", "export", "--to", &huyen_id, "--out", path(&late)],
    ));
    let imported = ok(&rasoat(&huyen, &["batch", "import", path(&late)]));
    assert!(
        imported.contains("Hộ mới 0, cập nhật 0")
            && imported.contains("giữ làm lịch sử, không áp dụng: 1")
            && imported.contains("kept as history, not applied: 1"),
        "{imported}"
    );
    assert!(codes_and_communes(&huyen).contains(&(code.clone(), "00733".to_string())));
    assert!(!codes_and_communes(&huyen).contains(&(code.clone(), "00721".to_string())));
    let history = ok(&rasoat(
        &huyen,
        &[
            "households",
            "history",
            "--household",
            &code,
            "--from",
            "00733",
        ],
    ));
    assert!(
        history.contains("Sửa đổi của xã 00721")
            && history.contains(
                "gửi đến sau khi hộ đã chuyển sang xã 00733: giữ làm lịch sử, không áp dụng"
            ),
        "{history}"
    );
    assert!(
        history.contains(
            "arrived after the household moved to commune 00733: kept as history, not applied"
        ),
        "{history}"
    );
}

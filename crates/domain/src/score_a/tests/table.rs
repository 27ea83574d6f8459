//! The point table as data: the embedded file, every cell through the engine, verbatim
//! labels, regions, serde words and refused tables.

use super::super::table::TT07_2021_JSON;
use super::*;

#[test]
fn embedded_table_is_valid() {
    let t = ScoreTable::from_json(TT07_2021_JSON).expect("embedded table parses");
    assert_eq!(t.id(), "tt07-2021-b1");
    assert_eq!(t.sections().len(), 14);
    assert_eq!(t.sections().iter().map(|s| s.rows.len()).sum::<usize>(), 66);
    assert!(t.source().text_vi.contains("1315/VBHN-BLĐTBXH"));
    assert_eq!(t.misprints().len(), 1);
    assert_eq!(t.misprints()[0].printed, 40);
    assert_eq!(t.misprints()[0].column, Column::Tn);
}

/// Every row of Mẫu số 3.3, copied from poverty-scoring-tt07.md §3.2, in column order
/// ĐBSH, TD&MNPB, BTB&DHMT, TN, ĐNB, ĐBSCL, Thành thị.
const EXPECTED: [(&str, [i32; 7]); 66] = [
    ("s1.people_1", [105, 90, 90, 95, 100, 100, 125]),
    ("s1.people_2", [95, 80, 75, 75, 80, 90, 110]),
    ("s1.people_3", [75, 65, 60, 65, 55, 80, 90]),
    ("s1.people_4", [60, 45, 40, 50, 30, 60, 75]),
    ("s1.people_5", [45, 35, 25, 40, 15, 45, 60]),
    ("s1.people_6", [35, 25, 15, 25, 5, 35, 50]),
    ("s1.people_7", [30, 20, 0, 15, 0, 25, 40]),
    ("s2.working_1", [15, 5, 0, 5, 20, 10, 10]),
    ("s2.working_2", [25, 10, 10, 5, 35, 25, 20]),
    ("s2.working_3", [30, 15, 20, 10, 45, 35, 30]),
    ("s2.working_4", [30, 20, 20, 10, 50, 40, 35]),
    ("s2.working_5_plus", [35, 25, 30, 20, 65, 45, 40]),
    ("s3.dependants_none", [0, 10, 0, 15, 0, 0, 5]),
    ("s3.dependants_1", [0, 5, 0, 0, 0, 0, 0]),
    ("s4.college_or_higher", [10, 10, 10, 15, 15, 10, 10]),
    ("s4.intermediate", [5, 5, 10, 15, 5, 10, 0]),
    ("s4.elementary", [0, 0, 10, 15, 5, 0, 0]),
    ("s5.civil_servant", [0, 30, 10, 20, 5, 5, 5]),
    ("s5.contract", [20, 35, 20, 20, 25, 20, 10]),
    ("s5.other_non_farm", [20, 30, 15, 15, 10, 15, 5]),
    ("s6.pension_1", [15, 20, 20, 15, 0, 0, 5]),
    ("s6.pension_2_plus", [35, 35, 30, 35, 40, 35, 20]),
    ("s7.wall_durable", [5, 10, 10, 5, 5, 5, 5]),
    ("s7.column_durable", [0, 0, 0, 0, 5, 5, 5]),
    ("s8.area_20_30", [0, 0, 5, 0, 0, 5, 0]),
    ("s8.area_30_40", [10, 5, 5, 0, 0, 10, 5]),
    ("s8.area_40_plus", [15, 15, 15, 15, 0, 20, 10]),
    ("s9.kwh_25_50", [0, 5, 5, 10, 15, 0, 5]),
    ("s9.kwh_50_100", [5, 15, 20, 20, 25, 10, 5]),
    ("s9.kwh_100_150", [10, 25, 25, 20, 30, 15, 15]),
    ("s9.kwh_150_plus", [20, 30, 40, 35, 35, 20, 20]),
    ("s10.tap_bottled_bought", [5, 5, 5, 0, 15, 0, 10]),
    ("s10.borehole", [5, 5, 5, 10, 5, 5, 5]),
    ("s10.protected_well_spring", [0, 0, 0, 5, 0, 0, 0]),
    ("s11.septic", [5, 5, 5, 10, 10, 10, 10]),
    ("s12.car", [55, 50, 55, 30, 60, 60, 55]),
    ("s12.motorbike_1", [15, 10, 20, 20, 15, 15, 15]),
    ("s12.motorbike_2", [25, 20, 30, 25, 20, 25, 20]),
    ("s12.motorbike_3_plus", [35, 25, 30, 30, 30, 35, 25]),
    ("s12.motor_boat", [25, 10, 15, 35, 10, 15, 10]),
    ("s12.printer_fax", [0, 15, 10, 0, 20, 0, 10]),
    ("s12.color_tv_1", [0, 0, 5, 0, 0, 0, 0]),
    ("s12.color_tv_2_plus", [0, 0, 15, 0, 10, 10, 5]),
    ("s12.sound_system", [5, 10, 0, 15, 5, 5, 5]),
    ("s12.computer", [5, 10, 10, 15, 5, 5, 5]),
    ("s12.fridge", [15, 10, 15, 15, 5, 10, 5]),
    ("s12.air_conditioner_1", [10, 0, 10, 0, 5, 15, 10]),
    ("s12.air_conditioner_2_plus", [20, 20, 15, 30, 30, 25, 20]),
    ("s12.washing_machine", [10, 15, 15, 25, 10, 10, 10]),
    ("s12.water_heater", [10, 15, 10, 15, 10, 5, 5]),
    ("s12.microwave_oven", [10, 0, 5, 15, 15, 15, 10]),
    ("s13.garden_300_500", [0, 5, 0, 0, 0, 0, 0]),
    ("s13.garden_500_plus", [5, 10, 5, 5, 5, 5, 5]),
    ("s13.annual_crops_5000_plus", [10, 5, 0, 0, 5, 10, 10]),
    ("s13.perennial_1000_5000", [5, 5, 0, 0, 5, 0, 5]),
    ("s13.perennial_5000_plus", [10, 15, 5, 10, 10, 15, 10]),
    ("s13.water_surface_500_5000", [0, 10, 0, 5, 25, 0, 20]),
    ("s13.water_surface_5000_plus", [15, 30, 20, 15, 30, 10, 30]),
    ("s13.forest_5000_10000", [25, 0, 0, 0, 0, 25, 25]),
    ("s13.forest_10000_plus", [30, 5, 5, 5, 20, 30, 30]),
    ("s14.cattle_1", [0, 10, 0, 0, 0, 0, 5]),
    ("s14.cattle_2", [0, 20, 10, 0, 5, 0, 10]),
    ("s14.cattle_3_plus", [20, 30, 20, 30, 10, 25, 15]),
    ("s14.pigs_10_plus", [10, 5, 10, 10, 5, 5, 10]),
    ("s14.poultry_100_plus", [10, 15, 10, 5, 5, 15, 15]),
    ("s14.aquaculture", [5, 5, 0, 0, 5, 0, 10]),
];

#[test]
fn every_row_in_every_column_scores_as_printed() {
    assert_eq!(
        EXPECTED.iter().map(|(k, _)| *k).collect::<Vec<_>>(),
        ROW_KEYS.to_vec(),
        "expected table covers every row in order"
    );
    let table = ScoreTable::tt07_2021();
    for (key, values) in EXPECTED {
        let row = table.row(key).expect("row present");
        for (column, expected) in Column::ALL.into_iter().zip(values) {
            assert_eq!(row.points.get(column), expected, "data {key} {column:?}");
        }
        let hh = trigger(key);
        // Rural: every region's column through the engine.
        for (i, region) in Region::ALL.into_iter().enumerate() {
            let s = hh.score(region);
            assert_eq!(s.column, region.key());
            assert_eq!(pts(&s, key), values[i], "engine {key} rural {region:?}");
        }
        // Urban column (region only changes item 15).
        let urban = trigger(key).urban().score(Region::Tdmnpb);
        assert_eq!(urban.column, "urban");
        assert_eq!(pts(&urban, key), values[6], "engine {key} urban");
    }
}

#[test]
fn labels_are_verbatim() {
    let t = ScoreTable::tt07_2021();
    let label = |k: &str| t.row(k).map(|r| r.label_vi.as_str()).expect("row");
    assert_eq!(
        label("s5.other_non_farm"),
        "Làm thuê/làm công cho hộ gia đình/Tự sản xuất, kinh doanh"
    );
    assert_eq!(
        label("s13.forest_5000_10000"),
        "Diện tích đất rừng từ 5.000 m2 đến dưới 10.000 m2"
    );
    assert_eq!(
        label("s14.poultry_100_plus"),
        "Hộ có từ 100 con gà, vịt, ngan, ngỗng, chim trở lên"
    );
    assert_eq!(
        t.section(2).map(|s| s.label_vi.as_str()),
        Some("Số người trong độ tuổi lao động (Không tính điểm đối với người không có khả năng lao động; người khuyết tật đang hưởng trợ cấp hằng tháng; người bị bệnh hiểm nghèo)")
    );
}

#[test]
fn regions_from_provinces() {
    assert_eq!(region_of_province("02"), Some(Region::Tdmnpb));
    assert_eq!(region_of_province("08"), Some(Region::Tdmnpb));
    // Hà Nội: its geographic region (the column of its rural households).
    assert_eq!(region_of_province("01"), Some(Region::Dbsh));
    assert_eq!(region_of_province("99"), None);
    assert_eq!(resolve_region("08", None), Ok(Region::Tdmnpb));
    assert_eq!(
        resolve_region("08", Some(Region::Tdmnpb)),
        Ok(Region::Tdmnpb)
    );
    assert_eq!(resolve_region("99", Some(Region::Dnb)), Ok(Region::Dnb));
    assert!(matches!(
        resolve_region("99", None),
        Err(RegionError::UnknownProvince { .. })
    ));
    assert!(matches!(
        resolve_region("02", Some(Region::Dnb)),
        Err(RegionError::Conflict { .. })
    ));
}

#[test]
fn serde_words() {
    assert_eq!(
        serde_json::to_string(&Region::BtbDhmt).expect("json"),
        "\"btb_dhmt\""
    );
    let s: ScoreSettings = serde_json::from_str("{}").expect("defaults");
    assert_eq!(s, ScoreSettings::default());
    let s: ScoreSettings =
        serde_json::from_str(r#"{"section_13":"highest_row"}"#).expect("partial");
    assert_eq!(s.section_13, SeveralRows::HighestRow);
    assert_eq!(s.section_14, SeveralRows::AddUp);
}

#[test]
fn bad_tables_are_refused() {
    let good: serde_json::Value = serde_json::from_str(TT07_2021_JSON).expect("json");
    let refuse = |f: &dyn Fn(&mut serde_json::Value)| {
        let mut v = good.clone();
        f(&mut v);
        ScoreTable::from_json(&v.to_string())
    };
    assert!(matches!(
        refuse(&|v| v["format"] = "x".into()),
        Err(ScoreTableError::Format { .. })
    ));
    assert!(matches!(
        refuse(&|v| {
            if let Some(rows) = v["sections"][0]["rows"].as_array_mut() {
                rows.pop();
            }
        }),
        Err(ScoreTableError::MissingRow { .. })
    ));
    assert!(matches!(
        refuse(&|v| v["sections"][0]["rows"][0]["key"] = "s1.people_99".into()),
        Err(ScoreTableError::UnknownRow { .. })
    ));
    assert!(matches!(
        refuse(&|v| v["sections"][0]["rows"][1]["key"] = "s1.people_1".into()),
        Err(ScoreTableError::DuplicateRow { .. })
    ));
    assert!(matches!(
        refuse(&|v| v["sections"][0]["section"] = 2.into()),
        Err(ScoreTableError::WrongSection { .. })
    ));
    assert!(matches!(
        refuse(&|v| v["sections"][0]["rows"][0]["points"]["urban"] = "x".into()),
        Err(ScoreTableError::Json { .. })
    ));
    assert!(matches!(
        refuse(&|v| v["misprints"][0]["row"] = "s12.nothing".into()),
        Err(ScoreTableError::DanglingNote { .. })
    ));
    assert!(ScoreTable::from_json("not json").is_err());
}

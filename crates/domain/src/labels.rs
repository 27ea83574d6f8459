//! Words for codes, in Vietnamese (the form's own wording where it has one) and English, and
//! number formats as Vietnamese readers write them ("1.230.000 đ", "7,2 m²").
//!
//! The option words of Phiếu B1 (materials, water sources, latrines, relations, diplomas…)
//! live once, in `assets/form/options.json`: the explanations read them here and the desktop
//! form imports the same file, so the two can never drift apart. A JSON asset rather than
//! Rust tables or generated TypeScript: TypeScript's JSON module typing checks every group and
//! value the UI names at compile time with no generation step to keep fresh, the domain
//! compiles it in with `include_str!` like its other reference data, and a reviewer of the
//! wording edits one plain file. Each option has its box number on the paper (`no`), its
//! words as a sentence uses them (`vi`, `en`: English in lower case, as it reads mid-sentence),
//! and, only where the paper's box is worded more tersely, the box's own words (`form`).

use std::collections::BTreeMap;
use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

use crate::model::{
    ColumnMaterial, Education, Latrine, Relation, RoofMaterial, SchoolLevel, Training,
    WallMaterial, WasteHandling, WaterSource,
};
use crate::standard::Device;

const OPTIONS_JSON: &str = include_str!("../../../assets/form/options.json");

/// The words of one option of the form.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OptionWords {
    /// The box's number on Phiếu B1 (several options may share one).
    #[serde(default)]
    pub no: Option<String>,
    pub vi: String,
    pub en: String,
    /// The box's own words, where the paper words it more tersely than a sentence can.
    #[serde(default)]
    pub form: Option<FormWords>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FormWords {
    #[serde(default)]
    pub vi: Option<String>,
    #[serde(default)]
    pub en: Option<String>,
}

type Groups = BTreeMap<String, BTreeMap<String, OptionWords>>;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct OptionsFile {
    format: String,
    groups: Groups,
}

/// Every option group of the form, parsed once from the compiled-in file.
pub fn option_groups() -> &'static Groups {
    static GROUPS: OnceLock<Groups> = OnceLock::new();
    GROUPS.get_or_init(|| match serde_json::from_str::<OptionsFile>(OPTIONS_JSON) {
        Ok(file) if file.format == "form-options.v1" => file.groups,
        // The embedded file is part of the build and `every_code_has_its_words` reads it;
        // reaching this line means a broken build, never a bad input.
        Ok(file) => panic!("assets/form/options.json: unknown format {}", file.format),
        Err(e) => panic!("assets/form/options.json is invalid: {e}"),
    })
}

/// The words of `value` (its serde name) in `group`.
pub fn option_words(group: &str, value: &str) -> Option<&'static OptionWords> {
    option_groups().get(group)?.get(value)
}

/// A code with its words in both languages, from the form's option file.
pub trait Label: Serialize {
    /// The option group of `assets/form/options.json` that words this code.
    const GROUP: &'static str;

    fn words(&self) -> &'static OptionWords {
        static UNKNOWN: OptionWords = OptionWords {
            no: None,
            vi: String::new(),
            en: String::new(),
            form: None,
        };
        // A unit variant serialises as its snake_case name: the option's key.
        match serde_json::to_value(self) {
            Ok(serde_json::Value::String(key)) => option_words(Self::GROUP, &key),
            _ => None,
        }
        .unwrap_or(&UNKNOWN)
    }

    fn label_vi(&self) -> &'static str {
        &self.words().vi
    }

    fn label_en(&self) -> &'static str {
        &self.words().en
    }
}

macro_rules! labels {
    ($($ty:ty => $group:literal,)*) => {
        $(impl Label for $ty {
            const GROUP: &'static str = $group;
        })*
    };
}

labels! {
    Relation => "relation",
    Education => "education",
    Training => "training",
    SchoolLevel => "school_level",
    WallMaterial => "wall",
    ColumnMaterial => "column",
    RoofMaterial => "roof",
    WaterSource => "water",
    Latrine => "latrine",
    WasteHandling => "waste",
    Device => "asset",
}

/// Groups thousands with dots, as Vietnamese documents do: `1230000` → `1.230.000`.
pub fn group_thousands(n: i64) -> String {
    let digits = n.unsigned_abs().to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3 + 1);
    if n < 0 {
        out.push('-');
    }
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push('.');
        }
        out.push(c);
    }
    out
}

/// Money as "1.230.000 đ".
pub fn dong(n: i64) -> String {
    format!("{} đ", group_thousands(n))
}

/// A decimal with a comma and at most one decimal: `7.25` → `7,3`, `8.0` → `8`.
pub fn decimal_vi(x: f64) -> String {
    let s = format!("{:.1}", x);
    let s = s.strip_suffix(".0").unwrap_or(&s).to_string();
    s.replace('.', ",")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_read_the_vietnamese_way() {
        assert_eq!(dong(1_230_000), "1.230.000 đ");
        assert_eq!(dong(0), "0 đ");
        assert_eq!(dong(-1_500), "-1.500 đ");
        assert_eq!(group_thousands(999), "999");
        assert_eq!(decimal_vi(7.26), "7,3");
        assert_eq!(decimal_vi(8.0), "8");
    }

    /// Every value of every enum the explanations name has its words in both languages (a
    /// new variant must be added here and to `assets/form/options.json`).
    #[test]
    fn every_code_has_its_words() {
        fn check<T: Label + std::fmt::Debug>(values: &[T]) {
            for v in values {
                assert!(!v.label_vi().is_empty(), "{} {v:?} (vi)", T::GROUP);
                assert!(!v.label_en().is_empty(), "{} {v:?} (en)", T::GROUP);
            }
        }
        check(&[
            Relation::Head,
            Relation::Spouse,
            Relation::Child,
            Relation::Parent,
            Relation::Other,
        ]);
        check(&[
            Education::None,
            Education::Primary,
            Education::LowerSecondary,
            Education::UpperSecondary,
        ]);
        check(&[
            Training::None,
            Training::Elementary,
            Training::Intermediate,
            Training::College,
            Training::University,
            Training::Postgraduate,
        ]);
        check(&[
            SchoolLevel::Preschool,
            SchoolLevel::Primary,
            SchoolLevel::LowerSecondary,
            SchoolLevel::UpperSecondary,
            SchoolLevel::ShortCourse,
            SchoolLevel::Intermediate,
            SchoolLevel::College,
            SchoolLevel::University,
        ]);
        check(&[
            WallMaterial::ReinforcedConcrete,
            WallMaterial::BrickStone,
            WallMaterial::DurableWoodOrMetal,
            WallMaterial::Other,
        ]);
        check(&[
            ColumnMaterial::ReinforcedConcrete,
            ColumnMaterial::BrickStone,
            ColumnMaterial::SteelOrDurableWood,
            ColumnMaterial::Other,
        ]);
        check(&[
            RoofMaterial::ReinforcedConcrete,
            RoofMaterial::Tiles,
            RoofMaterial::MetalSheet,
            RoofMaterial::Other,
        ]);
        check(&[
            WaterSource::Tap,
            WaterSource::BottledOrBought,
            WaterSource::Borehole,
            WaterSource::ProtectedDugWell,
            WaterSource::ProtectedSpring,
            WaterSource::Rainwater,
            WaterSource::UnprotectedWell,
            WaterSource::UnprotectedSpring,
            WaterSource::SurfaceWater,
            WaterSource::Other,
        ]);
        check(&[
            Latrine::SepticOrSemiSeptic,
            Latrine::PourFlush,
            Latrine::VentilatedImprovedPit,
            Latrine::PitWithSlab,
            Latrine::DoubleVault,
            Latrine::Other,
            Latrine::None,
        ]);
        check(&[
            WasteHandling::Collected,
            WasteHandling::TreatedOnSite,
            WasteHandling::Dumped,
        ]);
        check(&[
            Device::ColorTv,
            Device::Radio,
            Device::DesktopComputer,
            Device::LandlinePhone,
            Device::MobilePhone,
            Device::Laptop,
            Device::Tablet,
            Device::Smartphone,
        ]);
    }

    #[test]
    fn explanations_keep_their_wording() {
        assert_eq!(
            WaterSource::ProtectedDugWell.label_vi(),
            "Nước giếng đào được bảo vệ"
        );
        assert_eq!(WaterSource::Tap.label_en(), "tap water");
        assert_eq!(
            Latrine::Other.label_vi(),
            "Khác (hố đào đơn giản, cầu cá, ...)"
        );
        assert_eq!(Device::ColorTv.label_vi(), "Ti vi");
        assert_eq!(Device::ColorTv.label_en(), "TV");
        let words = option_words("water", "protected_dug_well").expect("water option");
        assert_eq!(words.no.as_deref(), Some("3"));
        let form = words.form.as_ref().and_then(|f| f.vi.as_deref());
        assert_eq!(form, Some("Giếng đào được bảo vệ"));
    }
}

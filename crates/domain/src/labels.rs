//! Words for codes, in Vietnamese (the form's own wording where it has one) and English, and
//! number formats as Vietnamese readers write them ("1.230.000 đ", "7,2 m²").

use crate::model::{
    ColumnMaterial, Education, Latrine, Relation, RoofMaterial, SchoolLevel, Training,
    WallMaterial, WasteHandling, WaterSource,
};
use crate::standard::Device;

/// A code with its words in both languages.
pub trait Label {
    fn label_vi(&self) -> &'static str;
    fn label_en(&self) -> &'static str;
}

macro_rules! labels {
    ($ty:ty { $($variant:ident => $vi:literal, $en:literal;)* }) => {
        impl Label for $ty {
            fn label_vi(&self) -> &'static str {
                match self { $(<$ty>::$variant => $vi,)* }
            }
            fn label_en(&self) -> &'static str {
                match self { $(<$ty>::$variant => $en,)* }
            }
        }
    };
}

labels!(Relation {
    Head => "Chủ hộ", "head";
    Spouse => "Vợ/chồng chủ hộ", "spouse";
    Child => "Con", "child";
    Parent => "Bố/mẹ", "parent";
    Other => "Khác", "other";
});

labels!(Education {
    None => "Chưa tốt nghiệp Tiểu học", "primary not completed";
    Primary => "Tiểu học", "primary";
    LowerSecondary => "Trung học cơ sở", "lower secondary";
    UpperSecondary => "Trung học phổ thông", "upper secondary";
});

labels!(Training {
    None => "Chưa qua đào tạo nghề", "no vocational training";
    Elementary => "Sơ cấp, chứng chỉ dạy nghề", "elementary vocational";
    Intermediate => "Trung cấp", "intermediate";
    College => "Cao đẳng", "college";
    University => "Đại học", "university";
    Postgraduate => "Sau đại học", "postgraduate";
});

labels!(SchoolLevel {
    Preschool => "Mầm non, mẫu giáo", "preschool";
    Primary => "Tiểu học", "primary";
    LowerSecondary => "Trung học cơ sở", "lower secondary";
    UpperSecondary => "Trung học phổ thông", "upper secondary";
    ShortCourse => "Khóa đào tạo ngắn hạn", "short course";
    Intermediate => "Trung cấp", "intermediate";
    College => "Cao đẳng", "college";
    University => "Từ Đại học trở lên", "university or above";
});

labels!(WallMaterial {
    ReinforcedConcrete => "Bê tông cốt thép", "reinforced concrete";
    BrickStone => "Gạch/đá", "brick/stone";
    DurableWoodOrMetal => "Gỗ/kim loại bền chắc", "durable wood/metal";
    Other => "Khác", "other";
});

labels!(ColumnMaterial {
    ReinforcedConcrete => "Bê tông cốt thép", "reinforced concrete";
    BrickStone => "Gạch/đá", "brick/stone";
    SteelOrDurableWood => "Sắt/thép/gỗ bền chắc", "steel/durable wood";
    Other => "Khác", "other";
});

labels!(RoofMaterial {
    ReinforcedConcrete => "Bê tông cốt thép", "reinforced concrete";
    Tiles => "Ngói (xi măng, đất nung)", "tiles";
    MetalSheet => "Tấm lợp kim loại chuyên dụng", "metal roofing sheet";
    Other => "Khác", "other";
});

labels!(WaterSource {
    Tap => "Nước máy", "tap water";
    BottledOrBought => "Nước đóng chai/bình, nước mua", "bottled or bought water";
    Borehole => "Nước giếng khoan", "borehole";
    ProtectedDugWell => "Nước giếng đào được bảo vệ", "protected dug well";
    ProtectedSpring => "Nước khe/mó được bảo vệ", "protected spring";
    Rainwater => "Nước mưa", "rainwater";
    UnprotectedWell => "Giếng đào không được bảo vệ", "unprotected well";
    UnprotectedSpring => "Nước khe/mó không được bảo vệ", "unprotected spring";
    SurfaceWater => "Nước sông, suối, ao, hồ", "surface water";
    Other => "Khác", "other";
});

labels!(Latrine {
    SepticOrSemiSeptic => "Tự hoại/bán tự hoại", "septic/semi-septic";
    PourFlush => "Thấm dội nước (Suilabh)", "pour-flush";
    VentilatedImprovedPit => "Cải tiến có ống thông hơi (VIP)", "ventilated improved pit";
    PitWithSlab => "Hố xí đào có bệ ngồi", "pit with slab";
    DoubleVault => "Hai ngăn", "double vault";
    Other => "Khác (hố đào đơn giản, cầu cá, ...)", "other (simple pit, hanging, ...)";
    None => "Không có nhà tiêu", "none";
});

labels!(WasteHandling {
    Collected => "Được thu gom", "collected";
    TreatedOnSite => "Tự xử lý hợp vệ sinh", "treated on site";
    Dumped => "Vứt bừa bãi, không xử lý", "dumped";
});

labels!(Device {
    ColorTv => "Ti vi", "TV";
    Radio => "Radio", "radio";
    DesktopComputer => "Máy tính để bàn", "desktop computer";
    LandlinePhone => "Điện thoại cố định", "landline phone";
    MobilePhone => "Điện thoại di động", "mobile phone";
    Laptop => "Máy tính xách tay", "laptop";
    Tablet => "Máy tính bảng", "tablet";
    Smartphone => "Điện thoại thông minh", "smartphone";
});

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
}

//! Name parts by ethnic group, combined at random into demo names. Every name is a
//! combination of common parts (clan or family name, middle name, given name), never an
//! entry of a list of people, so a demo name that happens to match a living person's is
//! chance, not data.

use rasoat_domain::Sex;

use crate::prng::Rng;

/// GSO ethnicity codes the demo draws from (QĐ 121-TCTK/PPCĐ numbering).
pub(crate) const KINH: &str = "01";
pub(crate) const TAY: &str = "02";
pub(crate) const HOA: &str = "04";
pub(crate) const NUNG: &str = "07";
pub(crate) const MONG: &str = "08";
pub(crate) const DAO: &str = "09";

/// Name parts of one group.
struct Parts {
    families: &'static [&'static str],
    middle_male: &'static [&'static str],
    middle_female: &'static [&'static str],
    given_male: &'static [&'static str],
    given_female: &'static [&'static str],
}

const MONG_PARTS: Parts = Parts {
    // H'Mông clan names as written in Vietnamese.
    families: &[
        "Giàng", "Vàng", "Sùng", "Thào", "Lý", "Ly", "Vừ", "Mua", "Lầu", "Hầu", "Chứ", "Má",
        "Hạng", "Cứ", "Tráng",
    ],
    middle_male: &["Mí", "Seo", "Chứ", "Sính", "Mí", "Seo", "Văn"],
    middle_female: &["Thị", "Thị", "Thị Mỷ", "Thị"],
    given_male: &[
        "Pó", "Dính", "Sử", "Chứ", "Tráng", "Khai", "Chính", "Mua", "Páo", "Súng", "Chở", "Lử",
        "Nủ", "Sình", "Thề", "Dìn", "Phử", "Lềnh", "Vả", "Hòa",
    ],
    given_female: &[
        "Mỷ", "Dế", "Pà", "Súa", "Dợ", "Sía", "Máy", "Chá", "Lía", "Mai", "Vư", "Xúa", "Chi", "Sò",
        "Dúa", "Ly", "Sua", "Dình",
    ],
};

const TAY_PARTS: Parts = Parts {
    families: &["Nguyễn", "Hoàng", "Nông", "Lương", "Vi", "Ma", "Lục", "Hà"],
    middle_male: &["Văn", "Văn", "Đức", "Xuân"],
    middle_female: &["Thị", "Thị", "Thu"],
    given_male: &[
        "Thắng", "Hùng", "Toàn", "Quyết", "Cường", "Dũng", "Thành", "Hưng", "Lâm",
    ],
    given_female: &[
        "Hoa", "Liên", "Nga", "Thu", "Hương", "Mơ", "Hằng", "Duyên", "Nhung",
    ],
};

const DAO_PARTS: Parts = Parts {
    families: &["Triệu", "Bàn", "Đặng", "Lý", "Phàn", "Chảo"],
    middle_male: &["Văn", "Tiến", "Kim", "Vần"],
    middle_female: &["Thị", "Thị", "Mùi"],
    given_male: &["Quý", "Sinh", "Phúc", "Tài", "Sơn", "Chàn", "Liu", "Phin"],
    given_female: &["Mai", "Dung", "Xuân", "Lan", "Mẩy", "Chòi", "Nái"],
};

const KINH_PARTS: Parts = Parts {
    families: &[
        "Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đỗ", "Bùi", "Ngô", "Đặng",
    ],
    middle_male: &["Văn", "Đức", "Quang", "Minh", "Hữu"],
    middle_female: &["Thị", "Thu", "Ngọc", "Thanh"],
    given_male: &[
        "Minh", "Nam", "Hải", "Long", "Tuấn", "Sơn", "Trung", "Hiếu", "Khánh",
    ],
    given_female: &[
        "Lan", "Hà", "Ngọc", "Trang", "Huyền", "Mai", "Hạnh", "Thảo", "Yến",
    ],
};

const NUNG_PARTS: Parts = Parts {
    families: &["Nông", "Hoàng", "Lục", "Mã", "Lăng"],
    middle_male: &["Văn"],
    middle_female: &["Thị"],
    given_male: &["Pảo", "Sình", "Tính", "Lềnh", "Khún"],
    given_female: &["Mùi", "Sao", "Dấu", "Lìn"],
};

const HOA_PARTS: Parts = Parts {
    families: &["Lưu", "Trương", "Hoàng", "Lý", "Dương"],
    middle_male: &["Văn", "Quốc"],
    middle_female: &["Thị", "Mỹ"],
    given_male: &["Phát", "Quang", "Vinh", "Tài"],
    given_female: &["Linh", "Phương", "Mỹ", "Hoa"],
};

fn parts(ethnicity: &str) -> &'static Parts {
    match ethnicity {
        MONG => &MONG_PARTS,
        TAY => &TAY_PARTS,
        DAO => &DAO_PARTS,
        KINH => &KINH_PARTS,
        NUNG => &NUNG_PARTS,
        _ => &HOA_PARTS,
    }
}

/// A family (clan) name of the group.
pub(crate) fn family(r: &mut Rng, ethnicity: &str) -> &'static str {
    r.pick(parts(ethnicity).families)
}

/// A family name of the group other than `not`: H'Mông marry outside their clan, so a wife's
/// clan differs from her husband's.
pub(crate) fn other_family(r: &mut Rng, ethnicity: &str, not: &str) -> &'static str {
    for _ in 0..8 {
        let f = family(r, ethnicity);
        if f != not {
            return f;
        }
    }
    family(r, ethnicity)
}

/// A full name in `family`, with middle and given names of the group and sex.
pub(crate) fn full_name(r: &mut Rng, ethnicity: &str, family: &str, sex: Sex) -> String {
    let p = parts(ethnicity);
    let (middle, given) = match sex {
        Sex::Male => (r.pick(p.middle_male), r.pick(p.given_male)),
        Sex::Female => (r.pick(p.middle_female), r.pick(p.given_female)),
    };
    format!("{family} {middle} {given}")
}

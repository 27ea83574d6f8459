//! Print-ready pages (HTML with A4 print CSS, opened in any browser and printed): the list of
//! each village's poor and near-poor households for public posting (niêm yết), and the
//! household certificate, Mẫu số 03 of QĐ 24/2021 ("Giấy chứng nhận hộ nghèo, hộ cận nghèo").
//!
//! Both show heads' and members' names: that is their purpose. They are written to files the
//! caller chose and never to a log; errors name files, never people.

use std::collections::{BTreeMap, HashMap};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use rasoat_domain::targets::ethnicity_name_vi;
use rasoat_domain::{Household, Relation, Sex};
use rusqlite::params;

use crate::error::{Result, StoreError};
use crate::households::search_key;
use crate::report::round_day;
use crate::Store;

const STYLE: &str = r#"<style>
@page { size: A4; margin: 15mm 12mm; }
body { font-family: "Times New Roman", "Noto Serif", serif; font-size: 12.5pt; color: #000; }
h1 { font-size: 14pt; text-align: center; margin: 6pt 0; text-transform: uppercase; }
.center { text-align: center; }
.muted { color: #555; font-size: 10pt; }
table { width: 100%; border-collapse: collapse; margin-top: 8pt; }
th, td { border: 1px solid #000; padding: 3pt 4pt; vertical-align: top; }
th { font-weight: bold; text-align: center; }
td.n { text-align: right; }
.head { display: flex; justify-content: space-between; }
.head div { width: 48%; text-align: center; }
.sign { margin-top: 24pt; display: flex; justify-content: flex-end; }
.sign div { width: 50%; text-align: center; }
.box { border: 1px solid #000; padding: 6pt; margin-top: 10pt; }
</style>"#;

/// Escapes text for HTML.
fn esc(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// A file-name part from any text: folded to ASCII, other characters as `-`.
fn slug(text: &str) -> String {
    let folded: String = search_key(text)
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect();
    let parts: Vec<&str> = folded.split('-').filter(|p| !p.is_empty()).collect();
    if parts.is_empty() {
        "khong-ten".into()
    } else {
        parts.join("-")
    }
}

fn class_vi(class: &str) -> &'static str {
    match class {
        "poor" => "Hộ nghèo",
        "near_poor" => "Hộ cận nghèo",
        _ => "",
    }
}

fn relation_vi(relation: Relation) -> &'static str {
    match relation {
        Relation::Head => "Chủ hộ",
        Relation::Spouse => "Vợ/chồng",
        Relation::Child => "Con",
        Relation::Parent => "Bố/mẹ",
        Relation::Other => "Khác",
    }
}

fn ethnicity(code: &str) -> String {
    ethnicity_name_vi(code).map_or_else(|| code.to_string(), str::to_string)
}

fn write_file(path: &Path, html: &str) -> Result<()> {
    std::fs::write(path, html).map_err(|source| StoreError::Io {
        path: path.display().to_string(),
        source,
    })
}

/// One poor or near-poor household of a round.
struct Listed {
    household_id: String,
    code: String,
    head: String,
    commune: String,
    village: String,
    class: String,
    score_a: Option<i64>,
    score_b: Option<i64>,
    answers_hash: Option<String>,
    surveyed_on: String,
}

impl Store {
    /// Poor and near-poor households of a round (optionally of one commune), by commune,
    /// village, class and name, one at a time.
    fn for_each_poor_or_near_poor(
        &self,
        round_id: &str,
        commune: Option<&str>,
        mut each: impl FnMut(Listed) -> Result<()>,
    ) -> Result<()> {
        let round = self.round(round_id)?;
        let mut stmt = self.conn.prepare(
            "SELECT r.household_id, h.code, h.head_name, r.commune_code, r.village, r.class,
                    r.score_a, r.score_b, r.answers_hash, COALESCE(r.surveyed_on, ?3)
             FROM survey_record r JOIN household h ON h.id = r.household_id
             WHERE r.round_id = ?1 AND r.class IN ('poor', 'near_poor')
               AND (?2 IS NULL OR r.commune_code = ?2)
             ORDER BY r.commune_code, r.village, r.class DESC, h.search_key",
        )?;
        let mut rows = stmt.query(params![round_id, commune, round_day(&round)])?;
        while let Some(r) = rows.next()? {
            each(Listed {
                household_id: r.get(0)?,
                code: r.get(1)?,
                head: r.get(2)?,
                commune: r.get(3)?,
                village: r.get(4)?,
                class: r.get(5)?,
                score_a: r.get(6)?,
                score_b: r.get(7)?,
                answers_hash: r.get(8)?,
                surveyed_on: r.get(9)?,
            })?;
        }
        Ok(())
    }

    fn commune_name(
        &self,
        cache: &mut HashMap<(String, String), String>,
        code: &str,
        day: &str,
    ) -> Result<String> {
        let key = (code.to_string(), day.get(..7).unwrap_or(day).to_string());
        if let Some(name) = cache.get(&key) {
            return Ok(name.clone());
        }
        let name = self
            .unit_on(code, day)?
            .map_or_else(|| format!("xã mã {code}"), |u| u.name);
        cache.insert(key, name.clone());
        Ok(name)
    }

    /// Writes one posting list per village (poor and near-poor households of the round) into
    /// `dir`; returns the files written.
    pub fn write_posting_lists(
        &self,
        round_id: &str,
        commune: Option<&str>,
        dir: &Path,
    ) -> Result<Vec<PathBuf>> {
        let round = self.round(round_id)?;
        std::fs::create_dir_all(dir).map_err(|source| StoreError::Io {
            path: dir.display().to_string(),
            source,
        })?;
        let mut names: HashMap<(String, String), String> = HashMap::new();
        let mut files = Vec::new();
        // One village at a time: the rows come sorted by commune and village.
        let mut current: Option<(String, String, String)> = None;
        let mut body = String::new();
        let mut n = 0usize;
        let mut counts: BTreeMap<&'static str, usize> = BTreeMap::new();
        let flush = |current: &Option<(String, String, String)>,
                     body: &mut String,
                     counts: &mut BTreeMap<&'static str, usize>,
                     files: &mut Vec<PathBuf>|
         -> Result<()> {
            let Some((code, name, village)) = current else {
                return Ok(());
            };
            let path = dir.join(format!("niem-yet-{code}-{}.html", slug(village)));
            let html = posting_page(round.year, name, village, body, counts);
            write_file(&path, &html)?;
            files.push(path);
            body.clear();
            counts.clear();
            Ok(())
        };
        self.for_each_poor_or_near_poor(round_id, commune, |h| {
            let key = (h.commune.clone(), h.village.clone());
            if current.as_ref().map(|c| (&c.0, &c.2)) != Some((&key.0, &key.1)) {
                flush(&current, &mut body, &mut counts, &mut files)?;
                let name = self.commune_name(&mut names, &h.commune, &h.surveyed_on)?;
                current = Some((key.0, name, key.1));
                n = 0;
            }
            n += 1;
            *counts.entry(class_vi(&h.class)).or_default() += 1;
            let (eth, size) = match &h.answers_hash {
                Some(hash) => {
                    let answers = self.answers(hash)?;
                    let head = answers
                        .members
                        .iter()
                        .find(|m| m.relation == Relation::Head)
                        .or(answers.members.first());
                    (
                        head.map_or(String::new(), |m| ethnicity(&m.ethnicity)),
                        answers.members.len().to_string(),
                    )
                }
                None => (String::new(), String::new()),
            };
            let _ = writeln!(
                body,
                "<tr><td class=\"n\">{n}</td><td>{}</td><td>{}</td><td>{}</td><td class=\"n\">{}</td><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td></td></tr>",
                esc(&h.head),
                esc(&h.code),
                esc(&eth),
                size,
                class_vi(&h.class),
                h.score_a.map_or(String::new(), |a| a.to_string()),
                h.score_b.map_or(String::new(), |b| b.to_string()),
            );
            Ok(())
        })?;
        flush(&current, &mut body, &mut counts, &mut files)?;
        Ok(files)
    }

    /// Writes the Mẫu 03 certificate of each poor or near-poor household of the round into
    /// `dir`; returns the files written.
    pub fn write_certificates(
        &self,
        round_id: &str,
        commune: Option<&str>,
        dir: &Path,
    ) -> Result<Vec<PathBuf>> {
        let round = self.round(round_id)?;
        std::fs::create_dir_all(dir).map_err(|source| StoreError::Io {
            path: dir.display().to_string(),
            source,
        })?;
        let mut names: HashMap<(String, String), String> = HashMap::new();
        // The legal basis is the round's standard (Decree 07/2021 for 2022–2026, Decree
        // 351/2025 after), as the certificate cites the decree that set the standard.
        let standard_basis = rasoat_domain::standard::Standards::national()
            .by_id(&round.standard_id)
            .map_or_else(
                || "Nghị định số 07/2021/NĐ-CP ngày 27 tháng 01 năm 2021 của Chính phủ quy định chuẩn nghèo đa chiều giai đoạn 2021 - 2025".to_string(),
                |s| s.name_vi.clone(),
            );
        let mut files = Vec::new();
        self.for_each_poor_or_near_poor(round_id, commune, |h| {
            let answers = match &h.answers_hash {
                Some(hash) => Some(self.answers(hash)?),
                None => None,
            };
            let commune_name = self.commune_name(&mut names, &h.commune, &h.surveyed_on)?;
            let file = if h.code.is_empty() {
                h.household_id.clone()
            } else {
                slug(&h.code)
            };
            let path = dir.join(format!("gcn-{}-{file}.html", h.commune));
            let html = certificate_page(
                round.year,
                &standard_basis,
                &commune_name,
                &h,
                answers.as_ref(),
            );
            write_file(&path, &html)?;
            files.push(path);
            Ok(())
        })?;
        Ok(files)
    }
}

fn posting_page(
    year: i32,
    commune: &str,
    village: &str,
    rows: &str,
    counts: &BTreeMap<&'static str, usize>,
) -> String {
    let totals = counts
        .iter()
        .map(|(k, n)| format!("{k}: {n}"))
        .collect::<Vec<_>>()
        .join("; ");
    format!(
        r#"<!DOCTYPE html>
<html lang="vi"><head><meta charset="utf-8"><title>Niêm yết {village_t} — {year}</title>{STYLE}</head>
<body>
<div class="head"><div><b>UBND {commune_u}</b><br>{village_t}</div><div><b>CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM</b><br><b>Độc lập - Tự do - Hạnh phúc</b></div></div>
<h1>Danh sách hộ nghèo, hộ cận nghèo dự kiến năm {year}</h1>
<p class="center">(Niêm yết công khai tại {village_t}, {commune_t}; kết quả rà soát trước khi xã công nhận)</p>
<table>
<thead><tr><th>STT</th><th>Họ và tên chủ hộ</th><th>Mã hộ</th><th>Dân tộc</th><th>Số nhân khẩu</th><th>Phân loại</th><th>Điểm A</th><th>Điểm B</th><th>Ghi chú</th></tr></thead>
<tbody>
{rows}</tbody>
</table>
<p>Tổng cộng — {totals}.</p>
<p>Thời gian niêm yết: từ ngày ..../..../{year} đến ngày ..../..../{year}. Mọi ý kiến, kiến nghị xin gửi trưởng thôn hoặc UBND xã.</p>
<div class="sign"><div>{village_t}, ngày .... tháng .... năm {year}<br><b>TRƯỞNG THÔN</b><br><br><br><br></div></div>
<p class="muted">Bố cục mẫu niêm yết chưa đối chiếu với mẫu chính thức [U]; cột «Điểm A/B» theo TT 07/2021.</p>
</body></html>
"#,
        village_t = esc(village),
        commune_t = esc(commune),
        commune_u = esc(&commune.to_uppercase()),
    )
}

fn certificate_page(
    year: i32,
    standard_basis: &str,
    commune: &str,
    h: &Listed,
    answers: Option<&Household>,
) -> String {
    let head = answers.and_then(|a| {
        a.members
            .iter()
            .find(|m| m.relation == Relation::Head)
            .or(a.members.first())
    });
    let mut members = String::new();
    if let Some(a) = answers {
        for (i, m) in a.members.iter().enumerate() {
            let birth = m.birth.year().to_string();
            let (male, female) = match m.sex {
                Sex::Male => (birth.as_str(), ""),
                Sex::Female => ("", birth.as_str()),
            };
            let _ = writeln!(
                members,
                "<tr><td class=\"n\">{}</td><td>{}</td><td>{}</td><td>{}</td><td class=\"n\">{male}</td><td class=\"n\">{female}</td><td></td></tr>",
                i + 1,
                esc(&m.name),
                esc(&ethnicity(&m.ethnicity)),
                relation_vi(m.relation),
            );
        }
    }
    let address = answers.map_or_else(
        || format!("{}, {}", h.village, commune),
        |a| {
            if a.address.is_empty() {
                format!("{}, {}", a.location.village, commune)
            } else {
                format!("{}, {}, {}", a.address, a.location.village, commune)
            }
        },
    );
    let poor = if h.class == "poor" { "☒" } else { "☐" };
    let near = if h.class == "near_poor" { "☒" } else { "☐" };
    format!(
        r#"<!DOCTYPE html>
<html lang="vi"><head><meta charset="utf-8"><title>Giấy chứng nhận {code}</title>{STYLE}</head>
<body>
<p class="muted" style="text-align:right">Mẫu số 03 (QĐ 24/2021/QĐ-TTg)</p>
<div class="head"><div><b>UBND {commune_u}</b><br>Số: ......./GCN-HN.HCN</div><div><b>CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM</b><br><b>Độc lập - Tự do - Hạnh phúc</b></div></div>
<h1>Giấy chứng nhận hộ nghèo, hộ cận nghèo</h1>
<p>Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015; Luật sửa đổi, bổ sung một số điều của Luật Tổ chức Chính phủ và Luật Tổ chức chính quyền địa phương ngày 22 tháng 11 năm 2019;</p>
<p>Căn cứ {basis};</p>
<p>Ủy ban nhân dân {commune_t} chứng nhận:</p>
<p>Hộ gia đình ông/bà: <b>{head}</b> &nbsp; Dân tộc: {eth}</p>
<p>Số CCCD/CMND: {id_number} &nbsp; Ngày cấp: ......................</p>
<p>Nơi thường trú: {address} &nbsp; Mã hộ: {code}</p>
<p><b>I. Danh sách thành viên</b></p>
<table>
<thead><tr><th rowspan="2">STT</th><th rowspan="2">Họ và tên</th><th rowspan="2">Dân tộc</th><th rowspan="2">Quan hệ với chủ hộ</th><th colspan="2">Năm sinh</th><th rowspan="2">Ghi chú (thay đổi thành viên)</th></tr>
<tr><th>Nam</th><th>Nữ</th></tr></thead>
<tbody>
{members}</tbody>
</table>
<div class="box">
<p><b>Năm {next}</b> (theo kết quả rà soát năm {year}): {poor} Hộ nghèo &nbsp;&nbsp; {near} Hộ cận nghèo</p>
<div class="sign"><div>{commune_t}, ngày .... tháng .... năm ....<br><b>CHỦ TỊCH</b><br>(Ký, ghi rõ họ tên, đóng dấu)<br><br><br><br></div></div>
</div>
<p class="muted">Các mục theo Mẫu số 03 [C]; cách trình bày ô xác nhận từng năm đọc từ bản sao không rõ [P].</p>
</body></html>
"#,
        code = esc(&h.code),
        commune_t = esc(commune),
        commune_u = esc(&commune.to_uppercase()),
        head = esc(&head.map_or(h.head.clone(), |m| m.name.clone())),
        eth = esc(&head.map_or(String::new(), |m| ethnicity(&m.ethnicity))),
        id_number = esc(head
            .and_then(|m| m.id_number.as_deref())
            .unwrap_or("......................")),
        address = esc(&address),
        next = year + 1,
        basis = esc(standard_basis),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_escaped_and_file_names_folded() {
        assert_eq!(
            esc("Vừ <Mí> & \"Pó\""),
            "Vừ &lt;Mí&gt; &amp; &quot;Pó&quot;"
        );
        assert_eq!(slug("Thôn Má Lủng (mẫu)"), "thon-ma-lung-mau");
        assert_eq!(slug("  "), "khong-ten");
    }
}

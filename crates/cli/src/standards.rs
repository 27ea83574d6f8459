//! `rasoat standards`: the office's standards file (NĐ 351/2025's method and thresholds, in the
//! standards.v1 form) loaded once for the installation, and what the installation classifies by.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use rasoat_domain::standard::{Scope, Standards};

use crate::init::{actor, now, DbArg};

#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(subcommand)]
    command: StandardsCommand,
}

#[derive(Debug, clap::Subcommand)]
enum StandardsCommand {
    /// Load the office's standards file (standards.v1) for this installation: every command and
    /// the window then classify by it, and it travels to the units below with the next batch.
    /// Only a district's or province's installation loads one.
    Load {
        #[command(flatten)]
        db: DbArg,
        file: PathBuf,
        #[arg(long)]
        actor: Option<String>,
    },
    /// The files loaded (digest, who, when) and the standards the installation classifies by.
    List {
        #[command(flatten)]
        db: DbArg,
    },
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    match args.command {
        StandardsCommand::Load {
            db,
            file,
            actor: who,
        } => {
            let text = std::fs::read_to_string(&file).with_context(|| {
                format!(
                    "không đọc được tệp chuẩn nghèo / cannot read the standards file {}",
                    file.display()
                )
            })?;
            let mut store = db.open()?;
            let loaded =
                store.load_standards(&text, crate::signin::signed_in(), &actor(&who), now())?;
            println!(
                "đã nạp tệp chuẩn nghèo {} (sha256 {}) / standards file loaded",
                crate::signin::file_name(&file),
                loaded.digest
            );
            print_standards(&loaded.standards);
            Ok(ExitCode::SUCCESS)
        }
        StandardsCommand::List { db } => {
            let store = db.open()?;
            let files = store.loaded_standards()?;
            if files.is_empty() {
                println!("chưa nạp tệp chuẩn nghèo nào / no standards file loaded");
            }
            for f in &files {
                println!(
                    "tệp sha256 {} — nạp bởi {} tại máy {} lúc {} / loaded by, on, at",
                    f.digest, f.loaded_by, f.origin, f.recorded_at
                );
            }
            println!("Chuẩn nghèo máy này dùng / standards this installation classifies by:");
            print_standards(&store.standards()?);
            Ok(ExitCode::SUCCESS)
        }
    }
}

fn print_standards(standards: &Standards) {
    for s in &standards.standards {
        let scope = match s.scope {
            Scope::National => "quốc gia / national".to_string(),
            Scope::Local => format!(
                "địa phương {} / local",
                s.province.as_deref().unwrap_or("?")
            ),
        };
        let method = match &s.official_method {
            Some(m) => format!("phương pháp chính thức / official method: {m}"),
            None => "chưa có phương pháp chính thức / no official method yet".to_string(),
        };
        println!(
            "  {} ({}–{}, {scope}): {}",
            s.id, s.years[0], s.years[1], s.name_vi
        );
        println!("      {method}");
        if let Some(rule) = &s.score {
            let table = s.points();
            let whose = if s.score_table.is_some() {
                "bảng điểm riêng của chuẩn, trong tệp / the standard's own point table, in the file"
            } else {
                "bảng điểm Thông tư 07/2021 / Circular 07/2021's point table"
            };
            println!(
                "      {whose}: {} (`{}`), nguồn / source: {}",
                table.title_vi(),
                table.id(),
                table.source().text_vi
            );
            println!(
                "      ngưỡng điểm A / score A cut-offs: {} (nông thôn / rural), {} (thành thị / urban); {} điểm mỗi chỉ số thiếu hụt, nghèo từ {} điểm B / {} points a deprivation, poor from {} points of B",
                rule.a_max_rural,
                rule.a_max_urban,
                rule.b_per_deprivation,
                rule.b_min_poor,
                rule.b_per_deprivation,
                rule.b_min_poor
            );
        }
        println!("      nguồn / source: {}", s.source);
    }
}

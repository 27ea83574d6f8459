//! Household answers at rest: each household.v1 document is kept compressed with zstd and a
//! dictionary shipped with the app (`assets/store/answers-1.zdict`), about a tenth of its JSON.
//!
//! Why: the answers were 44 % of a district store's bytes (74 of 170 MB for 17,000 households),
//! and every byte a district import writes is written twice (the WAL, then the file). A
//! household's document is a few kilobytes of the same keys and option words, which plain
//! zstd halves and zstd with a dictionary of those words shrinks tenfold. The dictionary was
//! trained on invented households only (`scripts/train-answers-dictionary`); it is part of
//! the store's format for good: a frame names its dictionary's id, and a later dictionary
//! ships beside this one, never in its place.
//!
//! The hash that names answers stays the SHA-256 of their JSON text, so journal entries,
//! batches and records are unchanged. Rows written before migration 0015 keep their JSON text
//! (`packed` NULL); `text` reads either. SQL that reads answers calls the same reading as
//! `rasoat_answers(json, packed)`, registered on every connection the store opens.

use std::sync::OnceLock;

use rusqlite::functions::FunctionFlags;
use rusqlite::Connection;

use crate::error::{Result, StoreError};

/// The dictionary answers are packed with.
const DICTIONARY: &[u8] = include_bytes!("../../../assets/store/answers-1.zdict");

/// zstd's level 3 (its default): with the dictionary, within a tenth of level 19's size at a
/// small fraction of its time.
const LEVEL: i32 = 3;

fn decoder_dictionary() -> &'static zstd::dict::DecoderDictionary<'static> {
    static DICT: OnceLock<zstd::dict::DecoderDictionary<'static>> = OnceLock::new();
    DICT.get_or_init(|| zstd::dict::DecoderDictionary::copy(DICTIONARY))
}

fn encoder_dictionary() -> &'static zstd::dict::EncoderDictionary<'static> {
    static DICT: OnceLock<zstd::dict::EncoderDictionary<'static>> = OnceLock::new();
    DICT.get_or_init(|| zstd::dict::EncoderDictionary::copy(DICTIONARY, LEVEL))
}

/// Keeps answers under their hash (the caller checked or computed it), packed; a second store
/// of the same answers changes nothing.
pub(crate) fn store(conn: &Connection, hash: &str, json: &str) -> Result<()> {
    conn.prepare_cached("INSERT OR IGNORE INTO answers (hash, json, packed) VALUES (?1, '', ?2)")?
        .execute(rusqlite::params![hash, pack(json)?])?;
    Ok(())
}

/// The JSON text of the answers stored under `hash`, if held.
pub(crate) fn read(conn: &Connection, hash: &str) -> Result<Option<String>> {
    let row: Option<(String, Option<Vec<u8>>)> = rusqlite::OptionalExtension::optional(
        conn.prepare_cached("SELECT json, packed FROM answers WHERE hash = ?1")?
            .query_row([hash], |r| Ok((r.get(0)?, r.get(1)?))),
    )?;
    row.map(|(json, packed)| text(json, packed, hash))
        .transpose()
}

thread_local! {
    /// One compression context per thread, reused: making a context and loading the
    /// dictionary into it cost more than compressing a household's answers.
    static COMPRESSOR: std::cell::RefCell<Option<zstd::bulk::Compressor<'static>>> =
        const { std::cell::RefCell::new(None) };
    /// The same for reading.
    static DECOMPRESSOR: std::cell::RefCell<Option<zstd::bulk::Decompressor<'static>>> =
        const { std::cell::RefCell::new(None) };
}

/// Compresses answers' JSON for the `packed` column.
pub(crate) fn pack(json: &str) -> Result<Vec<u8>> {
    COMPRESSOR.with(|cell| {
        let mut slot = cell.borrow_mut();
        let compressor = match slot.as_mut() {
            Some(compressor) => compressor,
            None => slot.insert(
                zstd::bulk::Compressor::with_prepared_dictionary(encoder_dictionary())
                    .map_err(|_| packing_failed())?,
            ),
        };
        compressor
            .compress(json.as_bytes())
            .map_err(|_| packing_failed())
    })
}

/// The JSON text of a stored answers row: its `json`, or its `packed` bytes unpacked. `hash`
/// only names the row in an error.
pub(crate) fn text(json: String, packed: Option<Vec<u8>>, hash: &str) -> Result<String> {
    match packed {
        None => Ok(json),
        Some(packed) => unpack(&packed).ok_or_else(|| StoreError::AnswersHashMismatch {
            hash: hash.to_string(),
        }),
    }
}

/// Unpacks one frame; `None` when the bytes are not a frame of our dictionary or not UTF-8.
fn unpack(packed: &[u8]) -> Option<String> {
    // The frame records its size (zstd's bulk API writes it), which bounds the output; a
    // damaged size is refused above the largest document the app accepts.
    let size = zstd::zstd_safe::get_frame_content_size(packed).ok()??;
    let size = usize::try_from(size)
        .ok()
        .filter(|&s| s <= MAX_ANSWERS_BYTES)?;
    DECOMPRESSOR.with(|cell| {
        let mut slot = cell.borrow_mut();
        let decompressor = match slot.as_mut() {
            Some(decompressor) => decompressor,
            None => slot.insert(
                zstd::bulk::Decompressor::with_prepared_dictionary(decoder_dictionary()).ok()?,
            ),
        };
        let out = decompressor.decompress(packed, size).ok()?;
        String::from_utf8(out).ok()
    })
}

/// Far above any household's answers (a few kilobytes; 30 members with every answer is under
/// 100 KB): only a damaged frame claims more.
const MAX_ANSWERS_BYTES: usize = 16 * 1024 * 1024;

fn packing_failed() -> StoreError {
    // zstd fails to compress only when it cannot allocate its context.
    StoreError::Io {
        path: "answers (zstd)".to_string(),
        source: std::io::Error::from(std::io::ErrorKind::OutOfMemory),
    }
}

/// Registers `rasoat_answers(json, packed)` on a connection: the JSON text of an answers row,
/// for SQL that reads inside answers (`json_extract(rasoat_answers(a.json, a.packed), ...)`).
/// Deterministic, so SQLite may use it in indexes and reuse its result within a statement.
pub(crate) fn register(conn: &Connection) -> Result<()> {
    conn.create_scalar_function(
        "rasoat_answers",
        2,
        FunctionFlags::SQLITE_UTF8 | FunctionFlags::SQLITE_DETERMINISTIC,
        |ctx| {
            let packed: Option<Vec<u8>> = ctx.get(1)?;
            match packed {
                None => ctx.get::<String>(0),
                Some(packed) => unpack(&packed).ok_or_else(|| {
                    rusqlite::Error::UserFunctionError("answers.packed is damaged".into())
                }),
            }
        },
    )?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn answers_come_back_as_they_were_packed() {
        let json = r#"{"format":"household.v1","members":[{"relation":"head","ethnicity":"04"}]}"#;
        let packed = pack(json).expect("pack");
        assert_ne!(packed.as_slice(), json.as_bytes());
        assert_eq!(
            text(String::new(), Some(packed), "h").expect("unpack"),
            json
        );
        assert_eq!(text(json.to_string(), None, "h").expect("plain"), json);
    }

    #[test]
    fn damaged_bytes_are_an_error_not_a_panic() {
        let mut packed = pack(r#"{"format":"household.v1"}"#).expect("pack");
        packed.truncate(packed.len() / 2);
        assert!(matches!(
            text(String::new(), Some(packed), "h"),
            Err(StoreError::AnswersHashMismatch { .. })
        ));
        assert!(text(String::new(), Some(b"not zstd".to_vec()), "h").is_err());
    }
}

//! Batches being uploaded to a sync server, kept chunk by chunk in the server's own store so a
//! cut link resumes where it stopped and a restarted server loses nothing. The protocol's
//! rules (who may upload, sizes, hashes) are the server's; this module only keeps the bytes.

use rusqlite::{params, Connection, OptionalExtension};

use crate::error::Result;
use crate::{Store, UnixMillis};

/// An upload under way: what was announced and how much has arrived.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Upload {
    pub batch_id: String,
    pub size: u64,
    pub received: u64,
    /// SHA-256 of the whole file as announced (hex, as the client sent it).
    pub sha256: String,
}

/// Uploads dropped because they were left unfinished too long, and the bytes they held.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ExpiredUploads {
    pub uploads: u64,
    pub bytes: u64,
}

/// What happened to a chunk.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ChunkOutcome {
    /// Kept (or already held: a chunk sent twice changes nothing); the upload as it now is.
    Kept(Upload),
    /// No such upload was announced.
    Unknown,
    /// The chunk starts past what was received: resume at `received`.
    Gap { received: u64 },
    /// The chunk goes past the announced size.
    PastEnd,
}

impl Store {
    /// The upload `batch_id` of `installation`, if announced and not finished.
    pub fn upload(&self, installation: &str, batch_id: &str) -> Result<Option<Upload>> {
        upload_row(&self.conn, installation, batch_id)
    }

    /// Bytes announced by `installation`'s uploads under way: what it may still park here.
    pub fn announced_upload_bytes(&self, installation: &str) -> Result<u64> {
        let bytes: i64 = self
            .conn
            .prepare_cached(
                "SELECT COALESCE(SUM(size), 0) FROM sync_upload WHERE installation = ?1",
            )?
            .query_row(params![installation], |r| r.get(0))?;
        Ok(u64::try_from(bytes).unwrap_or(0))
    }

    /// Drops every upload started before `started_before`, with its chunks: a client that never
    /// finished must not keep space for ever. Its pages go back to SQLite's free list, reused
    /// by the next writes.
    pub fn expire_uploads(&mut self, started_before: UnixMillis) -> Result<ExpiredUploads> {
        let tx = self.conn.transaction()?;
        let (uploads, bytes): (i64, i64) = tx
            .prepare_cached(
                "SELECT COUNT(*), COALESCE(SUM(received), 0) FROM sync_upload WHERE started_at < ?1",
            )?
            .query_row(params![started_before], |r| Ok((r.get(0)?, r.get(1)?)))?;
        tx.execute(
            "DELETE FROM sync_upload WHERE started_at < ?1",
            params![started_before],
        )?;
        tx.commit()?;
        Ok(ExpiredUploads {
            uploads: u64::try_from(uploads).unwrap_or(0),
            bytes: u64::try_from(bytes).unwrap_or(0),
        })
    }

    /// Announces an upload. The same announcement again keeps what was received; a different
    /// size or hash under the same id starts from zero. An installation keeps at most
    /// `keep_at_most` uploads under way and `bytes_at_most` bytes announced by them: the oldest
    /// are dropped to make room.
    #[allow(clippy::too_many_arguments)]
    pub fn announce_upload(
        &mut self,
        installation: &str,
        batch_id: &str,
        size: u64,
        sha256: &str,
        keep_at_most: usize,
        bytes_at_most: u64,
        at: UnixMillis,
    ) -> Result<Upload> {
        let tx = self.conn.transaction()?;
        let existing = upload_row(&tx, installation, batch_id)?;
        let same = existing
            .as_ref()
            .is_some_and(|u| u.size == size && u.sha256 == sha256);
        if !same {
            tx.execute(
                "DELETE FROM sync_upload WHERE installation = ?1 AND batch_id = ?2",
                params![installation, batch_id],
            )?;
            tx.execute(
                "DELETE FROM sync_upload WHERE installation = ?1 AND batch_id IN (
                     SELECT batch_id FROM sync_upload WHERE installation = ?1
                     ORDER BY started_at DESC, batch_id DESC LIMIT -1 OFFSET ?2)",
                params![
                    installation,
                    i64::try_from(keep_at_most.saturating_sub(1)).unwrap_or(i64::MAX)
                ],
            )?;
            // Newest first, the uploads whose running total with this one stays within the
            // budget are kept; the older ones go.
            tx.execute(
                "DELETE FROM sync_upload WHERE installation = ?1 AND batch_id IN (
                     SELECT batch_id FROM (
                         SELECT batch_id, SUM(size) OVER (
                             ORDER BY started_at DESC, batch_id DESC
                             ROWS UNBOUNDED PRECEDING) AS total
                         FROM sync_upload WHERE installation = ?1)
                     WHERE total + ?2 > ?3)",
                params![
                    installation,
                    i64::try_from(size).unwrap_or(i64::MAX),
                    i64::try_from(bytes_at_most).unwrap_or(i64::MAX)
                ],
            )?;
            tx.execute(
                "INSERT INTO sync_upload (installation, batch_id, size, sha256, received, started_at)
                 VALUES (?1, ?2, ?3, ?4, 0, ?5)",
                params![
                    installation,
                    batch_id,
                    i64::try_from(size).unwrap_or(i64::MAX),
                    sha256,
                    at
                ],
            )?;
        }
        let upload = upload_row(&tx, installation, batch_id)?;
        tx.commit()?;
        // The row was written in this transaction; its absence would be a broken store.
        upload.ok_or(crate::StoreError::UploadVanished)
    }

    /// Keeps a chunk at `offset`. Bytes already received are ignored, so a chunk sent twice,
    /// or overlapping a resumed one, changes nothing.
    pub fn add_upload_chunk(
        &mut self,
        installation: &str,
        batch_id: &str,
        offset: u64,
        bytes: &[u8],
    ) -> Result<ChunkOutcome> {
        let tx = self.conn.transaction()?;
        let Some(mut upload) = upload_row(&tx, installation, batch_id)? else {
            return Ok(ChunkOutcome::Unknown);
        };
        let end = offset.saturating_add(bytes.len() as u64);
        if offset > upload.received {
            return Ok(ChunkOutcome::Gap {
                received: upload.received,
            });
        }
        if end > upload.size {
            return Ok(ChunkOutcome::PastEnd);
        }
        if end > upload.received {
            let skip = usize::try_from(upload.received - offset).unwrap_or(usize::MAX);
            let fresh = bytes.get(skip..).unwrap_or_default();
            tx.prepare_cached(
                "INSERT INTO sync_upload_chunk (installation, batch_id, offset, bytes)
                 VALUES (?1, ?2, ?3, ?4)",
            )?
            .execute(params![
                installation,
                batch_id,
                i64::try_from(upload.received).unwrap_or(i64::MAX),
                fresh
            ])?;
            tx.execute(
                "UPDATE sync_upload SET received = ?3 WHERE installation = ?1 AND batch_id = ?2",
                params![
                    installation,
                    batch_id,
                    i64::try_from(end).unwrap_or(i64::MAX)
                ],
            )?;
            upload.received = end;
        }
        tx.commit()?;
        Ok(ChunkOutcome::Kept(upload))
    }

    /// The bytes received so far, in order.
    pub fn upload_bytes(&self, installation: &str, batch_id: &str) -> Result<Vec<u8>> {
        let mut file = Vec::new();
        let mut stmt = self.conn.prepare_cached(
            "SELECT bytes FROM sync_upload_chunk WHERE installation = ?1 AND batch_id = ?2
             ORDER BY offset",
        )?;
        let mut rows = stmt.query(params![installation, batch_id])?;
        while let Some(row) = rows.next()? {
            let bytes: Vec<u8> = row.get(0)?;
            file.extend_from_slice(&bytes);
        }
        Ok(file)
    }

    /// Forgets an upload and its chunks (imported, or refused for good).
    pub fn drop_upload(&mut self, installation: &str, batch_id: &str) -> Result<()> {
        self.conn.execute(
            "DELETE FROM sync_upload WHERE installation = ?1 AND batch_id = ?2",
            params![installation, batch_id],
        )?;
        Ok(())
    }
}

fn upload_row(conn: &Connection, installation: &str, batch_id: &str) -> Result<Option<Upload>> {
    Ok(conn
        .prepare_cached(
            "SELECT size, received, sha256 FROM sync_upload
             WHERE installation = ?1 AND batch_id = ?2",
        )?
        .query_row(params![installation, batch_id], |r| {
            Ok(Upload {
                batch_id: batch_id.to_string(),
                size: u64::try_from(r.get::<_, i64>(0)?).unwrap_or(0),
                received: u64::try_from(r.get::<_, i64>(1)?).unwrap_or(0),
                sha256: r.get(2)?,
            })
        })
        .optional()?)
}

#[cfg(test)]
mod tests {
    use super::*;

    const A: &str = "01900000-0000-7000-8000-00000000000a";
    const B: &str = "01900000-0000-7000-8000-00000000000b";

    #[test]
    fn old_uploads_expire_with_their_chunks_and_a_byte_budget_drops_the_oldest() {
        let mut store = Store::open_in_memory().expect("store");
        store
            .announce_upload("i", A, 100, "h", 8, 1_000, 10)
            .expect("announce");
        store.add_upload_chunk("i", A, 0, &[1; 60]).expect("chunk");
        store
            .announce_upload("i", B, 100, "h", 8, 1_000, 20)
            .expect("announce");
        assert_eq!(store.announced_upload_bytes("i").expect("bytes"), 200);
        let expired = store.expire_uploads(15).expect("expire");
        assert_eq!(
            expired,
            ExpiredUploads {
                uploads: 1,
                bytes: 60
            }
        );
        assert_eq!(store.upload("i", A).expect("row"), None);
        assert!(store.upload_bytes("i", A).expect("chunks").is_empty());
        // A budget of 150 bytes: announcing 100 more drops B, the oldest.
        store
            .announce_upload("i", A, 100, "h", 8, 150, 30)
            .expect("announce");
        assert_eq!(store.upload("i", B).expect("row"), None);
        assert_eq!(store.announced_upload_bytes("i").expect("bytes"), 100);
    }

    #[test]
    fn a_reader_reads_beside_an_open_write_and_refuses_to_write() {
        let dir = tempfile::tempdir().expect("tempdir");
        let mut store = Store::open(dir.path().join("s.sqlite")).expect("store");
        store
            .announce_upload("i", A, 100, "h", 8, 1_000, 10)
            .expect("announce");
        let mut reader = store.open_reader().expect("reader").expect("a file");
        let tx = store.conn.transaction().expect("write transaction");
        tx.execute("DELETE FROM sync_upload", []).expect("delete");
        // The writer holds its lock; the reader still sees the last commit.
        assert!(reader.upload("i", A).expect("read").is_some());
        tx.commit().expect("commit");
        assert!(reader.upload("i", A).expect("read").is_none());
        assert!(reader.expire_uploads(i64::MAX).is_err());
        assert!(Store::open_in_memory()
            .expect("store")
            .open_reader()
            .expect("none")
            .is_none());
    }
}

//! A fingerprint of everything the store holds, table by table, for tests that must prove an
//! operation changed nothing (a refused batch, a killed import) or that two installations
//! hold the same state. Only the `test-inspection` feature has it, like `sql_for_tests`.

use std::collections::BTreeMap;

use sha2::{Digest, Sha256};

use crate::error::Result;
use crate::Store;

impl Store {
    /// Every table of the file (SQLite's own and the migrations' bookkeeping included) → the
    /// SHA-256, in hex, of its rows. Rows are hashed sorted, because their order is insertion
    /// order, which differs between installations holding the same content.
    pub fn table_digests(&self) -> Result<BTreeMap<String, String>> {
        let names: Vec<String> = self
            .conn
            .prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")?
            .query_map([], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        let mut digests = BTreeMap::new();
        for name in names {
            let mut stmt = self.conn.prepare(&format!("SELECT * FROM \"{name}\""))?;
            let n = stmt.column_count();
            let mut rows: Vec<String> = stmt
                .query_map([], |r| {
                    let mut line = String::new();
                    for i in 0..n {
                        let value: rusqlite::types::Value = r.get(i)?;
                        line.push_str(&format!("{value:?}\u{1f}"));
                    }
                    Ok(line)
                })?
                .collect::<rusqlite::Result<_>>()?;
            rows.sort();
            let mut hasher = Sha256::new();
            for row in rows {
                hasher.update(row.as_bytes());
                hasher.update(b"\n");
            }
            let hex = hasher
                .finalize()
                .iter()
                .map(|b| format!("{b:02x}"))
                .collect();
            digests.insert(name, hex);
        }
        Ok(digests)
    }
}

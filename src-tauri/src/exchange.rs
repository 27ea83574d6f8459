//! The exchange screen's commands: this installation's identity card, enrolment of the
//! installations it trusts, batch and receipt files written to a chosen folder (a USB stick)
//! and read back with a progress bar, and the conflicts screen with its field-by-field
//! comparison. Everything is `rasoat_batch`'s and the domain's; these commands only translate,
//! and run on the blocking pool like every store command.

mod conflicts;
mod duplicate_codes;
mod files;
mod identity;
mod revocation;
mod transfers;

use std::collections::BTreeMap;

use rasoat_batch::BatchError;
use rasoat_store::Store;

use crate::error::{CommandError, CommandResult, ErrorCode};

pub use conflicts::*;
pub use duplicate_codes::*;
pub use files::*;
pub use identity::*;
pub use revocation::*;
pub use transfers::*;

/// File name endings, as the CLI's documentation and the golden fixture use them.
const CARD_EXT: &str = "card";
const BATCH_EXT: &str = "rsbatch";
const RECEIPT_EXT: &str = "rsreceipt";

impl From<BatchError> for CommandError {
    fn from(e: BatchError) -> CommandError {
        match e {
            BatchError::Store(store) => store.into(),
            e if e.is_refusal() => CommandError::new(ErrorCode::Refused, e.message()),
            e => CommandError::new(ErrorCode::Storage, e.message()),
        }
    }
}

fn unit_names(store: &Store) -> CommandResult<BTreeMap<String, String>> {
    Ok(store
        .units()?
        .into_iter()
        .map(|u| (u.code, u.name))
        .collect())
}

/// Installation id → unit name, for this installation and every peer.
fn origin_names(store: &Store) -> CommandResult<BTreeMap<String, (String, String)>> {
    let names = unit_names(store)?;
    let mut out = BTreeMap::new();
    let this = store.installation()?;
    out.insert(
        this.id,
        (
            names.get(&this.unit_code).cloned().unwrap_or_default(),
            this.role.as_str().to_string(),
        ),
    );
    for peer in rasoat_batch::peers(store)? {
        out.insert(
            peer.card.installation.clone(),
            (
                names.get(&peer.card.unit_code).cloned().unwrap_or_default(),
                peer.card.role.clone(),
            ),
        );
    }
    Ok(out)
}

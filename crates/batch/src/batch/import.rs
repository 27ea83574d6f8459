//! Keeping verified batches: one batch applied by the store in one transaction, or a folder
//! of files imported in whatever order they come.

use super::*;

/// Verifies a batch, then stores and applies it in one transaction. Importing the same batch
/// again changes nothing and says so (`already_imported`).
pub fn import_batch(store: &mut Store, bytes: &[u8], at: UnixMillis) -> Result<ImportReport> {
    let verified = verify_batch(store, bytes)?;
    import_verified(store, verified, at)
}

/// Stores and applies a batch `verify_batch` just checked against this same store, without
/// verifying it a second time (the sync server checks the sender's units in between). The
/// caller must not let another import run between the two calls.
pub fn import_verified(
    store: &mut Store,
    verified: VerifiedBatch,
    at: UnixMillis,
) -> Result<ImportReport> {
    if verified.already_imported {
        return Ok(ImportReport {
            duplicates: verified.entries.len(),
            already_imported: true,
            ..ImportReport::default()
        });
    }
    authorise::authorise(store, &verified, at)?;
    let actions: Vec<(rasoat_store::TravellingAction, [u8; 64])> = verified
        .actions
        .iter()
        .map(|row| (row.action.clone(), row.signature))
        .collect();
    // A certificate for this installation itself is what an office vouches it for: kept to be
    // shown, never as a peer.
    let this = store.installation()?.id;
    let (own, vouched): (Vec<_>, Vec<_>) = verified
        .certificates
        .iter()
        .partition(|c| c.card.installation == this);
    let vouched_peers = vouched
        .into_iter()
        .map(|c| peer_record(&c.card, Some(&c.issuer), Some(&c.signature), c.validity))
        .collect::<Result<Vec<_>>>()?;
    let own_certificates = own
        .into_iter()
        .map(|c| {
            Ok(rasoat_store::OwnCertificate {
                issuer: c.issuer.clone(),
                certificate_json: serde_json::to_string(c)
                    .map_err(|source| BatchError::Encode { source })?,
                received_at: at,
            })
        })
        .collect::<Result<Vec<_>>>()?;
    let entries = verified
        .entries
        .into_iter()
        .map(|signed| (signed.entry, signed.signature))
        .collect();
    let AppliedBatch {
        merge:
            MergeReport {
                new_records,
                updated_records,
                conflicts,
                kept_as_history,
            },
        duplicates,
        new_entries,
        new_actions,
    } = store.apply_batch(
        IncomingBatch {
            batch_id: &verified.manifest.batch_id,
            sender: &verified.manifest.sender,
            file_hash: &verified.file_hash,
            n_entries: verified.manifest.n_entries,
            vouched_peers,
            answers: &verified.answers,
            entries,
            withheld: &verified.manifest.withheld,
            actions: &actions,
            own_certificates,
        },
        at,
    )?;
    Ok(ImportReport {
        batches: 1,
        new: new_records,
        updated: updated_records,
        duplicates,
        new_entries,
        new_actions,
        conflicts,
        kept_as_history,
        already_imported: false,
        refused_with_reasons: Vec::new(),
    })
}

/// Imports several batch files (a folder from a USB stick) in whatever order they come: each
/// file is imported once its prerequisites are there (the seqs it requires, the content its
/// review steps build on), files are retried while one of them makes progress, and files still
/// refused are listed with their reason.
pub fn import_batches(
    store: &mut Store,
    files: &[(String, Vec<u8>)],
    at: UnixMillis,
) -> Result<ImportReport> {
    let mut report = ImportReport::default();
    let mut pending: Vec<&(String, Vec<u8>)> = files.iter().collect();
    loop {
        let mut refused = Vec::new();
        let mut progressed = false;
        let results = import_in_order(store, &pending, at)?;
        for (file, result) in pending.into_iter().zip(results) {
            match result {
                Ok(one) => {
                    progressed |= !one.already_imported;
                    report.batches += one.batches;
                    report.new += one.new;
                    report.updated += one.updated;
                    report.kept_as_history += one.kept_as_history;
                    report.duplicates += one.duplicates;
                    report.new_entries += one.new_entries;
                    report.new_actions += one.new_actions;
                    report.already_imported |= one.already_imported;
                    for conflict in one.conflicts {
                        if !report.conflicts.contains(&conflict) {
                            report.conflicts.push(conflict);
                        }
                    }
                }
                Err(e) if e.is_refusal() => refused.push((file, e)),
                Err(e) => return Err(e),
            }
        }
        let waiting_for_prerequisites = refused.iter().any(|(_, e)| {
            matches!(
                e,
                BatchError::MissingPrerequisites(_) | BatchError::ParentNotArrived { .. }
            )
        });
        if !progressed || !waiting_for_prerequisites {
            report.refused_with_reasons = refused
                .into_iter()
                .map(|(file, e)| (file.0.clone(), e.to_string()))
                .collect();
            return Ok(report);
        }
        pending = refused.into_iter().map(|(file, _)| file).collect();
    }
}

/// Imports `files` one after the other, as `import_batch` would, each file's result in order.
/// The next file is opened (decrypted, decompressed, its signatures checked: about a third of
/// an import's work) on a second core, on a reading connection, while this one is written;
/// it is then settled against the store as the previous batches left it, and opened again
/// here if the keys it was checked with changed or opening it failed, so the outcome is the
/// one a file-by-file import gives. Stops at the first error that is not a refusal.
fn import_in_order(
    store: &mut Store,
    files: &[&(String, Vec<u8>)],
    at: UnixMillis,
) -> Result<Vec<Result<ImportReport>>> {
    // One file has nothing to overlap; an in-memory store has no second connection, and a
    // second connection that cannot be opened only costs the overlap.
    let reader = match (files.len() > 1).then(|| store.open_reader()) {
        Some(Ok(Some(reader))) => reader,
        _ => {
            let mut results = Vec::with_capacity(files.len());
            for file in files {
                let result = import_batch(store, &file.1, at);
                let stop = matches!(&result, Err(e) if !e.is_refusal());
                results.push(result);
                if stop {
                    break;
                }
            }
            return finish(results);
        }
    };
    std::thread::scope(|scope| {
        // One file opened ahead: a district's folder of batches is never all in memory twice.
        let (ahead, opened) = std::sync::mpsc::sync_channel(1);
        scope.spawn(move || {
            for file in files {
                if ahead
                    .send(verify::open_batch(&reader, &file.1, |_| {}))
                    .is_err()
                {
                    break;
                }
            }
        });
        let mut results = Vec::with_capacity(files.len());
        for file in files {
            let Ok(early) = opened.recv() else {
                break;
            };
            let verified = match early {
                Ok(opened) => match verify::settle(store, opened) {
                    Ok(Some(verified)) => Ok(verified),
                    // Checked with keys the store no longer holds as they were: open again.
                    Ok(None) => verify_batch(store, &file.1),
                    // Judged against the store as it is now: the file-by-file answer.
                    Err(e) => Err(e),
                },
                // Opened against the store before the previous files were written (an origin
                // vouched for by one of them was not known yet): open again here.
                Err(_) => verify_batch(store, &file.1),
            };
            let result = verified.and_then(|v| import_verified(store, v, at));
            let stop = matches!(&result, Err(e) if !e.is_refusal());
            results.push(result);
            if stop {
                break;
            }
        }
        finish(results)
    })
}

/// The results so far, or the first error that is not a refusal (a disk error): that one
/// stops the import, as it stops `import_batch`.
fn finish(mut results: Vec<Result<ImportReport>>) -> Result<Vec<Result<ImportReport>>> {
    if matches!(results.last(), Some(Err(e)) if !e.is_refusal()) {
        if let Some(Err(e)) = results.pop() {
            return Err(e);
        }
    }
    Ok(results)
}

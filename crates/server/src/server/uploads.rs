//! Batches by resumable chunks: announce, resume, chunk, complete; a whole batch is verified,
//! authorised entry by entry against what the server holds, and imported once, answered with the server's receipt.

use super::*;

pub(super) fn check_batch_id(batch_id: &str) -> Result<(), ApiError> {
    // Batch ids are UUIDs; anything else is refused before it reaches the store.
    if is_uuid(batch_id) {
        Ok(())
    } else {
        Err(ApiError::new(
            ErrorCode::Malformed,
            "mã lô không hợp lệ / malformed batch id",
        ))
    }
}

pub(super) fn upload_state_of(upload: rasoat_store::Upload) -> UploadState {
    UploadState {
        batch_id: upload.batch_id,
        size: upload.size,
        received: upload.received,
        state: "receiving".into(),
    }
}

pub(super) fn imported_state(batch_id: &str) -> UploadState {
    UploadState {
        batch_id: batch_id.to_string(),
        size: 0,
        received: 0,
        state: "imported".into(),
    }
}

pub(super) async fn announce(
    State(state): State<Arc<ServerState>>,
    headers: HeaderMap,
    body: Body,
) -> Result<Response, ApiError> {
    let installation = authenticate(&state, &headers)?;
    let request: UploadRequest = read_json(&headers, body).await?;
    check_batch_id(&request.batch_id)?;
    if request.size == 0
        || request.size > MAX_UPLOAD_BYTES
        || request.size > state.config.max_upload_bytes_per_installation
    {
        return Err(ApiError::new(
            ErrorCode::TooLarge,
            format!(
                "kích thước lô không nhận được / batch size must be 1..={MAX_UPLOAD_BYTES} bytes"
            ),
        ));
    }
    if request.sha256.len() != 64 || !request.sha256.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(ApiError::new(
            ErrorCode::Malformed,
            "sha256 không hợp lệ / malformed sha256",
        ));
    }
    let _turn = take_turn(&state, &installation)?;
    let upload = with_store(&state, move |store, state| {
        if store.batch_imported(&request.batch_id)? {
            return Ok(imported_state(&request.batch_id));
        }
        let ttl = i64::try_from(state.config.upload_ttl.as_millis()).unwrap_or(i64::MAX);
        store.expire_uploads(now_ms().saturating_sub(ttl))?;
        let upload = store.announce_upload(
            &installation,
            &request.batch_id,
            request.size,
            &request.sha256,
            state.config.max_uploads_per_installation,
            state.config.max_upload_bytes_per_installation,
            now_ms(),
        )?;
        Ok(upload_state_of(upload))
    })
    .await?;
    Ok(json_response(&upload))
}

pub(super) fn path_error(e: PathRejection) -> ApiError {
    ApiError::new(
        ErrorCode::Malformed,
        format!("đường dẫn không hợp lệ / malformed path: {}", e.body_text()),
    )
}

pub(super) async fn upload_state(
    State(state): State<Arc<ServerState>>,
    headers: HeaderMap,
    batch_id: Result<Path<String>, PathRejection>,
) -> Result<Response, ApiError> {
    let installation = authenticate(&state, &headers)?;
    let Path(batch_id) = batch_id.map_err(path_error)?;
    check_batch_id(&batch_id)?;
    let _turn = take_turn(&state, &installation)?;
    let upload = with_store(&state, move |store, _| {
        if store.batch_imported(&batch_id)? {
            return Ok(imported_state(&batch_id));
        }
        store
            .upload(&installation, &batch_id)?
            .map(upload_state_of)
            .ok_or_else(unknown_upload)
    })
    .await?;
    Ok(json_response(&upload))
}

pub(super) fn unknown_upload() -> ApiError {
    ApiError::new(
        ErrorCode::UploadUnknown,
        "không có lượt tải này, hãy báo trước (POST /v1/uploads) / no such upload, announce it first",
    )
}

pub(super) async fn chunk(
    State(state): State<Arc<ServerState>>,
    headers: HeaderMap,
    params: Result<Path<(String, u64)>, PathRejection>,
    body: Body,
) -> Result<Response, ApiError> {
    let installation = authenticate(&state, &headers)?;
    let Path((batch_id, offset)) = params.map_err(path_error)?;
    check_batch_id(&batch_id)?;
    let bytes = read_body(&headers, body, MAX_CHUNK_BYTES).await?;
    let _turn = take_turn(&state, &installation)?;
    let upload = with_store(&state, move |store, _| {
        if store.batch_imported(&batch_id)? {
            return Ok(imported_state(&batch_id));
        }
        match store.add_upload_chunk(&installation, &batch_id, offset, &bytes)? {
            ChunkOutcome::Kept(upload) => Ok(upload_state_of(upload)),
            ChunkOutcome::Unknown => Err(unknown_upload()),
            ChunkOutcome::Gap { received } => Err(ApiError::new(
                ErrorCode::ChunkGap,
                format!(
                    "phần này bắt đầu sau chỗ đã nhận; tiếp tục từ {received} / chunk starts past what was received; resume at {received}"
                ),
            )),
            ChunkOutcome::PastEnd => Err(ApiError::new(
                ErrorCode::TooLarge,
                "phần này vượt quá kích thước đã báo / chunk goes past the announced size",
            )),
        }
    })
    .await?;
    if upload.state == "receiving" && upload.received == upload.size {
        monitor::note(|n| {
            n.event = Some(rasoat_store::AuditEvent::Upload);
            n.bytes = i64::try_from(upload.size).unwrap_or(i64::MAX);
        });
    }
    Ok(json_response(&upload))
}

pub(super) fn receipt_for(store: &mut Store, installation: &str) -> Result<String, ApiError> {
    Ok(to_hex(&rasoat_batch::export_receipt(
        store,
        installation,
        now_ms(),
    )?))
}

pub(super) fn complete_upload(
    store: &mut Store,
    installation: &str,
    batch_id: &str,
) -> Result<Completed, ApiError> {
    let imported_before = |store: &mut Store| -> Result<Completed, ApiError> {
        Ok(Completed {
            batch_id: batch_id.to_string(),
            already_imported: true,
            new_entries: 0,
            duplicates: 0,
            new_records: 0,
            updated_records: 0,
            conflicts: 0,
            receipt: receipt_for(store, installation)?,
        })
    };
    let Some(upload) = store.upload(installation, batch_id)? else {
        if store.batch_imported(batch_id)? {
            return imported_before(store);
        }
        return Err(unknown_upload());
    };
    if upload.received < upload.size {
        return Err(ApiError::new(
            ErrorCode::UploadIncomplete,
            format!(
                "mới nhận {} trên {} byte / only {} of {} bytes received",
                upload.received, upload.size, upload.received, upload.size
            ),
        ));
    }
    let file = store.upload_bytes(installation, batch_id)?;
    if sha256_hex(&file) != upload.sha256.to_ascii_lowercase() || file.len() as u64 != upload.size {
        store.drop_upload(installation, batch_id)?;
        return Err(ApiError::new(
            ErrorCode::HashMismatch,
            "tệp nhận được không khớp mã băm đã báo; hãy gửi lại từ đầu / the bytes do not match the announced hash; send again",
        ));
    }
    let refused = |store: &mut Store, e: ApiError| -> Result<Completed, ApiError> {
        if e.code != ErrorCode::Internal {
            // A refused file will be refused again: keep nothing of it.
            store.drop_upload(installation, batch_id)?;
        }
        Err(e)
    };
    let verified = match rasoat_batch::verify_batch(store, &file) {
        Ok(verified) => verified,
        Err(e) => return refused(store, e.into()),
    };
    if verified.manifest.sender != installation {
        return refused(
            store,
            ApiError::new(
                ErrorCode::WrongSender,
                "lô này do máy khác gửi / this batch was sent by another installation",
            ),
        );
    }
    if verified.manifest.batch_id != batch_id {
        return refused(
            store,
            ApiError::new(
                ErrorCode::Malformed,
                "mã lô khác với mã đã báo / batch id differs from the announced one",
            ),
        );
    }
    if verified.already_imported {
        store.drop_upload(installation, batch_id)?;
        return imported_before(store);
    }
    // The store's mutex is held from verification to import: nothing changes in between. The
    // import applies the authorisation rule against what this store holds, as a file import
    // does.
    let report = match rasoat_batch::import_verified(store, verified, now_ms()) {
        Ok(report) => report,
        Err(e) => return refused(store, e.into()),
    };
    store.drop_upload(installation, batch_id)?;
    Ok(Completed {
        batch_id: batch_id.to_string(),
        already_imported: report.already_imported,
        new_entries: report.new_entries as u64,
        duplicates: report.duplicates as u64,
        new_records: report.new as u64,
        updated_records: report.updated as u64,
        conflicts: report.conflicts.len() as u64,
        receipt: receipt_for(store, installation)?,
    })
}

pub(super) async fn complete(
    State(state): State<Arc<ServerState>>,
    headers: HeaderMap,
    batch_id: Result<Path<String>, PathRejection>,
) -> Result<Response, ApiError> {
    let installation = authenticate(&state, &headers)?;
    let Path(batch_id) = batch_id.map_err(path_error)?;
    check_batch_id(&batch_id)?;
    monitor::note(|n| n.event = Some(rasoat_store::AuditEvent::Import));
    let _turn = take_turn(&state, &installation)?;
    let completed = with_store(&state, move |store, _| {
        complete_upload(store, &installation, &batch_id)
    })
    .await?;
    monitor::note(|n| {
        n.entries = i64::try_from(completed.new_entries).unwrap_or(i64::MAX);
        n.records =
            i64::try_from(completed.new_records + completed.updated_records).unwrap_or(i64::MAX);
        n.conflicts = i64::try_from(completed.conflicts).unwrap_or(i64::MAX);
    });
    Ok(json_response(&completed))
}

//! Pull pages: what the caller lacks after its own receipt, one bounded page at a time, read
//! beside the writer.

use super::*;

pub(super) async fn pull(
    State(state): State<Arc<ServerState>>,
    headers: HeaderMap,
    body: Body,
) -> Result<Response, ApiError> {
    let installation = authenticate(&state, &headers)?;
    monitor::note(|n| n.event = Some(rasoat_store::AuditEvent::Pull));
    let request: PullRequest = read_json(&headers, body).await?;
    let receipt = rasoat_batch::codec::from_hex(&request.receipt).ok_or_else(|| {
        ApiError::new(
            ErrorCode::Malformed,
            "biên nhận không phải hex / receipt is not hex",
        )
    })?;
    let _turn = take_turn(&state, &installation)?;
    let from = installation.clone();
    with_store(&state, move |store, _| {
        let verified = rasoat_batch::verify_receipt(store, &receipt)?;
        if verified.from != from {
            return Err(ApiError::new(
                ErrorCode::WrongSender,
                "biên nhận của máy khác / receipt of another installation",
            ));
        }
        rasoat_batch::import_receipt(store, &receipt)?;
        Ok(())
    })
    .await?;
    // The page is read beside the writer: it sees the receipt just committed, and however
    // long it takes, nobody's writes wait for it.
    let max_page = state.config.max_pull_page_entries.max(1);
    let batch = with_reader(&state, move |store, _| {
        let page = request
            .max_entries
            .unwrap_or(DEFAULT_PULL_PAGE_ENTRIES)
            .clamp(1, MAX_PULL_PAGE_ENTRIES.min(max_page));
        let page = usize::try_from(page).unwrap_or(usize::MAX);
        match rasoat_batch::export_batch_page(store, &installation, now_ms(), page) {
            Ok(page) => Ok(Some(page)),
            Err(BatchError::NothingToSend { .. }) => Ok(None),
            Err(e) => Err(e.into()),
        }
    })
    .await?;
    monitor::note(|n| {
        n.bytes = batch.as_ref().map_or(0, |page| {
            i64::try_from(page.bytes.len()).unwrap_or(i64::MAX)
        });
    });
    Ok(match batch {
        Some(page) => {
            let mut response = (StatusCode::OK, page.bytes).into_response();
            response.headers_mut().insert(
                header::CONTENT_TYPE,
                HeaderValue::from_static("application/octet-stream"),
            );
            response.headers_mut().insert(
                MORE_HEADER,
                HeaderValue::from_static(if page.more { "true" } else { "false" }),
            );
            response
        }
        None => StatusCode::NO_CONTENT.into_response(),
    })
}

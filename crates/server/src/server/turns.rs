//! Store work off the async runtime: writes take first-come turns on the one writer, each
//! installation a few requests at once; pull pages read on their own read-only connections.

use super::*;

/// One of an installation's requests at the store; dropping it frees the place.
pub(super) struct Turn {
    state: Arc<ServerState>,
    installation: String,
}

impl Drop for Turn {
    fn drop(&mut self) {
        let mut in_flight = lock(&self.state.in_flight);
        if let Some(count) = in_flight.get_mut(&self.installation) {
            *count = count.saturating_sub(1);
            if *count == 0 {
                in_flight.remove(&self.installation);
            }
        }
    }
}

/// A place for one more request of `installation` at the store, or `rate_limited` when it has
/// `max_requests_per_installation` there already: one installation cannot fill the queue.
pub(super) fn take_turn(state: &Arc<ServerState>, installation: &str) -> Result<Turn, ApiError> {
    let mut in_flight = lock(&state.in_flight);
    let count = in_flight.entry(installation.to_string()).or_insert(0);
    if *count >= state.config.max_requests_per_installation.max(1) {
        return Err(ApiError {
            code: ErrorCode::RateLimited,
            message: "quá nhiều yêu cầu cùng lúc / too many requests at once, retry later".into(),
            retry_after: Some(1),
        });
    }
    *count += 1;
    Ok(Turn {
        state: Arc::clone(state),
        installation: installation.to_string(),
    })
}

/// Runs store work on the blocking pool with the writer, one at a time and in the order asked.
pub(super) async fn with_store<T, F>(state: &Arc<ServerState>, work: F) -> Result<T, ApiError>
where
    T: Send + 'static,
    F: FnOnce(&mut Store, &ServerState) -> Result<T, ApiError> + Send + 'static,
{
    let store = Arc::clone(&state.store).lock_owned().await;
    let state = Arc::clone(state);
    tokio::task::spawn_blocking(move || {
        let mut store = store;
        work(&mut store, &state)
    })
    .await
    .map_err(internal)?
}

/// Runs read-only store work on one of the read connections (the writer when the store has no
/// file to share), so it never waits for, nor holds up, the writer.
pub(super) async fn with_reader<T, F>(state: &Arc<ServerState>, work: F) -> Result<T, ApiError>
where
    T: Send + 'static,
    F: FnOnce(&mut Store, &ServerState) -> Result<T, ApiError> + Send + 'static,
{
    let Some(readers) = &state.readers else {
        return with_store(state, work).await;
    };
    let turn = Arc::clone(&readers.turns)
        .acquire_owned()
        .await
        .map_err(internal)?;
    let worker = Arc::clone(state);
    // The turn and the connection live in the blocking task: a request given up half-way
    // (timed out, cut) still hands its connection back when the work ends.
    tokio::task::spawn_blocking(move || {
        let _turn = turn;
        let readers = worker
            .readers
            .as_ref()
            .ok_or_else(|| internal("no readers"))?;
        let Some(mut reader) = lock(&readers.stores).pop() else {
            return Err(internal("no read connection left"));
        };
        let result = work(&mut reader, &worker);
        lock(&readers.stores).push(reader);
        result
    })
    .await
    .map_err(internal)?
}

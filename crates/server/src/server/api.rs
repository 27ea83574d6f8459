//! What a handler answers with: the refusal (`ApiError`, a stable code and words for people),
//! JSON answers, and request bodies read within their limits.

use super::*;

/// A refusal, turned into its JSON body.
#[derive(Debug)]
pub struct ApiError {
    pub(super) code: ErrorCode,
    pub(super) message: String,
    pub(super) retry_after: Option<u64>,
}

impl ApiError {
    pub(super) fn new(code: ErrorCode, message: impl Into<String>) -> ApiError {
        ApiError {
            code,
            message: message.into(),
            retry_after: None,
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let body = ErrorBody {
            code: self.code,
            message: self.message,
        };
        let bytes = serde_json::to_vec(&body).unwrap_or_else(|_| b"{}".to_vec());
        let status =
            StatusCode::from_u16(self.code.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        let mut response = (status, bytes).into_response();
        response.headers_mut().insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json"),
        );
        // For the log line and the audit row (`monitor::observe`).
        response.extensions_mut().insert(self.code);
        if let Some(seconds) = self.retry_after {
            if let Ok(value) = HeaderValue::from_str(&seconds.to_string()) {
                response.headers_mut().insert(header::RETRY_AFTER, value);
            }
        }
        response
    }
}

/// Sync errors as refusals. Their messages name installations, entries and hashes only,
/// never personal data, so they can go back to the caller.
impl From<BatchError> for ApiError {
    fn from(e: BatchError) -> ApiError {
        match &e {
            BatchError::MissingPrerequisites(_) => {
                ApiError::new(ErrorCode::MissingPrerequisites, e.to_string())
            }
            BatchError::OutsideUnit { .. }
            | BatchError::MovesHousehold { .. }
            | BatchError::TransferNotAllowed { .. } => {
                ApiError::new(ErrorCode::WrongUnit, e.to_string())
            }
            _ if e.is_refusal() => ApiError::new(ErrorCode::BatchRefused, e.to_string()),
            _ => internal(e),
        }
    }
}

impl From<rasoat_store::StoreError> for ApiError {
    fn from(e: rasoat_store::StoreError) -> ApiError {
        internal(e)
    }
}

pub(super) fn internal(e: impl std::fmt::Display) -> ApiError {
    // The detail goes to the server's log, never to the caller. Store and batch errors name
    // installations, entries and hashes, never a person (their crates' invariant).
    tracing::error!(target: "rasoat_server::internal", error = %e, "internal error");
    ApiError::new(
        ErrorCode::Internal,
        "lỗi máy chủ, chưa ghi gì / server error, nothing was written",
    )
}

pub(super) fn json_response<T: Serialize>(value: &T) -> Response {
    match serde_json::to_vec(value) {
        Ok(bytes) => {
            let mut response = (StatusCode::OK, bytes).into_response();
            response.headers_mut().insert(
                header::CONTENT_TYPE,
                HeaderValue::from_static("application/json"),
            );
            response
        }
        Err(e) => internal(e).into_response(),
    }
}

/// Reads a body of at most `limit` bytes, refusing at once when `Content-Length` says more and
/// as soon as more arrives otherwise.
pub(super) async fn read_body(
    headers: &HeaderMap,
    body: Body,
    limit: usize,
) -> Result<Bytes, ApiError> {
    let too_large = || {
        ApiError::new(
            ErrorCode::TooLarge,
            format!("thân yêu cầu quá lớn / request body over {limit} bytes"),
        )
    };
    if let Some(length) = headers
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok())
    {
        if length > limit as u64 {
            return Err(too_large());
        }
    }
    match http_body_util::Limited::new(body, limit).collect().await {
        Ok(collected) => Ok(collected.to_bytes()),
        Err(e) if e.is::<http_body_util::LengthLimitError>() => Err(too_large()),
        Err(_) => Err(ApiError::new(
            ErrorCode::Malformed,
            "thân yêu cầu bị cắt / request body cut",
        )),
    }
}

pub(super) async fn read_json<T: DeserializeOwned>(
    headers: &HeaderMap,
    body: Body,
) -> Result<T, ApiError> {
    let bytes = read_body(headers, body, MAX_JSON_BYTES).await?;
    serde_json::from_slice(&bytes).map_err(|e| {
        // serde's message names a field or a position, never the value.
        ApiError::new(
            ErrorCode::Malformed,
            format!("JSON không hợp lệ / malformed JSON: {e}"),
        )
    })
}

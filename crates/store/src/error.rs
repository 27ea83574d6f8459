//! What can go wrong in the store, worded for the commune cadre who reads it (Vietnamese, then
//! English after " / ").

use rasoat_domain::workflow::{ReviewState, TransitionError};

/// Every error the store returns.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("lỗi cơ sở dữ liệu / database error: {0}")]
    Sqlite(#[from] rusqlite::Error),
    #[error("không đọc/ghi được tệp `{path}` / cannot access file: {source}")]
    Io {
        path: String,
        #[source]
        source: std::io::Error,
    },
    #[error("kho dữ liệu này do một phiên bản Rà soát mới hơn ghi (mức tương thích {found}, phiên bản này chỉ hiểu đến mức {supported}); hãy cập nhật phần mềm trước khi mở / this store was written by a newer Rà soát (compat {found} > {supported}); update the app")]
    NewerStore { found: i64, supported: i64 },
    #[error("kho dữ liệu chưa được khởi tạo / store not initialised")]
    NotInitialised,
    #[error("kho dữ liệu đã được khởi tạo cho máy {id} / store already initialised for installation {id}")]
    AlreadyInitialised { id: String },
    #[error("không có đơn vị hành chính mã `{code}` / unknown administrative unit `{code}`")]
    UnknownUnit { code: String },
    #[error("không tìm thấy kỳ rà soát {what} / no such round: {what}")]
    RoundNotFound { what: String },
    #[error("kỳ rà soát {what} đã có / round {what} already exists")]
    RoundExists { what: String },
    #[error("kỳ rà soát {what} đã khóa, không được sửa / round {what} is locked: no edits")]
    RoundLocked { what: String },
    #[error("kỳ rà soát {what} đã đóng, không nhận phiếu mới hay sửa phiếu / round {what} is closed to data entry")]
    RoundClosed { what: String },
    #[error("không có kỳ rà soát nào đang mở / no open round")]
    NoOpenRound,
    #[error("không tìm thấy hộ `{id}` / no such household `{id}`")]
    HouseholdNotFound { id: String },
    #[error("không tìm thấy phiếu của hộ `{id}` trong kỳ này / household `{id}` has no record in this round")]
    RecordNotFound { id: String },
    #[error("phiếu đang ở trạng thái «{state}», không sửa được; xã phải trả lại trước / record is `{state_en}`, not editable until returned", state = .state.label_vi(), state_en = .state.as_str())]
    NotEditable { state: ReviewState },
    #[error(transparent)]
    Transition(#[from] TransitionError),
    #[error("mục nhật ký {origin}#{seq} đã có với nội dung khác: dữ liệu hỏng hoặc bị sửa / journal entry {origin}#{seq} exists with different content")]
    JournalMismatch { origin: String, seq: i64 },
    #[error("lượt tải lên vừa ghi đã biến mất: kho dữ liệu hỏng / an upload just written vanished: the store is damaged")]
    UploadVanished,
    #[error("dữ liệu lưu trong kho bị hỏng ({what}) / stored data is damaged ({what}): {source}")]
    Corrupt {
        what: &'static str,
        #[source]
        source: serde_json::Error,
    },
    #[error("mã máy `{id}` không hợp lệ / installation id is not a UUID")]
    InvalidInstallationId { id: String },
    #[error("phân loại `{class}` không hợp lệ (poor|near_poor|middle|other) / invalid class")]
    InvalidClass { class: String },
    #[error("kỳ rà soát thường xuyên cần tháng 1–12 / a regular round needs a month 1–12")]
    RoundMonth,
    #[error("năm {year} không hợp lệ / invalid year {year}")]
    RoundYear { year: i32 },
    #[error("ngày hiệu lực `{date}` không hợp lệ / invalid date")]
    UnitDate { date: String },
    #[error("số hộ {households} quá lớn / too many households")]
    TooManyHouseholds { households: u64 },
    #[error("chưa có phiếu, không thể hoàn thành / no answers saved yet")]
    NoAnswersYet,
    #[error("danh sách phải thuộc một xã; `{code}` là cấp {level} / a list belongs to a commune")]
    ListNotForACommune { code: String, level: String },
    #[error("hộ `{household_id}` không có xung đột trong kỳ này / no conflict on this record")]
    NoConflict { household_id: String },
    #[error("mục `{entry_id}` không phải một trong các bản đang xung đột / entry is not one of the conflicting edits")]
    NotAConflictingEdit { entry_id: String },
    #[error("thiếu kỳ rà soát {round_id} mà mục {origin}#{seq} cần / missing round {round_id} needed by entry {origin}#{seq}")]
    MissingRound {
        round_id: String,
        origin: String,
        seq: i64,
    },
    #[error("mã phiếu `{entity_id}` sai dạng / survey entity id malformed")]
    MalformedEntityId { entity_id: String },
    #[error("câu trả lời không khớp mã băm {hash} / answers do not match their hash")]
    AnswersHashMismatch { hash: String },
    #[error("thiếu câu trả lời {hash} / missing answers {hash}")]
    AnswersMissing { hash: String },
    // Position only: serde's message may quote a value, and values here are personal data.
    #[error("câu trả lời không đọc được (dòng {line}, cột {column}) / answers unreadable")]
    AnswersAt { line: usize, column: usize },
    #[error("câu trả lời đã lưu không đọc được / stored answers unreadable: {source}")]
    StoredAnswers {
        #[source]
        source: rasoat_domain::ReadError,
    },
    #[error("kho dữ liệu có giá trị lạ ở {what}: `{word}` / stored {what} has an unknown value")]
    StoredWord { what: &'static str, word: String },
    #[error("bước nâng cấp kho dữ liệu {name} thất bại / migration {name} failed: {source}")]
    Migration {
        name: &'static str,
        #[source]
        source: rusqlite::Error,
    },
    #[error("danh sách đơn vị hành chính không đọc được / reference units unreadable: {source}")]
    ReferenceUnits {
        #[source]
        source: csv::Error,
    },
    #[error("kiểm tra toàn vẹn thất bại / integrity check failed: {verdict}")]
    IntegrityCheck { verdict: String },
    #[error("dữ liệu JSON không đọc được / unreadable JSON: {0}")]
    Json(#[from] serde_json::Error),
    #[error("không đọc được tệp danh sách `{path}` / cannot read list: {message}")]
    ListUnreadable { path: String, message: String },
    #[error("danh sách có {n_errors} lỗi, không nhập hộ nào (dùng --skip-invalid để nhập các dòng hợp lệ) / the list has {n_errors} errors, nothing imported")]
    ListInvalid {
        n_errors: usize,
        errors: Vec<crate::import::RowError>,
    },
}

impl StoreError {
    /// True when retrying later may succeed (another process holds the lock).
    pub fn is_busy(&self) -> bool {
        matches!(
            self,
            StoreError::Sqlite(rusqlite::Error::SqliteFailure(e, _))
                if e.code == rusqlite::ErrorCode::DatabaseBusy
                    || e.code == rusqlite::ErrorCode::DatabaseLocked
        )
    }
}

pub type Result<T, E = StoreError> = std::result::Result<T, E>;

//! What can go wrong in the store, worded for the commune cadre who reads it (Vietnamese, then
//! English after " / "), and as a code with its values ([`StoreError::message`]) for a window
//! that renders it in the user's language from `assets/messages/errors.json`.

use rasoat_domain::messages::{Code, Message};
use rasoat_domain::workflow::{state_words, ReviewState, TransitionError};

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
    #[error("chưa chọn hộ nào / no household chosen")]
    NoHouseholdChosen,
    #[error("chưa hoàn thành được: còn {missing} câu bắt buộc chưa trả lời hoặc chưa đúng ({}) / cannot complete yet: {missing} required answers not given or not valid ({})", list.vi, list.en)]
    AnswersIncomplete {
        missing: usize,
        /// Which, in the form's words.
        list: rasoat_domain::messages::Words,
    },
    #[error("mã hộ {code} đã có ở một hộ khác trong kỳ này ({vi}): tìm mã đó trong danh sách hộ / household code {code} is already used by another household in this round ({en}): find that code in the household list", vi = village_words(village.as_deref(), "hộ đó thuộc thôn, bản", "hộ đó chưa chọn thôn, bản"), en = village_words(village.as_deref(), "that household is in village", "that household has no village chosen yet"))]
    DuplicateCode {
        code: String,
        /// The other household's village; `None` for a draft that has not chosen one yet.
        village: Option<String>,
    },
    #[error("hộ {code} đã chuyển sang xã {to}; máy này không sửa hộ đó nữa, hồ sơ cũ vẫn giữ để tra cứu / household {code} was transferred to commune {to}; it is no longer edited here, its earlier record stays for reference")]
    TransferredAway { code: String, to: String },
    #[error("máy của rà soát viên không được bỏ bản phiếu do xã hoặc cấp trên quyết định (bản đang ở bước «{vi}») khi chọn bản giữ lại: hãy để cán bộ xã chọn; không có gì thay đổi / an enumerator's installation may not set aside a version the commune or an office above decided (it is `{en}`) when choosing the one to keep: leave the choice to the commune; nothing was changed", vi = .state.label_vi(), en = .state.as_str())]
    SetAsideNotAllowed { state: ReviewState },
    #[error("tên thôn, bản không được để trống / a village needs a name")]
    VillageNameEmpty,
    #[error("thôn, bản «{name}» đã có trong danh sách của xã / village `{name}` is already in the commune's list")]
    VillageExists { name: String },
    #[error("không có thôn, bản «{name}» trong danh sách của xã / no village `{name}` in the commune's list")]
    VillageUnknown { name: String },
    #[error("danh sách thôn, bản do máy của xã giữ; máy cấp huyện, tỉnh không có / the village list is kept by a commune's installations")]
    VillagesNotACommune,
    #[error("chỉ cơ quan được mở kỳ rà soát {what} mới đổi được thiết lập của kỳ; máy này là cấp {office} / only the office that may open round {what} may change its settings; this installation is a {office}")]
    RoundSettingsNotTheOffice { what: String, office: String },
    #[error(transparent)]
    StandardsFile(#[from] rasoat_domain::office_standards::OfficeStandardsError),
    #[error("chỉ máy của huyện hoặc tỉnh nạp được tệp chuẩn nghèo; máy này là `{office}` / only an office (district, province) loads a standards file; this installation is `{office}`")]
    StandardsNotTheOffice { office: String },
    #[error("kỳ rà soát {what} đã có {recognised} hộ được công nhận, không đổi thiết lập được nữa / round {what} already has {recognised} recognised households: its settings can no longer change")]
    RoundSettingsRecognised { what: String, recognised: i64 },
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
    #[error("cần mã PIN hoặc khóa khôi phục để mở kho dữ liệu này / this store needs a PIN or the recovery key")]
    Locked,
    #[error("tệp khóa của kho dữ liệu bị hỏng; hãy chép lại tệp .keys từ bản sao lưu / the store's keys file is damaged: restore the .keys file from a backup")]
    KeysFileDamaged,
    #[error("khóa của người này bị hỏng; hãy mở bằng khóa khôi phục rồi đặt lại mã PIN / this key slot is damaged: open with the recovery key, then reset the PIN")]
    KeySlotDamaged,
    #[error("mã PIN không đúng; còn {tries_left} lần thử trước khi phải chờ / wrong PIN; {tries_left} tries left before a wait")]
    WrongPin { tries_left: u32 },
    #[error("đã nhập sai nhiều lần; hãy thử lại sau {seconds} giây / too many wrong tries: try again in {seconds} s")]
    TryLater { seconds: i64 },
    #[error("khóa khôi phục không đúng / wrong recovery key")]
    WrongRecoveryKey,
    #[error(
        "khóa khôi phục gồm 40 chữ số (8 nhóm 5 số) / a recovery key is 40 digits (8 groups of 5)"
    )]
    RecoveryKeyMalformed,
    #[error("mã PIN cần ít nhất 6 chữ số (hoặc mật khẩu từ 10 ký tự) / a PIN needs at least 6 digits (or a password of 10 or more characters)")]
    PinTooWeak,
    #[error("không có người dùng này trên máy / no such person on this installation")]
    UnknownPerson,
    #[error("người dùng này đã bị khóa tài khoản; hãy hỏi quản trị viên / this person is disabled: ask the administrator")]
    PersonDisabled,
    #[error("chỉ quản trị viên được làm việc này / only an administrator may do this")]
    NotAdministrator,
    #[error("không thể khóa quản trị viên cuối cùng / the last administrator cannot be disabled")]
    LastAdministrator,
    #[error("tệp khóa `{path}` phải chỉ tài khoản chạy dịch vụ đọc được (chmod 600) / key file `{path}` must be readable by its own account only (chmod 600)")]
    KeyFileTooOpen { path: String },
    #[error("kho dữ liệu chưa được mã hóa; hãy tạo quản trị viên để mã hóa / this store is not encrypted yet: create an administrator to encrypt it")]
    NotProtected,
    #[error("Máy này đã chuyển sang máy khác ngày {on}; dữ liệu vẫn xem được nhưng không sửa hay trao đổi được nữa / this installation moved to another machine on {on}: still readable, but no more edits or exchanges")]
    InstallationMoved { on: String },
    #[error("cụm mật khẩu chuyển máy cần ít nhất {min} ký tự / the move passphrase needs at least {min} characters")]
    MovePassphraseTooShort { min: usize },
    #[error("cụm mật khẩu không đúng; chưa tạo gì trên máy này / wrong passphrase: nothing was created on this machine")]
    MoveWrongPassphrase,
    #[error("tệp chuyển máy bị hỏng hoặc bị cắt ngắn; chưa tạo gì trên máy này, hãy chép lại tệp / the move file is damaged or cut short: nothing was created on this machine; copy the file again")]
    MoveFileDamaged,
    #[error("đây không phải tệp chuyển máy của Rà soát; chưa tạo gì trên máy này / this is not a Rà soát move file: nothing was created on this machine")]
    MoveNotOurFile,
    #[error("đã có kho dữ liệu ở `{path}`; chỉ chuyển vào được nơi chưa có kho / a store already exists at `{path}`: move in only where there is none")]
    MoveTargetExists { path: String },
}

/// Where the *other* household is ("hộ đó thuộc thôn, bản «Thôn Mẫu»"), or plain words saying
/// that household has not chosen its village yet: never read as the form being filled lacking one.
fn village_words(village: Option<&str>, label: &str, none: &str) -> String {
    village.map_or_else(|| none.to_string(), |v| format!("{label} «{v}»"))
}

impl StoreError {
    /// The error as a code and its values; its `bilingual` rendering is the `Display` text
    /// (`store_errors_say_the_same_words_from_the_catalogue`).
    pub fn message(&self) -> Message {
        use StoreError as E;
        let m = Message::new;
        match self {
            E::Sqlite(e) => m(Code::StoreSqlite).with("detail", e.to_string()),
            E::Io { path, source } => m(Code::StoreIo)
                .with("path", path.as_str())
                .with("source", source.to_string()),
            E::NewerStore { found, supported } => m(Code::StoreNewerStore)
                .with("found", *found)
                .with("supported", *supported),
            E::NotInitialised => m(Code::StoreNotInitialised),
            E::AlreadyInitialised { id } => {
                m(Code::StoreAlreadyInitialised).with("id", id.as_str())
            }
            E::UnknownUnit { code } => m(Code::StoreUnknownUnit).with("code", code.as_str()),
            E::RoundNotFound { what } => m(Code::StoreRoundNotFound).with("what", what.as_str()),
            E::RoundExists { what } => m(Code::StoreRoundExists).with("what", what.as_str()),
            E::RoundLocked { what } => m(Code::StoreRoundLocked).with("what", what.as_str()),
            E::RoundClosed { what } => m(Code::StoreRoundClosed).with("what", what.as_str()),
            E::NoOpenRound => m(Code::StoreNoOpenRound),
            E::HouseholdNotFound { id } => m(Code::StoreHouseholdNotFound).with("id", id.as_str()),
            E::RecordNotFound { id } => m(Code::StoreRecordNotFound).with("id", id.as_str()),
            E::NotEditable { state } => {
                m(Code::StoreNotEditable).with("state", state_words(*state))
            }
            E::Transition(e) => e.message(),
            E::JournalMismatch { origin, seq } => m(Code::StoreJournalMismatch)
                .with("origin", origin.as_str())
                .with("seq", *seq),
            E::UploadVanished => m(Code::StoreUploadVanished),
            E::Corrupt { what, source } => m(Code::StoreCorrupt)
                .with("what", *what)
                .with("source", source.to_string()),
            E::InvalidInstallationId { id } => {
                m(Code::StoreInvalidInstallationId).with("id", id.as_str())
            }
            E::InvalidClass { class } => m(Code::StoreInvalidClass).with("class", class.as_str()),
            E::RoundMonth => m(Code::StoreRoundMonth),
            E::RoundYear { year } => m(Code::StoreRoundYear).with("year", *year),
            E::UnitDate { date } => m(Code::StoreUnitDate).with("date", date.as_str()),
            E::TooManyHouseholds { households } => {
                m(Code::StoreTooManyHouseholds).with("households", *households)
            }
            E::NoAnswersYet => m(Code::StoreNoAnswersYet),
            E::NoHouseholdChosen => m(Code::StoreNoHouseholdChosen),
            E::AnswersIncomplete { missing, list } => m(Code::StoreAnswersIncomplete)
                .with("missing", *missing)
                .with("list", list.clone()),
            E::DuplicateCode {
                code,
                village: Some(village),
            } => m(Code::StoreDuplicateCode)
                .with("code", code.as_str())
                .with("village", village.as_str()),
            E::DuplicateCode {
                code,
                village: None,
            } => m(Code::StoreDuplicateCodeNoVillage).with("code", code.as_str()),
            E::TransferredAway { code, to } => m(Code::StoreTransferredAway)
                .with("code", code.as_str())
                .with("to", to.as_str()),
            E::SetAsideNotAllowed { state } => {
                m(Code::StoreSetAsideNotAllowed).with("state", state_words(*state))
            }
            E::VillageNameEmpty => m(Code::StoreVillageNameEmpty),
            E::VillageExists { name } => m(Code::StoreVillageExists).with("name", name.as_str()),
            E::VillageUnknown { name } => m(Code::StoreVillageUnknown).with("name", name.as_str()),
            E::VillagesNotACommune => m(Code::StoreVillagesNotACommune),
            E::RoundSettingsNotTheOffice { what, office } => {
                m(Code::StoreRoundSettingsNotTheOffice)
                    .with("what", what.as_str())
                    .with("office", office.as_str())
            }
            E::RoundSettingsRecognised { what, recognised } => {
                m(Code::StoreRoundSettingsRecognised)
                    .with("what", what.as_str())
                    .with("recognised", *recognised)
            }
            E::ListNotForACommune { code, level } => m(Code::StoreListNotForACommune)
                .with("code", code.as_str())
                .with("level", level.as_str()),
            E::NoConflict { household_id } => {
                m(Code::StoreNoConflict).with("household_id", household_id.as_str())
            }
            E::NotAConflictingEdit { entry_id } => {
                m(Code::StoreNotAConflictingEdit).with("entry_id", entry_id.as_str())
            }
            E::MissingRound {
                round_id,
                origin,
                seq,
            } => m(Code::StoreMissingRound)
                .with("round_id", round_id.as_str())
                .with("origin", origin.as_str())
                .with("seq", *seq),
            E::MalformedEntityId { entity_id } => {
                m(Code::StoreMalformedEntityId).with("entity_id", entity_id.as_str())
            }
            E::AnswersHashMismatch { hash } => {
                m(Code::StoreAnswersHashMismatch).with("hash", hash.as_str())
            }
            E::AnswersMissing { hash } => m(Code::StoreAnswersMissing).with("hash", hash.as_str()),
            E::AnswersAt { line, column } => m(Code::StoreAnswersAt)
                .with("line", *line)
                .with("column", *column),
            E::StoredAnswers { source } => {
                m(Code::StoreStoredAnswers).with("source", source.to_string())
            }
            E::StoredWord { what, word } => m(Code::StoreStoredWord)
                .with("what", *what)
                .with("word", word.as_str()),
            E::Migration { name, source } => m(Code::StoreMigration)
                .with("name", *name)
                .with("source", source.to_string()),
            E::ReferenceUnits { source } => {
                m(Code::StoreReferenceUnits).with("source", source.to_string())
            }
            E::IntegrityCheck { verdict } => {
                m(Code::StoreIntegrityCheck).with("verdict", verdict.as_str())
            }
            E::Json(e) => m(Code::StoreJson).with("detail", e.to_string()),
            E::ListUnreadable { path, message } => m(Code::StoreListUnreadable)
                .with("path", path.as_str())
                .with("reason", message.as_str()),
            E::ListInvalid { n_errors, .. } => {
                m(Code::StoreListInvalid).with("n_errors", *n_errors)
            }
            E::Locked => m(Code::StoreLocked),
            E::KeysFileDamaged => m(Code::StoreKeysFileDamaged),
            E::KeySlotDamaged => m(Code::StoreKeySlotDamaged),
            E::WrongPin { tries_left } => m(Code::StoreWrongPin).with("tries_left", *tries_left),
            E::TryLater { seconds } => m(Code::StoreTryLater).with("seconds", *seconds),
            E::WrongRecoveryKey => m(Code::StoreWrongRecoveryKey),
            E::RecoveryKeyMalformed => m(Code::StoreRecoveryKeyMalformed),
            E::PinTooWeak => m(Code::StorePinTooWeak),
            E::UnknownPerson => m(Code::StoreUnknownPerson),
            E::PersonDisabled => m(Code::StorePersonDisabled),
            E::NotAdministrator => m(Code::StoreNotAdministrator),
            E::LastAdministrator => m(Code::StoreLastAdministrator),
            E::KeyFileTooOpen { path } => m(Code::StoreKeyFileTooOpen).with("path", path.as_str()),
            E::NotProtected => m(Code::StoreNotProtected),
            E::InstallationMoved { on } => m(Code::StoreInstallationMoved).with("on", on.as_str()),
            E::MovePassphraseTooShort { min } => {
                m(Code::StoreMovePassphraseTooShort).with("min", *min)
            }
            E::MoveWrongPassphrase => m(Code::StoreMoveWrongPassphrase),
            E::MoveFileDamaged => m(Code::StoreMoveFileDamaged),
            E::MoveNotOurFile => m(Code::StoreMoveNotOurFile),
            E::MoveTargetExists { path } => {
                m(Code::StoreMoveTargetExists).with("path", path.as_str())
            }
            E::StandardsFile(e) => e.message(),
            E::StandardsNotTheOffice { office } => {
                m(Code::StoreStandardsNotTheOffice).with("office", office.as_str())
            }
        }
    }

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

#[cfg(test)]
mod tests {
    use super::*;
    use rasoat_domain::messages::bilingual;
    use rasoat_domain::workflow::Role;

    fn json_error() -> serde_json::Error {
        match serde_json::from_str::<i32>("x") {
            Err(e) => e,
            Ok(_) => unreachable!("`x` is not a number"),
        }
    }

    /// One of every variant, so a word changed on one side only fails here.
    fn every() -> Vec<StoreError> {
        use StoreError as E;
        let s = |t: &str| t.to_string();
        vec![
            E::Sqlite(rusqlite::Error::QueryReturnedNoRows),
            E::Io {
                path: s("a/b.db"),
                source: std::io::Error::other("disk full"),
            },
            E::NewerStore {
                found: 3,
                supported: 2,
            },
            E::NotInitialised,
            E::AlreadyInitialised { id: s("m-1") },
            E::UnknownUnit { code: s("00123") },
            E::RoundNotFound { what: s("2025") },
            E::RoundExists { what: s("2025") },
            E::RoundLocked { what: s("2025") },
            E::RoundClosed { what: s("2025") },
            E::NoOpenRound,
            E::HouseholdNotFound { id: s("h-1") },
            E::RecordNotFound { id: s("h-1") },
            E::NotEditable {
                state: ReviewState::Accepted,
            },
            E::Transition(TransitionError::WrongRole {
                role: Role::District,
                action: "accept",
            }),
            E::JournalMismatch {
                origin: s("m-1"),
                seq: 7,
            },
            E::UploadVanished,
            E::Corrupt {
                what: "answers",
                source: json_error(),
            },
            E::InvalidInstallationId { id: s("abc") },
            E::InvalidClass { class: s("rich") },
            E::RoundMonth,
            E::RoundYear { year: 1900 },
            E::UnitDate {
                date: s("2025-13-01"),
            },
            E::TooManyHouseholds { households: 99 },
            E::NoAnswersYet,
            E::NoHouseholdChosen,
            E::AnswersIncomplete {
                missing: 2,
                list: rasoat_domain::open_answers::list_words(&[
                    s("latrine"),
                    s("members[1].school_level"),
                ]),
            },
            E::DuplicateCode {
                code: s("00730-06-000145"),
                village: Some(s("Thôn Mẫu")),
            },
            E::DuplicateCode {
                code: s("00730-06-000145"),
                village: None,
            },
            E::TransferredAway {
                code: s("00730-06-000145"),
                to: s("00715"),
            },
            E::SetAsideNotAllowed {
                state: ReviewState::Recognised,
            },
            E::VillageNameEmpty,
            E::VillageExists {
                name: s("Thôn Mẫu"),
            },
            E::VillageUnknown {
                name: s("Thôn Mẫu"),
            },
            E::VillagesNotACommune,
            E::RoundSettingsNotTheOffice {
                what: s("2025 định kỳ"),
                office: s("commune"),
            },
            E::RoundSettingsRecognised {
                what: s("2025 định kỳ"),
                recognised: 3,
            },
            E::ListNotForACommune {
                code: s("002"),
                level: s("district"),
            },
            E::NoConflict {
                household_id: s("h-1"),
            },
            E::NotAConflictingEdit { entry_id: s("e-1") },
            E::MissingRound {
                round_id: s("r-1"),
                origin: s("m-1"),
                seq: 2,
            },
            E::MalformedEntityId { entity_id: s("x") },
            E::AnswersHashMismatch { hash: s("ab12") },
            E::AnswersMissing { hash: s("ab12") },
            E::AnswersAt { line: 3, column: 9 },
            E::StoredAnswers {
                source: rasoat_domain::ReadError::Format { found: s("v0") },
            },
            E::StoredWord {
                what: "state",
                word: s("gone"),
            },
            E::Migration {
                name: "0002",
                source: rusqlite::Error::InvalidQuery,
            },
            E::ReferenceUnits {
                source: csv::Error::from(std::io::Error::other("cut")),
            },
            E::IntegrityCheck {
                verdict: s("page 4"),
            },
            E::Json(json_error()),
            E::ListUnreadable {
                path: s("list.csv"),
                message: s("not UTF-8"),
            },
            E::ListInvalid {
                n_errors: 2,
                errors: Vec::new(),
            },
            E::Locked,
            E::KeysFileDamaged,
            E::KeySlotDamaged,
            E::WrongPin { tries_left: 2 },
            E::TryLater { seconds: 30 },
            E::WrongRecoveryKey,
            E::RecoveryKeyMalformed,
            E::PinTooWeak,
            E::UnknownPerson,
            E::PersonDisabled,
            E::NotAdministrator,
            E::LastAdministrator,
            E::KeyFileTooOpen {
                path: s("/etc/rasoat/key"),
            },
            E::NotProtected,
            E::InstallationMoved {
                on: s("06/12/2026"),
            },
            E::MovePassphraseTooShort { min: 12 },
            E::MoveWrongPassphrase,
            E::MoveFileDamaged,
            E::MoveNotOurFile,
            E::MoveTargetExists {
                path: s("/home/a/rasoat.db"),
            },
            E::StandardsFile(
                rasoat_domain::office_standards::OfficeStandardsError::RescaledScore {
                    id: s("nd351-2025"),
                },
            ),
            E::StandardsNotTheOffice {
                office: s("commune"),
            },
        ]
    }

    #[test]
    fn store_errors_say_the_same_words_from_the_catalogue() {
        let mut seen = Vec::new();
        for e in every() {
            assert_eq!(bilingual(&e.message()), e.to_string(), "{e:?}");
            seen.push(e.message().code);
        }
        // The sample holds every store code, so no variant is left unchecked.
        for code in Code::ALL {
            if code.as_str().starts_with("error.store.") {
                assert!(seen.contains(code), "no sample says {}", code.as_str());
            }
        }
    }
}

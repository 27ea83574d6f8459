//! Why a batch, receipt or identity card is refused, worded for the commune cadre who reads it
//! (Vietnamese, then English after " / "). No message carries personal data: installations,
//! entries and answers are named by id, origin#seq or hash.

use rasoat_store::StoreError;

/// Every error of the batch crate.
#[derive(Debug, thiserror::Error)]
pub enum BatchError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("tệp rỗng / empty file")]
    Empty,
    #[error("không phải tệp {what} của Rà soát / not a Rà soát {what_en} file", what_en = .what_en)]
    NotOurFile {
        what: &'static str,
        what_en: &'static str,
    },
    #[error("tệp bị cắt cụt (thiếu {what}) / file truncated (missing {what})")]
    Truncated { what: &'static str },
    #[error("tệp do phiên bản mới hơn ghi (định dạng {found}, phiên bản này đọc đến {supported}); hãy cập nhật phần mềm / written by a newer Rà soát (format {found} > {supported}); update the app")]
    NewerFormat { found: u16, supported: u16 },
    #[error(
        "{what} quá lớn ({size} byte, tối đa {limit}) / {what} too large ({size} > {limit} bytes)"
    )]
    TooLarge {
        what: &'static str,
        size: u64,
        limit: u64,
    },
    #[error("có dữ liệu thừa sau chữ ký / trailing bytes after the signature")]
    TrailingBytes,
    #[error("phần mô tả (manifest) không đọc được: {source} / manifest unreadable")]
    Manifest {
        #[source]
        source: serde_json::Error,
    },
    #[error("phần mô tả ghi định dạng {format} v{version} trong tệp v{file_version} / the manifest names another format than the file")]
    ManifestFormat {
        format: String,
        version: u16,
        file_version: u16,
    },
    #[error("thẻ định danh không đọc được: {source} / identity card unreadable")]
    CardJson {
        #[source]
        source: serde_json::Error,
    },
    #[error("thẻ định danh có định dạng lạ `{format}` / identity card of an unknown format")]
    CardFormat { format: String },
    #[error(
        "thẻ định danh có mã máy không hợp lệ / the identity card's installation id is invalid"
    )]
    CardInstallationId,
    #[error("thẻ định danh có khóa không hợp lệ ({which}) / the identity card has an invalid key ({which})")]
    CardKey { which: CardKey },
    #[error("chữ ký không hợp lệ ({what}): tệp đã bị sửa hoặc giả mạo / invalid signature ({what}): the file was altered or forged")]
    BadSignature { what: &'static str },
    #[error("tệp này gửi cho máy {recipient}, không phải máy này ({this}) / addressed to another installation")]
    WrongRecipient { recipient: String, this: String },
    #[error("máy gửi {sender} chưa được đăng ký ở máy này / sender {sender} is not enrolled here")]
    UnknownSender { sender: String },
    #[error(
        "tệp do chính máy này gửi đi, không nhập lại / this file was sent by this installation"
    )]
    FromSelf,
    #[error("không giải mã được nội dung: {source} / cannot decrypt the payload")]
    Decrypt {
        #[source]
        source: age::DecryptError,
    },
    #[error("không giải nén được nội dung: {source} / cannot decompress the payload")]
    Decompress {
        #[source]
        source: std::io::Error,
    },
    #[error("nội dung không khớp mô tả: {0} / payload does not match the manifest")]
    PayloadMismatch(String),
    #[error("nội dung không đọc được: {0} / payload unreadable")]
    Payload(String),
    #[error("chứng nhận đăng ký của máy {subject} không hợp lệ: {reason} / enrolment certificate invalid")]
    Certificate { subject: String, reason: String },
    #[error("mục {origin}#{seq} đến từ máy chưa được đăng ký hay chứng nhận / entry from an installation neither enrolled nor certified")]
    UnknownOrigin { origin: String, seq: i64 },
    #[error("chữ ký của mục {origin}#{seq} sai: mục đã bị sửa hoặc bị máy khác ký lại / entry signature invalid (altered or re-signed)")]
    EntrySignature { origin: String, seq: i64 },
    #[error("mục {origin}#{seq} (mã {id}) đã có ở máy này với nội dung khác / entry already held with different content")]
    EntryMismatch {
        id: String,
        origin: String,
        seq: i64,
    },
    #[error("thiếu dữ liệu phải nhập trước: {} / missing prerequisites: import the earlier batches first", .0.join("; "))]
    MissingPrerequisites(Vec<String>),
    #[error("không có gì mới để gửi cho máy {recipient} / nothing new to send")]
    NothingToSend { recipient: String },
    #[error("máy {id} chưa được đăng ký ở máy này / installation {id} is not enrolled here")]
    NotEnrolled { id: String },
    #[error("máy {id} đã được đăng ký với khóa khác; kiểm tra lại thẻ / {id} already enrolled with other keys")]
    EnrolmentConflict { id: String },
    #[error("không thể đăng ký chính máy này / cannot enrol this installation itself")]
    EnrolSelf,
    #[error("máy này chưa có khóa / this installation has no keys yet")]
    NoIdentity,
    #[error("không tạo được khóa ngẫu nhiên: {source} / no random source")]
    Random {
        #[source]
        source: getrandom::Error,
    },
    #[error("không ghi được dữ liệu: {source} / cannot encode")]
    Encode {
        #[source]
        source: serde_json::Error,
    },
    #[error("không nén được nội dung: {source} / cannot compress the payload")]
    Compress {
        #[source]
        source: std::io::Error,
    },
    #[error("không mã hóa được nội dung: {source} / cannot encrypt the payload")]
    Encrypt {
        #[source]
        source: age::EncryptError,
    },
    #[error("{what} `{value}` không đúng dạng chuẩn / {what} is not canonical")]
    NotCanonical { what: &'static str, value: String },
}

impl BatchError {
    /// True when the file itself was refused (damaged, forged, misaddressed, out of order), as
    /// opposed to a failure of this installation's own store.
    pub fn is_refusal(&self) -> bool {
        !matches!(
            self,
            BatchError::Store(_)
                | BatchError::Random { .. }
                | BatchError::Encode { .. }
                | BatchError::Compress { .. }
                | BatchError::Encrypt { .. }
                | BatchError::NotCanonical { .. }
        )
    }
}

pub type Result<T, E = BatchError> = std::result::Result<T, E>;

/// Which key of an identity card.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CardKey {
    Signing,
    Encryption,
}

impl std::fmt::Display for CardKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            CardKey::Signing => "khóa ký / signing",
            CardKey::Encryption => "khóa mã hóa / encryption",
        })
    }
}

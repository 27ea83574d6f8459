//! Why a batch, receipt or identity card is refused, worded for the commune cadre who reads it
//! (Vietnamese, then English after " / "), and as a code with its values
//! ([`BatchError::message`]) for a window that renders it in the user's language. No message
//! carries personal data: installations, entries and answers are named by id, origin#seq or hash.
//! Why this file is long: every refusal is one variant with its two-language words and its code,
//! and the test beside them lists every variant, so a new refusal is added here in one place.

use rasoat_domain::authorisation::Office;
use rasoat_domain::messages::{Code, Message, Words};
use rasoat_domain::opening_review::OpeningState;
use rasoat_domain::workflow::{state_words, ReviewState};
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
    #[error("máy gửi {sender} chưa được đăng ký ở máy này: đăng ký thẻ định danh của máy đó (đối chiếu dấu vân tay) rồi nhập lại; không nhận gì từ tệp này / sender {sender} is not enrolled here: enrol its identity card (checking the fingerprint), then import again; nothing was imported")]
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
    #[error("thẻ của máy {id} xin làm {role} của đơn vị {unit}, ngoài các đơn vị máy này phụ trách: không đăng ký / the card of {id} asks to act as {role} for {unit}, outside this installation's units: not enrolled")]
    EnrolmentNotAllowed {
        id: String,
        role: String,
        unit: String,
    },
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
    #[error("mục {origin}#{seq} sửa hộ {household} của đơn vị {unit}, ngoài các đơn vị của máy làm ra mục đó hoặc của máy này; không nhận gì từ lô này / entry {origin}#{seq} changes household {household} of unit {unit}, outside the units of the installation that made it or of this one; nothing was imported")]
    OutsideUnit {
        origin: String,
        seq: i64,
        household: String,
        unit: String,
    },
    #[error("mục {origin}#{seq} sửa danh sách thôn, bản của xã {unit}, mà chỉ xã đó hoặc cấp trên của xã được sửa; không nhận gì từ lô này / entry {origin}#{seq} changes the village list of commune {unit}, which only that commune or an office above it may change; nothing was imported")]
    VillagesOutsideUnit {
        origin: String,
        seq: i64,
        unit: String,
    },
    #[error("mục {origin}#{seq} chuyển hộ {household} từ đơn vị {from} sang {to}; chỉ chuyển hộ bằng thao tác chuyển hộ; không nhận gì từ lô này / entry {origin}#{seq} moves household {household} from unit {from} to {to}; households move only by a transfer; nothing was imported")]
    MovesHousehold {
        origin: String,
        seq: i64,
        household: String,
        from: String,
        to: String,
    },
    #[error("mục {origin}#{seq} chuyển hộ {household} từ xã {from} sang xã {to}, mà máy làm ra mục không được chuyển (chỉ huyện hoặc tỉnh phụ trách cả hai xã mới chuyển hộ); không nhận gì từ lô này / entry {origin}#{seq} transfers household {household} from commune {from} to {to}, which its installation may not do (only a district or province covering both communes transfers households); nothing was imported")]
    TransferNotAllowed {
        origin: String,
        seq: i64,
        household: String,
        from: String,
        to: String,
    },
    #[error("không được chuyển hộ {household} từ xã {from} sang xã {to}: chỉ máy của huyện hoặc tỉnh phụ trách cả hai xã mới chuyển hộ; không có gì thay đổi / household {household} may not be transferred from commune {from} to {to} here: only a district or province installation covering both communes transfers households; nothing was changed")]
    TransferRefused {
        household: String,
        from: String,
        to: String,
    },
    #[error("hộ {household} đã thuộc xã {to} (hoặc xã đã sáp nhập thành xã đó); không cần chuyển, không có gì thay đổi / household {household} already belongs to commune {to} (or a commune merged into it); nothing to transfer, nothing was changed")]
    TransferWithinUnit { household: String, to: String },
    #[error("cần ghi lý do chuyển hộ; không có gì thay đổi / a transfer needs a reason; nothing was changed")]
    TransferReasonMissing,
    #[error("mục {origin}#{seq} mở một kỳ rà soát mà máy đó không được mở (kỳ định kỳ do huyện hoặc tỉnh mở); không nhận gì từ lô này / entry {origin}#{seq} opens a round its installation may not open (periodic rounds come from the district or province); nothing was imported")]
    RoundNotAllowed { origin: String, seq: i64 },
    #[error("mục {origin}#{seq} nạp tệp chuẩn nghèo nhưng máy đó không phải máy của huyện hay tỉnh; không nhận gì từ lô này / entry {origin}#{seq} loads a standards file but its installation is not a district's or province's; nothing was imported")]
    StandardsNotAllowed { origin: String, seq: i64 },
    #[error("{}", review_step_words(.origin, *.seq, .household, *.step, *.office))]
    ReviewStepNotAllowed {
        origin: String,
        seq: i64,
        household: HouseholdAt,
        /// The state the entry takes the record (or the opening list) to.
        step: StepTaken,
        /// The office of the installation that made the entry.
        office: Office,
    },
    #[error("mục {origin}#{seq} về hộ {code} của đơn vị {unit} sửa câu trả lời của phiếu đang ở bước «{vi}», khi không ai được sửa phiếu (chỉ sửa phiếu đang rà soát hoặc đã trả lại); không nhận gì từ lô này / entry {origin}#{seq} about household {code} of unit {unit} changes the answers of a record that is `{en}`, when nobody may edit it (only a draft or a returned form is edited); nothing was imported", code = .household.code, unit = .household.unit, vi = .state.label_vi(), en = .state.as_str())]
    AnswersNotEditable {
        origin: String,
        seq: i64,
        household: HouseholdAt,
        /// The state of the content the entry builds on, which it keeps.
        state: ReviewState,
    },
    #[error("{}", record_not_editable_words(.origin, *.seq, .household, *.state, *.office))]
    RecordNotEditable {
        origin: String,
        seq: i64,
        household: HouseholdAt,
        /// The state of the content the entry builds on, which it keeps.
        state: ReviewState,
        /// The office of the installation that made the entry.
        office: Office,
    },
    #[error("mục {origin}#{seq} về hộ {code} của đơn vị {unit} dựa trên nội dung phiếu chưa đến máy này; hãy nhận các lô trước đó rồi nhận lại lô này; không nhận gì từ lô này / entry {origin}#{seq} about household {code} of unit {unit} builds on content that has not arrived here yet; import the batches before it, then this one again; nothing was imported", code = .household.code, unit = .household.unit)]
    ParentNotArrived {
        origin: String,
        seq: i64,
        household: HouseholdAt,
    },
    #[error("mục {origin}#{seq} về hộ {code} của đơn vị {unit} dựa trên một nội dung chỉ có trong chính nó, hoặc trong các mục dựa vào nhau, chưa từng có ở đâu; không nhận gì từ lô này / entry {origin}#{seq} about household {code} of unit {unit} builds on content found only in itself, or in entries that build on each other, never made anywhere; nothing was imported", code = .household.code, unit = .household.unit)]
    ReviewStepCycle {
        origin: String,
        seq: i64,
        household: HouseholdAt,
    },
    #[error("{}", in_future_words(.origin, *.seq, .household.as_ref()))]
    RecordedInFuture {
        origin: String,
        seq: i64,
        /// The household a survey entry is about; `None` for other entries.
        household: Option<HouseholdAt>,
    },
    #[error("{}", content_hash_words(.origin, *.seq, .household.as_ref()))]
    ContentHash {
        origin: String,
        seq: i64,
        /// The household a survey entry is about; `None` for other entries.
        household: Option<HouseholdAt>,
    },
    #[error("máy {installation} đã bị thu hồi ngày {date}; không nhận lô hay mục nào máy đó làm sau ngày ấy / installation {installation} was revoked on {date}; nothing it made since is accepted")]
    Revoked { installation: String, date: String },
    #[error("mục {origin}#{seq} thu hồi một máy mà máy làm ra mục không phụ trách; không nhận gì từ lô này / entry {origin}#{seq} revokes an installation its maker does not answer for; nothing was imported")]
    RevocationNotAllowed { origin: String, seq: i64 },
    #[error("máy {origin} có hai bản (kho dữ liệu bị sao chép hoặc khôi phục từ bản sao lưu cũ): mục số {seq} đã nhận từ bản kia với nội dung khác; không nhận gì từ lô này, hãy báo cán bộ phụ trách / installation {origin} exists twice (a copied store, or one restored from an old backup): entry #{seq} was already received from the other copy with other content; nothing was imported, tell the office")]
    Fork { origin: String, seq: i64 },
    #[error("chứng nhận đăng ký của máy {installation} đã hết hạn ngày {date}; cơ quan đã đăng ký máy đó cần đăng ký lại (gia hạn) rồi gửi lại; không nhận gì từ lô này / the enrolment certificate of installation {installation} expired on {date}; the office that enrolled it must enrol it again (renew) before it sends again; nothing was imported")]
    CertificateExpired { installation: String, date: String },
    #[error("chứng nhận đăng ký của máy {installation} chỉ có hiệu lực từ ngày {date}; kiểm tra đồng hồ máy này; không nhận gì từ lô này / the enrolment certificate of installation {installation} is valid only from {date}; check this computer's clock; nothing was imported")]
    CertificateNotYetValid { installation: String, date: String },
    #[error("chứng nhận đăng ký của máy {installation} do một phiên bản cũ làm, không ghi thời hạn; máy đã chứng nhận cần gửi lô mới bằng phiên bản này; không nhận gì từ lô này / the enrolment certificate of installation {installation} was made by an older version and has no validity period; the installation that vouched for it must send a new batch from this version; nothing was imported")]
    CertificateWithoutPeriod { installation: String },
    #[error("ngày hết hạn phải từ ngày bắt đầu trở đi / the end of the validity period must not come before its start")]
    ValidityOrder,
    #[error("chữ ký của dòng nhật ký thao tác {origin}#{seq} sai: dòng đã bị sửa hoặc bị máy khác ký lại; không nhận gì từ lô này / action log row {origin}#{seq} has an invalid signature (altered or re-signed); nothing was imported")]
    ActionSignature { origin: String, seq: i64 },
    #[error("lô mang nhật ký thao tác của máy {origin}, mà máy này không phụ trách (nhật ký chỉ gửi lên cơ quan phụ trách máy đó); không nhận gì từ lô này / the batch carries the action log of installation {origin}, which this office does not answer for (logs go only to the office above it); nothing was imported")]
    ActionsNotAllowed { origin: String },
}

/// The household a refused survey entry is about: its code and unit, never a person's name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HouseholdAt {
    pub code: String,
    pub unit: String,
}

impl HouseholdAt {
    fn named(&self, message: Message) -> Message {
        message
            .with("household", self.code.as_str())
            .with("unit", self.unit.as_str())
    }

    fn words(at: Option<&HouseholdAt>) -> (String, String) {
        match at {
            Some(at) => (
                format!(" về hộ {} của đơn vị {}", at.code, at.unit),
                format!(" about household {} of unit {}", at.code, at.unit),
            ),
            None => (String::new(), String::new()),
        }
    }
}

fn in_future_words(origin: &str, seq: i64, at: Option<&HouseholdAt>) -> String {
    let (vi, en) = HouseholdAt::words(at);
    format!("mục {origin}#{seq}{vi} ghi thời điểm sau đồng hồ máy này hơn một ngày; kiểm tra đồng hồ máy gửi; không nhận gì từ lô này / entry {origin}#{seq}{en} says it was made more than a day after this computer's clock; check the sender's clock; nothing was imported")
}

/// The state a refused review step takes a household's record, or its opening list, to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StepTaken {
    Record(ReviewState),
    OpeningList(OpeningState),
}

impl StepTaken {
    fn words(self) -> Words {
        match self {
            StepTaken::Record(state) => state_words(state),
            StepTaken::OpeningList(state) => Words {
                vi: format!("danh sách áp dụng năm sau: {}", state.label_vi()),
                en: format!("opening list: {}", state.as_str()),
            },
        }
    }
}

/// An office as a refusal names it: the window's word in Vietnamese, the card's in English.
fn office_words(office: Office) -> Words {
    let vi = match office {
        Office::Enumerator => "rà soát viên",
        Office::Commune => "cán bộ xã",
        Office::District => "cán bộ huyện",
        Office::Province => "cán bộ tỉnh",
    };
    Words {
        vi: vi.to_string(),
        en: office.as_str().to_string(),
    }
}

fn review_step_words(
    origin: &str,
    seq: i64,
    at: &HouseholdAt,
    step: StepTaken,
    office: Office,
) -> String {
    let (step, office) = (step.words(), office_words(office));
    let (code, unit) = (&at.code, &at.unit);
    format!(
        "mục {origin}#{seq} về hộ {code} của đơn vị {unit} đưa phiếu đến bước «{}», mà máy làm ra mục là máy của {}, không được làm bước đó; không nhận gì từ lô này / entry {origin}#{seq} about household {code} of unit {unit} takes the record to `{}`, a step its installation, an installation of the {}, may not take; nothing was imported",
        step.vi, office.vi, step.en, office.en
    )
}

fn record_not_editable_words(
    origin: &str,
    seq: i64,
    at: &HouseholdAt,
    state: ReviewState,
    office: Office,
) -> String {
    let (state, office) = (state_words(state), office_words(office));
    let (code, unit) = (&at.code, &at.unit);
    format!(
        "mục {origin}#{seq} về hộ {code} của đơn vị {unit} đổi nội dung phiếu đang ở bước «{}» (phân loại, tên chủ hộ hoặc quyết định), mà máy làm ra mục là máy của {}, không được đổi ở bước đó; không nhận gì từ lô này / entry {origin}#{seq} about household {code} of unit {unit} changes a record that is `{}` (its class, its head's name or its decision), which its installation, an installation of the {}, may not change there; nothing was imported",
        state.vi, office.vi, state.en, office.en
    )
}

fn content_hash_words(origin: &str, seq: i64, at: Option<&HouseholdAt>) -> String {
    let (vi, en) = HouseholdAt::words(at);
    format!("mục {origin}#{seq}{vi} có nội dung không khớp mã băm của nó: mục đã bị sửa / entry {origin}#{seq}{en} does not match its content hash: it was altered")
}

impl BatchError {
    /// The error as a code and its values; its `bilingual` rendering is the `Display` text
    /// (`batch_errors_say_the_same_words_from_the_catalogue`).
    pub fn message(&self) -> Message {
        use BatchError as E;
        let m = Message::new;
        let origin_seq =
            |code: Code, origin: &str, seq: i64| m(code).with("origin", origin).with("seq", seq);
        match self {
            E::Store(e) => e.message(),
            E::Empty => m(Code::BatchEmpty),
            E::NotOurFile { what, what_en } => m(Code::BatchNotOurFile).with(
                "what",
                Words {
                    vi: what.to_string(),
                    en: what_en.to_string(),
                },
            ),
            E::Truncated { what } => m(Code::BatchTruncated).with("what", *what),
            E::NewerFormat { found, supported } => m(Code::BatchNewerFormat)
                .with("found", *found)
                .with("supported", *supported),
            E::TooLarge { what, size, limit } => m(Code::BatchTooLarge)
                .with("what", *what)
                .with("size", *size)
                .with("limit", *limit),
            E::TrailingBytes => m(Code::BatchTrailingBytes),
            E::Manifest { source } => m(Code::BatchManifest).with("source", source.to_string()),
            E::ManifestFormat {
                format,
                version,
                file_version,
            } => m(Code::BatchManifestFormat)
                .with("format", format.as_str())
                .with("version", *version)
                .with("file_version", *file_version),
            E::CardJson { source } => m(Code::BatchCardJson).with("source", source.to_string()),
            E::CardFormat { format } => m(Code::BatchCardFormat).with("format", format.as_str()),
            E::CardInstallationId => m(Code::BatchCardInstallationId),
            E::CardKey { which } => m(Code::BatchCardKey).with("which", which.to_string()),
            E::BadSignature { what } => m(Code::BatchBadSignature).with("what", *what),
            E::WrongRecipient { recipient, this } => m(Code::BatchWrongRecipient)
                .with("recipient", recipient.as_str())
                .with("this", this.as_str()),
            E::UnknownSender { sender } => {
                m(Code::BatchUnknownSender).with("sender", sender.as_str())
            }
            E::FromSelf => m(Code::BatchFromSelf),
            E::Decrypt { source } => m(Code::BatchDecrypt).with("source", source.to_string()),
            E::Decompress { source } => m(Code::BatchDecompress).with("source", source.to_string()),
            E::PayloadMismatch(detail) => {
                m(Code::BatchPayloadMismatch).with("detail", detail.as_str())
            }
            E::Payload(detail) => m(Code::BatchPayload).with("detail", detail.as_str()),
            E::Certificate { subject, reason } => m(Code::BatchCertificate)
                .with("subject", subject.as_str())
                .with("reason", reason.as_str()),
            E::UnknownOrigin { origin, seq } => origin_seq(Code::BatchUnknownOrigin, origin, *seq),
            E::EntrySignature { origin, seq } => {
                origin_seq(Code::BatchEntrySignature, origin, *seq)
            }
            E::EntryMismatch { id, origin, seq } => {
                origin_seq(Code::BatchEntryMismatch, origin, *seq).with("id", id.as_str())
            }
            E::MissingPrerequisites(missing) => {
                m(Code::BatchMissingPrerequisites).with("missing", missing.join("; "))
            }
            E::NothingToSend { recipient } => {
                m(Code::BatchNothingToSend).with("recipient", recipient.as_str())
            }
            E::NotEnrolled { id } => m(Code::BatchNotEnrolled).with("id", id.as_str()),
            E::EnrolmentConflict { id } => m(Code::BatchEnrolmentConflict).with("id", id.as_str()),
            E::EnrolSelf => m(Code::BatchEnrolSelf),
            E::EnrolmentNotAllowed { id, role, unit } => m(Code::BatchEnrolmentNotAllowed)
                .with("id", id.as_str())
                .with("role", role.as_str())
                .with("unit", unit.as_str()),
            E::NoIdentity => m(Code::BatchNoIdentity),
            E::Random { source } => m(Code::BatchRandom).with("source", source.to_string()),
            E::Encode { source } => m(Code::BatchEncode).with("source", source.to_string()),
            E::Compress { source } => m(Code::BatchCompress).with("source", source.to_string()),
            E::Encrypt { source } => m(Code::BatchEncrypt).with("source", source.to_string()),
            E::NotCanonical { what, value } => m(Code::BatchNotCanonical)
                .with("what", *what)
                .with("value", value.as_str()),
            E::OutsideUnit {
                origin,
                seq,
                household,
                unit,
            } => origin_seq(Code::BatchOutsideUnit, origin, *seq)
                .with("household", household.as_str())
                .with("unit", unit.as_str()),
            E::VillagesOutsideUnit { origin, seq, unit } => {
                origin_seq(Code::BatchVillagesOutsideUnit, origin, *seq).with("unit", unit.as_str())
            }
            E::MovesHousehold {
                origin,
                seq,
                household,
                from,
                to,
            } => origin_seq(Code::BatchMovesHousehold, origin, *seq)
                .with("household", household.as_str())
                .with("from", from.as_str())
                .with("to", to.as_str()),
            E::TransferNotAllowed {
                origin,
                seq,
                household,
                from,
                to,
            } => origin_seq(Code::BatchTransferNotAllowed, origin, *seq)
                .with("household", household.as_str())
                .with("from", from.as_str())
                .with("to", to.as_str()),
            E::TransferRefused {
                household,
                from,
                to,
            } => m(Code::BatchTransferRefused)
                .with("household", household.as_str())
                .with("from", from.as_str())
                .with("to", to.as_str()),
            E::TransferWithinUnit { household, to } => m(Code::BatchTransferWithinUnit)
                .with("household", household.as_str())
                .with("to", to.as_str()),
            E::TransferReasonMissing => m(Code::BatchTransferReasonMissing),
            E::RoundNotAllowed { origin, seq } => {
                origin_seq(Code::BatchRoundNotAllowed, origin, *seq)
            }
            E::StandardsNotAllowed { origin, seq } => {
                origin_seq(Code::BatchStandardsNotAllowed, origin, *seq)
            }
            E::ReviewStepNotAllowed {
                origin,
                seq,
                household,
                step,
                office,
            } => household
                .named(origin_seq(Code::BatchReviewStepNotAllowed, origin, *seq))
                .with("step", step.words())
                .with("office", office_words(*office)),
            E::AnswersNotEditable {
                origin,
                seq,
                household,
                state,
            } => household
                .named(origin_seq(Code::BatchAnswersNotEditable, origin, *seq))
                .with("state", state_words(*state)),
            E::RecordNotEditable {
                origin,
                seq,
                household,
                state,
                office,
            } => household
                .named(origin_seq(Code::BatchRecordNotEditable, origin, *seq))
                .with("state", state_words(*state))
                .with("office", office_words(*office)),
            E::ParentNotArrived {
                origin,
                seq,
                household,
            } => household.named(origin_seq(Code::BatchParentNotArrived, origin, *seq)),
            E::ReviewStepCycle {
                origin,
                seq,
                household,
            } => household.named(origin_seq(Code::BatchReviewStepCycle, origin, *seq)),
            E::RecordedInFuture {
                origin,
                seq,
                household: None,
            } => origin_seq(Code::BatchRecordedInFuture, origin, *seq),
            E::RecordedInFuture {
                origin,
                seq,
                household: Some(at),
            } => at.named(origin_seq(
                Code::BatchRecordedInFutureHousehold,
                origin,
                *seq,
            )),
            E::ContentHash {
                origin,
                seq,
                household: None,
            } => origin_seq(Code::BatchContentHash, origin, *seq),
            E::ContentHash {
                origin,
                seq,
                household: Some(at),
            } => at.named(origin_seq(Code::BatchContentHashHousehold, origin, *seq)),
            E::Revoked { installation, date } => m(Code::BatchRevoked)
                .with("installation", installation.as_str())
                .with("date", date.as_str()),
            E::RevocationNotAllowed { origin, seq } => {
                origin_seq(Code::BatchRevocationNotAllowed, origin, *seq)
            }
            E::Fork { origin, seq } => origin_seq(Code::BatchFork, origin, *seq),
            E::CertificateExpired { installation, date } => m(Code::BatchCertificateExpired)
                .with("installation", installation.as_str())
                .with("date", date.as_str()),
            E::CertificateNotYetValid { installation, date } => {
                m(Code::BatchCertificateNotYetValid)
                    .with("installation", installation.as_str())
                    .with("date", date.as_str())
            }
            E::CertificateWithoutPeriod { installation } => {
                m(Code::BatchCertificateWithoutPeriod).with("installation", installation.as_str())
            }
            E::ValidityOrder => m(Code::BatchValidityOrder),
            E::ActionSignature { origin, seq } => {
                origin_seq(Code::BatchActionSignature, origin, *seq)
            }
            E::ActionsNotAllowed { origin } => {
                m(Code::BatchActionsNotAllowed).with("origin", origin.as_str())
            }
        }
    }

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

#[cfg(test)]
mod tests {
    use super::*;
    use rasoat_domain::messages::bilingual;

    fn json_error() -> serde_json::Error {
        match serde_json::from_str::<i32>("x") {
            Err(e) => e,
            Ok(_) => unreachable!("`x` is not a number"),
        }
    }

    /// One of every variant, so a word changed on one side only fails here.
    fn every() -> Vec<BatchError> {
        use BatchError as E;
        let s = |t: &str| t.to_string();
        vec![
            E::Store(StoreError::NoOpenRound),
            E::Empty,
            E::NotOurFile {
                what: "biên nhận",
                what_en: "receipt",
            },
            E::Truncated { what: "chữ ký" },
            E::NewerFormat {
                found: 3,
                supported: 1,
            },
            E::TooLarge {
                what: "tệp",
                size: 10,
                limit: 5,
            },
            E::TrailingBytes,
            E::Manifest {
                source: json_error(),
            },
            E::ManifestFormat {
                format: s("x"),
                version: 2,
                file_version: 1,
            },
            E::CardJson {
                source: json_error(),
            },
            E::CardFormat {
                format: s("card.v9"),
            },
            E::CardInstallationId,
            E::CardKey {
                which: CardKey::Signing,
            },
            E::BadSignature { what: "lô" },
            E::WrongRecipient {
                recipient: s("m-2"),
                this: s("m-1"),
            },
            E::UnknownSender { sender: s("m-3") },
            E::FromSelf,
            E::Decrypt {
                source: age::DecryptError::DecryptionFailed,
            },
            E::Decompress {
                source: std::io::Error::other("cut"),
            },
            E::PayloadMismatch(s("2 entries, 3 announced")),
            E::Payload(s("line 1")),
            E::Certificate {
                subject: s("m-4"),
                reason: s("expired"),
            },
            E::UnknownOrigin {
                origin: s("m-5"),
                seq: 1,
            },
            E::EntrySignature {
                origin: s("m-5"),
                seq: 2,
            },
            E::EntryMismatch {
                id: s("e-1"),
                origin: s("m-5"),
                seq: 3,
            },
            E::MissingPrerequisites(vec![s("m-1#1"), s("m-1#2")]),
            E::NothingToSend {
                recipient: s("m-2"),
            },
            E::NotEnrolled { id: s("m-2") },
            E::EnrolmentConflict { id: s("m-2") },
            E::EnrolSelf,
            E::EnrolmentNotAllowed {
                id: s("m-2"),
                role: s("district"),
                unit: s("026"),
            },
            E::NoIdentity,
            E::Random {
                source: getrandom::Error::UNSUPPORTED,
            },
            E::Encode {
                source: json_error(),
            },
            E::Compress {
                source: std::io::Error::other("full"),
            },
            E::Encrypt {
                source: age::EncryptError::EncryptedIdentities(age::DecryptError::DecryptionFailed),
            },
            E::NotCanonical {
                what: "mã",
                value: s("A"),
            },
            E::OutsideUnit {
                origin: s("m-5"),
                seq: 4,
                household: s("0012"),
                unit: s("00721"),
            },
            E::VillagesOutsideUnit {
                origin: s("m-5"),
                seq: 4,
                unit: s("00721"),
            },
            E::MovesHousehold {
                origin: s("m-5"),
                seq: 5,
                household: s("0012"),
                from: s("00721"),
                to: s("00715"),
            },
            E::TransferNotAllowed {
                origin: s("m-5"),
                seq: 6,
                household: s("0012"),
                from: s("00721"),
                to: s("00715"),
            },
            E::TransferRefused {
                household: s("0012"),
                from: s("00721"),
                to: s("00715"),
            },
            E::TransferWithinUnit {
                household: s("0012"),
                to: s("00745"),
            },
            E::TransferReasonMissing,
            E::RoundNotAllowed {
                origin: s("m-5"),
                seq: 6,
            },
            E::StandardsNotAllowed {
                origin: s("m-5"),
                seq: 8,
            },
            E::ReviewStepNotAllowed {
                origin: s("m-5"),
                seq: 9,
                household: HouseholdAt {
                    code: s("0012"),
                    unit: s("00721"),
                },
                step: StepTaken::Record(ReviewState::Recognised),
                office: Office::Enumerator,
            },
            E::ReviewStepNotAllowed {
                origin: s("m-5"),
                seq: 10,
                household: HouseholdAt {
                    code: s("0012"),
                    unit: s("00721"),
                },
                step: StepTaken::OpeningList(OpeningState::Agreed),
                office: Office::District,
            },
            E::AnswersNotEditable {
                origin: s("m-5"),
                seq: 11,
                household: HouseholdAt {
                    code: s("0012"),
                    unit: s("00721"),
                },
                state: ReviewState::Accepted,
            },
            E::RecordNotEditable {
                origin: s("m-5"),
                seq: 13,
                household: HouseholdAt {
                    code: s("0012"),
                    unit: s("00721"),
                },
                state: ReviewState::Recognised,
                office: Office::Enumerator,
            },
            E::ParentNotArrived {
                origin: s("m-5"),
                seq: 14,
                household: HouseholdAt {
                    code: s("0012"),
                    unit: s("00721"),
                },
            },
            E::ReviewStepCycle {
                origin: s("m-5"),
                seq: 12,
                household: HouseholdAt {
                    code: s("0012"),
                    unit: s("00721"),
                },
            },
            E::RecordedInFuture {
                origin: s("m-5"),
                seq: 7,
                household: None,
            },
            E::RecordedInFuture {
                origin: s("m-5"),
                seq: 7,
                household: Some(HouseholdAt {
                    code: s("0012"),
                    unit: s("00721"),
                }),
            },
            E::ContentHash {
                origin: s("m-5"),
                seq: 8,
                household: None,
            },
            E::ContentHash {
                origin: s("m-5"),
                seq: 8,
                household: Some(HouseholdAt {
                    code: s("0012"),
                    unit: s("00721"),
                }),
            },
            E::Revoked {
                installation: s("m-6"),
                date: s("2025-10-01"),
            },
            E::RevocationNotAllowed {
                origin: s("m-5"),
                seq: 9,
            },
            E::Fork {
                origin: s("m-5"),
                seq: 10,
            },
            E::ActionSignature {
                origin: s("m-5"),
                seq: 11,
            },
            E::ActionsNotAllowed { origin: s("m-9") },
            E::CertificateExpired {
                installation: s("m-7"),
                date: s("2026-10-01"),
            },
            E::CertificateNotYetValid {
                installation: s("m-8"),
                date: s("2027-01-01"),
            },
            E::CertificateWithoutPeriod {
                installation: s("m-9"),
            },
            E::ValidityOrder,
        ]
    }

    #[test]
    fn batch_errors_say_the_same_words_from_the_catalogue() {
        let mut seen = Vec::new();
        for e in every() {
            assert_eq!(bilingual(&e.message()), e.to_string(), "{e:?}");
            seen.push(e.message().code);
        }
        // The sample holds every batch code, so no variant is left unchecked.
        for code in Code::ALL {
            if code.as_str().starts_with("error.batch.") {
                assert!(seen.contains(code), "no sample says {}", code.as_str());
            }
        }
    }
}

//! Bounded reading and writing of the binary parts of batch and receipt files. Every read
//! checks the length it is about to take against what is left, so a hostile length field can
//! never make us allocate or read past the end: it is refused as truncated.

use sha2::{Digest, Sha256};

use crate::error::{BatchError, Result};

/// A cursor over untrusted bytes.
#[derive(Debug)]
pub(crate) struct Reader<'a> {
    bytes: &'a [u8],
    pos: usize,
}

impl<'a> Reader<'a> {
    pub fn new(bytes: &'a [u8]) -> Reader<'a> {
        Reader { bytes, pos: 0 }
    }

    pub fn remaining(&self) -> usize {
        self.bytes.len() - self.pos
    }

    pub fn position(&self) -> usize {
        self.pos
    }

    pub fn take(&mut self, n: usize, what: &'static str) -> Result<&'a [u8]> {
        if n > self.remaining() {
            return Err(BatchError::Truncated { what });
        }
        let out = &self.bytes[self.pos..self.pos + n];
        self.pos += n;
        Ok(out)
    }

    pub fn array<const N: usize>(&mut self, what: &'static str) -> Result<[u8; N]> {
        let mut out = [0u8; N];
        out.copy_from_slice(self.take(N, what)?);
        Ok(out)
    }

    pub fn u8(&mut self, what: &'static str) -> Result<u8> {
        Ok(self.array::<1>(what)?[0])
    }

    pub fn u16(&mut self, what: &'static str) -> Result<u16> {
        Ok(u16::from_be_bytes(self.array(what)?))
    }

    pub fn u32(&mut self, what: &'static str) -> Result<u32> {
        Ok(u32::from_be_bytes(self.array(what)?))
    }

    pub fn u64(&mut self, what: &'static str) -> Result<u64> {
        Ok(u64::from_be_bytes(self.array(what)?))
    }

    /// LEB128, at most 10 bytes.
    pub fn varint(&mut self, what: &'static str) -> Result<u64> {
        let mut value: u64 = 0;
        for i in 0..10 {
            let byte = self.u8(what)?;
            value |= u64::from(byte & 0x7f) << (7 * i);
            if byte & 0x80 == 0 {
                return Ok(value);
            }
        }
        Err(BatchError::Payload(format!("varint too long ({what})")))
    }

    /// A count of items each at least `min_item` bytes long: refused when the rest of the
    /// input cannot hold that many, before anything is allocated for them.
    pub fn count(&mut self, min_item: usize, what: &'static str) -> Result<usize> {
        let n = self.varint(what)?;
        let n = usize::try_from(n).map_err(|_| BatchError::Truncated { what })?;
        if n.saturating_mul(min_item.max(1)) > self.remaining() {
            return Err(BatchError::Truncated { what });
        }
        Ok(n)
    }

    pub fn str(&mut self, what: &'static str) -> Result<&'a str> {
        let n = self.count(1, what)?;
        let bytes = self.take(n, what)?;
        std::str::from_utf8(bytes).map_err(|_| BatchError::Payload(format!("{what}: not UTF-8")))
    }
}

/// A growing buffer for the same encoding.
#[derive(Debug, Default)]
pub(crate) struct Writer {
    pub bytes: Vec<u8>,
}

impl Writer {
    pub fn varint(&mut self, mut value: u64) {
        loop {
            let byte = (value & 0x7f) as u8;
            value >>= 7;
            if value == 0 {
                self.bytes.push(byte);
                return;
            }
            self.bytes.push(byte | 0x80);
        }
    }

    pub fn str(&mut self, text: &str) {
        self.varint(text.len() as u64);
        self.bytes.extend_from_slice(text.as_bytes());
    }

    pub fn raw(&mut self, bytes: &[u8]) {
        self.bytes.extend_from_slice(bytes);
    }
}

/// Zig-zag, so small negative numbers stay short.
pub(crate) fn zigzag(value: i64) -> u64 {
    ((value << 1) ^ (value >> 63)) as u64
}

pub(crate) fn unzigzag(value: u64) -> i64 {
    ((value >> 1) as i64) ^ -((value & 1) as i64)
}

pub(crate) fn sha256(bytes: &[u8]) -> [u8; 32] {
    Sha256::digest(bytes).into()
}

/// Lower-case hex: the one hex spelling of the project (keys, signatures, hashes, receipts).
pub fn to_hex(bytes: &[u8]) -> String {
    hex::encode(bytes)
}

/// SHA-256 of `bytes` as lower-case hex.
pub fn sha256_hex(bytes: &[u8]) -> String {
    to_hex(&sha256(bytes))
}

/// Bytes of lower-case hex only, so that decoding and encoding again gives the same text
/// (signatures cover the text); `None` when malformed.
pub fn from_hex(text: &str) -> Option<Vec<u8>> {
    if text.bytes().any(|b| b.is_ascii_uppercase()) {
        return None;
    }
    hex::decode(text).ok()
}

/// Exactly `N` bytes of lower-case hex; `None` when malformed or of another length.
pub fn from_hex_array<const N: usize>(text: &str) -> Option<[u8; N]> {
    from_hex(text)?.try_into().ok()
}

/// Length-prefixed fields after a domain tag: the bytes a signature covers. Unambiguous, so two
/// different field lists never sign the same bytes.
#[derive(Debug)]
pub(crate) struct Signed {
    bytes: Vec<u8>,
}

impl Signed {
    pub fn new(domain: &str) -> Signed {
        let mut signed = Signed { bytes: Vec::new() };
        signed.field(domain.as_bytes());
        signed
    }

    pub fn field(&mut self, bytes: &[u8]) -> &mut Signed {
        self.bytes
            .extend_from_slice(&(bytes.len() as u64).to_be_bytes());
        self.bytes.extend_from_slice(bytes);
        self
    }

    pub fn text(&mut self, text: &str) -> &mut Signed {
        self.field(text.as_bytes())
    }

    pub fn int(&mut self, value: i64) -> &mut Signed {
        self.field(&value.to_be_bytes())
    }

    pub fn opt(&mut self, text: Option<&str>) -> &mut Signed {
        match text {
            Some(text) => self.field(b"1").text(text),
            None => self.field(b"0"),
        }
    }

    pub fn bytes(&self) -> &[u8] {
        &self.bytes
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn varints_and_zigzag_round_trip() {
        for value in [
            0i64,
            1,
            -1,
            127,
            128,
            -300,
            i64::MAX,
            i64::MIN,
            1_759_305_600_000,
        ] {
            let mut writer = Writer::default();
            writer.varint(zigzag(value));
            let mut reader = Reader::new(&writer.bytes);
            assert_eq!(unzigzag(reader.varint("v").expect("read")), value);
            assert_eq!(reader.remaining(), 0);
        }
    }

    #[test]
    fn a_huge_count_is_refused_before_allocating() {
        let mut writer = Writer::default();
        writer.varint(u64::MAX / 2);
        let mut reader = Reader::new(&writer.bytes);
        assert!(matches!(
            reader.count(1, "entries"),
            Err(BatchError::Truncated { .. })
        ));
    }

    #[test]
    fn hex_is_strict_lower_case() {
        assert_eq!(from_hex_array::<2>("0aff"), Some([0x0a, 0xff]));
        assert_eq!(from_hex_array::<2>("0AFF"), None);
        assert_eq!(from_hex_array::<2>("0af"), None);
        assert_eq!(to_hex(&[0x0a, 0xff]), "0aff");
    }
}

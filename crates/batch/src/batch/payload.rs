//! The file and payload layouts: the parts of a file checked for shape and size, and the
//! payload (certificates, answers, entries, and from version 3 the action log's rows) encoded
//! and decoded with every length bounded.

use super::*;

pub(super) fn encode_payload(
    certificates: &[EnrolmentCertificate],
    answers: &[(String, String)],
    entries: &[SignedEntry],
    actions: &[actions::SignedAction],
) -> Result<Vec<u8>> {
    let mut origins: Vec<&str> = entries.iter().map(|e| e.entry.origin.as_str()).collect();
    origins.sort_unstable();
    origins.dedup();
    let mut w = Writer::default();
    w.varint(origins.len() as u64);
    for origin in &origins {
        w.str(origin);
    }
    w.varint(certificates.len() as u64);
    for certificate in certificates {
        let json =
            serde_json::to_string(certificate).map_err(|source| BatchError::Encode { source })?;
        w.str(&json);
    }
    w.varint(answers.len() as u64);
    // The hash is not written: it is the SHA-256 of the text, which the reader computes.
    for (_hash, json) in answers {
        w.str(json);
    }
    w.varint(entries.len() as u64);
    for signed in entries {
        let e = &signed.entry;
        let id = uuid::Uuid::parse_str(&e.id)
            .ok()
            .filter(|u| u.to_string() == e.id)
            .ok_or_else(|| BatchError::NotCanonical {
                what: "entry id",
                value: e.id.clone(),
            })?;
        w.raw(id.as_bytes());
        let origin =
            origins
                .binary_search(&e.origin.as_str())
                .map_err(|_| BatchError::NotCanonical {
                    what: "origin table",
                    value: String::new(),
                })?;
        w.varint(origin as u64);
        w.varint(zigzag(e.seq));
        w.str(&e.entity);
        w.str(&e.entity_id);
        w.str(&e.operation);
        write_hash(&mut w, e.parent_hash.as_deref());
        // The content hash travels only when the payload does not imply it.
        if implied_content_hash(&e.entity, &e.payload).as_deref() == Some(e.content_hash.as_str()) {
            w.varint(0);
        } else {
            w.varint(1);
            w.str(&e.content_hash);
        }
        w.varint(zigzag(e.recorded_at));
        w.str(&e.actor);
        w.str(&e.reason);
        w.str(&e.payload);
        w.raw(&signed.signature);
    }
    actions::encode_actions(&mut w, actions);
    Ok(w.bytes)
}

pub(super) fn write_hash(w: &mut Writer, hash: Option<&str>) {
    match hash {
        None => w.varint(0),
        Some(text) => match from_hex_array::<32>(text) {
            Some(raw) => {
                w.varint(1);
                w.raw(&raw);
            }
            None => {
                w.varint(2);
                w.str(text);
            }
        },
    }
}

pub(super) fn read_hash(r: &mut Reader<'_>) -> Result<Option<String>> {
    match r.varint("parent hash")? {
        0 => Ok(None),
        1 => Ok(Some(to_hex(&r.array::<32>("parent hash")?))),
        2 => Ok(Some(r.str("parent hash")?.to_string())),
        other => Err(BatchError::Payload(format!("parent hash tag {other}"))),
    }
}

pub(super) type Payload = (
    Vec<EnrolmentCertificate>,
    Vec<(String, String)>,
    Vec<SignedEntry>,
    Vec<actions::SignedAction>,
);

/// The payload of a file of format `version`: the action log's section only from version 3.
pub(super) fn decode_payload(bytes: &[u8], version: u16) -> Result<Payload> {
    let mut r = Reader::new(bytes);
    let n_origins = r.count(1, "origins")?;
    let mut origins = Vec::with_capacity(n_origins);
    for _ in 0..n_origins {
        origins.push(r.str("origin")?.to_string());
    }
    let n_certificates = r.count(1, "certificates")?;
    let mut certificates = Vec::with_capacity(n_certificates);
    for _ in 0..n_certificates {
        let json = r.str("certificate")?;
        certificates.push(
            serde_json::from_str(json)
                .map_err(|e| BatchError::Payload(format!("certificate: {e}")))?,
        );
    }
    // Until version 4 each answers text came after its hash; since, the hash is computed here
    // (a text cannot name a hash it does not have).
    let hashed = version < 4;
    let n_answers = r.count(if hashed { 33 } else { 1 }, "answers")?;
    // A count is bounded by the bytes left, not by what a household needs: reserve little
    // up front and let real answers grow the list.
    let mut answers = Vec::with_capacity(n_answers.min(1 << 16));
    for _ in 0..n_answers {
        if hashed {
            let hash = to_hex(&r.array::<32>("answers hash")?);
            answers.push((hash, r.str("answers")?.to_string()));
        } else {
            let json = r.str("answers")?;
            answers.push((
                rasoat_store::journal::content_hash(json.as_bytes()),
                json.to_string(),
            ));
        }
    }
    // An entry takes at least 16 (id) + 64 (signature) + 10 one-byte fields.
    let n_entries = r.count(90, "entries")?;
    let mut entries = Vec::with_capacity(n_entries);
    for _ in 0..n_entries {
        let id = uuid::Uuid::from_bytes(r.array::<16>("entry id")?).to_string();
        let origin_index = usize::try_from(r.varint("origin")?).unwrap_or(usize::MAX);
        let origin = origins
            .get(origin_index)
            .ok_or_else(|| BatchError::Payload("origin index out of range".into()))?
            .clone();
        let seq = unzigzag(r.varint("seq")?);
        let entity = r.str("entity")?.to_string();
        let entity_id = r.str("entity id")?.to_string();
        let operation = r.str("operation")?.to_string();
        let parent_hash = read_hash(&mut r)?;
        let explicit = match r.varint("content hash")? {
            0 => None,
            1 => Some(r.str("content hash")?.to_string()),
            other => return Err(BatchError::Payload(format!("content hash tag {other}"))),
        };
        let recorded_at = unzigzag(r.varint("recorded at")?);
        let actor = r.str("actor")?.to_string();
        let reason = r.str("reason")?.to_string();
        let payload = r.str("payload")?.to_string();
        let signature = r.array::<64>("entry signature")?;
        let content_hash = match explicit {
            Some(hash) => hash,
            None => implied_content_hash(&entity, &payload).ok_or_else(|| {
                BatchError::Payload(format!("entry {origin}#{seq}: payload malformed"))
            })?,
        };
        entries.push(SignedEntry {
            entry: JournalEntry {
                id,
                origin,
                seq,
                entity,
                entity_id,
                operation,
                parent_hash,
                content_hash,
                recorded_at,
                actor,
                reason,
                payload,
            },
            signature,
        });
    }
    let actions = if version >= 3 {
        actions::decode_actions(&mut r)?
    } else {
        Vec::new()
    };
    if r.remaining() != 0 {
        return Err(BatchError::Payload("trailing bytes".into()));
    }
    Ok((certificates, answers, entries, actions))
}

/// The parts of a batch file, checked for shape and size only.
pub(super) struct Parts<'a> {
    pub(super) manifest: Manifest,
    pub(super) body: &'a [u8],
    pub(super) signature: Signature,
    pub(super) signed_len: usize,
}

pub(super) fn split_file(bytes: &[u8]) -> Result<Parts<'_>> {
    if bytes.is_empty() {
        return Err(BatchError::Empty);
    }
    let not_ours = BatchError::NotOurFile {
        what: "lô",
        what_en: "batch",
    };
    let magic_len = bytes.len().min(MAGIC.len());
    if bytes[..magic_len] != MAGIC[..magic_len] {
        return Err(not_ours);
    }
    let mut r = Reader::new(bytes);
    r.take(MAGIC.len(), "magic")?;
    let version = r.u16("format version")?;
    if version > FORMAT_VERSION {
        return Err(BatchError::NewerFormat {
            found: version,
            supported: FORMAT_VERSION,
        });
    }
    if version == 0 {
        return Err(not_ours);
    }
    let manifest_len = r.u32("manifest length")?;
    if manifest_len > MAX_MANIFEST_BYTES {
        return Err(BatchError::TooLarge {
            what: "manifest",
            size: u64::from(manifest_len),
            limit: u64::from(MAX_MANIFEST_BYTES),
        });
    }
    let manifest_bytes = r.take(manifest_len as usize, "manifest")?;
    let manifest: Manifest =
        serde_json::from_slice(manifest_bytes).map_err(|source| BatchError::Manifest { source })?;
    if manifest.format != "rasoat-batch" || manifest.version != version {
        return Err(BatchError::ManifestFormat {
            format: manifest.format,
            version: manifest.version,
            file_version: version,
        });
    }
    if version < 2 && !manifest.withheld.is_empty() {
        return Err(BatchError::PayloadMismatch(
            "withheld entries in a version 1 manifest".into(),
        ));
    }
    if version < 3 && manifest.n_actions != 0 {
        return Err(BatchError::PayloadMismatch(
            "action log rows in a version 1 or 2 manifest".into(),
        ));
    }
    let body_len = r.u64("body length")?;
    if body_len > MAX_BODY_BYTES {
        return Err(BatchError::TooLarge {
            what: "nội dung / body",
            size: body_len,
            limit: MAX_BODY_BYTES,
        });
    }
    let body = r.take(body_len as usize, "nội dung / body")?;
    let signed_len = r.position();
    let signature = Signature::from_bytes(&r.array::<64>("chữ ký / signature")?);
    if r.remaining() != 0 {
        return Err(BatchError::TrailingBytes);
    }
    Ok(Parts {
        manifest,
        body,
        signature,
        signed_len,
    })
}

//! Writes the seed corpus of the `batch_v1` fuzz target (`corpus/batch_v1/`) from the golden
//! batch: the file and each layer under its signature (encrypted body, compressed body,
//! payload), decrypted with the district's fixed test key, each behind the mode byte the
//! target reads first, and a few hostile variants. Run from `fuzz/`:
//! `cargo run --release --example batch_seeds`.

use std::path::Path;
use std::str::FromStr;

const KEYS: &str = include_str!("../../tests/fixtures/batch-v1/keys.json");
const GOLDEN: &[u8] = include_bytes!("../../tests/fixtures/batch-v1/commune-to-district.rsbatch");

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let keys: serde_json::Value = serde_json::from_str(KEYS)?;
    let district = age::x25519::Identity::from_str(
        keys["district"]["encryption"]
            .as_str()
            .ok_or("district key")?,
    )?;
    // magic (8), version (2), manifest length (4), manifest, body length (8), body, signature.
    let manifest_len = u32::from_be_bytes(GOLDEN[10..14].try_into()?) as usize;
    let at = 14 + manifest_len;
    let body_len = u64::from_be_bytes(GOLDEN[at..at + 8].try_into()?) as usize;
    let body = &GOLDEN[at + 8..at + 8 + body_len];
    let compressed = age::decrypt(&district, body)?;
    let payload = zstd::decode_all(compressed.as_slice())?;

    let dir = Path::new("corpus/batch_v1");
    std::fs::create_dir_all(dir)?;
    let write = |name: &str, mode: u8, bytes: &[u8]| -> std::io::Result<()> {
        let mut seed = vec![mode];
        seed.extend_from_slice(bytes);
        std::fs::write(dir.join(name), seed)
    };
    write("golden-file", 0, GOLDEN)?;
    write("golden-body", 1, body)?;
    write("golden-compressed", 2, &compressed)?;
    write("golden-payload", 3, &payload)?;
    // Hostile variants: a file cut in half, a bomb (4 MiB of zeros where the manifest
    // declares a few KB), a payload whose first count claims more than the input holds, a
    // payload cut short.
    write("truncated-file", 0, &GOLDEN[..GOLDEN.len() / 2])?;
    write(
        "zstd-bomb",
        2,
        &zstd::bulk::compress(&vec![0u8; 4 << 20], 19)?,
    )?;
    let mut huge = vec![0xff, 0xff, 0xff, 0xff, 0x0f];
    huge.extend_from_slice(&payload[1..]);
    write("payload-huge-count", 3, &huge)?;
    write("payload-truncated", 3, &payload[..payload.len() - 10])?;
    println!(
        "wrote 8 seeds to {} (payload {} bytes)",
        dir.display(),
        payload.len()
    );
    Ok(())
}

//! Sessions with the district sync server: the server sends a random challenge, the client
//! signs it with its installation key, and the server checks the signature against the card it
//! enrolled. Only this crate holds the private keys, so the signing lives here; the HTTP layer
//! (`rasoat-server`) only carries the strings.
//!
//! The signed bytes name the server's installation as well as the challenge, so a challenge
//! signed for one server cannot be replayed to another.

use ed25519_dalek::{Signature, Verifier};

use crate::codec::{from_hex_array, to_hex, Signed};
use crate::identity::{Identity, Peer};

const SESSION_DOMAIN: &str = "rasoat-session-v1";

fn session_signed(server: &str, client: &str, challenge: &str) -> Signed {
    let mut signed = Signed::new(SESSION_DOMAIN);
    signed.text(server).text(client).text(challenge);
    signed
}

/// The client's answer to a server's challenge: its signature, lower-case hex.
pub fn sign_challenge(identity: &Identity, server: &str, challenge: &str) -> String {
    let signed = session_signed(server, identity.installation_id(), challenge);
    to_hex(&identity.sign(signed.bytes()).to_bytes())
}

/// True when `signature` is `peer`'s signature of `challenge` for `server`.
pub fn verify_challenge(peer: &Peer, server: &str, challenge: &str, signature: &str) -> bool {
    let Some(bytes) = from_hex_array::<64>(signature) else {
        return false;
    };
    let signed = session_signed(server, peer.installation_id(), challenge);
    peer.signing_key
        .verify(signed.bytes(), &Signature::from_bytes(&bytes))
        .is_ok()
}

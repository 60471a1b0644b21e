//! Secrets the store keeps only as hashes: bearer tokens and invitation
//! links. Generated here, the same for every store implementation.

use rand::RngCore;
use sha2::{Digest, Sha256};

/// A fresh random token: 256 bits, hex, with a recognisable prefix.
pub fn generate_token() -> String {
    let mut bytes = [0u8; 32];
    rand::rng().fill_bytes(&mut bytes);
    format!("otk_{}", hex::encode(bytes))
}

/// A fresh invitation token: 256 random bits, hex, shown only in the mail.
pub fn generate_invitation() -> String {
    generate_token().replacen("otk_", "inv_", 1)
}

/// A fresh tracking link's token: 256 random bits, hex, in the citizen's link.
pub fn generate_tracking() -> String {
    generate_token().replacen("otk_", "trk_", 1)
}

/// What the store keeps of a token or a link: its SHA-256, hex.
pub fn hash(token: &str) -> String {
    hex::encode(Sha256::digest(token.trim().as_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_random_and_hashed() {
        let (a, b) = (generate_token(), generate_token());
        assert_ne!(a, b);
        assert_eq!(a.len(), 4 + 64);
        assert_eq!(hash(&a), hash(&format!(" {a}\n")));
        assert_ne!(hash(&a), hash(&b));
        assert!(!hash(&a).contains(&a[4..]));
    }

    #[test]
    fn invitation_tokens_are_long_and_distinct() {
        let (a, b) = (generate_invitation(), generate_invitation());
        assert!(a.starts_with("inv_") && a.len() == 68);
        assert_ne!(a, b);
    }
}

//! Password hashing (argon2id) and bearer tokens (random, stored only as a SHA-256 hash).

use std::sync::Mutex;

use argon2::password_hash::{rand_core::OsRng, Output, ParamsString, PasswordHash, Salt, SaltString};
use argon2::{Algorithm, Argon2, Block, Params, Version};
use assent_policy::mix::hex;
use rand::RngCore;
use sha2::{Digest, Sha256};

/// Argon2's working memory (19 MiB with the default parameters), kept for the next hash. Were
/// each hash to allocate and free its own, the C allocator would keep the freed blocks in its
/// per-thread arenas: under a crowd of sign-ups the server held hundreds of MiB it no longer
/// used. The pool holds as many as ever ran at once (the server admits one hash per core), up to
/// [`POOLED`].
static MEMORY: Mutex<Vec<Vec<Block>>> = Mutex::new(Vec::new());
/// The most working memories kept.
const POOLED: usize = 16;

/// Runs argon2 with `params` from a pooled working memory.
fn argon2_into(
    params: &Params,
    algorithm: Algorithm,
    version: Version,
    pwd: &[u8],
    salt: &[u8],
    out: &mut [u8],
) -> argon2::Result<()> {
    let pool = || MEMORY.lock().unwrap_or_else(|e| e.into_inner());
    let mut blocks = pool().pop().unwrap_or_default();
    if blocks.len() < params.block_count() {
        blocks.resize(params.block_count(), Block::new());
    }
    let result =
        Argon2::new(algorithm, version, params.clone()).hash_password_into_with_memory(pwd, salt, out, &mut blocks);
    let mut pool = pool();
    if pool.len() < POOLED {
        pool.push(blocks);
    }
    result
}

/// Hashes `password` with argon2id, the default parameters and `salt`, as a PHC string.
fn hash_with_salt(password: &str, salt: Salt<'_>) -> String {
    let params = Params::DEFAULT;
    let mut salt_bytes = [0u8; 64];
    let salt_bytes = salt.decode_b64(&mut salt_bytes).expect("a generated salt decodes");
    let output = Output::init_with(Params::DEFAULT_OUTPUT_LEN, |out| {
        Ok(argon2_into(&params, Algorithm::Argon2id, Version::V0x13, password.as_bytes(), salt_bytes, out)?)
    })
    .expect("argon2 with default parameters");
    PasswordHash {
        algorithm: Algorithm::Argon2id.ident(),
        version: Some(Version::V0x13.into()),
        params: ParamsString::try_from(&params).expect("default parameters encode"),
        salt: Some(salt),
        hash: Some(output),
    }
    .to_string()
}

/// Hashes a password with argon2id and a random salt, as a PHC string.
pub fn hash_password(password: &str) -> String {
    hash_with_salt(password, SaltString::generate(&mut OsRng).as_salt())
}

/// Hashes a password with a salt derived from `seed` (synthetic networks, which must be reproducible).
pub fn hash_password_seeded(password: &str, seed: u64) -> String {
    hash_with_salt(password, SaltString::encode_b64(&seed.to_le_bytes().repeat(2)).expect("16-byte salt").as_salt())
}

/// Whether `password` matches the stored PHC string (false for an empty or malformed one). The
/// parameters are the string's own; the comparison takes constant time.
pub fn verify_password(password: &str, phc: &str) -> bool {
    let Ok(h) = PasswordHash::new(phc) else { return false };
    let (Some(salt), Some(expected)) = (h.salt, h.hash) else { return false };
    let (Ok(params), Ok(algorithm)) = (Params::try_from(&h), Algorithm::try_from(h.algorithm)) else { return false };
    let Ok(version) = h.version.map_or(Ok(Version::V0x13), Version::try_from) else { return false };
    let mut salt_bytes = [0u8; 64];
    let Ok(salt_bytes) = salt.decode_b64(&mut salt_bytes) else { return false };
    Output::init_with(expected.len(), |out| {
        Ok(argon2_into(&params, algorithm, version, password.as_bytes(), salt_bytes, out)?)
    })
    .is_ok_and(|got| got == expected)
}

/// A new bearer token: 256 random bits, hex.
pub fn new_token() -> String {
    let mut bytes = [0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    hex(&bytes)
}

/// What the store keeps of a token: its SHA-256, hex.
pub fn token_hash(token: &str) -> String {
    hex(&Sha256::digest(token.as_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_and_tokens() {
        let h = hash_password("correct horse");
        assert!(h.starts_with("$argon2id$"));
        assert!(verify_password("correct horse", &h));
        assert!(!verify_password("wrong horse", &h));
        assert!(!verify_password("correct horse", ""));
        let seeded = hash_password_seeded("pw-pw-pw-pw", 7);
        assert_eq!(seeded, hash_password_seeded("pw-pw-pw-pw", 7));
        assert!(verify_password("pw-pw-pw-pw", &seeded));
        let (a, b) = (new_token(), new_token());
        assert_ne!(a, b);
        assert_eq!(a.len(), 64);
        assert_eq!(token_hash(&a).len(), 64);
        assert_ne!(token_hash(&a), a);
    }

    #[test]
    fn hashes_are_those_of_the_argon2_crate_and_other_parameters_verify() {
        use argon2::password_hash::PasswordHasher;
        let salt = SaltString::encode_b64(&[7u8; 16]).unwrap();
        let theirs = Argon2::default().hash_password(b"correct horse", &salt).unwrap().to_string();
        assert_eq!(hash_with_salt("correct horse", salt.as_salt()), theirs);
        // A hash stored with other parameters (smaller and larger memory) verifies with its own.
        for m_cost in [1024, 32 * 1024] {
            let params = Params::new(m_cost, 1, 1, None).unwrap();
            let other = Argon2::new(Algorithm::Argon2id, Version::V0x13, params).hash_password(b"pw", &salt).unwrap();
            assert!(verify_password("pw", &other.to_string()), "m={m_cost}");
            assert!(!verify_password("pv", &other.to_string()), "m={m_cost}");
        }
        assert!(!verify_password("pw", "$argon2id$v=19$m=19456,t=2,p=1$bad"), "no hash part");
    }
}

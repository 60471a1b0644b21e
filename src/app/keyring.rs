//! Where a sign-in token is kept between runs: the desktop's Secret Service,
//! else the kernel's key store (keyutils). Each store is used only after a
//! real write and read-back succeeded; when none works the person is told,
//! and asked for the token each time (or sets `OTKLIK_TOKEN`).

use std::path::PathBuf;
use std::sync::Arc;

use keyring_core::api::CredentialStoreApi;

const SERVICE: &str = "otklik";

/// One of the stores tried, by its name for people.
pub struct KeyStore {
    pub name: &'static str,
    store: Arc<dyn CredentialStoreApi + Send + Sync>,
}

/// The stores this machine may offer, in order of preference.
fn stores() -> Vec<KeyStore> {
    let mut out: Vec<KeyStore> = Vec::new();
    if let Ok(s) = zbus_secret_service_keyring_store::Store::new() {
        out.push(KeyStore {
            name: "Secret Service",
            store: s,
        });
    }
    if let Ok(s) = linux_keyutils_keyring_store::Store::new() {
        out.push(KeyStore {
            name: "keyutils",
            store: s,
        });
    }
    out
}

fn entry(store: &KeyStore, server: &str) -> keyring_core::Result<keyring_core::Entry> {
    store.store.build(SERVICE, server, None)
}

/// Keeps `token` for `server` in the first store that gives it back
/// unchanged. Returns the store's name, or what each store said.
pub fn store_token(server: &str, token: &str) -> Result<&'static str, Vec<String>> {
    let mut failures = Vec::new();
    for store in stores() {
        let attempt = entry(&store, server).and_then(|e| {
            e.set_password(token)?;
            let back = e.get_password()?;
            Ok((e, back))
        });
        match attempt {
            Ok((_, back)) if back == token => return Ok(store.name),
            Ok((e, _)) => {
                let _ = e.delete_credential();
                failures.push(format!("{}: the token read back differs", store.name));
            }
            Err(e) => failures.push(format!("{}: {e}", store.name)),
        }
    }
    if failures.is_empty() {
        failures.push("no keyring on this machine".into());
    }
    Err(failures)
}

/// The token kept for `server`, from whichever store has it.
pub fn stored_token(server: &str) -> Option<String> {
    stores()
        .iter()
        .find_map(|s| entry(s, server).and_then(|e| e.get_password()).ok())
}

/// Removes the token for `server` from every store; true if one had it.
pub fn remove_token(server: &str) -> bool {
    // Every store, not only the first that had it.
    let removed: Vec<bool> = stores()
        .iter()
        .map(|s| entry(s, server).and_then(|e| e.delete_credential()).is_ok())
        .collect();
    removed.contains(&true)
}

/// The file that remembers which server `otklik login` signed in to.
pub fn session_file() -> PathBuf {
    crate::config::log_dir().join("server")
}

/// The server signed in to with `otklik login`, if any.
pub fn remembered_server() -> Option<String> {
    std::fs::read_to_string(session_file())
        .ok()
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
}

pub fn remember_server(url: &str) -> std::io::Result<()> {
    let path = session_file();
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)?;
    }
    std::fs::write(path, format!("{url}\n"))
}

pub fn forget_server() -> std::io::Result<()> {
    match std::fs::remove_file(session_file()) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(e),
        _ => Ok(()),
    }
}

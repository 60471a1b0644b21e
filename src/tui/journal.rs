//! The draft journal: what is typed into a draft is written to a local
//! file within a tick, and removed once the service has acknowledged the
//! same text. A client killed mid-sentence loses at most the last tick;
//! the next time the message's draft is opened, the journal offers it back.

use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

use crate::domain::{AccountId, MessageId};

/// Where one person's drafts on one store or server are kept.
#[derive(Debug, Clone)]
pub struct Journal {
    dir: PathBuf,
    prefix: String,
}

impl Journal {
    /// `location` names the store or server; drafts of different places never mix.
    pub fn new(dir: &Path, location: &str, account: AccountId) -> Self {
        let place = hex::encode(&Sha256::digest(location.as_bytes())[..8]);
        Journal {
            dir: dir.to_path_buf(),
            prefix: format!("{place}-{account}-"),
        }
    }

    /// The default folder: `~/.local/state/otklik/drafts`.
    pub fn default_dir() -> PathBuf {
        crate::config::log_dir().join("drafts")
    }

    fn path(&self, id: MessageId) -> PathBuf {
        self.dir.join(format!("{}{id}.txt", self.prefix))
    }

    /// Writes the text typed so far (atomically: a whole old or new file).
    pub fn write(&self, id: MessageId, text: &str) -> std::io::Result<()> {
        crate::config::private_dir(&self.dir)?;
        let path = self.path(id);
        let tmp = path.with_extension("tmp");
        std::io::Write::write_all(
            &mut crate::config::create_private(&tmp, false)?,
            text.as_bytes(),
        )?;
        std::fs::rename(tmp, path)
    }

    pub fn read(&self, id: MessageId) -> Option<String> {
        std::fs::read_to_string(self.path(id)).ok()
    }

    pub fn remove(&self, id: MessageId) -> std::io::Result<()> {
        match std::fs::remove_file(self.path(id)) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(e),
            _ => Ok(()),
        }
    }

    /// Messages with a draft that never reached the service.
    pub fn pending(&self) -> Vec<MessageId> {
        let Ok(entries) = std::fs::read_dir(&self.dir) else {
            return Vec::new();
        };
        let mut ids: Vec<MessageId> = entries
            .filter_map(|e| e.ok()?.file_name().into_string().ok())
            .filter_map(|name| {
                name.strip_prefix(&self.prefix)?
                    .strip_suffix(".txt")?
                    .parse()
                    .ok()
            })
            .map(MessageId)
            .collect();
        ids.sort();
        ids
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn drafts_are_kept_per_place_and_person() {
        let dir = tempfile::tempdir().unwrap();
        let mine = Journal::new(dir.path(), "local /tmp/a.db", AccountId(5));
        let other_place = Journal::new(dir.path(), "server http://x", AccountId(5));
        let other_person = Journal::new(dir.path(), "local /tmp/a.db", AccountId(6));
        mine.write(MessageId(12), "Уважаемая Анна").unwrap();
        mine.write(MessageId(12), "Уважаемая Анна Сергеевна")
            .unwrap();
        mine.write(MessageId(3), "x").unwrap();
        assert_eq!(
            mine.read(MessageId(12)).as_deref(),
            Some("Уважаемая Анна Сергеевна")
        );
        assert_eq!(mine.pending(), vec![MessageId(3), MessageId(12)]);
        assert!(other_place.pending().is_empty() && other_person.read(MessageId(12)).is_none());
        mine.remove(MessageId(12)).unwrap();
        mine.remove(MessageId(12)).unwrap();
        assert_eq!(mine.pending(), vec![MessageId(3)]);
    }
}

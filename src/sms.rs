//! Text messages to citizens who left a phone number instead of an
//! e-mail. The platform plugs its SMS provider in here: [`SmsGateway`] is
//! the whole interface (a key, a number, a text; an error to retry). The
//! one shipped, [`SmsFiles`], writes each text to `<key>.sms` in a folder,
//! as the mail's `.eml` files are written, for a provider's uploader (or a
//! person) to pick up.

use std::path::PathBuf;

use crate::domain::values::Phone;

/// Sends one text. `key` is the same for every attempt at one notice (the
/// queue's): a gateway that can, drops a second copy by it. An error is
/// retried later, as a mail's is.
pub trait SmsGateway: Send + Sync + std::fmt::Debug {
    fn send(&self, key: &str, to: &Phone, text: &str) -> Result<(), String>;
}

/// Texts as files: `<key>.sms`, the number on the first line, a blank
/// line, then the text.
#[derive(Debug, Clone)]
pub struct SmsFiles(pub PathBuf);

impl SmsGateway for SmsFiles {
    fn send(&self, key: &str, to: &Phone, text: &str) -> Result<(), String> {
        std::fs::create_dir_all(&self.0).map_err(|e| e.to_string())?;
        let content = format!("To: {}\n\n{text}\n", to.as_str());
        // Whole or not at all: a reader never finds half a text.
        let (part, done) = (
            self.0.join(format!("{key}.sms.part")),
            self.0.join(format!("{key}.sms")),
        );
        std::fs::write(&part, content).map_err(|e| e.to_string())?;
        std::fs::rename(&part, &done).map_err(|e| e.to_string())
    }
}

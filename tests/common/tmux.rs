//! A real terminal for end-to-end checks: tmux runs the client, send-keys
//! types, capture-pane reads the screen.

use std::path::Path;
use std::process::Command;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

static SESSIONS: AtomicUsize = AtomicUsize::new(0);

/// One tmux server of our own (its own socket), killed on drop.
pub struct Tmux {
    pub socket: String,
}

pub fn tmux_available() {
    let ok = Command::new("tmux")
        .arg("-V")
        .output()
        .map(|o| o.status.success())
        .unwrap_or(false);
    assert!(ok, "these tests need tmux: apt-get install tmux");
}

impl Tmux {
    /// Starts `args` of the otklik binary in a `w`×`h` terminal with a clean environment.
    pub fn start(args: &[&str], env: &[(&str, &str)], home: &Path, w: u16, h: u16) -> Tmux {
        tmux_available();
        let socket = format!(
            "otklik-test-{}-{}",
            std::process::id(),
            SESSIONS.fetch_add(1, Ordering::SeqCst)
        );
        let bin = assert_cmd::cargo::cargo_bin("otklik");
        let quoted: Vec<String> = args
            .iter()
            .map(|a| format!("'{}'", a.replace('\'', "'\\''")))
            .collect();
        let mut exports = format!(
            "export HOME='{h}' XDG_CONFIG_HOME='{h}/config' XDG_DATA_HOME='{h}/data' XDG_STATE_HOME='{h}/state' TERM=xterm-256color LANG=C.UTF-8;",
            h = home.display()
        );
        for (k, v) in env {
            exports.push_str(&format!(" export {k}='{v}';"));
        }
        let script = format!(
            "{exports} '{}' {}; echo \"__EXIT__$?\"; sleep 600",
            bin.display(),
            quoted.join(" ")
        );
        let status = Command::new("tmux")
            .args([
                "-L",
                &socket,
                "-f",
                "/dev/null",
                "new-session",
                "-d",
                "-s",
                "t",
                // Files the client writes by relative path land at home.
                "-c",
                &home.display().to_string(),
                "-x",
                &w.to_string(),
                "-y",
                &h.to_string(),
            ])
            .args(["sh", "-c", &script])
            .env_remove("TMUX")
            .status()
            .expect("tmux starts");
        assert!(status.success());
        Tmux { socket }
    }

    pub fn screen(&self) -> String {
        let out = Command::new("tmux")
            .args(["-L", &self.socket, "capture-pane", "-p", "-t", "t"])
            .output()
            .expect("capture");
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    pub fn keys(&self, keys: &[&str]) {
        for k in keys {
            let status = Command::new("tmux")
                .args(["-L", &self.socket, "send-keys", "-t", "t", k])
                .status()
                .expect("send-keys");
            assert!(status.success());
            std::thread::sleep(Duration::from_millis(40));
        }
    }

    pub fn type_text(&self, text: &str) {
        let status = Command::new("tmux")
            .args(["-L", &self.socket, "send-keys", "-t", "t", "-l", text])
            .status()
            .expect("send-keys");
        assert!(status.success());
    }

    /// Waits until the screen shows all of `texts`; the screen is returned.
    pub fn wait_for(&self, texts: &[&str]) -> String {
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            let screen = self.screen();
            if texts.iter().all(|t| screen.contains(t)) {
                return screen;
            }
            assert!(
                Instant::now() < deadline,
                "waited for {texts:?}; the screen is:\n{screen}"
            );
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    /// From the tree, into the queue: filters it by `words`, opens the first
    /// message and waits for `shown` in it.
    pub fn open_message(&self, words: &str, shown: &str) {
        self.keys(&["Tab", "Tab", "/"]);
        self.type_text(words);
        self.keys(&["Enter", "Enter"]);
        self.wait_for(&[shown]);
    }

    /// Quits with `Q` (from anywhere) and checks the program ended with status 0.
    pub fn quit_with_success(&self) {
        self.keys(&["Q"]);
        self.wait_for(&["__EXIT__0"]);
    }

    /// Quits with `Q` and checks the program ended well and gave the terminal back.
    pub fn quit(&self) {
        self.keys(&["Q"]);
        let screen = self.wait_for(&["__EXIT__0"]);
        assert!(
            !screen.contains("Организации") && !screen.contains("Organisations"),
            "the screen was not restored:\n{screen}"
        );
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        let _ = Command::new("tmux")
            .args(["-L", &self.socket, "kill-server"])
            .status();
    }
}

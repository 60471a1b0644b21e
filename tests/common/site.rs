//! Organisations' web sites: a real HTTP server on loopback, used as the
//! widget check's proxy (or asked directly, by a browser told the site's
//! name is here), answering for any host with the page set for it.

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::sync::{Arc, Mutex};

pub struct Sites {
    pub port: u16,
    pages: Arc<Mutex<HashMap<String, String>>>,
}

impl Sites {
    pub fn start() -> Sites {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
        let port = listener.local_addr().expect("address").port();
        let pages: Arc<Mutex<HashMap<String, String>>> = Arc::default();
        let served = Arc::clone(&pages);
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let served = Arc::clone(&served);
                std::thread::spawn(move || {
                    let _ = answer(stream, &served);
                });
            }
        });
        Sites { port, pages }
    }

    /// The proxy address to give the checker.
    pub fn proxy(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    /// What `host`'s main page shows from now on.
    pub fn set(&self, host: &str, html: &str) {
        self.pages
            .lock()
            .expect("lock")
            .insert(host.to_string(), html.to_string());
    }
}

fn answer(
    stream: std::net::TcpStream,
    pages: &Mutex<HashMap<String, String>>,
) -> std::io::Result<()> {
    let mut out = stream.try_clone()?;
    let mut reader = BufReader::new(stream);
    let mut head = Vec::new();
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line)? == 0 || line == "\r\n" {
            break;
        }
        head.push(line);
    }
    // Through a proxy the request line carries the whole URL.
    let target = head
        .first()
        .and_then(|l| l.split_whitespace().nth(1))
        .unwrap_or_default()
        .to_string();
    // Asked directly (a browser told the site is here), the Host header does.
    let host = url::Url::parse(&target)
        .ok()
        .and_then(|u| u.host_str().map(str::to_string))
        .or_else(|| {
            head.iter()
                .find_map(|l| l.strip_prefix("Host: ").or(l.strip_prefix("host: ")))
                .map(|h| h.trim().split(':').next().unwrap_or_default().to_string())
        })
        .unwrap_or_default();
    let page = pages.lock().expect("lock").get(&host).cloned();
    let (status, body) = match page {
        Some(html) => ("200 OK", html),
        None => ("404 Not Found", "no such site".to_string()),
    };
    write!(
        out,
        "HTTP/1.1 {status}\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    )
}

//! Following a server's changes: `GET /api/v1/events`, server-sent events
//! read line by line into the same [`Feed`] the embedded service gives.

use reqwest::header::{ACCEPT, HeaderValue};
use tokio::sync::mpsc;

use super::{RemoteService, RemoteSession};
use crate::api;
use crate::domain::change::FeedItem;
use crate::service::{Feed, ServiceError, ServiceResult};

/// The longest event accepted from a server (ours are a few hundred bytes).
const MAX_EVENT: usize = 64 * 1024;

impl RemoteSession {
    pub(super) async fn follow_events(&self, after: Option<i64>) -> ServiceResult<Feed> {
        let remote = &self.remote;
        let mut request = remote
            .streams
            .get(format!("{}{}", remote.base, api::EVENTS))
            .bearer_auth(&remote.token)
            .header(ACCEPT, HeaderValue::from_static("text/event-stream"));
        if let Some(after) = after {
            request = request.header(api::LAST_EVENT_ID, after.to_string());
        }
        let response = request.send().await.map_err(|e| remote.unreachable(e))?;
        if !response.status().is_success() {
            return Err(remote.refusal(response).await);
        }
        let (sender, receiver) = mpsc::channel(256);
        let remote = remote.clone();
        tokio::spawn(async move {
            if let Err(e) = read_events(&remote, response, &sender).await {
                let _ = sender.send(Err(e)).await;
            }
        });
        Ok(Feed::new(receiver))
    }
}

/// Reads events until the stream ends (an error: a feed does not end by
/// itself) or the follower goes away (`Ok`).
async fn read_events(
    remote: &RemoteService,
    mut response: reqwest::Response,
    sender: &mpsc::Sender<ServiceResult<FeedItem>>,
) -> ServiceResult<()> {
    let mut parser = EventParser::default();
    loop {
        let chunk = tokio::select! {
            chunk = response.chunk() => chunk.map_err(|e| remote.unreachable(e))?,
            () = sender.closed() => return Ok(()),
        };
        let Some(chunk) = chunk else {
            return Err(ServiceError::Unavailable {
                detail: format!("{}: the change feed ended", remote.base),
            });
        };
        for event in parser
            .feed(&chunk)
            .map_err(|detail| ServiceError::Unavailable {
                detail: format!("{}: {detail}", remote.base),
            })?
        {
            let unexpected = |e: serde_json::Error| ServiceError::Internal {
                detail: format!("unexpected event from {}: {e}", remote.base),
            };
            if event.name == "error" {
                // The server ended the stream, saying why.
                return Err(serde_json::from_str::<ServiceError>(&event.data).map_err(unexpected)?);
            }
            let item = serde_json::from_str::<FeedItem>(&event.data).map_err(unexpected)?;
            if sender.send(Ok(item)).await.is_err() {
                return Ok(());
            }
        }
    }
}

/// The server-sent events format, as far as the feed uses it: `event:`
/// and `data:` lines gathered until a blank line; comments and `id:` lines
/// are read past (the id is inside the data too).
#[derive(Default)]
struct EventParser {
    line: Vec<u8>,
    name: String,
    data: String,
}

/// One event: its name (empty for the default) and data.
#[derive(Debug, PartialEq)]
struct SentEvent {
    name: String,
    data: String,
}

impl EventParser {
    /// Every event completed by `bytes`.
    fn feed(&mut self, bytes: &[u8]) -> Result<Vec<SentEvent>, String> {
        let mut done = Vec::new();
        for &b in bytes {
            if b != b'\n' {
                if self.line.len() + self.data.len() >= MAX_EVENT {
                    return Err(format!("an event longer than {MAX_EVENT} bytes"));
                }
                self.line.push(b);
                continue;
            }
            let line = String::from_utf8_lossy(&self.line).into_owned();
            self.line.clear();
            let line = line.strip_suffix('\r').unwrap_or(&line);
            if line.is_empty() {
                let name = std::mem::take(&mut self.name);
                if !self.data.is_empty() {
                    let data = std::mem::take(&mut self.data);
                    done.push(SentEvent { name, data });
                }
            } else if let Some(value) = line.strip_prefix("event:") {
                self.name = value.trim().to_string();
            } else if let Some(value) = line.strip_prefix("data:") {
                if !self.data.is_empty() {
                    self.data.push('\n');
                }
                self.data.push_str(value.strip_prefix(' ').unwrap_or(value));
            }
        }
        Ok(done)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn events_are_read_across_chunks_and_comments_skipped() {
        let mut p = EventParser::default();
        assert!(p.feed(b": keep-alive\n\nid: 3\nda").unwrap().is_empty());
        let events = p
            .feed(b"ta: {\"a\":1}\r\n\r\nevent: error\ndata: x\ndata: y\n\n")
            .unwrap();
        let event = |name: &str, data: &str| SentEvent {
            name: name.into(),
            data: data.into(),
        };
        assert_eq!(events, vec![event("", "{\"a\":1}"), event("error", "x\ny")]);
    }

    #[test]
    fn an_endless_line_is_refused() {
        let mut p = EventParser::default();
        let long = vec![b'a'; MAX_EVENT + 1];
        assert!(p.feed(&long).is_err());
    }
}

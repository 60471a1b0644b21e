//! What a server does with clients that misbehave, on a real `otklik
//! serve` process: a request head sent a byte a second is cut off (and,
//! with two hundred more like it, holds nobody else up meanwhile), bodies over the limit are answered 413
//! at once, and connections beyond the cap wait to be taken instead of
//! exhausting the process.
#![allow(clippy::unwrap_used)] // test code: a failed unwrap is a failed test

mod common;

use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::{Duration, Instant};

use common::{Fixture, ServerProcess};

/// One of these tests at a time: two of them hold hundreds of connections
/// each; run side by side, the 413 test's first connection once failed.
static ONE_AT_A_TIME: std::sync::Mutex<()> = std::sync::Mutex::new(());

fn one_at_a_time() -> std::sync::MutexGuard<'static, ()> {
    ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner())
}

fn address(server: &ServerProcess) -> String {
    server.url.trim_start_matches("http://").to_string()
}

/// One whole request on a connection of its own; the status line's code.
fn status_of(addr: &str, request: &str) -> u16 {
    let mut tcp = TcpStream::connect(addr).unwrap();
    tcp.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    tcp.write_all(request.as_bytes()).unwrap();
    let mut head = [0u8; 12];
    tcp.read_exact(&mut head).unwrap();
    String::from_utf8_lossy(&head[9..12]).parse().unwrap()
}

#[test]
fn a_head_sent_a_byte_a_second_is_cut_off_while_others_are_served() {
    let _serial = one_at_a_time();
    let f = Fixture::build();
    let server = ServerProcess::start(f.sqlite().path());
    let addr = address(&server);
    // Two hundred others just as slow, each with half a head sent.
    let crowd: Vec<TcpStream> = (0..200)
        .map(|_| {
            let mut tcp = TcpStream::connect(&addr).unwrap();
            tcp.write_all(b"GET /healthz HTTP/1.1\r\nHost: x\r\n")
                .unwrap();
            tcp
        })
        .collect();
    let mut slow = TcpStream::connect(&addr).unwrap();
    slow.set_read_timeout(Some(Duration::from_millis(900)))
        .unwrap();
    let started = Instant::now();
    let head = b"GET /healthz HTTP/1.1\r\nHost: x\r\nX-Slow: ";
    let mut closed = None;
    for (i, byte) in head.iter().chain(std::iter::repeat(&b'a')).enumerate() {
        if slow.write_all(&[*byte]).is_err() {
            closed = Some(started.elapsed());
            break;
        }
        // Closed by the server: reading ends (or fails) instead of timing out.
        let mut buf = [0u8; 64];
        match slow.read(&mut buf) {
            Ok(0) => {
                closed = Some(started.elapsed());
                break;
            }
            Ok(_) => {}
            Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => {}
            Err(e) if e.kind() == std::io::ErrorKind::TimedOut => {}
            Err(_) => {
                closed = Some(started.elapsed());
                break;
            }
        }
        if i % 10 == 0 {
            assert_eq!(
                status_of(
                    &addr,
                    "GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
                ),
                200,
                "others are served meanwhile"
            );
        }
        assert!(started.elapsed() < Duration::from_secs(60), "never cut off");
    }
    let after = closed.expect("cut off");
    // The crowd was cut off as well: each read ends.
    for mut tcp in crowd {
        tcp.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
        let mut buf = [0u8; 16];
        assert!(matches!(tcp.read(&mut buf), Ok(0) | Err(_)), "still open");
    }
    assert!(
        after >= Duration::from_secs(25),
        "cut off after the head timeout, not before: {after:?}"
    );
}

#[test]
fn bodies_over_the_limit_are_answered_413_at_once() {
    let _serial = one_at_a_time();
    let f = Fixture::build();
    let server = ServerProcess::start(f.sqlite().path());
    let addr = address(&server);
    let token = f.service.issue_token(&f.who.edu_admin.email).unwrap();
    // Announced: refused before a byte of the body is sent.
    let import = format!(
        "POST /api/v1/orgs/{}/onboarding HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {token}\r\n\
         Content-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        f.org.edu.0,
        65 * 1024 * 1024
    );
    assert_eq!(status_of(&addr, &import), 413);
    // Sent without a length (chunked): counted, and refused as it passes 2 MB.
    let mut tcp = TcpStream::connect(&addr).unwrap();
    tcp.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    write!(
        tcp,
        "POST /api/v1/orgs/{}/accounts HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {token}\r\n\
         Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n",
        f.org.edu.0
    )
    .unwrap();
    let chunk = vec![b' '; 256 * 1024];
    for _ in 0..12 {
        if write!(tcp, "{:x}\r\n", chunk.len()).is_err()
            || tcp.write_all(&chunk).is_err()
            || tcp.write_all(b"\r\n").is_err()
        {
            break;
        }
    }
    let mut answer = Vec::new();
    let _ = tcp.read_to_end(&mut answer);
    let answer = String::from_utf8_lossy(&answer);
    assert!(answer.starts_with("HTTP/1.1 413"), "{answer}");
    assert!(
        answer.contains("too-large"),
        "the service's error: {answer}"
    );
}

#[test]
fn connections_beyond_the_cap_wait_to_be_taken() {
    let _serial = one_at_a_time();
    let f = Fixture::build();
    let server = ServerProcess::start(f.sqlite().path());
    let addr = address(&server);
    let cap = otklik::server::listen::MAX_CONNECTIONS;
    // Every place taken by an idle connection that has sent a request and
    // keeps the connection.
    let mut held: Vec<TcpStream> = (0..cap)
        .map(|_| {
            let mut tcp = TcpStream::connect(&addr).unwrap();
            tcp.write_all(b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
                .unwrap();
            tcp
        })
        .collect();
    for tcp in held.iter_mut().take(3) {
        tcp.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
        let mut head = [0u8; 12];
        tcp.read_exact(&mut head).unwrap();
    }
    // One more: the kernel takes it, the server does not serve it yet.
    let mut extra = TcpStream::connect(&addr).unwrap();
    extra
        .write_all(b"GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        .unwrap();
    extra
        .set_read_timeout(Some(Duration::from_secs(2)))
        .unwrap();
    let mut head = [0u8; 12];
    assert!(
        extra.read_exact(&mut head).is_err(),
        "served beyond the cap"
    );
    // A place frees: it is served.
    drop(held.pop());
    extra
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    extra.read_exact(&mut head).unwrap();
    assert_eq!(&head[9..12], b"200");
}

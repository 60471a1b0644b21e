//! Reading an organisation's main page for the widget check, without
//! letting a site address reach inside the server's own network: names
//! that resolve to anything but globally routable unicast addresses (the
//! IANA special-purpose registries, `addresses`) are refused, only the web ports are used, and a
//! redirect may not leave for another port.

use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;

use reqwest::dns::{Addrs, Name, Resolve, Resolving};

/// True for addresses a site on the internet cannot have: anything but
/// globally routable unicast ([`super::addresses`]).
pub fn is_internal(ip: IpAddr) -> bool {
    !super::addresses::is_public(ip)
}

/// Resolves through the system and keeps only public addresses.
struct PublicOnly;

impl Resolve for PublicOnly {
    fn resolve(&self, name: Name) -> Resolving {
        let host = name.as_str().to_string();
        Box::pin(async move {
            let found: Vec<SocketAddr> = tokio::net::lookup_host((host.as_str(), 0))
                .await?
                .filter(|a| !is_internal(a.ip()))
                .collect();
            if found.is_empty() {
                return Err(format!("{host}: not a public address").into());
            }
            let addrs: Addrs = Box::new(found.into_iter());
            Ok(addrs)
        })
    }
}

/// The web ports a main page may be on.
fn web_port(url: &reqwest::Url) -> bool {
    matches!(url.port_or_known_default(), Some(80 | 443))
}

/// A host written as an internal address (the resolver never sees those).
fn internal_literal(url: &reqwest::Url) -> bool {
    match url.host() {
        Some(url::Host::Ipv4(ip)) => is_internal(IpAddr::V4(ip)),
        Some(url::Host::Ipv6(ip)) => is_internal(IpAddr::V6(ip)),
        _ => false,
    }
}

/// The client that reads sites: through `proxy` when one is configured
/// (the proxy then resolves names), else public addresses only.
pub fn client(proxy: Option<&str>) -> Result<reqwest::Client, String> {
    let mut builder = reqwest::Client::builder()
        .connect_timeout(std::time::Duration::from_secs(10))
        .timeout(std::time::Duration::from_secs(20))
        .user_agent(concat!("otklik-widget-check/", env!("CARGO_PKG_VERSION")))
        .redirect(reqwest::redirect::Policy::custom(|attempt| {
            if attempt.previous().len() >= 5 {
                attempt.error("too many redirects")
            } else if !web_port(attempt.url()) {
                attempt.error("a redirect to another port")
            } else if internal_literal(attempt.url()) {
                attempt.error("a redirect to an internal address")
            } else {
                attempt.follow()
            }
        }));
    builder = match proxy {
        Some(p) => builder.proxy(reqwest::Proxy::all(p).map_err(|e| e.to_string())?),
        None => builder.no_proxy().dns_resolver(Arc::new(PublicOnly)),
    };
    builder.build().map_err(|e| e.to_string())
}

/// May this main page be read at all (before any connection)?
pub fn allowed(url: &str, proxy: bool) -> Result<(), String> {
    let parsed = reqwest::Url::parse(url).map_err(|e| e.to_string())?;
    if !proxy && !web_port(&parsed) {
        return Err("only ports 80 and 443 are checked".into());
    }
    if internal_literal(&parsed) {
        return Err("not a public address".into());
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn internal_addresses_are_refused() {
        for ip in [
            "127.0.0.1",
            "10.1.2.3",
            "172.16.0.1",
            "192.168.1.1",
            "169.254.169.254",
            "100.64.0.1",
            "0.0.0.0",
            "::1",
            "fe80::1",
            "fd00::1",
            "::ffff:127.0.0.1",
            "::127.0.0.1",
            "2002:7f00:1::",
            "64:ff9b::a9fe:a9fe",
        ] {
            assert!(is_internal(ip.parse().unwrap()), "{ip}");
        }
        for ip in ["77.88.55.242", "213.180.204.3", "2a02:6b8::2:242"] {
            assert!(!is_internal(ip.parse().unwrap()), "{ip}");
        }
        assert!(allowed("https://school.ru/", false).is_ok());
        assert!(allowed("http://school.ru:6379/", false).is_err());
        assert!(allowed("http://school.ru:8080/", true).is_ok());
        assert!(allowed("http://169.254.169.254/", false).is_err());
    }
}

//! Which addresses a site on the internet may have: globally routable
//! unicast only, after the IANA special-purpose address registries (IPv4
//! and IPv6, as of 2025) written out as one table. An address in a block
//! of the registry is allowed only when that block is marked global; IPv6
//! must also lie in the global unicast space 2000::/3 (or be an IPv4
//! address wrapped in the well-known NAT64 prefix, then judged as IPv4).

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

/// One entry of a registry: its block, and whether it is global.
pub struct Block {
    pub net: IpAddr,
    pub len: u8,
    pub global: bool,
    pub name: &'static str,
}

const fn v4(a: u8, b: u8, c: u8, d: u8, len: u8, global: bool, name: &'static str) -> Block {
    Block {
        net: IpAddr::V4(Ipv4Addr::new(a, b, c, d)),
        len,
        global,
        name,
    }
}

#[allow(clippy::too_many_arguments)]
const fn v6(s: [u16; 8], len: u8, global: bool, name: &'static str) -> Block {
    Block {
        net: IpAddr::V6(Ipv6Addr::new(
            s[0], s[1], s[2], s[3], s[4], s[5], s[6], s[7],
        )),
        len,
        global,
        name,
    }
}

/// The IPv4 special-purpose registry, with multicast (224.0.0.0/4) beside it.
pub const V4: &[Block] = &[
    v4(0, 0, 0, 0, 8, false, "this network"),
    v4(10, 0, 0, 0, 8, false, "private use"),
    v4(100, 64, 0, 0, 10, false, "shared address space"),
    v4(127, 0, 0, 0, 8, false, "loopback"),
    v4(169, 254, 0, 0, 16, false, "link local"),
    v4(172, 16, 0, 0, 12, false, "private use"),
    v4(192, 0, 0, 0, 24, false, "IETF protocol assignments"),
    v4(192, 0, 0, 0, 29, false, "IPv4 service continuity prefix"),
    v4(192, 0, 0, 8, 32, false, "IPv4 dummy address"),
    v4(192, 0, 0, 9, 32, true, "port control protocol anycast"),
    v4(
        192,
        0,
        0,
        10,
        32,
        true,
        "traversal using relays around NAT anycast",
    ),
    v4(192, 0, 0, 170, 32, false, "NAT64/DNS64 discovery"),
    v4(192, 0, 0, 171, 32, false, "NAT64/DNS64 discovery"),
    v4(192, 0, 2, 0, 24, false, "documentation (TEST-NET-1)"),
    v4(192, 31, 196, 0, 24, true, "AS112-v4"),
    v4(192, 52, 193, 0, 24, true, "AMT"),
    v4(192, 88, 99, 0, 24, false, "deprecated 6to4 relay anycast"),
    v4(192, 168, 0, 0, 16, false, "private use"),
    v4(192, 175, 48, 0, 24, true, "direct delegation AS112 service"),
    v4(198, 18, 0, 0, 15, false, "benchmarking"),
    v4(198, 51, 100, 0, 24, false, "documentation (TEST-NET-2)"),
    v4(203, 0, 113, 0, 24, false, "documentation (TEST-NET-3)"),
    v4(224, 0, 0, 0, 4, false, "multicast"),
    v4(240, 0, 0, 0, 4, false, "reserved"),
    v4(255, 255, 255, 255, 32, false, "limited broadcast"),
];

/// The IPv6 special-purpose registry, with the deprecated site-local and
/// the multicast blocks beside it.
pub const V6: &[Block] = &[
    v6([0, 0, 0, 0, 0, 0, 0, 1], 128, false, "loopback"),
    v6([0; 8], 128, false, "unspecified"),
    v6([0, 0, 0, 0, 0, 0xffff, 0, 0], 96, false, "IPv4-mapped"),
    v6(
        [0x64, 0xff9b, 0, 0, 0, 0, 0, 0],
        96,
        true,
        "IPv4-IPv6 translation",
    ),
    v6(
        [0x64, 0xff9b, 1, 0, 0, 0, 0, 0],
        48,
        false,
        "local-use IPv4/IPv6 translation",
    ),
    v6([0x100, 0, 0, 0, 0, 0, 0, 0], 64, false, "discard-only"),
    v6([0x100, 0, 0, 1, 0, 0, 0, 0], 64, false, "dummy IPv6 prefix"),
    v6(
        [0x2001, 0, 0, 0, 0, 0, 0, 0],
        23,
        false,
        "IETF protocol assignments",
    ),
    v6([0x2001, 0, 0, 0, 0, 0, 0, 0], 32, false, "Teredo"),
    v6(
        [0x2001, 1, 0, 0, 0, 0, 0, 1],
        128,
        true,
        "port control protocol anycast",
    ),
    v6(
        [0x2001, 1, 0, 0, 0, 0, 0, 2],
        128,
        true,
        "traversal using relays around NAT anycast",
    ),
    v6(
        [0x2001, 1, 0, 0, 0, 0, 0, 3],
        128,
        true,
        "DNS-SD service registration protocol anycast",
    ),
    v6([0x2001, 2, 0, 0, 0, 0, 0, 0], 48, false, "benchmarking"),
    v6([0x2001, 3, 0, 0, 0, 0, 0, 0], 32, true, "AMT"),
    v6([0x2001, 4, 0x112, 0, 0, 0, 0, 0], 48, true, "AS112-v6"),
    v6(
        [0x2001, 0x10, 0, 0, 0, 0, 0, 0],
        28,
        false,
        "deprecated ORCHID",
    ),
    v6([0x2001, 0x20, 0, 0, 0, 0, 0, 0], 28, true, "ORCHIDv2"),
    v6(
        [0x2001, 0x30, 0, 0, 0, 0, 0, 0],
        28,
        true,
        "drone remote ID protocol entity tags",
    ),
    v6(
        [0x2001, 0xdb8, 0, 0, 0, 0, 0, 0],
        32,
        false,
        "documentation",
    ),
    v6([0x2002, 0, 0, 0, 0, 0, 0, 0], 16, false, "6to4"),
    v6(
        [0x2620, 0x4f, 0x8000, 0, 0, 0, 0, 0],
        48,
        true,
        "direct delegation AS112 service",
    ),
    v6([0x3fff, 0, 0, 0, 0, 0, 0, 0], 20, false, "documentation"),
    v6(
        [0x5f00, 0, 0, 0, 0, 0, 0, 0],
        16,
        false,
        "segment routing SIDs",
    ),
    v6([0xfc00, 0, 0, 0, 0, 0, 0, 0], 7, false, "unique-local"),
    v6(
        [0xfe80, 0, 0, 0, 0, 0, 0, 0],
        10,
        false,
        "link-local unicast",
    ),
    v6(
        [0xfec0, 0, 0, 0, 0, 0, 0, 0],
        10,
        false,
        "deprecated site-local",
    ),
    v6([0xff00, 0, 0, 0, 0, 0, 0, 0], 8, false, "multicast"),
];

fn bits(ip: IpAddr) -> (u128, u8) {
    match ip {
        IpAddr::V4(a) => (u128::from(u32::from(a)), 32),
        IpAddr::V6(a) => (u128::from(a), 128),
    }
}

impl Block {
    pub fn contains(&self, ip: IpAddr) -> bool {
        let ((net, width), (addr, addr_width)) = (bits(self.net), bits(ip));
        if width != addr_width {
            return false;
        }
        let shift = u32::from(width - self.len);
        shift >= 128 || (net >> shift) == (addr >> shift)
    }
}

/// The most specific entry of `table` holding `ip`.
fn entry(table: &[Block], ip: IpAddr) -> Option<&Block> {
    table
        .iter()
        .filter(|b| b.contains(ip))
        .max_by_key(|b| b.len)
}

/// True for a globally routable unicast address.
pub fn is_public(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(a) => entry(V4, IpAddr::V4(a)).is_none_or(|b| b.global),
        IpAddr::V6(a) => {
            if let Some(inner) = a.to_ipv4_mapped() {
                return is_public(IpAddr::V4(inner));
            }
            let block = entry(V6, ip);
            if block.is_some_and(|b| b.name == "IPv4-IPv6 translation") {
                // The well-known NAT64 prefix: the IPv4 address it wraps decides.
                let o = a.octets();
                return is_public(IpAddr::V4(Ipv4Addr::new(o[12], o[13], o[14], o[15])));
            }
            let global_unicast = (a.segments()[0] & 0xe000) == 0x2000;
            global_unicast && block.is_none_or(|b| b.global)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An address inside `b` and not inside any more specific entry.
    fn sample(table: &[Block], b: &Block) -> IpAddr {
        let (net, width) = bits(b.net);
        let host_bits = u32::from(width - b.len);
        let candidates = [
            0u128,
            1,
            2,
            0x1234,
            0x2_0001,
            (1u128 << host_bits.min(127)) - 1,
        ];
        for offset in candidates {
            if host_bits < 128 && offset >> host_bits != 0 {
                continue;
            }
            let addr = net | offset;
            let ip = match b.net {
                IpAddr::V4(_) => IpAddr::V4(Ipv4Addr::from(addr as u32)),
                IpAddr::V6(_) => IpAddr::V6(Ipv6Addr::from(addr)),
            };
            if entry(table, ip).is_some_and(|e| std::ptr::eq(e, b)) {
                return ip;
            }
        }
        panic!("no sample for {}", b.name)
    }

    #[test]
    fn every_registry_entry_is_judged_by_its_global_mark() {
        for (table, kind) in [(V4, "IPv4"), (V6, "IPv6")] {
            for b in table {
                let ip = sample(table, b);
                let expected = match b.name {
                    // Judged by the IPv4 address inside.
                    "IPv4-mapped" | "IPv4-IPv6 translation" => is_public(IpAddr::V4(match ip {
                        IpAddr::V6(a) => {
                            let o = a.octets();
                            Ipv4Addr::new(o[12], o[13], o[14], o[15])
                        }
                        IpAddr::V4(a) => a,
                    })),
                    _ => b.global,
                };
                assert_eq!(is_public(ip), expected, "{kind} {} ({ip})", b.name);
            }
        }
    }

    #[test]
    fn what_the_audit_reached_is_refused_and_the_internet_is_not() {
        for refused in [
            "fec0::1",
            "64:ff9b:1::a9fe:a9fe",
            "2001:0:4136:e378:8000:63bf:3fff:fdd2",
            "64:ff9b::a9fe:a9fe",
            "::ffff:127.0.0.1",
            "::ffff:10.1.2.3",
            "::1",
            "::",
            "::127.0.0.1",
            "100::1",
            "4000::1",
            "10.0.0.1",
            "169.254.169.254",
            "100.100.100.100",
            "0.1.2.3",
            "224.0.0.1",
            "255.255.255.255",
        ] {
            let ip: IpAddr = refused.parse().unwrap();
            assert!(!is_public(ip), "{refused} is not a public address");
        }
        for public in [
            "8.8.8.8",
            "77.88.55.242",
            "192.0.0.9",
            "2a00:1450:4010:c05::65",
            "2606:4700::6810:84e5",
            "64:ff9b::808:808",
            "::ffff:8.8.8.8",
        ] {
            let ip: IpAddr = public.parse().unwrap();
            assert!(is_public(ip), "{public} is public");
        }
    }
}

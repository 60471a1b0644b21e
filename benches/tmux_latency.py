#!/usr/bin/env python3
"""End-to-end key latency of the terminal client in a real terminal.

Starts `otklik` in tmux on the benchmark store (the 1,000,000-message demo
store the criterion benches build), signed in as the coordinator of the
busiest organisation, then for each key: captures the screen, sends the key
with `tmux send-keys`, and polls `capture-pane` until the screen changes.
Prints the median and 95th percentile per key. The polling itself costs
about a millisecond per capture, so the figures are upper bounds.

    cargo build --release
    python3 benches/tmux_latency.py [STORE] [--rounds N]
"""
import argparse, os, sqlite3, statistics, subprocess, sys, tempfile, time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def tmux(sock, *args):
    return subprocess.run(["tmux", "-L", sock, *args], capture_output=True, text=True, check=True).stdout


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("store", nargs="?", default=os.path.join(ROOT, "target", "otklik-bench-1m.db"))
    ap.add_argument("--rounds", type=int, default=40)
    ap.add_argument("--bin", default=os.path.join(ROOT, "target", "release", "otklik"))
    a = ap.parse_args()
    db = sqlite3.connect(f"file:{a.store}?mode=ro", uri=True)
    email, = db.execute(
        "SELECT a.email FROM accounts a JOIN org_status_counts c ON c.org_id = a.org_id "
        "WHERE a.roles & 2 != 0 AND a.status = 'confirmed' GROUP BY a.id ORDER BY sum(c.n) DESC LIMIT 1"
    ).fetchone()
    total, = db.execute("SELECT count(*) FROM messages").fetchone()
    sock = f"otklik-latency-{os.getpid()}"
    home = tempfile.mkdtemp()
    cmd = f"HOME={home} XDG_STATE_HOME={home} {a.bin} --store {a.store} --as {email}"
    started = time.perf_counter()
    tmux(sock, "-f", "/dev/null", "new-session", "-d", "-s", "t", "-x", "160", "-y", "48", cmd)
    try:
        screen = ""
        while "Поступило" not in screen:
            screen = tmux(sock, "capture-pane", "-p", "-e", "-t", "t")
            if time.perf_counter() - started > 30:
                sys.exit("the client did not show the queue in 30 s:\n" + screen)
        print(f"store: {total} messages; signed in as {email}")
        print(f"start to first full screen (incl. tmux start): {1000 * (time.perf_counter() - started):.0f} ms")
        tmux(sock, "send-keys", "-t", "t", "Tab", "Tab")
        time.sleep(0.5)
        results = {}
        keys = [
            ("PgDn/PgUp (page)", ["PageDown", "PageUp"]),
            ("j/k (next message)", ["j", "k"]),
            ("] (next tab: new query)", ["]"]),
        ]
        for name, cycle in keys:
            samples = []
            for n in range(a.rounds):
                key = cycle[n % len(cycle)]
                before = tmux(sock, "capture-pane", "-p", "-e", "-t", "t")
                t0 = time.perf_counter()
                tmux(sock, "send-keys", "-t", "t", key)
                while True:
                    now = tmux(sock, "capture-pane", "-p", "-e", "-t", "t")
                    if now != before:
                        break
                    if time.perf_counter() - t0 > 5:
                        break
                samples.append(1000 * (time.perf_counter() - t0))
                time.sleep(0.05)
            samples.sort()
            results[name] = samples
            p95 = samples[int(0.95 * (len(samples) - 1))]
            print(f"{name:28} median {statistics.median(samples):6.1f} ms   p95 {p95:6.1f} ms")
    finally:
        subprocess.run(["tmux", "-L", sock, "kill-server"], capture_output=True)


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""End-to-end key latency of the terminal client in a real terminal.

Starts `otklik` in tmux on the benchmark store (the 1,000,000-message demo
store the criterion benches build) as, in turn, the coordinator of the
busiest organisation, the city's curator and a platform curator. For each:
the time to the first complete screen; then for each key, captures the
screen, sends the key with `tmux send-keys`, and polls `capture-pane` until
the screen changes; then types a short search («о», «от») and waits until the
answer is shown (the screen's last change, the typing pause included).
Prints the median and 95th percentile per key. The polling itself costs
about a millisecond per capture, so the figures are upper bounds.

    cargo build --release
    python3 benches/tmux_latency.py [STORE] [--rounds N]
"""
import argparse, os, sqlite3, statistics, subprocess, sys, tempfile, time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def tmux(sock, *args):
    return subprocess.run(["tmux", "-L", sock, *args], capture_output=True, text=True, check=True).stdout


def capture(sock):
    return tmux(sock, "capture-pane", "-p", "-e", "-t", "t")


def ready(screen):
    """The first full screen: the queue's tabs counted, nothing loading."""
    return "Новые " in screen and "Загрузка" not in screen and "Сообщения" in screen


def first_change(sock, key, literal=False):
    """Milliseconds from sending `key` until the screen first changes."""
    before = capture(sock)
    t0 = time.perf_counter()
    tmux(sock, "send-keys", "-t", "t", *(["-l"] if literal else []), key)
    while capture(sock) == before and time.perf_counter() - t0 < 5:
        pass
    return 1000 * (time.perf_counter() - t0)


def settled(sock, key, literal=True, quiet=0.4):
    """Milliseconds from sending `key` until the screen's last change (it
    then stays the same for `quiet` seconds with nothing loading): what a
    typed search costs until its answer is shown, debounce included."""
    before = capture(sock)
    t0 = time.perf_counter()
    tmux(sock, "send-keys", "-t", "t", *(["-l"] if literal else []), key)
    last, last_at = before, t0
    while True:
        now = capture(sock)
        at = time.perf_counter()
        if now != last:
            last, last_at = now, at
        elif at - last_at > quiet and "Загрузка" not in now:
            return 1000 * (last_at - t0)
        if at - t0 > 10:
            return 1000 * (at - t0)


def focus_queue(sock):
    """Tab until `j` moves the queue's cursor (the queue has the focus)."""
    for _ in range(6):
        before = capture(sock)
        tmux(sock, "send-keys", "-t", "t", "j")
        time.sleep(0.3)
        if capture(sock) != before:
            tmux(sock, "send-keys", "-t", "t", "k")
            time.sleep(0.3)
            return
        tmux(sock, "send-keys", "-t", "t", "Tab")
        time.sleep(0.3)
    sys.exit("the queue never took the focus:\n" + capture(sock))


def report(name, samples):
    samples.sort()
    p95 = samples[int(0.95 * (len(samples) - 1))]
    print(f"  {name:38} median {statistics.median(samples):6.1f} ms   p95 {p95:6.1f} ms", flush=True)


def persona(binary, store, email, rounds, curator):
    sock = f"otklik-latency-{os.getpid()}-{email.split('@')[0]}"
    home = tempfile.mkdtemp()
    cmd = f"HOME={home} XDG_STATE_HOME={home} {binary} --store {store} --as {email}"
    started = time.perf_counter()
    tmux(sock, "-f", "/dev/null", "new-session", "-d", "-s", "t", "-x", "160", "-y", "48", cmd)
    try:
        while not ready(tmux(sock, "capture-pane", "-p", "-t", "t")):
            if time.perf_counter() - started > 30:
                sys.exit("the client did not show the queue in 30 s:\n" + capture(sock))
            time.sleep(0.005)
        print(f"  {'start to first complete screen':34} {1000 * (time.perf_counter() - started):6.0f} ms (tmux's start included)")
        # The first saved view puts the queue in focus. A curator's own
        # work is that view, over the whole subtree; the others go back to
        # the status tabs.
        tmux(sock, "send-keys", "-t", "t", "v")
        time.sleep(1.0)
        if not curator:
            tmux(sock, "send-keys", "-t", "t", "Escape")
            time.sleep(0.5)
        focus_queue(sock)
        for name, cycle in [
            ("PgDn/PgUp (page)", ["PageDown", "PageUp"]),
            ("j/k (next message)", ["j", "k"]),
            ("Esc/v (tabs, saved view: new query)", ["Escape", "v"]),
            ("] (next tab: new query)", ["]"]),
        ]:
            samples = []
            for n in range(rounds):
                samples.append(first_change(sock, cycle[n % len(cycle)]))
                time.sleep(0.05)
            report(name, samples)
        if curator:
            tmux(sock, "send-keys", "-t", "t", "v")
            time.sleep(1.0)
        # Typing a search (a curator's in the saved view: the whole subtree): «о», then «от», each until its answer is shown.
        typed = {"о": [], "от": []}
        for _ in range(max(3, rounds // 8)):
            tmux(sock, "send-keys", "-t", "t", "/")
            time.sleep(0.3)
            typed["о"].append(settled(sock, "о"))
            typed["от"].append(settled(sock, "т"))
            tmux(sock, "send-keys", "-t", "t", "Escape", "Escape")
            time.sleep(0.5)
            if curator:
                tmux(sock, "send-keys", "-t", "t", "v")
                time.sleep(1.0)
        for word, samples in typed.items():
            report(f"typing «{word}»: answer shown", samples)
    finally:
        subprocess.run(["tmux", "-L", sock, "kill-server"], capture_output=True)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("store", nargs="?", default=os.path.join(ROOT, "target", "otklik-bench-1m.db"))
    ap.add_argument("--rounds", type=int, default=40)
    ap.add_argument("--bin", default=os.path.join(ROOT, "target", "release", "otklik"))
    a = ap.parse_args()
    db = sqlite3.connect(f"file:{a.store}?mode=ro", uri=True)
    coordinator, = db.execute(
        "SELECT a.email FROM accounts a JOIN org_status_counts c ON c.org_id = a.org_id "
        "WHERE a.roles & 2 != 0 AND a.status = 'confirmed' GROUP BY a.id ORDER BY sum(c.n) DESC LIMIT 1"
    ).fetchone()
    curators = db.execute(
        "SELECT (SELECT email FROM accounts WHERE roles & 16 != 0 AND status = 'confirmed' AND org_id = 2 LIMIT 1), "
        "(SELECT email FROM accounts WHERE roles & 16 != 0 AND status = 'confirmed' AND org_id = 1 LIMIT 1)"
    ).fetchone()
    total, = db.execute("SELECT count(*) FROM messages").fetchone()
    print(f"store: {total} messages")
    for name, email, curator in [
        ("coordinator of the busiest organisation", coordinator, False),
        ("the city's curator", curators[0], True),
        ("a platform curator", curators[1], True),
    ]:
        print(f"{name} ({email}):", flush=True)
        persona(a.bin, a.store, email, a.rounds, curator)


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Peak memory of the terminal client over a scripted session, per persona.

Starts `otklik` in tmux on the benchmark store (the 1,000,000-message demo
store the criterion benches build) as, in turn, the coordinator of the
busiest organisation, the city's curator and a platform curator; walks the
panes, every tab, every saved view, searches with a long and a short word
(in the queue and, for curators, over the whole subtree), marks the whole
filter, opens statistics and a message; then reads the process's peak
resident size (VmHWM) from /proc. Prints one line per persona.

    cargo build --release
    python3 benches/tmux_memory.py [STORE]
"""
import os, sqlite3, subprocess, sys, tempfile, time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def tmux(sock, *args):
    return subprocess.run(["tmux", "-L", sock, *args], capture_output=True, text=True, check=True).stdout


def keys(sock, *k, pause=0.4):
    for key in k:
        tmux(sock, "send-keys", "-t", "t", key)
        time.sleep(pause)


def typed(sock, text, pause=0.8):
    tmux(sock, "send-keys", "-t", "t", "-l", text)
    time.sleep(pause)


def peak_kib(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    return 0


def ready(screen):
    return "Новые " in screen and "Загрузка" not in screen and "Сообщения" in screen


def client_pid(sock):
    shell = int(tmux(sock, "display-message", "-p", "-t", "t", "#{pane_pid}").strip())
    out = subprocess.run(["pgrep", "-P", str(shell)], capture_output=True, text=True).stdout.split()
    return int(out[0]) if out else shell


def session(store, binary, email, curator):
    sock = f"otklik-memory-{os.getpid()}-{email.split('@')[0]}"
    home = tempfile.mkdtemp()
    cmd = f"HOME={home} XDG_STATE_HOME={home} {binary} --store {store} --as {email}"
    tmux(sock, "-f", "/dev/null", "new-session", "-d", "-s", "t", "-x", "160", "-y", "48", cmd)
    try:
        deadline = time.time() + 60
        # The first full screen: the queue's tabs counted, nothing loading.
        while not ready(tmux(sock, "capture-pane", "-p", "-t", "t")):
            if time.time() > deadline:
                sys.exit("the client did not show the queue")
            time.sleep(0.2)
        pid = client_pid(sock)
        after_start = peak_kib(pid)
        keys(sock, "Tab", "Tab")
        for _ in range(9):
            keys(sock, "]")
        for _ in range(6):
            keys(sock, "v", pause=1.0)
        keys(sock, "Escape")
        for word in ["отопление", "от", "о"]:
            keys(sock, "/")
            typed(sock, word)
            keys(sock, "Enter", pause=1.5)
            keys(sock, "PageDown", "PageDown", "w", pause=1.0)
            keys(sock, "w", "Escape")
        keys(sock, "*", pause=3.0)
        keys(sock, "u", "Enter", pause=1.0)
        keys(sock, "Escape", "Tab", "i", pause=3.0)
        peak = peak_kib(pid)
        keys(sock, "Escape")
        return after_start, peak
    finally:
        subprocess.run(["tmux", "-L", sock, "kill-server"], capture_output=True)


def main():
    store = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, "target", "otklik-bench-1m.db")
    binary = os.path.join(ROOT, "target", "release", "otklik")
    db = sqlite3.connect(f"file:{store}?mode=ro", uri=True)
    coordinator, = db.execute(
        "SELECT a.email FROM accounts a JOIN org_status_counts c ON c.org_id = a.org_id "
        "WHERE a.roles & 2 != 0 AND a.status = 'confirmed' GROUP BY a.id ORDER BY sum(c.n) DESC LIMIT 1"
    ).fetchone()
    city, = db.execute(
        "SELECT email FROM accounts WHERE roles & 16 != 0 AND status = 'confirmed' AND org_id = 2 LIMIT 1"
    ).fetchone()
    platform, = db.execute(
        "SELECT email FROM accounts WHERE roles & 16 != 0 AND status = 'confirmed' AND org_id = 1 LIMIT 1"
    ).fetchone()
    for name, email, curator in [
        ("coordinator of the busiest organisation", coordinator, False),
        ("the city's curator", city, True),
        ("a platform curator", platform, True),
    ]:
        start, peak = session(store, binary, email, curator)
        print(f"{name} ({email}): after start {start / 1024:.0f} MB, peak over the session {peak / 1024:.0f} MB")


if __name__ == "__main__":
    main()

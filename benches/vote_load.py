#!/usr/bin/env python3
"""Votes under load against a real `otklik serve`: a poll of a demo store's
school, VOTERS citizens asking for their links through the poll's page (the
server mails them as .eml files), then CLIENTS concurrent clients casting
every vote through the ballot page, REVOTE of them voting a second time.
Checks that the poll's kept totals equal the votes the server accepted
(each voter's last one) and prints the throughput. Needs a release build.

  benches/vote_load.py
"""

import base64
import concurrent.futures
import http.client
import json
import os
import re
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
import urllib.parse

BIN = "target/release/otklik"
PORT = 18194
VOTERS = int(os.environ.get("VOTERS", "10000"))
CLIENTS = int(os.environ.get("CLIENTS", "200"))
REVOTE = int(os.environ.get("REVOTE", "1000"))
OPTIONS = 3

POLL = """title = "Нагрузочный опрос"
opens_at = "2020-01-01T00:00:00+03:00"
closes_at = "2099-01-01T00:00:00+03:00"

[[questions]]
text = "Что построить первым?"
kind = "single"
options = ["Спортплощадку", "Сквер", "Парковку"]
"""


def request(conn, method, path, body=None):
    headers = {"Content-Type": "application/x-www-form-urlencoded"} if body else {}
    conn.request(method, path, body=body, headers=headers)
    response = conn.getresponse()
    return response.status, response.read()


def otklik(store, who, *args):
    return subprocess.check_output([BIN, "--store", store, "--as", who, *args], text=True)


def tokens_in(outbox):
    """The ballot links' tokens in the mails written so far."""
    found = []
    for name in os.listdir(outbox):
        with open(os.path.join(outbox, name), encoding="utf-8") as f:
            mail = f.read()
        body = re.split(r"\r?\n\r?\n", mail, maxsplit=1)[-1].replace("\r", "").replace("\n", "")
        try:
            body = base64.b64decode(body).decode("utf-8")
        except ValueError:
            pass
        match = re.search(r"/v/(trk_[A-Za-z0-9_-]+)", body)
        if match:
            found.append(match.group(1))
    return found


def main():
    home = tempfile.mkdtemp()
    store = os.path.join(home, "votes.db")
    outbox = os.path.join(home, "outbox")
    subprocess.check_call([BIN, "demo", "--store", store], stdout=subprocess.DEVNULL)
    db = sqlite3.connect(store)
    org, admin, leader = db.execute(
        "SELECT a.org_id, min(a.email), min(l.email) FROM accounts a JOIN accounts l "
        "ON l.org_id = a.org_id AND (l.roles & 8) <> 0 AND l.status = 'confirmed' "
        "WHERE (a.roles & 1) <> 0 AND a.status = 'confirmed' GROUP BY a.org_id "
        "ORDER BY a.org_id DESC LIMIT 1"
    ).fetchone()
    db.close()
    poll_file = os.path.join(home, "poll.toml")
    with open(poll_file, "w", encoding="utf-8") as f:
        f.write(POLL)
    poll = json.loads(otklik(store, admin, "polls", "create", poll_file, "--org", str(org), "--json"))["id"]
    otklik(store, admin, "polls", "submit", str(poll))
    otklik(store, leader, "polls", "publish", str(poll))

    config = os.path.join(home, "config.toml")
    with open(config, "w") as f:
        f.write(
            f'public_url = "http://127.0.0.1:{PORT}"\n[mail]\noutbox = "{outbox}"\n'
            "[intake]\nper_address_hour = 1000000\nper_contact_day = 100\n"
        )
    server = subprocess.Popen(
        [BIN, "--store", store, "serve", "--listen", f"127.0.0.1:{PORT}"],
        env=dict(os.environ, OTKLIK_CONFIG=config),
        stderr=subprocess.DEVNULL,
    )
    try:
        for _ in range(300):
            try:
                if request(http.client.HTTPConnection("127.0.0.1", PORT), "GET", "/healthz")[0] == 200:
                    break
            except OSError:
                time.sleep(0.1)

        def ask(n):
            conn = http.client.HTTPConnection("127.0.0.1", PORT, timeout=60)
            body = urllib.parse.urlencode(
                {"contact": f"voter{n}@load.test", "consent": "yes", "website": ""}
            )
            status, _ = request(conn, "POST", f"/p/{poll}", body)
            conn.close()
            return status

        started = time.perf_counter()
        with concurrent.futures.ThreadPoolExecutor(16) as pool:
            asked = list(pool.map(ask, range(VOTERS)))
        assert asked.count(200) == VOTERS, {s: asked.count(s) for s in set(asked)}
        deadline = time.time() + 300
        tokens = []
        while time.time() < deadline:
            tokens = tokens_in(outbox)
            if len(tokens) >= VOTERS:
                break
            time.sleep(0.5)
        links_took = time.perf_counter() - started
        assert len(tokens) == VOTERS, len(tokens)

        # Each client casts its share of the votes over one connection; the
        # first REVOTE voters vote again after everyone's first vote.
        plan = [(token, n % OPTIONS) for n, token in enumerate(tokens)]
        plan += [(token, (n + 1) % OPTIONS) for n, token in enumerate(tokens[:REVOTE])]
        client_of = {token: n % CLIENTS for n, token in enumerate(tokens)}
        shares = [[] for _ in range(CLIENTS)]
        for vote in plan:
            shares[client_of[vote[0]]].append(vote)

        def client(votes):
            conn = http.client.HTTPConnection("127.0.0.1", PORT, timeout=120)
            accepted = []
            for token, option in votes:
                body = urllib.parse.urlencode({"q0": option})
                status, page = request(conn, "POST", f"/v/{token}", body)
                if status == 200 and "role=\"status\"".encode() in page:
                    accepted.append((token, option))
            conn.close()
            return accepted

        started = time.perf_counter()
        with concurrent.futures.ThreadPoolExecutor(CLIENTS) as pool:
            results = list(pool.map(client, shares))
        took = time.perf_counter() - started
        accepted = [vote for share in results for vote in share]
        # A voter's last accepted vote counts: the re-votes came after the first ones.
        taken = set(accepted)
        last = {}
        for token, option in plan:
            if (token, option) in taken:
                last[token] = option
        expected = [sum(1 for o in last.values() if o == k) for k in range(OPTIONS)]
    finally:
        server.terminate()
        server.wait()
    tally = json.loads(otklik(store, admin, "polls", "results", str(poll), "--format", "json"))
    counts = tally["questions"][0]["result"]["counts"]
    print(
        f"{VOTERS} links asked for and mailed in {links_took:.1f} s; "
        f"{len(plan)} votes ({REVOTE} of them re-votes) from {CLIENTS} clients in {took:.1f} s "
        f"({len(plan) / took:.0f}/s), {len(accepted)} accepted"
    )
    print(f"kept: {tally['ballots']} ballots, counts {counts}; expected {len(last)} ballots, counts {expected}")
    shutil.rmtree(home, ignore_errors=True)
    if tally["ballots"] != len(last) or counts != expected or len(accepted) != len(plan):
        sys.exit("the kept totals do not equal the votes accepted")


if __name__ == "__main__":
    main()

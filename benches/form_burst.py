#!/usr/bin/env python3
"""A burst of 1,000 posts of the public form from one address against a
real `otklik serve`, while a coordinator pages her queue through the same
server; first the coordinator alone, for the floor. Prints how the posts
were answered (taken, refused as too many) and the coordinator's median
and 99th percentile before and during the burst. Needs a release build.

  benches/form_burst.py target/otklik-bench-1m.db
"""

import concurrent.futures
import http.client
import json
import os
import re
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse

BIN = "target/release/otklik"
PORT = 18193
POSTS = int(os.environ.get("POSTS", "1000"))
WORKERS = int(os.environ.get("WORKERS", "16"))
FLOOR_SECS = float(os.environ.get("FLOOR_SECS", "5"))


def one(store_sql, query):
    return sqlite3.connect(store_sql).execute(query).fetchone()


def request(method, path, body=None, headers=None):
    conn = http.client.HTTPConnection("127.0.0.1", PORT, timeout=30)
    conn.request(method, path, body=body, headers=headers or {})
    response = conn.getresponse()
    data = response.read()
    conn.close()
    return response.status, data


def percentiles(samples):
    samples = sorted(samples)
    p99 = samples[min(len(samples) - 1, int(len(samples) * 0.99))]
    return f"median {statistics.median(samples) * 1000:.1f} ms, p99 {p99 * 1000:.1f} ms ({len(samples)} pages)"


def coordinator(token, org, stop, out):
    path = f"/api/v1/messages?org={org}&limit=100"
    headers = {"Authorization": f"Bearer {token}"}
    conn = http.client.HTTPConnection("127.0.0.1", PORT, timeout=30)
    while not stop.is_set():
        started = time.perf_counter()
        conn.request("GET", path, headers=headers)
        response = conn.getresponse()
        response.read()
        out.append(time.perf_counter() - started)
        assert response.status == 200, response.status


def main():
    store = sys.argv[1] if len(sys.argv) > 1 else "target/otklik-bench-1m.db"
    org, email = one(
        store,
        "SELECT c.org_id, min(a.email) FROM org_status_counts c JOIN accounts a ON a.org_id = c.org_id "
        "WHERE (a.roles & 2) <> 0 AND a.status = 'confirmed' GROUP BY c.org_id "
        "ORDER BY sum(c.n) DESC, c.org_id LIMIT 1",
    )
    token = subprocess.check_output([BIN, "--store", store, "token", "issue", email], text=True).strip()
    # Each run starts with this address's hour unused (an earlier run's
    # counts would refuse every post) and texts of its own.
    db = sqlite3.connect(store)
    db.execute("DELETE FROM intake_limits")
    db.commit()
    db.close()
    run = int(time.time())
    home = tempfile.mkdtemp()
    config = os.path.join(home, "config.toml")
    with open(config, "w") as f:
        f.write(
            f'public_url = "http://127.0.0.1:{PORT}"\n[mail]\noutbox = "{home}/outbox"\n'
            '[intake]\naccepting = "all"\nper_address_hour = 20\nper_contact_day = 5\nmin_fill_secs = 1\n'
        )
    env = dict(os.environ, OTKLIK_CONFIG=config)
    server = subprocess.Popen(
        [BIN, "--store", store, "serve", "--listen", f"127.0.0.1:{PORT}"],
        env=env,
        stderr=subprocess.DEVNULL,
    )
    try:
        for _ in range(300):
            try:
                if request("GET", "/healthz")[0] == 200:
                    break
            except OSError:
                time.sleep(0.1)
        status, page = request("GET", f"/form?org={org}")
        assert status == 200, status
        stamp = re.search(rb'name="stamp" value="([^"]+)"', page).group(1).decode()
        time.sleep(1.1)

        floor = []
        stop = threading.Event()
        alone = threading.Thread(target=coordinator, args=(token, org, stop, floor))
        alone.start()
        time.sleep(FLOOR_SECS)
        stop.set()
        alone.join()

        during = []
        stop = threading.Event()
        beside = threading.Thread(target=coordinator, args=(token, org, stop, during))
        beside.start()

        def post(n):
            body = urllib.parse.urlencode(
                {
                    "org": org,
                    "stamp": stamp,
                    "text": f"Сообщение {run}-{n} из пачки",
                    "name": "Робот",
                    "contact": f"bot{run}-{n}@burst.test",
                    "consent": "yes",
                    "website": "",
                }
            )
            return request(
                "POST", "/form", body, {"Content-Type": "application/x-www-form-urlencoded"}
            )[0]

        started = time.perf_counter()
        with concurrent.futures.ThreadPoolExecutor(WORKERS) as pool:
            codes = list(pool.map(post, range(POSTS)))
        took = time.perf_counter() - started
        stop.set()
        beside.join()
        counts = {code: codes.count(code) for code in sorted(set(codes))}
        print(f"{POSTS} posts from one address in {took:.2f} s ({POSTS / took:.0f}/s), by status: {json.dumps(counts)}")
        print(f"the coordinator alone:        {percentiles(floor)}")
        print(f"the coordinator in the burst: {percentiles(during)}")
    finally:
        server.terminate()
        server.wait()
        shutil.rmtree(home, ignore_errors=True)


if __name__ == "__main__":
    main()

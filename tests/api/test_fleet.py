"""Several HTTP processes on one port: every process sees each acknowledged write and each build,
and the server outlives a reader process (api.fleet)."""

from __future__ import annotations

import http.client
import json
import os
import signal
import subprocess
import sys
import time
import urllib.parse
from collections.abc import Callable
from pathlib import Path

import httpx

from kg.build import build

from .conftest import TOKEN, Server

ROOT = Path(__file__).resolve().parents[2]
MINI = ROOT / "tests" / "data" / "good" / "mini.yaml"
CLAIMS = "SELECT (COUNT(?c) AS ?n) WHERE { ?c a tk:CausalClaim }"


def _children(pid: int) -> list[int]:
    """The reader processes of the server ``pid`` (``python -m api.fleet`` children)."""
    out = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            stat = Path(f"/proc/{entry}/stat").read_text()
            cmd = Path(f"/proc/{entry}/cmdline").read_bytes().split(b"\0")
        except OSError:
            continue
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        if ppid == pid and b"api.fleet" in cmd:
            out.append(int(entry))
    return sorted(out)


def _socket_inodes(pid: int) -> set[str]:
    found = set()
    try:
        for fd in os.listdir(f"/proc/{pid}/fd"):
            try:
                link = os.readlink(f"/proc/{pid}/fd/{fd}")
            except OSError:
                continue
            if link.startswith("socket:["):
                found.add(link[8:-1])
    except OSError:
        pass
    return found


def _answering(server_port: int, client_port: int, pids: list[int]) -> int | None:
    """Which of ``pids`` holds the server side of the connection from ``client_port``."""
    want_local = f"0100007F:{server_port:04X}"
    want_remote = f"0100007F:{client_port:04X}"
    inode = None
    for line in Path("/proc/net/tcp").read_text().splitlines()[1:]:
        parts = line.split()
        if parts[1] == want_local and parts[2] == want_remote:
            inode = parts[9]
    if inode is None:
        return None
    for pid in pids:
        if inode in _socket_inodes(pid):
            return pid
    return None


def _request(
    srv: Server,
    method: str,
    target: str,
    body: bytes | None = None,
    headers: dict[str, str] | None = None,
    pids: list[int] | None = None,
) -> tuple[int, bytes, int | None]:
    """One request on a new connection: (status, body, pid of the process that answered)."""
    port = int(srv.base.rsplit(":", 1)[1])
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        conn.request(method, target, body=body, headers=headers or {})
        client_port = conn.sock.getsockname()[1]
        resp = conn.getresponse()
        data = resp.read()
        # Asked while the connection is still open (a queued one belongs to no process yet).
        who = _answering(port, client_port, pids) if pids else None
        return resp.status, data, who
    finally:
        conn.close()


def _ask(srv: Server, query: str, pids: list[int]) -> tuple[dict[str, object], int | None]:
    status, body, who = _request(
        srv,
        "GET",
        "/sparql?" + urllib.parse.urlencode({"query": query}),
        headers={"Accept": "application/sparql-results+json"},
        pids=pids,
    )
    assert status == 200, body
    return json.loads(body), who


def _wait_for_readers(srv: Server, n: int) -> list[int]:
    t0 = time.monotonic()
    while time.monotonic() - t0 < 60:
        kids = _children(srv.proc.pid)
        if len(kids) == n and all(_listening(srv, k) for k in kids):
            return kids
        time.sleep(0.1)
    raise AssertionError(f"{n} reader processes did not start: {_children(srv.proc.pid)}")


def _listening(srv: Server, pid: int) -> bool:
    port = f"{int(srv.base.rsplit(':', 1)[1]):04X}"
    inodes = _socket_inodes(pid)
    for line in Path("/proc/net/tcp").read_text().splitlines()[1:]:
        parts = line.split()
        if parts[1].endswith(":" + port) and parts[3] == "0A" and parts[9] in inodes:
            return True
    return False


def test_a_write_through_any_process_is_read_by_every_process_at_once(
    tmp_path: Path, start: Callable[..., Server]
) -> None:
    path = tmp_path / "store"
    build(path, claim_files=[MINI])
    srv = start(path, tmp_path / "server.log", TRADEKG_UPDATE_TOKEN=TOKEN, TRADEKG_HTTP_WORKERS="3")
    readers = _wait_for_readers(srv, 2)
    pids = [srv.proc.pid, *readers]
    writers: set[int | None] = set()
    answered: set[int | None] = set()
    for i in range(40):
        insert = f"INSERT DATA {{ GRAPH <urn:fleet:g> {{ <urn:fleet:s{i}> <urn:fleet:n> {i} }} }}"
        status, body, who = _request(
            srv,
            "POST",
            "/update",
            body=insert.encode(),
            headers={
                "Authorization": f"Bearer {TOKEN}",
                "Content-Type": "application/sparql-update",
            },
            pids=pids,
        )
        assert status == 204, body
        writers.add(who)
        # The very next request, on a new connection, whichever process takes it.
        data, who = _ask(srv, f"ASK {{ GRAPH <urn:fleet:g> {{ <urn:fleet:s{i}> ?p {i} }} }}", pids)
        assert data["boolean"] is True, (i, who)
        answered.add(who)
        # A join goes to a query worker process of whichever HTTP process answers.
        data, who = _ask(
            srv,
            "SELECT (COUNT(*) AS ?n) WHERE { GRAPH <urn:fleet:g> { ?s ?p ?o . ?s ?p ?o } }",
            pids,
        )
        rows = data["results"]["bindings"]  # type: ignore[index]
        assert int(rows[0]["n"]["value"]) == i + 1, (i, who)
        answered.add(who)
    # Both kinds of process took part: reads in the readers, writes forwarded by them.
    assert set(readers) <= answered, (readers, answered)
    assert set(readers) & writers, (readers, writers)
    # A Graph Store write (forwarded, body streamed) is read back the same way.
    status, body, _ = _request(
        srv,
        "PUT",
        "/store?graph=urn:fleet:gs",
        body=b'<urn:fleet:x> <urn:fleet:y> "gs" .',
        headers={"Authorization": f"Bearer {TOKEN}", "Content-Type": "application/n-triples"},
    )
    assert status in (201, 204), body
    for _ in range(10):
        data, _ = _ask(srv, 'ASK { GRAPH <urn:fleet:gs> { ?s ?p "gs" } }', pids)
        assert data["boolean"] is True


def test_a_build_while_serving_switches_every_process(
    tmp_path: Path, start: Callable[..., Server]
) -> None:
    path = tmp_path / "store"
    build(path, claim_files=[MINI])
    srv = start(path, tmp_path / "server.log", TRADEKG_UPDATE_TOKEN=TOKEN, TRADEKG_HTTP_WORKERS="3")
    readers = _wait_for_readers(srv, 2)
    pids = [srv.proc.pid, *readers]

    def claims() -> tuple[int, int | None]:
        data, who = _ask(srv, CLAIMS, pids)
        return int(data["results"]["bindings"][0]["n"]["value"]), who  # type: ignore[index]

    before = {claims()[0] for _ in range(20)}
    assert len(before) == 1
    build(path)  # the bundled claims: more than the mini file's
    t0 = time.monotonic()
    switched: dict[int | None, float] = {}
    while set(pids) - set(switched) and time.monotonic() - t0 < 10:
        n, who = claims()
        if n in before:
            assert who not in switched, f"process {who} went back to the old build"
        else:
            switched.setdefault(who, time.monotonic() - t0)
    assert set(pids) <= set(switched), (pids, switched)
    assert max(switched.values()) < 2.0, switched
    after = {claims()[0] for _ in range(20)}
    assert len(after) == 1 and after.isdisjoint(before)


def test_the_server_outlives_a_killed_reader_and_replaces_it(
    tmp_path: Path, start: Callable[..., Server]
) -> None:
    path = tmp_path / "store"
    build(path, claim_files=[MINI])
    srv = start(path, tmp_path / "server.log", TRADEKG_HTTP_WORKERS="3")
    readers = _wait_for_readers(srv, 2)
    os.kill(readers[0], signal.SIGKILL)
    # Connections queued on its socket while it dies are reset (docs/sparql-hardening.md 6c).
    # It is dead once the owner has reaped it: its leader turns zombie ("Z") while its other
    # threads still exit and hold the socket, so "Z" alone is too early; the owner can reap
    # it only when the last of them is gone. From then on every request is answered.
    t0 = time.monotonic()
    while Path(f"/proc/{readers[0]}").exists() and time.monotonic() - t0 < 10:
        time.sleep(0.01)
    assert not Path(f"/proc/{readers[0]}").exists(), "the owner did not reap the killed reader"
    for _ in range(30):
        data, _ = _ask(srv, CLAIMS, [])
        assert data["results"]["bindings"]  # type: ignore[index]
        assert httpx.get(f"{srv.base}/health", timeout=10).status_code == 200
    now = _wait_for_readers(srv, 2)
    assert readers[0] not in now and readers[1] in now
    # Stopping the server stops its readers too.
    srv.proc.terminate()
    srv.proc.wait(timeout=20)
    time.sleep(0.2)
    alive = [p for p in now if Path(f"/proc/{p}").exists() and "Z" not in _state(p)]
    assert alive == []


def _state(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return "Z"


def test_readers_forward_chunked_bodies_and_answer_cors_as_the_owner(
    tmp_path: Path, start: Callable[..., Server]
) -> None:
    path = tmp_path / "store"
    build(path, claim_files=[MINI])
    srv = start(
        path,
        tmp_path / "server.log",
        TRADEKG_UPDATE_TOKEN=TOKEN,
        TRADEKG_HTTP_WORKERS="3",
        TRADEKG_CORS_ORIGINS="https://nb.example",
    )
    readers = _wait_for_readers(srv, 2)
    pids = [srv.proc.pid, *readers]
    origin = {"Origin": "https://nb.example", "Accept": "application/sparql-results+json"}
    by: dict[int | None, int] = {}
    for i in range(30):
        port = int(srv.base.rsplit(":", 1)[1])
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        try:
            # A body sent chunked (no Content-Length) crosses a reader to the owner as sent.
            conn.request(
                "PUT",
                f"/store?graph=urn:fleet:c{i}",
                body=iter([b"<urn:fleet:c> <urn:fleet:i> ", b'"%d"' % i, b" ."]),
                headers={
                    "Authorization": f"Bearer {TOKEN}",
                    "Content-Type": "application/n-triples",
                    **origin,
                },
                encode_chunked=True,
            )
            resp = conn.getresponse()
            answer = resp.read()
            who = _answering(port, conn.sock.getsockname()[1], pids)
            by[who] = by.get(who, 0) + 1
            assert resp.status in (201, 204), (who, answer)
            # One CORS header, whoever answered (the owner's, passed on unchanged).
            assert resp.headers.get_all("access-control-allow-origin") == ["https://nb.example"]
        finally:
            conn.close()
        status, body, who = _request(
            srv,
            "GET",
            "/sparql?"
            + urllib.parse.urlencode(
                {"query": f'ASK {{ GRAPH <urn:fleet:c{i}> {{ ?s ?p "{i}" }} }}'}
            ),
            headers=origin,
            pids=pids,
        )
        assert status == 200 and json.loads(body)["boolean"] is True
        by[who] = by.get(who, 0) + 1
    assert set(readers) <= set(by), by
    # A query a reader answers itself carries the same CORS header as the owner's.
    seen: set[int | None] = set()
    for _ in range(30):
        port = int(srv.base.rsplit(":", 1)[1])
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        try:
            conn.request("GET", "/sparql?query=ASK%7B%7D", headers=origin)
            resp = conn.getresponse()
            resp.read()
            seen.add(_answering(port, conn.sock.getsockname()[1], pids))
            assert resp.status == 200
            assert resp.headers.get_all("access-control-allow-origin") == ["https://nb.example"]
            assert "Origin" in (resp.headers.get("vary") or "")
        finally:
            conn.close()
    assert set(readers) & seen, seen


def test_a_second_server_on_the_same_port_is_refused(
    tmp_path: Path, start: Callable[..., Server]
) -> None:
    """SO_REUSEPORT must not let two servers share a port: the second one exits 1."""
    first, second = tmp_path / "a", tmp_path / "b"
    build(first, claim_files=[MINI])
    build(second, claim_files=[MINI])
    srv = start(first, tmp_path / "a.log", TRADEKG_HTTP_WORKERS="2")
    port = srv.base.rsplit(":", 1)[1]
    env = {k: v for k, v in os.environ.items() if not k.startswith("TRADEKG_")}
    env.update(
        TRADEKG_STORE=str(second), TRADEKG_PORT=port, TRADEKG_HTTP_WORKERS="2", PYTHONPATH=str(ROOT)
    )
    done = subprocess.run(
        [sys.executable, "-m", "api.server"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 1
    assert f"cannot listen on 127.0.0.1:{port}" in done.stderr + done.stdout
    assert "Traceback" not in done.stderr
    assert httpx.get(f"{srv.base}/health", timeout=10).status_code == 200

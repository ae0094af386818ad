"""Throwaway PostgreSQL and Redis servers on loopback, for the store and distributed tests.

Each is started from Debian's packages (`.ci/run` installs them) on a free 127.0.0.1 port and
a private socket folder, with no persistence, and stopped (its folder removed) on the way out.
PostgreSQL refuses to run as root, so as root the cluster belongs to the `postgres` account.

The start/stop logic is two plain context managers, `running_postgres()` and
`running_redis()`, so that `benchmarks/distributed.py` can use them without pytest. The
session fixtures wrap them: without the binaries the tests that need them are skipped, except
in CI, where they fail.
"""

from __future__ import annotations

import contextlib
import glob
import os
import shutil
import socket
import subprocess
import tempfile
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

try:
    import pytest
except ModuleNotFoundError:  # the benchmark runs without the test extra; no fixtures then
    pytest = None  # type: ignore[assignment]


class ServerMissing(RuntimeError):
    """The server's binaries are not installed on this machine."""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _missing(what: str) -> ServerMissing:
    return ServerMissing(f"{what} is not installed (apt-get install postgresql redis-server)")


def _pg_bin(name: str) -> str | None:
    found = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"))
    return found[-1] if found else shutil.which(name)


@dataclass(frozen=True)
class Postgres:
    port: int
    socket_dir: Path

    def url(self, database: str = "postgres") -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/{database}"

    def socket_url(self, database: str) -> str:
        """Through the Unix socket: what a worker in another network namespace can reach."""
        return f"postgresql://postgres@/{database}?host={self.socket_dir}&port={self.port}"

    def new_database(self) -> str:
        import psycopg

        name = "t_" + uuid.uuid4().hex[:12]
        with psycopg.connect(self.url(), autocommit=True) as db:
            db.execute(f"CREATE DATABASE {name}")
        return name


@contextlib.contextmanager
def running_postgres(max_connections: int | None = None) -> Iterator[Postgres]:
    """A PostgreSQL cluster (trust auth, fsync off) until the block ends; ServerMissing if none.

    `max_connections`: initdb's choice (at most 100) unless given; a benchmark with many worker
    threads, each holding its own connection, needs more.
    """
    initdb, pg_ctl = _pg_bin("initdb"), _pg_bin("pg_ctl")
    if not initdb or not pg_ctl:
        raise _missing("PostgreSQL")
    root = Path(tempfile.mkdtemp(prefix="auditor-pg-"))
    data, sockets = root / "data", root / "run"
    as_user: list[str] = []
    try:
        sockets.mkdir()
        if os.geteuid() == 0:
            shutil.chown(root, "postgres")
            shutil.chown(sockets, "postgres")
            os.chmod(sockets, 0o777)  # noqa: S103 - a throwaway socket folder, world-reachable
            as_user = ["runuser", "-u", "postgres", "--"]
        port = free_port()
        subprocess.run(
            [*as_user, initdb, "-D", str(data), "--auth=trust", "-U", "postgres", "-E", "UTF8"],
            check=True,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.STDOUT,
        )
        options = f"-h 127.0.0.1 -p {port} -k {sockets} -c fsync=off -c full_page_writes=off"
        if max_connections:
            options += f" -c max_connections={max_connections}"
        log = str(root / "log")
        subprocess.run(
            [*as_user, pg_ctl, "-D", str(data), "-o", options, "-w", "-l", log, "start"],
            check=True,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.STDOUT,
        )
        yield Postgres(port, sockets)
    finally:
        if (data / "postmaster.pid").exists():
            subprocess.run(
                [*as_user, pg_ctl, "-D", str(data), "-m", "immediate", "stop"],
                check=False,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.STDOUT,
            )
        shutil.rmtree(root, ignore_errors=True)


@dataclass(frozen=True)
class Redis:
    port: int
    socket_path: Path

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    @property
    def socket_url(self) -> str:
        return f"redis+socket://{self.socket_path}"


@contextlib.contextmanager
def running_redis() -> Iterator[Redis]:
    """A Redis server (no persistence) until the block ends; ServerMissing if none."""
    binary = shutil.which("redis-server")
    if not binary:
        raise _missing("Redis")
    root = Path(tempfile.mkdtemp(prefix="auditor-redis-"))
    port = free_port()
    sock = root / "redis.sock"
    process: subprocess.Popen[bytes] | None = None
    try:
        process = subprocess.Popen(
            [
                *(binary, "--port", str(port), "--bind", "127.0.0.1", "--save", ""),
                *("--appendonly", "no", "--unixsocket", str(sock), "--unixsocketperm", "777"),
                *("--dir", str(root)),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.STDOUT,
        )
        _wait_for_port(port, process)
        yield Redis(port, sock)
    finally:
        if process is not None and process.poll() is None:
            process.terminate()
            try:
                process.wait(10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        shutil.rmtree(root, ignore_errors=True)


def _wait_for_port(port: int, process: subprocess.Popen[bytes], limit: float = 10.0) -> None:
    deadline = time.monotonic() + limit
    while True:
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), 0.2):
            return
        if process.poll() is not None:
            raise RuntimeError(f"redis-server exited with {process.returncode} before listening")
        if time.monotonic() > deadline:
            raise RuntimeError(f"redis-server not listening on 127.0.0.1:{port} after {limit:g} s")
        time.sleep(0.05)


if pytest is not None:

    def _skip_or_fail(missing: ServerMissing) -> None:
        if os.environ.get("CI"):
            pytest.fail(str(missing))
        pytest.skip(str(missing))

    @pytest.fixture(scope="session")
    def postgres_server() -> Iterator[Postgres]:
        try:
            with running_postgres() as server:
                yield server
        except ServerMissing as missing:  # raised before the yield only: skip, or fail in CI
            _skip_or_fail(missing)

    @pytest.fixture()
    def postgres_url(postgres_server: Postgres) -> str:
        """A new, empty database for one test."""
        return postgres_server.url(postgres_server.new_database())

    @pytest.fixture(scope="session")
    def redis_server() -> Iterator[Redis]:
        try:
            with running_redis() as server:
                yield server
        except ServerMissing as missing:  # raised before the yield only: skip, or fail in CI
            _skip_or_fail(missing)

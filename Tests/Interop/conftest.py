"""Fixtures for the interop suite: the real `tokenledger` binary against the throwaway
PostgreSQL that scripts/test started (TEST_DATABASE_URL)."""

import os
import signal
import socket
import subprocess
import tempfile
import time
import urllib.parse
import uuid

import pytest
import requests


JWT_SECRET = "interop-secret-of-at-least-thirty-two-bytes"
ROOMY_PLAN = "requests_per_minute=10000000,caller_requests_per_minute=10000000,ingest_requests_per_hour=unlimited,analytics_requests_per_hour=unlimited,events_per_month=unlimited"


def _binary() -> str:
    path = os.environ.get("TOKENLEDGER_BIN")
    if not path or not os.access(path, os.X_OK):
        pytest.fail("TOKENLEDGER_BIN must name the built tokenledger binary: run scripts/test")
    return path


def _server_url() -> str:
    url = os.environ.get("TEST_DATABASE_URL")
    if not url:
        pytest.fail("TEST_DATABASE_URL is not set: run scripts/test")
    return url


def _with_database(url: str, name: str) -> str:
    parts = urllib.parse.urlsplit(url)
    return urllib.parse.urlunsplit(parts._replace(path="/" + name))


def psql(sql: str, url: str | None = None) -> str:
    result = subprocess.run(
        ["psql", url or _server_url(), "-v", "ON_ERROR_STOP=1", "-At", "-c", sql],
        capture_output=True, text=True, check=True)
    return result.stdout.strip()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def tokenledger() -> str:
    return _binary()


@pytest.fixture
def fresh_database_url():
    """An empty database of its own, dropped afterwards."""
    name = "interop_" + uuid.uuid4().hex
    psql(f"CREATE DATABASE {name}")
    yield _with_database(_server_url(), name)
    psql(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


class RunningServer:
    def __init__(self, process: subprocess.Popen, base_url: str, database_url: str, log):
        self.process = process
        self.base_url = base_url
        self.database_url = database_url
        self.log = log

    def stderr(self) -> str:
        self.log.seek(0)
        return self.log.read()

    def url(self, path: str) -> str:
        return self.base_url + path


def start_server(binary: str, database_url: str, extra_env: dict | None = None) -> RunningServer:
    port = free_port()
    env = {
        "PATH": os.environ.get("PATH", ""),
        "DATABASE_URL": database_url,
        "TOKENLEDGER_PORT": str(port),
        "TOKENLEDGER_AUTO_MIGRATE": "true",
        "LOG_FORMAT": "json",
        "TOKENLEDGER_JWT_SECRET": JWT_SECRET,
        "TOKENLEDGER_ARGON2_MEMORY_KIB": "8192",
        "TOKENLEDGER_ARGON2_ITERATIONS": "1",
        # Every request goes through the limiter, whose limits only its own tests reach.
        **{f"TOKENLEDGER_PLAN_{plan}": ROOMY_PLAN for plan in ("FREE", "STARTER", "PRO", "ENTERPRISE")},
        # A SaaS operator's setting, so that registered organizations have limits to apply.
        "TOKENLEDGER_DEFAULT_PLAN": "free",
        **(extra_env or {}),
    }
    # A setting given as None is left unset: the shipped default.
    env = {name: value for name, value in env.items() if value is not None}
    # A file, not a pipe: a pipe nobody reads fills after a few hundred access-log lines and
    # then blocks the server's writes.
    log = tempfile.TemporaryFile(mode="w+")
    process = subprocess.Popen([binary, "serve"], env=env, stdout=log, stderr=log, text=True)
    base_url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            log.seek(0)
            raise RuntimeError(f"server exited early: {log.read()}")
        try:
            if requests.get(base_url + "/ready", timeout=1).status_code == 200:
                return RunningServer(process, base_url, database_url, log)
        except requests.ConnectionError:
            pass
        time.sleep(0.1)
    process.kill()
    raise RuntimeError("server did not become ready in 30 s")


def stop_server(server: RunningServer) -> tuple[int, str]:
    server.process.send_signal(signal.SIGTERM)
    try:
        server.process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        server.process.kill()
        raise
    return server.process.returncode, server.stderr()


@pytest.fixture
def server(tokenledger, fresh_database_url):
    running = start_server(tokenledger, fresh_database_url)
    yield running
    if running.process.poll() is None:
        stop_server(running)


def pytest_configure(config):
    # The HS512 case deliberately signs with a key shorter than HS512 wants: it must be refused.
    config.addinivalue_line("filterwarnings", "ignore::jwt.warnings.InsecureKeyLengthWarning")

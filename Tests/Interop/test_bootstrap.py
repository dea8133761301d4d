"""`tokenledger bootstrap` on a fresh database: the printed password signs in and the
printed API key works against the real server."""

import os
import re
import subprocess

import requests

from conftest import start_server, stop_server


def test_bootstrap_prints_credentials_that_work(tokenledger, fresh_database_url):
    result = subprocess.run(
        [tokenledger, "bootstrap", "--organization", "First Org", "--email", "root@example.com", "--platform-operator"],
        env={"PATH": os.environ.get("PATH", ""), "DATABASE_URL": fresh_database_url,
             "TOKENLEDGER_ARGON2_MEMORY_KIB": "8192", "TOKENLEDGER_ARGON2_ITERATIONS": "1"},
        capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    password = re.search(r"password:\s+(\S+)", result.stdout).group(1)
    api_key = re.search(r"api key:\s+(tl_\S+)", result.stdout).group(1)
    server = start_server(tokenledger, fresh_database_url)
    try:
        keys = requests.get(server.url("/api/v1/api-keys"), headers={"X-API-Key": api_key}, timeout=5)
        assert keys.status_code == 200 and keys.json()["data"][0]["name"] == "bootstrap"
        login = requests.post(server.url("/api/v1/auth/login"), json={"email": "root@example.com", "password": password}, timeout=10)
        assert login.status_code == 200
        orgs = requests.get(server.url("/api/v1/admin/organizations"),
                            headers={"Authorization": "Bearer " + login.json()["access_token"]}, timeout=5)
        assert orgs.status_code == 200 and orgs.json()["data"][0]["slug"] == "first-org"
    finally:
        stop_server(server)

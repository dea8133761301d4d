"""The OpenAPI document as a contract: schemathesis runs every check (--checks all, the
stateful phase included) against every operation of the served document, once as a signed-in
owner and once with an API key holding the owner's permissions, with a fixed seed and a
bounded number of examples. Rules a JSON Schema cannot state are listed, with their reasons,
in schemathesis.toml beside this file; nothing else is relaxed."""

import subprocess
import sys
from pathlib import Path

import pytest
import requests

CONFIG = Path(__file__).with_name("schemathesis.toml")


def owner_token(server) -> str:
    registered = requests.post(server.url("/api/v1/auth/register"), json={
        "email": "fuzz@example.com", "password": "a long enough passphrase", "name": "Fuzz",
        "organization_name": "Fuzz"}, timeout=10)
    assert registered.status_code == 201, registered.text
    return registered.json()["access_token"]


@pytest.mark.parametrize("credential", ["jwt", "api_key"])
def test_every_check_passes_on_every_operation(server, credential):
    token = owner_token(server)
    header = f"Authorization: Bearer {token}"
    if credential == "api_key":
        principal = requests.get(server.url("/api/v1/auth/principal"), headers={"Authorization": f"Bearer {token}"}, timeout=10)
        key = requests.post(server.url("/api/v1/api-keys"), headers={"Authorization": f"Bearer {token}"},
                            json={"name": "fuzz", "permissions": principal.json()["permissions"]}, timeout=10)
        assert key.status_code == 201, key.text
        header = f"X-API-Key: {key.json()['secret']}"
    schemathesis = Path(sys.executable).parent / "schemathesis"
    # One worker: with two, hypothesis' ast.parse on two threads sometimes dies inside CPython
    # 3.11 ("AST constructor recursion depth mismatch"), a tool crash rather than a finding;
    # on two cores one worker runs as fast.
    result = subprocess.run(
        [str(schemathesis), "--config-file", str(CONFIG), "run", server.url("/openapi.json"), "--checks", "all",
         "--header", header, "--max-examples", "25", "--seed", "20261201", "--request-timeout", "10",
         "--workers", "1", "--no-color"],
        capture_output=True, text=True, timeout=900)
    assert result.returncode == 0, result.stdout[-12000:] + result.stderr[-2000:]

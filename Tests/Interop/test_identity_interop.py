"""Identity checked by independent libraries: TokenLedger's JWTs decode with PyJWT and
PyJWT-made tokens are accepted or refused exactly as they should be; TokenLedger's argon2id
hashes verify with argon2-cffi and argon2-cffi's hashes sign in to TokenLedger."""

import time
import uuid

import jwt
import pytest
import requests
from argon2 import PasswordHasher

from conftest import JWT_SECRET, psql

PASSWORD = "correct horse battery staple"


def register(server, email=None):
    email = email or f"user-{uuid.uuid4().hex[:8]}@example.com"
    response = requests.post(server.url("/api/v1/auth/register"), json={
        "email": email, "password": PASSWORD, "name": "Interop", "organization_name": f"Interop {uuid.uuid4().hex[:6]}",
    }, timeout=10)
    assert response.status_code == 201, response.text
    return email, response.json()


def me(server, token):
    return requests.get(server.url("/api/v1/auth/me"), headers={"Authorization": f"Bearer {token}"}, timeout=5)


def test_access_token_decodes_with_pyjwt(server):
    _, session = register(server)
    token = session["access_token"]
    header = jwt.get_unverified_header(token)
    assert header["alg"] == "HS256" and header["kid"] == "k1"
    claims = jwt.decode(token, JWT_SECRET, algorithms=["HS256"], audience="tokenledger-api", issuer="tokenledger")
    assert claims["sub"] == session["user"]["id"]
    assert claims["org"] == session["organization"]["id"]
    assert claims["role"] == "owner"
    assert claims["exp"] - claims["iat"] == 900
    assert uuid.UUID(claims["jti"])


def claims_for(session, **changes):
    now = int(time.time())
    claims = {
        "iss": "tokenledger", "aud": "tokenledger-api", "sub": session["user"]["id"],
        "org": session["organization"]["id"], "role": "owner", "iat": now, "nbf": now - 5, "exp": now + 300,
        "jti": str(uuid.uuid4()),
    }
    claims.update(changes)
    return {k: v for k, v in claims.items() if v is not None}


def test_a_pyjwt_token_with_the_right_claims_and_key_is_accepted(server):
    _, session = register(server)
    token = jwt.encode(claims_for(session), JWT_SECRET, algorithm="HS256", headers={"kid": "k1"})
    assert me(server, token).status_code == 200


@pytest.mark.parametrize("case", [
    "alg_none", "hs512", "wrong_secret", "wrong_issuer", "wrong_audience", "expired", "not_yet_valid",
    "tampered", "unknown_kid",
])
def test_bad_tokens_are_refused(server, case):
    _, session = register(server)
    claims, key, algorithm, headers = claims_for(session), JWT_SECRET, "HS256", {"kid": "k1"}
    if case == "alg_none":
        token = jwt.encode(claims, None, algorithm="none", headers=headers)
    else:
        if case == "hs512":
            algorithm = "HS512"
        elif case == "wrong_secret":
            key = "another-secret-that-is-long-enough-too"
        elif case == "wrong_issuer":
            claims["iss"] = "someone-else"
        elif case == "wrong_audience":
            claims["aud"] = "another-api"
        elif case == "expired":
            claims["exp"] = int(time.time()) - 10
        elif case == "not_yet_valid":
            claims["nbf"] = int(time.time()) + 600
        elif case == "unknown_kid":
            headers = {"kid": "k9"}
        token = jwt.encode(claims, key, algorithm=algorithm, headers=headers)
        if case == "tampered":
            header, payload, signature = token.split(".")
            forged = jwt.encode(dict(claims, role="owner", org=str(uuid.uuid4())), "x" * 40, algorithm="HS256").split(".")[1]
            token = ".".join([header, forged, signature])
    response = me(server, token)
    assert response.status_code == 401, (case, response.text)
    expected = "TOKEN_EXPIRED" if case == "expired" else "INVALID_TOKEN"
    assert response.json()["error"]["code"] == expected


def test_tokenledger_hash_verifies_with_argon2_cffi(server):
    email, _ = register(server)
    stored = psql(f"SELECT password_hash FROM users WHERE lower(email) = lower('{email}')", server.database_url)
    assert stored.startswith("$argon2id$v=19$")
    assert PasswordHasher().verify(stored, PASSWORD)


def test_argon2_cffi_hash_signs_in_to_tokenledger(server):
    email, _ = register(server)
    foreign = PasswordHasher(time_cost=3, memory_cost=12288, parallelism=2).hash("a different passphrase")
    psql(f"UPDATE users SET password_hash = '{foreign}' WHERE lower(email) = lower('{email}')", server.database_url)
    response = requests.post(server.url("/api/v1/auth/login"), json={"email": email, "password": "a different passphrase"}, timeout=10)
    assert response.status_code == 200, response.text
    rehashed = psql(f"SELECT password_hash FROM users WHERE lower(email) = lower('{email}')", server.database_url)
    assert rehashed != foreign and "m=8192,t=1,p=1" in rehashed, "a hash with other parameters is replaced at sign-in"


def test_eddsa_tokens_verify_with_the_published_jwks(tokenledger, fresh_database_url, tmp_path):
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    from conftest import start_server, stop_server

    pem = Ed25519PrivateKey.generate().private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    key_file = tmp_path / "ed25519.pem"
    key_file.write_bytes(pem)
    server = start_server(tokenledger, fresh_database_url, {"TOKENLEDGER_JWT_PRIVATE_KEY_FILE": str(key_file)})
    try:
        _, session = register(server)
        token = session["access_token"]
        assert jwt.get_unverified_header(token)["alg"] == "EdDSA"
        keys = requests.get(server.url("/.well-known/jwks.json"), timeout=5).json()["keys"]
        assert len(keys) == 1 and keys[0]["kty"] == "OKP" and keys[0]["kid"] == "k1"
        public = jwt.PyJWK(keys[0])
        claims = jwt.decode(token, public, algorithms=["EdDSA"], audience="tokenledger-api", issuer="tokenledger")
        assert claims["sub"] == session["user"]["id"]
        assert me(server, token).status_code == 200
        # Algorithm confusion: HS256 keyed with the public key's bytes must not pass.
        forged = jwt.encode(claims_for(session), keys[0]["x"], algorithm="HS256", headers={"kid": "k1"})
        assert me(server, forged).status_code == 401
    finally:
        stop_server(server)


def test_hs256_servers_publish_no_keys(server):
    assert requests.get(server.url("/.well-known/jwks.json"), timeout=5).json() == {"keys": []}

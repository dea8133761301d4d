"""The spec: valid OpenAPI 3.1 (openapi-spec-validator), and every schema's examples — the
Swift encoder's output for sample values — valid against that schema (jsonschema)."""

import json
import pathlib

import jsonschema
import pytest
import requests
from openapi_spec_validator import validate
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

COMMITTED = pathlib.Path(__file__).resolve().parents[2] / "OpenAPI" / "openapi.json"


def test_committed_document_is_valid_openapi():
    validate(json.loads(COMMITTED.read_text()))


def test_served_document_is_the_committed_one(server):
    served = requests.get(server.url("/openapi.json"), timeout=5)
    assert served.status_code == 200
    assert served.json() == json.loads(COMMITTED.read_text())


def _schemas():
    document = json.loads(COMMITTED.read_text())
    return document, document["components"]["schemas"]


@pytest.mark.parametrize("name", sorted(_schemas()[1]))
def test_every_example_matches_its_schema(name):
    document, schemas = _schemas()
    schema = schemas[name]
    examples = schema.get("examples", [])
    assert examples, f"{name} publishes no examples"
    registry = Registry().with_resource("urn:openapi", Resource(document, DRAFT202012))
    wrapped = {"$ref": f"urn:openapi#/components/schemas/{name}"}
    validator = jsonschema.Draft202012Validator(wrapped, registry=registry)
    for example in examples:
        errors = [error.message for error in validator.iter_errors(example)]
        assert not errors, f"{name} example {example} breaks its schema: {errors}"


def test_schemas_reject_what_they_should():
    """A guard on the guard: a wrong type in an example is caught."""
    document, schemas = _schemas()
    registry = Registry().with_resource("urn:openapi", Resource(document, DRAFT202012))
    validator = jsonschema.Draft202012Validator(
        {"$ref": "urn:openapi#/components/schemas/HealthResponse"}, registry=registry)
    broken = dict(schemas["HealthResponse"]["examples"][0], uptime_seconds="soon")
    assert list(validator.iter_errors(broken))

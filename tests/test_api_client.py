"""A client that knows only the OpenAPI document: it finds each operation there by its
operationId, fills in the path template, and lists, reads, searches, creates and submits a
speech (every response is also checked against the document, tests/api_contract.py)."""

import pytest
from rest_framework.authtoken.models import Token

from .api_contract import ContractClient
from .factories import CategoryFactory, SectionFactory, SpeechFactory
from .workflow_helpers import editor_user

pytestmark = pytest.mark.django_db


class DocumentClient:
    def __init__(self, client, document):
        self.client = client
        self.operations = {
            operation["operationId"]: (method, path, operation)
            for path, methods in document["paths"].items()
            for method, operation in methods.items()
        }

    def call(self, operation_id, body=None, **params):
        method, template, operation = self.operations[operation_id]
        path_names = {p["name"] for p in operation.get("parameters", []) if p["in"] == "path"}
        path = template.format(**{name: params.pop(name) for name in path_names})
        query_names = {p["name"] for p in operation.get("parameters", []) if p["in"] == "query"}
        assert set(params) <= query_names, f"{operation_id} documents no {set(params) - query_names}"
        if method == "get":
            return self.client.get(path, params)
        if body is not None:
            assert "application/json" in operation["requestBody"]["content"], f"{operation_id} takes no JSON"
        return getattr(self.client, method)(path, body or {}, content_type="application/json")


def test_list_read_search_create_and_submit_from_the_document_alone(client):
    category = CategoryFactory(slug="jianghua")
    speech = SpeechFactory(title="在全市防汛工作会议上的讲话", category=category)
    SectionFactory(speech=speech, position=1, heading="提高认识", body="<p>防汛工作极端重要。</p>")
    document = client.get("/api/v1/schema/", {"format": "json"}).json()

    reader = DocumentClient(ContractClient(), document)
    listed = reader.call("speeches_list", category="jianghua").json()["results"]
    assert [row["title"] for row in listed] == ["在全市防汛工作会议上的讲话"]
    read = reader.call("speeches_retrieve", id=listed[0]["id"]).json()
    assert read["sections"][0]["label"] == "一、"
    found = reader.call("search_retrieve", q="防汛").json()
    assert found["results"][0]["speech"]["id"] == speech.pk

    token = Token.objects.create(user=editor_user()).key
    staff = DocumentClient(ContractClient(HTTP_AUTHORIZATION=f"Token {token}"), document)
    created = staff.call(
        "editorial_speeches_create",
        {"title": "新的讲话", "category": "jianghua", "sections": [{"heading": "一点意见", "body": "<p>正文。</p>"}]},
    )
    assert created.status_code == 201
    submitted = staff.call("editorial_speeches_submit_create", id=created.json()["id"])
    assert submitted.json()["status"] == "review"
    assert staff.call("editorial_speeches_publish_create", id=created.json()["id"]).status_code == 403

"""Every endpoint's parameters, fuzzed: odd values are 400 or 404 problems, never a 500.

Fixed nasty values plus seeded random strings, for each query parameter and path id."""

import base64
import random

import pytest
from rest_framework.authtoken.models import Token

from .api_contract import ContractClient
from .factories import CategoryFactory, MeetingFactory, SectionFactory, SpeechFactory
from .workflow_helpers import chief_user

pytestmark = pytest.mark.django_db


def cursor(raw):
    return base64.b64encode(raw.encode()).decode()


NASTY = [
    "",
    " ",
    "0",
    "-1",
    "1.5",
    "1e9",
    "9" * 30,
    "abc",
    "null",
    "true",
    "[]",
    "{}",
    "%00",
    "\x00",
    "\ud800"[:0] + "\u0000x",
    "' OR 1=1 --",
    "<script>",
    "../../etc/passwd",
    "中文",
    "\u3000",
    "🙂" * 50,
    "a" * 5000,
    "\n",
    "&page=2",
    cursor("p=abc&o=0"),
    cursor("o=-5"),
    cursor("r=1&p=2024-13-45"),
    cursor("p=" + "9" * 40),
    "###",
]
SEED = 20261202


def random_values(count=15):
    generator = random.Random(SEED)
    alphabet = "abc019-_%&=?/\\\"'<>中文栏目\u3000\t é🙂"
    return ["".join(generator.choice(alphabet) for _ in range(generator.randint(1, 40))) for _ in range(count)]


VALUES = NASTY + random_values()
ENDPOINTS = {
    "/api/v1/speeches/": ["category", "tag", "meeting", "speaker", "year", "ordering", "cursor", "page_size"],
    "/api/v1/search/": ["q", "category", "tag", "meeting", "year", "page"],
    "/api/v1/popular/": ["period", "limit"],
    "/api/v1/meetings/": ["page"],
    "/api/v1/tags/": ["page"],
    "/api/v1/categories/": ["anything"],
}


@pytest.fixture
def site():
    category = CategoryFactory(slug="jianghua")
    speech = SpeechFactory(category=category, meeting=MeetingFactory(), title="防汛工作讲话")
    SectionFactory(speech=speech)
    speech.tags.add("防汛")
    return speech


@pytest.fixture
def fuzz_client(settings):
    settings.API_THROTTLE_RATES = {"anon": "100000/min", "user": "100000/min"}
    return ContractClient()


def assert_handled(response, label):
    assert response.status_code in (200, 400, 404), (label, response.status_code, response.content[:300])
    if response.status_code != 200:
        assert response["Content-Type"] == "application/problem+json", label
        assert response.json()["detail"], label


@pytest.mark.parametrize("endpoint", ENDPOINTS)
def test_query_parameters(fuzz_client, site, endpoint):
    for name in ENDPOINTS[endpoint]:
        for value in VALUES:
            params = {name: value}
            if endpoint.endswith("/search/") and name != "q":
                params["q"] = "防汛"
            assert_handled(fuzz_client.get(endpoint, params), (endpoint, name, value))
        # The same parameter given twice.
        assert_handled(fuzz_client.get(f"{endpoint}?{name}=1&{name}=2"), (endpoint, name, "twice"))


@pytest.mark.parametrize("template", ["/api/v1/speeches/{}/", "/api/v1/editorial/speeches/{}/"])
def test_path_ids(fuzz_client, site, template):
    for value in ["0", "1", str(site.pk), "9" * 18, "9" * 19, "9" * 40, "-1", "abc", "中文", "1.0"]:
        response = fuzz_client.get(template.format(value))
        assert response.status_code in (200, 401, 404), (value, response.status_code)
        assert response["Content-Type"].startswith(("application/json", "application/problem+json"))


def test_write_bodies(settings, site):
    settings.API_THROTTLE_RATES = {"anon": "100000/min", "user": "100000/min"}
    client = ContractClient(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=chief_user()).key}")
    bodies = [
        "",
        "null",
        "[]",
        "{}",
        '"text"',
        "1",
        "{bad json",
        '{"title": null}',
        '{"title": ["a"]}',
        '{"title": "t", "category": 5}',
        '{"title": "t", "category": "jianghua", "sections": "x"}',
        '{"title": "t", "category": "jianghua", "sections": [1, 2]}',
        '{"title": "t", "category": "jianghua", "meeting": "abc"}',
        '{"title": "t", "category": "jianghua", "meeting": 99999999999999999999}',
        '{"title": "t", "category": "jianghua", "delivered_on": "2024-02-30"}',
        '{"title": "t", "category": "jianghua", "tags": [null]}',
        '{"title": "\\u0000", "category": "jianghua"}',
    ]
    for url in [
        "/api/v1/editorial/speeches/",
        f"/api/v1/editorial/speeches/{site.pk}/",
        "/api/v1/editorial/speeches/import/",
    ]:
        for body in bodies:
            method = client.patch if url.endswith(f"/{site.pk}/") else client.post
            response = method(url, body, content_type="application/json")
            assert response.status_code in (200, 201, 400, 404, 409), (
                url,
                body,
                response.status_code,
                response.content[:300],
            )
    for transition in ["submit", "publish"]:
        for value in ["0", "9" * 19, "abc"]:
            response = client.post(f"/api/v1/editorial/speeches/{value}/{transition}/")
            assert response.status_code == 404
    response = client.post("/api/v1/editorial/speeches/", b"\xff\xfe", content_type="application/json")
    assert response.status_code == 400
    assert client.post("/api/v1/editorial/speeches/", "x", content_type="text/plain").status_code == 415


def test_oversized_bodies_are_413_problems(settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    client = ContractClient(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=chief_user()).key}")
    big = '{"title": "' + "长" * 2000 + '"}'
    response = client.post("/api/v1/editorial/speeches/", big, content_type="application/json")
    assert response.status_code == 413 and response.json()["detail"].startswith("请求内容太大")
    form = client.post("/api/v1/editorial/speeches/import/", {"text": "长" * 2000})  # multipart
    assert form.status_code == 413

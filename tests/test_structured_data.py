"""JSON-LD on the speech page, checked against the schema.org vocabulary it uses."""

import json
import re
from datetime import date, datetime

import pytest

from speeches.structured_data import article_data, breadcrumb_data, json_ld

from .factories import CategoryFactory, SpeechFactory

# schema.org: for each type used, the properties used and what each expects
# (https://schema.org/Article, /BreadcrumbList, /ListItem, /Person, /Organization).
TEXT, URL, DATE, NUMBER = "Text", "URL", "Date/DateTime", "Integer"
VOCABULARY = {
    "Article": {
        "mainEntityOfPage": URL,
        "headline": TEXT,
        "description": TEXT,
        "datePublished": DATE,
        "dateModified": DATE,
        "dateCreated": DATE,
        "inLanguage": TEXT,
        "image": URL,
        "author": ("Person", "Organization"),
        "publisher": ("Organization", "Person"),
    },
    "BreadcrumbList": {"itemListElement": ("ListItem",)},
    "ListItem": {"position": NUMBER, "name": TEXT, "item": URL},
    "Person": {"name": TEXT},
    "Organization": {"name": TEXT},
}
REQUIRED = {
    "Article": {"headline", "datePublished", "publisher", "mainEntityOfPage"},
    "BreadcrumbList": {"itemListElement"},
    "ListItem": {"position", "name", "item"},
    "Person": {"name"},
    "Organization": {"name"},
}


def check_value(expected, value, where):
    if isinstance(expected, tuple):
        values = value if isinstance(value, list) else [value]
        for each in values:
            assert isinstance(each, dict) and each.get("@type") in expected, where
            check_node(each, where)
    elif expected == TEXT:
        assert isinstance(value, str) and value.strip(), where
    elif expected == URL:
        assert isinstance(value, str) and re.match(r"https?://[^\s/]+/", value), where
    elif expected == DATE:
        assert isinstance(value, str), where
        datetime.fromisoformat(value)  # ISO 8601 date or date-time, else ValueError
    elif expected == NUMBER:
        assert isinstance(value, int) and not isinstance(value, bool), where


def check_node(node, where="graph"):
    kind = node.get("@type")
    assert kind in VOCABULARY, (where, kind)
    properties = set(node) - {"@type"}
    assert properties <= set(VOCABULARY[kind]), (where, properties - set(VOCABULARY[kind]))
    assert REQUIRED[kind] <= properties, (where, REQUIRED[kind] - properties)
    for name in properties:
        check_value(VOCABULARY[kind][name], node[name], f"{where}.{kind}.{name}")


def page_graph(html):
    scripts = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert len(scripts) == 1
    document = json.loads(scripts[0])
    assert document["@context"] == "https://schema.org"
    for node in document["@graph"]:
        check_node(node)
    return {node["@type"]: node for node in document["@graph"]}


def test_vocabulary_check_rejects_what_schema_org_does_not_define():
    with pytest.raises(AssertionError):
        check_node({"@type": "Article", "headline": "x", "speaker": "张三"})
    with pytest.raises(AssertionError):
        check_node({"@type": "ListItem", "position": "1", "name": "首页", "item": "http://a/"})
    with pytest.raises(AssertionError):
        check_node({"@type": "Speech", "name": "x"})


def test_json_ld_cannot_close_its_script_element():
    article = article_data(
        url="http://example.cn/speech/1/full/",
        headline="</script><script>alert(1)</script>",
        description="a & b",
        published=datetime(2026, 1, 1),
        modified=datetime(2026, 1, 2),
    )
    text = json_ld(article, breadcrumb_data([("讲稿库", "http://example.cn/")]))
    assert "<" not in text and ">" not in text and "&" not in text
    assert json.loads(text)["@graph"][0]["headline"] == "</script><script>alert(1)</script>"


@pytest.mark.django_db
def test_speech_page_carries_article_and_breadcrumb(client):
    parent = CategoryFactory(name="党建工作", slug="dangjian")
    child = CategoryFactory(name="民主生活会", slug="minzhu", parent=parent)
    speech = SpeechFactory(
        title="在民主生活会上的讲话",
        category=child,
        speaker="张三",
        summary="民主生活会讲话摘要。",
        delivered_on=date(2024, 5, 1),
    )
    graph = page_graph(client.get(speech.get_absolute_url()).content.decode())
    article = graph["Article"]
    assert article["headline"] == "在民主生活会上的讲话"
    assert article["author"] == {"@type": "Person", "name": "张三"}
    assert article["publisher"] == {"@type": "Organization", "name": "讲稿库"}
    assert article["mainEntityOfPage"] == f"http://testserver/speech/{speech.pk}/full/"
    assert datetime.fromisoformat(article["datePublished"]) == speech.published_at
    assert article["dateCreated"] == "2024-05-01" and article["description"] == "民主生活会讲话摘要。"
    crumbs = graph["BreadcrumbList"]["itemListElement"]
    assert [(item["position"], item["name"]) for item in crumbs] == [
        (1, "讲稿库"),
        (2, "党建工作"),
        (3, "民主生活会"),
        (4, "在民主生活会上的讲话"),
    ]
    assert crumbs[2]["item"] == "http://testserver/category/minzhu/"


@pytest.mark.django_db
def test_a_speech_without_speaker_names_no_author(client):
    speech = SpeechFactory(speaker="")
    assert "author" not in page_graph(client.get(speech.get_absolute_url()).content.decode())["Article"]

"""JSON-LD for the speech page (schema.org Article and BreadcrumbList): plain functions on
values the page already has, no database."""

import json

from .page_meta import SITE_NAME

# json.dumps leaves these as they are; inside <script> they could end it early.
SCRIPT_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


def article_data(*, url, headline, description, published, modified, speaker="", image="", delivered_on=None):
    """The speech as a schema.org Article: its speaker is the author, the site the publisher."""
    data = {
        "@type": "Article",
        "mainEntityOfPage": url,
        "headline": headline[:110],
        "description": description,
        "datePublished": published.isoformat(),
        "dateModified": modified.isoformat(),
        "inLanguage": "zh-CN",
        "publisher": {"@type": "Organization", "name": SITE_NAME},
    }
    if speaker:
        data["author"] = {"@type": "Person", "name": speaker}
    if delivered_on:
        data["dateCreated"] = delivered_on.isoformat()
    if image:
        data["image"] = image
    return data


def breadcrumb_data(crumbs):
    """A schema.org BreadcrumbList from (name, absolute URL) pairs, home first."""
    return {
        "@type": "BreadcrumbList",
        "itemListElement": [
            {"@type": "ListItem", "position": position, "name": name, "item": url}
            for position, (name, url) in enumerate(crumbs, start=1)
        ],
    }


def json_ld(*nodes):
    """The text of a <script type="application/ld+json"> holding `nodes`, safe inside HTML."""
    document = {"@context": "https://schema.org", "@graph": list(nodes)}
    return json.dumps(document, ensure_ascii=False).translate(SCRIPT_ESCAPES)

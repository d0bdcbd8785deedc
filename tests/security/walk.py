"""Walk the public site the way a crawler would: from the home page, the robots file, the
sitemaps and the search page, follow every same-site link (HTML <a>/<link>, sitemap <loc>,
RSS <link>) until nothing new is found. Used by the visibility test and the fuzz suites."""

import re
from collections import deque
from urllib.parse import urldefrag, urlsplit

from django.urls import resolve
from django.urls.exceptions import Resolver404

HREF = re.compile(r'<(?:a|link)\b[^>]*\bhref="([^"]+)"')
LOCATION = re.compile(r"<(?:loc|link)>([^<]+)</(?:loc|link)>")
# Not pages: counting views and uploading images would change what the walk measures,
# /favicon.ico only redirects to a static file, and the Word file (binary) holds the text
# of a speech whose page the walk reads.
NOT_WALKED = {"speeches:hit", "speeches:editor_image_upload", "speeches:favicon", "speeches:word"}
SEEDS = ["/", "/robots.txt", "/sitemap.xml", "/rss/", "/search/", "/search/?q=讲话"]


def route_name(path):
    try:
        match = resolve(urlsplit(path).path)
    except Resolver404:
        return None
    return f"{match.namespace}:{match.url_name}" if match.namespace else match.url_name


def same_site_path(url):
    import html

    url = urldefrag(html.unescape(url)).url
    parts = urlsplit(url)
    if parts.scheme and parts.netloc != "testserver":
        return None
    if not parts.path.startswith("/") or parts.path.startswith(("/admin/", "/static/", "/media/")):
        return None
    return parts.path + (f"?{parts.query}" if parts.query else "")


def walk(client, seeds=SEEDS, limit=500):
    """{path: response} for every public page reachable from the seeds (at most `limit`)."""
    seen, queue, pages = set(seeds), deque(seeds), {}
    while queue and len(pages) < limit:
        path = queue.popleft()
        if route_name(path) in NOT_WALKED:
            continue
        response = client.get(path)
        pages[path] = response
        if response.status_code != 200:
            continue
        body = response.content.decode("utf-8", "replace")
        for found in HREF.findall(body) + LOCATION.findall(body):
            link = same_site_path(found)
            if link and link not in seen:
                seen.add(link)
                queue.append(link)
    return pages

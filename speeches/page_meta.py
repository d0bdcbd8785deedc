"""What every public page's <head> says about it: <title>, meta description, canonical
link and Open Graph tags (rendered by base.html)."""

SITE_NAME = "讲稿库"
SITE_DESCRIPTION = "讲稿库：讲话稿、发言稿、演讲稿全文，按栏目、标签和会议分类，附延伸阅读。"


def page_meta(request, title, description, path, og_type="website"):
    """Context for <title>, the meta description, the canonical link and Open Graph tags."""
    return {
        "page_title": title,
        "page_description": description or SITE_DESCRIPTION,
        "canonical_url": request.build_absolute_uri(path),
        "og_type": og_type,
    }

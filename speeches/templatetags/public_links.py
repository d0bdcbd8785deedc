"""{{ tag|tag_url }}: a tag's page, built from its stored slug without ever failing;
{{ speech|list_summary }}: a list row's 摘要 (rows from SpeechQuerySet.for_list())."""

from django import template

from speeches.reading import list_summary as build_list_summary
from speeches.tags import tag_url as build_tag_url

register = template.Library()


@register.filter
def tag_url(tag):
    return build_tag_url(tag)


@register.filter
def list_summary(speech):
    return build_list_summary(speech.summary_head, speech.opening_head)

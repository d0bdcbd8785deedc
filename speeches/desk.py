"""The editor's desk: what waits for whom, as named conditions on speeches.

The admin home (admin_desk.DeskAdminSite) shows each as a panel with its count and a few
titles; the speech list's 工作台 filter offers the same conditions, so a panel's 全部 link
lists exactly what the panel counted.
"""

from dataclasses import dataclass, field
from datetime import timedelta

from django.db.models import Count, Q
from django.utils import timezone

from . import workflow
from .models import Speech
from .querysets import visible_to_readers

ROWS_SHOWN = 5
HOT_DAYS = 7


def conditions(user, now):
    """{key: (label, condition)} in the order the desk shows them; 待审核 for 主编 only."""
    mine = Q(status=Speech.Status.DRAFT, editor=user)
    shown = {
        "mine": ("我的草稿", mine),
        "returned": ("退回给我的", mine & ~Q(review_comment="")),
        "queue": ("待审核", Q(status=Speech.Status.REVIEW)),
        "proofread": ("需要校对", Q(needs_review=True) & ~Q(status=Speech.Status.PUBLISHED)),
        "scheduled": ("定时发布", Q(status=Speech.Status.PUBLISHED, published_at__gt=now)),
        "recent": ("最近发布", visible_to_readers(now)),
        # Reads are counted per speech, not per week: the most read of this week's speeches.
        "hot": ("本周热门", visible_to_readers(now) & Q(published_at__gte=now - timedelta(days=HOT_DAYS))),
    }
    if not workflow.can_publish(user):
        del shown["queue"]
    return shown


# Each panel's order: oldest waiting first where someone must act, else newest / most read.
ORDERING = {
    "mine": ["-updated_at"],
    "returned": ["-updated_at"],
    "queue": ["updated_at"],
    "proofread": ["-created_at"],
    "scheduled": ["published_at"],
    "recent": ["-published_at", "-id"],
    "hot": ["-view_count", "-id"],
}


@dataclass
class Panel:
    key: str
    label: str
    count: int
    speeches: list = field(default_factory=list)


def desk_panels(user, now=None):
    """The panels for `user`: all counts in one query, then one query per panel's rows."""
    now = now or timezone.now()
    shown = conditions(user, now)
    counts = Speech.objects.aggregate(**{key: Count("pk", filter=condition) for key, (_, condition) in shown.items()})
    panels = []
    for key, (label, condition) in shown.items():
        rows = []
        if counts[key]:
            rows = list(
                Speech.objects.filter(condition)
                .order_by(*ORDERING[key])
                .only("pk", "title", "status", "published_at", "updated_at", "view_count")[:ROWS_SHOWN]
            )
        panels.append(Panel(key, label, counts[key], rows))
    return panels

"""Query parameters of the read endpoints, validated; each unknown 栏目, meeting or tag is
a 404 with a Chinese message, each malformed value a 400 (errors.py)."""

from django.utils import timezone
from rest_framework import serializers
from rest_framework.exceptions import NotFound

from speeches.models import Meeting
from speeches.navigation import tree_nodes
from speeches.querysets import published_tags
from speeches.search.forms import FIRST_YEAR

ORDERINGS = {
    "-published_at": "最新发布的在前（默认）",
    "published_at": "最早发布的在前",
}
PERIODS = {"all": "全部时间", "week": "最近 7 天", "month": "最近 30 天"}


def current_year():
    return timezone.localdate().year


class FilterParams(serializers.Serializer):
    category = serializers.CharField(required=False, max_length=200, help_text="栏目网址名；含其下级栏目")
    tag = serializers.CharField(required=False, max_length=200, help_text="标签网址名")
    meeting = serializers.IntegerField(required=False, min_value=1, max_value=2**31 - 1, help_text="会议编号")
    year = serializers.IntegerField(required=False, min_value=FIRST_YEAR, max_value=9999, help_text="发布年份")

    def validate_year(self, year):
        if year > current_year():
            raise serializers.ValidationError("年份不能晚于今年。")
        return year

    def filters(self):
        """The validated filters as objects readers may see, for SpeechQuerySet.filtered_by."""
        data = self.validated_data
        filters = {}
        if "category" in data:
            node = next((node for node in tree_nodes() if node.slug == data["category"]), None)
            if node is None:
                raise NotFound("没有这个栏目。")
            filters["category"] = node
        if "tag" in data:
            filters["tag"] = published_tags(counted=False).filter(slug=data["tag"]).first()
            if filters["tag"] is None:
                raise NotFound("没有这个标签。")
        if "meeting" in data:
            filters["meeting"] = Meeting.objects.with_published_speeches().filter(pk=data["meeting"]).first()
            if filters["meeting"] is None:
                raise NotFound("没有这个会议。")
        if "year" in data:
            filters["year"] = data["year"]
        return filters


class SpeechListParams(FilterParams):
    speaker = serializers.CharField(required=False, max_length=100, help_text="讲话人（完全一致）")
    ordering = serializers.ChoiceField(
        choices=list(ORDERINGS.items()),
        required=False,
        default="-published_at",
        help_text="排序：" + "；".join(f"{key} {label}" for key, label in ORDERINGS.items()),
    )

    def filters(self):
        filters = super().filters()
        if self.validated_data.get("speaker"):
            filters["speaker"] = self.validated_data["speaker"]
        return filters


class SearchParams(FilterParams):
    q = serializers.CharField(max_length=1000, help_text="关键词，多个词用空格分开（与网站搜索相同的分词和排序）")
    page = serializers.IntegerField(
        required=False, min_value=1, max_value=10**6, default=1, help_text="页码，超过末页时给出末页"
    )


class PopularParams(serializers.Serializer):
    period = serializers.ChoiceField(
        choices=list(PERIODS.items()),
        required=False,
        default="all",
        help_text="统计时段：" + "；".join(f"{key} {label}" for key, label in PERIODS.items()),
    )
    limit = serializers.IntegerField(required=False, min_value=1, max_value=50, default=10, help_text="篇数，1–50")


def validated(params_class, request):
    params = params_class(data=request.query_params)
    params.is_valid(raise_exception=True)
    return params

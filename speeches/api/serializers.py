"""What the read endpoints return. Descriptions (help_text) are Chinese: they become the
OpenAPI document that client developers read."""

import functools

from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from speeches.models import RelatedArticle
from speeches.reading import plain_text, related_excerpt
from speeches.recommend.explain import explain
from speeches.tags import tag_url

PK_PLACEHOLDER = 987654321


def absolute(serializer, path):
    """`path` as an absolute URL; the scheme and host are worked out once per response."""
    context = serializer.context
    if "origin" not in context:
        request = context.get("request")
        context["origin"] = request.build_absolute_uri("/")[:-1] if request else ""
    return context["origin"] + path


@functools.cache
def pk_url_template(viewname):
    """The URL of `viewname` for any pk, reversed once: a list row needs two per speech,
    and reversing took a third of a list request."""
    return reverse(viewname, kwargs={"pk": PK_PLACEHOLDER}).replace(str(PK_PLACEHOLDER), "{pk}")


@extend_schema_field(OpenApiTypes.URI)
class PageUrlField(serializers.Field):
    """The absolute URL of the object's public page (`page_path(obj)`, by default its
    get_absolute_url), built once per object and response: a list's rows share a few
    栏目, meetings and tags."""

    def __init__(self, page_path=None, **kwargs):
        self.page_path = page_path or (lambda obj: obj.get_absolute_url())
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, obj):
        urls = self.context.setdefault("page_urls", {})
        key = (type(obj), obj.pk)
        if key not in urls:
            urls[key] = absolute(self, self.page_path(obj))
        return urls[key]


class CategoryRefSerializer(serializers.Serializer):
    slug = serializers.CharField(help_text="栏目网址名，用作 category 筛选参数")
    name = serializers.CharField(help_text="栏目名称")
    url = PageUrlField(help_text="栏目页面地址")


class SubcategorySerializer(CategoryRefSerializer):
    description = serializers.CharField(help_text="栏目简介")
    speech_count = serializers.IntegerField(source="total_count", help_text="本栏目中已发布的讲话稿篇数")


class CategoryTreeSerializer(SubcategorySerializer):
    speech_count = serializers.IntegerField(source="total_count", help_text="本栏目及其下级栏目中已发布的讲话稿篇数")
    subcategories = SubcategorySerializer(many=True, help_text="下级栏目（只列出有已发布讲话稿的）")


class MeetingSerializer(serializers.Serializer):
    id = serializers.IntegerField(help_text="会议编号，用作 meeting 筛选参数")
    name = serializers.CharField(help_text="会议名称")
    date = serializers.DateField(allow_null=True, help_text="会议日期，不清楚时为空")
    organizer = serializers.CharField(help_text="主办单位")
    place = serializers.CharField(help_text="会议地点")
    summary = serializers.CharField(help_text="会议简介")
    url = PageUrlField(help_text="会议页面地址")


class MeetingRefSerializer(serializers.Serializer):
    id = serializers.IntegerField(help_text="会议编号")
    name = serializers.CharField(help_text="会议名称")
    date = serializers.DateField(allow_null=True, help_text="会议日期，不清楚时为空")


class TagSerializer(serializers.Serializer):
    name = serializers.CharField(help_text="标签名")
    slug = serializers.CharField(help_text="标签网址名，用作 tag 筛选参数")
    url = PageUrlField(tag_url, help_text="标签页面地址")


class TagCountSerializer(TagSerializer):
    speech_count = serializers.IntegerField(source="uses", help_text="带这个标签的已发布讲话稿篇数")


class SpeechSummarySerializer(serializers.Serializer):
    """A list row: what a list page shows."""

    id = serializers.IntegerField(help_text="讲话稿编号")
    title = serializers.CharField(help_text="标题")
    speaker = serializers.CharField(help_text="讲话人")
    speaker_post = serializers.CharField(help_text="讲话人职务")
    delivered_on = serializers.DateField(allow_null=True, help_text="讲话日期，不清楚时为空（从不估计）")
    published_at = serializers.DateTimeField(help_text="发布时间")
    category = CategoryRefSerializer(help_text="所属栏目")
    meeting = MeetingRefSerializer(allow_null=True, help_text="所属会议，没有时为空")
    url = serializers.SerializerMethodField(help_text="讲话稿页面地址")
    api_url = serializers.SerializerMethodField(help_text="本接口中这篇讲话稿的地址")

    @extend_schema_field(OpenApiTypes.URI)
    def get_url(self, speech):
        return absolute(self, pk_url_template("speeches:detail").format(pk=speech.pk))

    @extend_schema_field(OpenApiTypes.URI)
    def get_api_url(self, speech):
        return absolute(self, pk_url_template("api:speech-detail").format(pk=speech.pk))


class RichTextSerializer(serializers.Serializer):
    html = serializers.CharField(help_text="经过净化的 HTML（只含允许的标签和属性）")
    text = serializers.CharField(help_text="纯文本")


def rich_text(fragment):
    return {"html": fragment, "text": plain_text(fragment)}


class SectionSerializer(serializers.Serializer):
    number = serializers.IntegerField(source="position", help_text="序号，从 1 开始")
    label = serializers.CharField(help_text="小标题前的编号，如“一、”")
    heading = serializers.CharField(help_text="小标题，可能为空")
    anchor = serializers.CharField(help_text="页面内锚点，如 section-1")
    body = serializers.SerializerMethodField(help_text="正文")

    @extend_schema_field(RichTextSerializer)
    def get_body(self, section):
        return rich_text(section.body)


KIND_NAMES = {RelatedArticle.Kind.STAFF: "staff", RelatedArticle.Kind.COMPUTED: "computed"}


class RelatedSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="to_speech_id", help_text="链接到的讲话稿编号")
    title = serializers.CharField(help_text="标题")
    excerpt = serializers.SerializerMethodField(help_text="摘要（约 60 字）")
    kind = serializers.SerializerMethodField(help_text="来源：staff 编辑选定，computed 系统推荐；编辑选定的排在前面")
    kind_label = serializers.CharField(source="get_kind_display", help_text="来源的中文名称")
    reasons = serializers.SerializerMethodField(
        help_text="系统推荐的理由（共同标签、同一会议、文本相似度等）；编辑选定的为空"
    )
    url = serializers.SerializerMethodField(help_text="讲话稿页面地址")

    def get_excerpt(self, link) -> str:
        return related_excerpt(link)

    @extend_schema_field({"type": "string", "enum": list(KIND_NAMES.values())})
    def get_kind(self, link):
        return KIND_NAMES[link.kind]

    def get_reasons(self, link) -> str:
        return explain(link.score_parts) if link.kind == RelatedArticle.Kind.COMPUTED else ""

    @extend_schema_field(OpenApiTypes.URI)
    def get_url(self, link):
        return absolute(self, link.to_speech.get_absolute_url())


class SpeechDetailSerializer(SpeechSummarySerializer):
    """One speech, as its page prints it."""

    summary = serializers.CharField(help_text="摘要")
    opening = serializers.SerializerMethodField(help_text="开场白")
    sections = SectionSerializer(many=True, help_text="各部分，按序号排列")
    closing = serializers.SerializerMethodField(help_text="结束语")
    tags = TagSerializer(many=True, source="tags.all", help_text="标签")
    category_path = serializers.SerializerMethodField(help_text="栏目路径，上级栏目在前")
    related = RelatedSerializer(
        many=True, source="shown_related_links", help_text="延伸阅读，编辑选定的在前，最多 8 篇"
    )
    canonical_url = serializers.SerializerMethodField(help_text="规范地址（全文页）")
    source_name = serializers.CharField(help_text="来源网站")
    source_url = serializers.URLField(
        source="source_link", allow_null=True, help_text="来源网址（只在是网页地址时给出）"
    )
    view_count = serializers.IntegerField(help_text="阅读次数")
    updated_at = serializers.DateTimeField(help_text="最后修改时间")

    @extend_schema_field(RichTextSerializer)
    def get_opening(self, speech):
        return rich_text(speech.opening)

    @extend_schema_field(RichTextSerializer)
    def get_closing(self, speech):
        return rich_text(speech.closing)

    @extend_schema_field(CategoryRefSerializer(many=True))
    def get_category_path(self, speech):
        return CategoryRefSerializer(speech.category.path, many=True, context=self.context).data

    @extend_schema_field(OpenApiTypes.URI)
    def get_canonical_url(self, speech):
        return absolute(self, speech.get_canonical_url())


class HighlightedSerializer(serializers.Serializer):
    text = serializers.CharField(help_text="纯文本")
    highlights = serializers.ListField(
        child=serializers.ListField(child=serializers.IntegerField(), min_length=2, max_length=2),
        help_text="命中关键词的位置：[起点, 终点) 对的列表，按 Unicode 字符计数",
    )


class SearchHitSerializer(serializers.Serializer):
    speech = SpeechSummarySerializer(help_text="讲话稿")
    title = serializers.SerializerMethodField(help_text="标题及命中位置")
    excerpt = serializers.SerializerMethodField(help_text="第一处命中附近约 120 字的摘录及命中位置；截断处有省略号")

    @extend_schema_field(HighlightedSerializer)
    def get_title(self, hit):
        return {"text": hit.title, "highlights": [list(span) for span in hit.title_highlights]}

    @extend_schema_field(HighlightedSerializer)
    def get_excerpt(self, hit):
        return {"text": hit.excerpt, "highlights": [list(span) for span in hit.excerpt_highlights]}


class FacetSerializer(serializers.Serializer):
    value = serializers.CharField(help_text="栏目网址名或年份")
    label = serializers.CharField(help_text="显示名称")
    count = serializers.IntegerField(help_text="篇数")


class SearchResultsSerializer(serializers.Serializer):
    query = serializers.CharField(help_text="实际检索的关键词（过长时被截短）")
    count = serializers.IntegerField(help_text="命中篇数；count_exact 为 false 时是估计值")
    count_exact = serializers.BooleanField(help_text="命中篇数是否精确")
    count_display = serializers.CharField(help_text="命中篇数的中文写法，如“约 2.3 万”")
    page = serializers.IntegerField(help_text="当前页码")
    num_pages = serializers.IntegerField(help_text="总页数（只列出最相关的 200 篇）")
    facets = serializers.DictField(
        child=FacetSerializer(many=True), help_text="按栏目（categories）和年份（years）统计最相关的命中"
    )
    results = SearchHitSerializer(many=True, help_text="本页结果，最相关的在前")

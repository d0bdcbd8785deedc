"""The write API for staff, with a token (docs/api.md): create drafts (structured JSON, or
a page / Word file / pasted text through the importer), change drafts, submit them for
review and, with `publish_speech`, publish. Every write is a speeches/workflow.py function:
its permission check, a version and an audit line; there is no path around review."""

from django.shortcuts import get_object_or_404
from django.utils.cache import add_never_cache_headers
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import ValidationError
from rest_framework.generics import GenericAPIView
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from speeches import workflow
from speeches.importing.decoding import PageError
from speeches.importing.pipeline import read_source
from speeches.importing.writer import CREATED, SKIPPED
from speeches.models import Category, Meeting, Section, Speech

from .errors import problem
from .parsers import BoundedJSONParser, MultiPartParser

MAX_SECTIONS = Section._meta.get_field("position").validators[0].limit_value
SPEECH_FIELDS = [
    "title",
    "category",
    "meeting",
    "speaker",
    "speaker_post",
    "delivered_on",
    "summary",
    "opening",
    "closing",
]


class SectionInputSerializer(serializers.Serializer):
    heading = serializers.CharField(
        max_length=300,
        required=False,
        allow_blank=True,
        default="",
        help_text="小标题，可为空；编号（一、二、）由序号生成，不要写进小标题",
    )
    body = serializers.CharField(
        required=False, allow_blank=True, default="", help_text="正文 HTML；保存时按网站的白名单净化"
    )


class DraftSerializer(serializers.Serializer):
    """A draft as the client writes it."""

    title = serializers.CharField(max_length=200, help_text="标题")
    category = serializers.SlugRelatedField(
        slug_field="slug",
        queryset=Category.objects.all(),
        help_text="栏目网址名",
        error_messages={"does_not_exist": "没有这个栏目。", "invalid": "栏目网址名无效。"},
    )
    meeting = serializers.PrimaryKeyRelatedField(
        queryset=Meeting.objects.all(),
        allow_null=True,
        required=False,
        help_text="会议编号，可为空",
        error_messages={"does_not_exist": "没有这个会议。", "incorrect_type": "会议编号应是整数。"},
    )
    speaker = serializers.CharField(max_length=100, required=False, allow_blank=True, help_text="讲话人")
    speaker_post = serializers.CharField(max_length=200, required=False, allow_blank=True, help_text="讲话人职务")
    delivered_on = serializers.DateField(
        required=False, allow_null=True, help_text="讲话日期（YYYY-MM-DD），不清楚时留空"
    )
    summary = serializers.CharField(required=False, allow_blank=True, help_text="摘要")
    opening = serializers.CharField(required=False, allow_blank=True, help_text="开场白 HTML")
    closing = serializers.CharField(required=False, allow_blank=True, help_text="结束语 HTML")
    tags = serializers.ListField(
        child=serializers.CharField(max_length=100),
        required=False,
        max_length=50,
        help_text="标签名列表；修改时给出即整体替换",
    )
    sections = SectionInputSerializer(
        many=True, required=False, max_length=MAX_SECTIONS, help_text="各部分，按顺序；修改时给出即整体替换"
    )
    lock_version = serializers.IntegerField(
        required=False, min_value=0, write_only=True, help_text="修改时可给出读取到的编辑版本，别人已改过则返回 409"
    )

    def split(self):
        """(speech fields, sections as (heading, body) or None, tags or None, lock_version)."""
        data = self.validated_data
        fields = {name: data[name] for name in SPEECH_FIELDS if name in data}
        sections = [(item["heading"], item["body"]) for item in data["sections"]] if "sections" in data else None
        return fields, sections, data.get("tags"), data.get("lock_version")


class EditorialSectionSerializer(serializers.Serializer):
    number = serializers.IntegerField(source="position", help_text="序号")
    label = serializers.CharField(help_text="编号，如“一、”")
    heading = serializers.CharField(help_text="小标题")
    body = serializers.CharField(help_text="正文 HTML（已净化）")


class EditorialSpeechSerializer(serializers.Serializer):
    """A speech as staff see it, whatever its status."""

    id = serializers.IntegerField(help_text="讲话稿编号")
    status = serializers.ChoiceField(
        choices=Speech.Status.choices, help_text="状态：draft 草稿，review 待审核，published 已发布"
    )
    status_label = serializers.CharField(source="get_status_display", help_text="状态的中文名称")
    title = serializers.CharField(help_text="标题")
    category = serializers.CharField(source="category.slug", help_text="栏目网址名")
    meeting = serializers.IntegerField(source="meeting_id", allow_null=True, help_text="会议编号")
    speaker = serializers.CharField(help_text="讲话人")
    speaker_post = serializers.CharField(help_text="讲话人职务")
    delivered_on = serializers.DateField(allow_null=True, help_text="讲话日期")
    summary = serializers.CharField(help_text="摘要")
    opening = serializers.CharField(help_text="开场白 HTML（已净化）")
    closing = serializers.CharField(help_text="结束语 HTML（已净化）")
    sections = EditorialSectionSerializer(many=True, source="sections.all", help_text="各部分")
    tags = serializers.ListField(child=serializers.CharField(), source="tags.names", help_text="标签名")
    published_at = serializers.DateTimeField(allow_null=True, help_text="发布时间（将来的时间即定时发布）")
    needs_review = serializers.BooleanField(help_text="导入时有拆分不确定的地方，需要校对")
    review_reason = serializers.CharField(help_text="需要校对的原因")
    review_comment = serializers.CharField(help_text="主编退回时的审核意见")
    lock_version = serializers.IntegerField(help_text="编辑版本，每次保存加一")


class ImportSerializer(serializers.Serializer):
    file = serializers.FileField(
        required=False, help_text="网页（.html/.htm）、文本、Markdown 或 Word（.docx）文件；multipart/form-data 上传"
    )
    text = serializers.CharField(
        required=False, allow_blank=True, trim_whitespace=False, help_text="粘贴的全文：网页 HTML、Markdown 或纯文本"
    )
    simplify = serializers.BooleanField(required=False, default=False, help_text="繁体转为简体")
    category = serializers.SlugRelatedField(
        slug_field="slug",
        queryset=Category.objects.all(),
        required=False,
        allow_null=True,
        help_text="栏目网址名；不给时按页面上的栏目，没有则放入“待分类”",
        error_messages={"does_not_exist": "没有这个栏目。", "invalid": "栏目网址名无效。"},
    )

    def validate(self, data):
        if bool(data.get("file")) == bool((data.get("text") or "").strip()):
            raise ValidationError({"non_field_errors": ["请上传一个文件，或给出 text（二者选一）。"]})
        return data

    def named_source(self):
        """(name, Source) for the importer; PageError for a file with no usable text."""
        data = self.validated_data
        if data.get("file"):
            upload = data["file"]
            return upload.name, read_source(upload.name, upload.read(), data["simplify"])
        return "接口提交的全文", read_source("text.txt", data["text"].encode(), data["simplify"])


class StaffView(GenericAPIView):
    permission_classes = [IsAuthenticated]
    parser_classes = [BoundedJSONParser]
    serializer_class = EditorialSpeechSerializer

    def finalize_response(self, request, response, *args, **kwargs):
        # Drafts and staff views must never sit in a shared cache.
        response = super().finalize_response(request, response, *args, **kwargs)
        add_never_cache_headers(response)
        return response

    def speech(self, pk):
        # Staff who may edit see every speech, whatever its status (the admin's rule).
        if not workflow.can_edit(self.request.user):
            self.permission_denied(self.request, "你没有修改讲话稿的权限。")
        return get_object_or_404(Speech.objects.select_related("category").prefetch_related("sections", "tags"), pk=pk)

    def speech_response(self, speech, status_code=status.HTTP_200_OK):
        speech = Speech.objects.select_related("category").prefetch_related("sections", "tags").get(pk=speech.pk)
        return Response(EditorialSpeechSerializer(speech).data, status=status_code)


WRITE_TAGS = ["编辑（需要令牌）"]


@extend_schema(tags=WRITE_TAGS)
class DraftCreateView(StaffView):
    @extend_schema(summary="新建草稿", request=DraftSerializer, responses={201: EditorialSpeechSerializer})
    def post(self, request):
        """用结构化 JSON 新建一篇草稿，责任编辑是令牌的主人。"""
        data = DraftSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        fields, sections, tags, _ = data.split()
        speech = workflow.create_draft(request.user, fields, sections or (), tags or ())
        return self.speech_response(speech, status.HTTP_201_CREATED)


@extend_schema(tags=WRITE_TAGS)
class DraftImportView(StaffView):
    parser_classes = [BoundedJSONParser, MultiPartParser]

    @extend_schema(
        summary="导入草稿",
        request={"application/json": ImportSerializer, "multipart/form-data": ImportSerializer},
        responses={201: EditorialSpeechSerializer},
    )
    def post(self, request):
        """把网页、Word 文件或粘贴的全文交给导入程序（与后台“导入”“粘贴全文”相同的结构识别），存为草稿。内容与已有讲话稿相同时返回 409。"""
        data = ImportSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            name, source = data.named_source()
        except PageError as error:
            raise ValidationError({"file": [str(error)]}) from error
        outcome = workflow.import_draft(request.user, name, source, data.validated_data.get("category"))
        if outcome.status == CREATED:
            return self.speech_response(outcome.speech, status.HTTP_201_CREATED)
        if outcome.status == SKIPPED:
            return problem(status.HTTP_409_CONFLICT, outcome.message, existing=outcome.speech.pk)
        return problem(status.HTTP_400_BAD_REQUEST, outcome.message)


@extend_schema(tags=WRITE_TAGS)
class DraftDetailView(StaffView):
    @extend_schema(summary="读取一篇讲话稿（任何状态）")
    def get(self, request, pk):
        """编辑看到的讲话稿，含草稿和待审核的。"""
        return self.speech_response(self.speech(pk))

    @extend_schema(summary="修改草稿", request=DraftSerializer(partial=True))
    def patch(self, request, pk):
        """只改给出的字段；sections、tags 给出即整体替换。只有草稿可以修改。"""
        speech = self.speech(pk)
        data = DraftSerializer(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        fields, sections, tags, lock_version = data.split()
        workflow.update_draft(request.user, speech, fields, sections, tags, lock_version)
        return self.speech_response(speech)


class TransitionView(StaffView):
    transition = None

    def post(self, request, pk):
        speech = self.speech(pk)
        type(self).transition(request.user, speech)
        return self.speech_response(speech)


@extend_schema(tags=WRITE_TAGS, summary="提交审核", request=None, responses={200: EditorialSpeechSerializer})
class SubmitView(TransitionView):
    """把草稿提交给主编审核。"""

    transition = workflow.submit_for_review


@extend_schema(tags=WRITE_TAGS, summary="发布（只有主编）", request=None, responses={200: EditorialSpeechSerializer})
class PublishView(TransitionView):
    """发布讲话稿；已设将来的发布时间的为定时发布。需要“可以发布”权限（主编）。"""

    transition = workflow.publish

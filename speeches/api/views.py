"""Read endpoints. Thin: the query shape lives on the QuerySets, the parameters in
params.py, the JSON in serializers.py, the HTTP behaviour in http.py."""

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework.generics import GenericAPIView, ListAPIView, RetrieveAPIView
from rest_framework.response import Response

from speeches.models import Meeting, Speech
from speeches.navigation import category_tree, tree_nodes
from speeches.querysets import published_tags
from speeches.search import parse_query, search_page

from . import serializers
from .http import ConditionalGetMixin
from .pagination import NumberedPagination, SpeechCursorPagination
from .params import PopularParams, SearchParams, SpeechListParams, validated


class ReadView(ConditionalGetMixin, GenericAPIView):
    pass


@extend_schema(tags=["讲话稿"], summary="讲话稿列表", parameters=[SpeechListParams])
class SpeechListView(ConditionalGetMixin, ListAPIView):
    """已发布的讲话稿，默认最新的在前；可按栏目（含下级栏目）、标签、会议、讲话人、年份筛选。用游标分页。"""

    serializer_class = serializers.SpeechSummarySerializer
    pagination_class = SpeechCursorPagination

    def get_queryset(self):
        params = validated(SpeechListParams, self.request)
        self.ordering = params.validated_data["ordering"]
        return Speech.objects.published().for_list().filtered_by(**params.filters())


@extend_schema(tags=["讲话稿"], summary="一篇讲话稿")
class SpeechDetailView(ConditionalGetMixin, RetrieveAPIView):
    """讲话稿全文：各部分（编号、小标题、正文 HTML 与纯文本）、标签、会议、栏目路径、延伸阅读和规范地址。"""

    serializer_class = serializers.SpeechDetailSerializer

    def get_queryset(self):
        return Speech.objects.published().for_detail()

    def get_object(self):
        speech = get_object_or_404(self.get_queryset(), pk=self.kwargs["pk"])
        self.last_modified = speech.updated_at
        return speech


@extend_schema(tags=["分类"], summary="栏目树", responses=serializers.CategoryTreeSerializer(many=True))
class CategoryTreeView(ReadView):
    """有已发布讲话稿的栏目，一级栏目按排序，各带下级栏目和篇数。"""

    serializer_class = serializers.CategoryTreeSerializer
    pagination_class = None

    def get(self, request):
        return Response(self.get_serializer(category_tree(), many=True).data)


@extend_schema(tags=["分类"], summary="会议列表")
class MeetingListView(ConditionalGetMixin, ListAPIView):
    """有已发布讲话稿的会议，最近的在前。"""

    serializer_class = serializers.MeetingSerializer
    pagination_class = NumberedPagination

    def get_queryset(self):
        return Meeting.objects.with_published_speeches().order_by("-date", "-id")


@extend_schema(tags=["分类"], summary="标签及篇数")
class TagListView(ConditionalGetMixin, ListAPIView):
    """已发布讲话稿用到的标签，篇数多的在前。"""

    serializer_class = serializers.TagCountSerializer
    pagination_class = NumberedPagination

    def get_queryset(self):
        return published_tags().order_by("-uses", "name", "id")


@extend_schema(
    tags=["讲话稿"],
    summary="热门讲话稿",
    parameters=[PopularParams],
    responses=serializers.SpeechSummarySerializer(many=True),
)
class PopularView(ReadView):
    """阅读次数最多的讲话稿：全部时间，或最近 7 天 / 30 天（按日统计的阅读次数）。"""

    serializer_class = serializers.SpeechSummarySerializer

    def get(self, request):
        params = validated(PopularParams, request).validated_data
        speeches = Speech.objects.published().for_list().popular(params["period"])[: params["limit"]]
        return Response(self.get_serializer(speeches, many=True).data)


@extend_schema(
    tags=["搜索"], summary="全文搜索", parameters=[SearchParams], responses=serializers.SearchResultsSerializer
)
class SearchView(ReadView):
    """与网站 /search/ 相同的分词、检索和排序；命中位置以字符偏移给出。"""

    serializer_class = serializers.SearchResultsSerializer

    def get(self, request):
        params = validated(SearchParams, request)
        query = parse_query(params.validated_data["q"])
        results = search_page(query, params.filters(), params.validated_data["page"])
        nodes = {node.id: node for node in tree_nodes()}
        data = {
            "query": query.text,
            "count": results.total.number,
            "count_exact": results.total.exact,
            "count_display": str(results.total),
            "page": results.page.number,
            "num_pages": results.page.paginator.num_pages,
            "facets": {
                "categories": [
                    {"value": nodes[pk].slug, "label": str(nodes[pk]), "count": count}
                    for pk, count in results.facets["categories"].items()
                    if pk in nodes
                ],
                "years": [
                    {"value": str(year), "label": f"{year}年", "count": count}
                    for year, count in results.facets["years"].items()
                ],
            },
            "results": results.hits,
        }
        return Response(self.get_serializer(data).data)

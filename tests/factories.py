import factory
from django.utils import timezone

from speeches.models import Category, Meeting, RelatedArticle, Section, Speech


class CategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Category

    name = factory.Sequence(lambda n: f"栏目{n}")
    slug = factory.Sequence(lambda n: f"category-{n}")


class MeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Meeting

    name = factory.Sequence(lambda n: f"第{n}次全市工作会议")


class SpeechFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Speech

    title = factory.Sequence(lambda n: f"在全市工作会议上的讲话之{n}")
    category = factory.SubFactory(CategoryFactory)
    opening = "<p>同志们:</p>"
    status = Speech.Status.PUBLISHED
    published_at = factory.LazyFunction(lambda: timezone.now() - timezone.timedelta(hours=1))

    class Params:
        draft = factory.Trait(status=Speech.Status.DRAFT, published_at=None)


class SectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Section

    speech = factory.SubFactory(SpeechFactory)
    position = factory.Sequence(lambda n: n + 1)
    heading = factory.Sequence(lambda n: f"小标题{n}")
    body = "<p>正文。</p>"


class RelatedArticleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RelatedArticle

    from_speech = factory.SubFactory(SpeechFactory)
    to_speech = factory.SubFactory(SpeechFactory)

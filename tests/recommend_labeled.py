"""A labeled set for 延伸阅读 quality: 72 speeches in 12 topical groups of 6.

A speech's best further reading is the other five of its group. Generated
deterministically; noise is built in so the test means something: every speech borrows
words from other topics, tags are partly missing and partly shared across groups, half
of each group sits in a meeting of another topic, and 栏目 are random.
"""

import random
from datetime import timedelta

from django.utils import timezone
from taggit.models import Tag

from speeches.hashing import content_hash
from speeches.models import Category, Meeting, Section, Speech, TaggedSpeech

GROUPS = {
    "防汛抗旱": ["防汛", "汛期", "堤防", "水库", "泄洪", "抢险", "降雨", "河道"],
    "教育教学": ["学校", "教师", "课堂", "学生", "教学质量", "课程", "校园", "家长"],
    "安全生产": ["隐患排查", "事故", "危险化学品", "矿山", "特种设备", "执法检查", "应急预案", "安全隐患"],
    "招商引资": ["投资", "签约", "项目落地", "企业", "园区", "营商环境", "产业链", "客商"],
    "卫生健康": ["医院", "医生", "患者", "医保", "疫苗", "公共卫生", "诊疗", "基层医疗"],
    "乡村振兴": ["农村", "农民", "村庄", "农业产业", "合作社", "宅基地", "人居环境", "种植"],
    "党风廉政": ["廉洁", "腐败", "纪律", "监督", "反腐", "违纪", "警示教育", "廉政风险"],
    "生态环境": ["污染", "大气", "排放", "环境治理", "垃圾分类", "生态修复", "碳排放", "绿色发展"],
    "交通运输": ["公路", "铁路", "公交", "交通拥堵", "物流", "高速", "出行", "运输"],
    "文化旅游": ["旅游", "景区", "游客", "文化遗产", "博物馆", "非遗", "民宿", "文创"],
    "科技创新": ["科研", "专利", "研发", "人工智能", "实验室", "科技成果", "高新技术企业", "创新平台"],
    "就业社保": ["就业", "养老保险", "失业", "社保", "技能培训", "创业", "农民工", "工资"],
}
GROUP_SIZE = 6
NOISE_TAGS = [f"综合{n}" for n in range(10)]
SUBJECTS = ["各级各部门", "全系统", "各单位", "广大干部", "班子成员"]
VERBS = ["要切实抓好", "要统筹推进", "必须高度重视", "要认真落实", "要不断完善"]
TAILS = ["确保各项任务落到实处。", "推动工作再上新台阶。", "形成工作合力。", "让群众满意。"]


def sentence(rng, words):
    return f"{rng.choice(SUBJECTS)}{rng.choice(VERBS)}{words[0]}和{words[1]}工作,{rng.choice(TAILS)}"


def speech_text(rng, topic):
    """Twelve sentences; about one word in six comes from another topic."""
    own = GROUPS[topic]
    others = [word for name, words in GROUPS.items() if name != topic for word in words]
    sentences = []
    for _ in range(12):
        words = [rng.choice(own) if rng.random() < 0.85 else rng.choice(others) for _ in range(2)]
        sentences.append(sentence(rng, words))
    return sentences


def build_labeled_set(seed=7):
    """Create the speeches; returns {speech id: group name}."""
    rng = random.Random(seed)
    categories = [Category.objects.create(name=f"测试栏目{n}", slug=f"labeled-{n}") for n in range(4)]
    topics = list(GROUPS)
    meetings = {topic: Meeting.objects.create(name=f"全市{topic}工作会议") for topic in topics}
    tags = {name: Tag.objects.get_or_create(name=name, slug=name)[0] for name in [*topics, "讲话", *NOISE_TAGS]}
    now = timezone.now()
    labels = {}
    for group_index, topic in enumerate(topics):
        for member in range(GROUP_SIZE):
            sentences = speech_text(rng, topic)
            # Half the group met at its own meeting, half at another topic's.
            meeting_topic = topic if member < GROUP_SIZE // 2 else topics[(group_index + member) % len(topics)]
            speech = Speech.objects.create(
                title=f"在全市工作会议上的讲话({topic}{member + 1})",
                category=rng.choice(categories),
                meeting=meetings[meeting_topic],
                opening="<p>同志们:</p>",
                status=Speech.Status.PUBLISHED,
                published_at=now - timedelta(days=rng.randrange(1000)),
            )
            sections = [sentences[:6], sentences[6:]]
            for position, part in enumerate(sections, start=1):
                Section.objects.create(
                    speech=speech, position=position, heading="", body="".join(f"<p>{s}</p>" for s in part)
                )
            speech.content_hash = content_hash(speech.title, ["".join(part) for part in sections])
            speech.save(update_fields=["content_hash"])
            chosen = {"讲话"}
            if member % 2 == 0:
                chosen.add(topic)
            if rng.random() < 0.5:
                chosen.add(rng.choice(NOISE_TAGS))
            TaggedSpeech.objects.bulk_create(TaggedSpeech(content_object=speech, tag=tags[name]) for name in chosen)
            labels[speech.pk] = topic
    return labels


def precision_at_5(labels, among=None):
    """Mean share of each speech's first five computed links that are in its own group
    (over all labeled speeches, or those in `among`)."""
    from speeches.models import RelatedArticle

    among = list(labels if among is None else among)
    lists = {pk: [] for pk in among}
    rows = RelatedArticle.objects.filter(from_speech_id__in=among, kind=RelatedArticle.Kind.COMPUTED)
    for from_id, to_id in rows.order_by("from_speech_id", "position").values_list("from_speech_id", "to_speech_id"):
        lists[from_id].append(to_id)
    hits = [sum(labels.get(to_id) == labels[pk] for to_id in lists[pk][:5]) / 5 for pk in among]
    return sum(hits) / len(hits)

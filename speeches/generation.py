"""Synthetic but realistic speech text for benchmarks and manual testing.

Plain functions, no database: the generate_speeches command turns their output into rows.
Speeches are built around a few topic words each, so that speeches on one topic share
vocabulary the way real ones do (search and 延伸阅读 rely on that).
"""

import random
from dataclasses import dataclass, field
from datetime import date, timedelta

from .punctuation import to_full_width

TOPICS = [
    "信访工作",
    "党风廉政建设",
    "安全生产",
    "防汛抗旱",
    "新闻宣传",
    "民主生活会",
    "乡村振兴",
    "营商环境",
    "招商引资",
    "项目建设",
    "教育教学",
    "卫生健康",
    "文化旅游",
    "民政服务",
    "生态环境保护",
    "标准化堤防",
    "水资源管理",
    "河长制",
    "森林防火",
    "食品安全",
    "疫情防控",
    "脱贫攻坚",
    "基层治理",
    "作风建设",
    "干部队伍建设",
    "人才工作",
    "科技创新",
    "数字政府",
    "财政预算",
    "审计监督",
    "统计工作",
    "国有资产管理",
    "市场监管",
    "税收征管",
    "社会保障",
    "就业创业",
    "住房保障",
    "城市管理",
    "交通运输",
    "春运工作",
    "消防安全",
    "粮食安全",
    "农田水利",
    "防灾减灾",
    "应急管理",
    "平安建设",
    "法治建设",
    "普法宣传",
    "信访条例",
    "群众路线",
    "主题教育",
    "巡视整改",
    "意识形态工作",
    "统战工作",
    "工会工作",
    "共青团工作",
    "妇女儿童工作",
    "老龄工作",
    "志愿服务",
    "精神文明建设",
    "文明城市创建",
    "工业经济",
    "民营经济",
    "开放型经济",
    "金融服务",
    "园区建设",
    "重点项目",
    "节能减排",
    "安全评估",
    "质量强市",
    "知识产权",
    "档案管理",
    "机关党建",
    "政务公开",
    "信息化建设",
    "绩效考核",
    "年度总结",
    "表彰先进",
    "校园安全",
    "开学典礼",
]

SECTORS = [
    "水利",
    "交通",
    "教育",
    "卫生",
    "财政",
    "税务",
    "公安",
    "民政",
    "人社",
    "住建",
    "农业",
    "林业",
    "商务",
    "文旅",
    "应急",
    "市场",
    "统计",
    "审计",
    "环保",
    "国资",
    "工信",
    "科技",
    "司法",
    "信访",
    "宣传",
    "组织",
    "纪检",
    "工会",
    "团委",
    "妇联",
]

SUBJECTS = [
    "各级党组织",
    "各部门",
    "广大干部职工",
    "各级领导干部",
    "基层单位",
    "机关各科室",
    "各县区",
    "全系统",
    "各单位主要负责同志",
    "全体党员",
    "各级各部门",
    "班子成员",
    "业务骨干",
]

ACTIONS = [
    "要切实加强",
    "必须牢固树立抓好",
    "要进一步健全",
    "要认真落实",
    "要持续深化",
    "要全面推进",
    "必须高度重视",
    "要统筹谋划",
    "要扎实做好",
    "要不断完善",
    "要坚决守住",
    "要着力提升",
    "要主动研究",
    "要深入开展",
    "要严格规范",
]

TAILS = [
    ",确保各项任务落到实处。",
    ",不断提高工作水平。",
    ",为高质量发展提供有力保障。",
    ",切实把责任扛在肩上。",
    ",努力开创工作新局面。",
    ",做到守土有责、守土尽责。",
    ",坚持问题导向和目标导向。",
    ",让人民群众有更多获得感。",
    ",形成齐抓共管的工作合力。",
    ",以钉钉子精神抓好落实。",
    ",推动工作再上新台阶。",
    ",防止出现工作空档和盲区。",
]

CONNECTIVES = ["同时,", "此外,", "特别是,", "实践证明,", "从当前情况看,", "总的来看,", ""]

HEADING_PATTERNS = [
    "提高政治站位,充分认识做好{t}的重要意义",
    "突出工作重点,扎实推进{t}",
    "强化责任落实,切实抓好{t}",
    "坚持问题导向,着力解决{t}中的突出问题",
    "加强组织领导,为{t}提供坚强保障",
    "创新方式方法,不断提升{t}水平",
    "健全长效机制,推动{t}规范化制度化",
]

TITLE_PATTERNS = [
    "{speaker}在{meeting}上的讲话",
    "{speaker}在{meeting}上的讲话",
    "{speaker}在{meeting}上的发言",
    "在{meeting}上的讲话",
    "关于{topic}的发言稿",
    "{topic}专题演讲稿",
]

SPEAKERS = ["局领导", "县长", "市长", "书记", "副局长", "主任", "校长", "厅长", "董事长", "区长"]


# Chinese text uses full-width punctuation; the pools above are typed with ASCII marks.
TAILS = [to_full_width(tail) for tail in TAILS]
CONNECTIVES = [to_full_width(word) for word in CONNECTIVES]
HEADING_PATTERNS = [to_full_width(pattern) for pattern in HEADING_PATTERNS]
OPENING_SALUTATION = to_full_width("同志们:")
OPENING_TURN = to_full_width("下面,我讲几点意见。")
CLOSING_SALUTATION = to_full_width("同志们,")


@dataclass
class GeneratedSection:
    heading: str
    paragraphs: list


@dataclass
class GeneratedSpeech:
    title: str
    speaker: str
    topics: list
    opening: list
    sections: list = field(default_factory=list)
    closing: list = field(default_factory=list)


def tag_names(count: int) -> list:
    """`count` distinct, plausible tag names: the topics, then sector + topic pairs."""
    names = dict.fromkeys(TOPICS)
    for suffix in ["", "专项行动", "培训"]:
        for sector in SECTORS:
            for topic in TOPICS:
                if not topic.startswith(sector):
                    names[sector + topic + suffix] = None
                if len(names) >= count:
                    return list(names)
    return list(names)


def meeting_name(rng: random.Random, year: int, topic: str) -> str:
    event = topic if topic.endswith(("会", "典礼")) else topic + "会议"
    return f"{year}年{rng.choice(SECTORS)}系统{event}"


class TextGenerator:
    """Builds speech text from a seeded RNG; one instance serves a whole run."""

    def __init__(self, seed: int = 0):
        self.rng = random.Random(seed)

    def sentence(self, topic: str) -> str:
        rng = self.rng
        return rng.choice(CONNECTIVES) + rng.choice(SUBJECTS) + rng.choice(ACTIONS) + topic + rng.choice(TAILS)

    def paragraph(self, topics: list, sentences: int) -> str:
        # Mostly the speech's own topics, sometimes a word from elsewhere.
        picks = self.rng.choices(topics + [self.rng.choice(TOPICS)], k=sentences)
        return "".join(self.sentence(topic) for topic in picks)

    def speech(self, meeting: str, target_chars: int) -> GeneratedSpeech:
        rng = self.rng
        topics = rng.sample(TOPICS, 3)
        speaker = rng.choice(SPEAKERS)
        title = rng.choice(TITLE_PATTERNS).format(speaker=speaker, meeting=meeting, topic=topics[0])
        section_count = rng.randint(3, 6)
        # ~30 characters a sentence; the opening and closing take a tenth each.
        sentences_total = max(section_count * 2, target_chars // 30)
        per_section = max(2, int(sentences_total * 0.8) // section_count)
        speech = GeneratedSpeech(
            title=title,
            speaker=speaker,
            topics=topics,
            opening=[OPENING_SALUTATION, self.paragraph(topics, max(1, sentences_total // 10)) + OPENING_TURN],
        )
        headings = rng.sample(HEADING_PATTERNS, min(section_count, len(HEADING_PATTERNS)))
        for index in range(section_count):
            heading = headings[index % len(headings)].format(t=rng.choice(topics))
            paragraphs = []
            remaining = per_section
            while remaining > 0:
                size = min(remaining, rng.randint(3, 7))
                paragraphs.append(self.paragraph(topics, size))
                remaining -= size
            speech.sections.append(GeneratedSection(heading, paragraphs))
        speech.closing = [CLOSING_SALUTATION + self.paragraph(topics, max(1, sentences_total // 10))]
        return speech

    def delivered_on(self, start: date, days: int):
        """A delivery date, or None: imported speeches often do not say (never invent one)."""
        if self.rng.random() < 0.2:
            return None
        return start + timedelta(days=self.rng.randrange(days))


def as_html(paragraphs: list) -> str:
    return "".join(f"<p>{p}</p>" for p in paragraphs)

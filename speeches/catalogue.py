"""The site's standing category tree (栏目), shared by demo content and the generator.

Each entry: (name, slug, [(child name, child slug), ...]).
"""

CATEGORY_TREE = [
    (
        "演讲发言",
        "yanjiang-fayan",
        [
            ("讲话稿", "jianghuagao"),
            ("发言稿", "fayangao"),
            ("演讲稿", "yanjianggao"),
            ("致辞", "zhici"),
            ("主持词", "zhuchici"),
        ],
    ),
    (
        "党建工作",
        "dangjian",
        [
            ("民主生活会", "minzhu-shenghuohui"),
            ("党风廉政", "dangfeng-lianzheng"),
            ("主题教育", "zhuti-jiaoyu"),
            ("组织建设", "zuzhi-jianshe"),
        ],
    ),
    (
        "行政工作",
        "xingzheng",
        [
            ("信访维稳", "xinfang-weiwen"),
            ("安全生产", "anquan-shengchan"),
            ("防汛抗旱", "fangxun-kanghan"),
            ("招商引资", "zhaoshang-yinzi"),
        ],
    ),
    (
        "经济发展",
        "jingji",
        [
            ("乡村振兴", "xiangcun-zhenxing"),
            ("营商环境", "yingshang-huanjing"),
            ("项目建设", "xiangmu-jianshe"),
        ],
    ),
    (
        "社会事业",
        "shehui",
        [
            ("教育", "jiaoyu"),
            ("卫生健康", "weisheng-jiankang"),
            ("文化旅游", "wenhua-lvyou"),
            ("民政", "minzheng"),
        ],
    ),
    (
        "企业团体",
        "qiye-tuanti",
        [
            ("年会致辞", "nianhui-zhici"),
            ("表彰大会", "biaozhang-dahui"),
            ("工作总结", "gongzuo-zongjie"),
        ],
    ),
]


def ensure_categories():
    """Create the standing categories that are missing; return {(parent, child): Category}."""
    from .models import Category

    found = {}
    for position, (name, slug, children) in enumerate(CATEGORY_TREE, start=1):
        parent, _ = Category.objects.get_or_create(slug=slug, defaults={"name": name, "position": position})
        found[(name, None)] = parent
        for child_position, (child_name, child_slug) in enumerate(children, start=1):
            child, _ = Category.objects.get_or_create(
                slug=child_slug,
                defaults={"name": child_name, "parent": parent, "position": child_position},
            )
            found[(name, child_name)] = child
    return found

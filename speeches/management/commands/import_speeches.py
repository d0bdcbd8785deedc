"""Import speeches from scraped pages, Word files and text files (or folders of them)."""

from collections import Counter

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from speeches import workflow
from speeches.importing.pipeline import collect_pages, import_path, known_category_names
from speeches.importing.writer import CREATED, FAILED, SKIPPED, STATUS_LABELS, UPDATED
from speeches.models import Category


class Command(BaseCommand):
    help = "导入讲话稿：网页（.html/.htm）、Word（.docx）、文本（.txt/.md）文件或文件夹，默认存为草稿。"

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", help="文件或文件夹")
        parser.add_argument(
            "--publish", action="store_true", help="导入后直接发布（默认存为草稿），须用 --user 指定有发布权限的账号"
        )
        parser.add_argument("--user", help="以哪个账号的名义发布（记入版本和审核记录）")
        parser.add_argument(
            "--update", action="store_true", help="用新内容更新来源网站和标题都相同、仍是草稿的已导入讲话稿"
        )
        parser.add_argument("--category", metavar="网址名", help="全部放入这个栏目（栏目的网址名），不按页面上的栏目")
        parser.add_argument("--simplify", action="store_true", help="把繁体字转为简体字")

    def handle(self, paths, publish, update, category, simplify, user=None, **options):
        publisher = self._publisher(user) if publish else None
        chosen = None
        if category:
            chosen = Category.objects.filter(slug=category).first()
            if chosen is None:
                raise CommandError(f"没有网址名为“{category}”的栏目。")
        files, outcomes = collect_pages(paths)
        known = known_category_names()
        quiet = options["verbosity"] == 0
        for path in tqdm(files, desc="导入讲话稿", unit="篇", disable=quiet):
            # Publishing goes through the workflow as `publisher`: a version and an audit line.
            outcome = import_path(
                path,
                publish=publish,
                editor=publisher,
                known_categories=known,
                update=update,
                category=chosen,
                simplify=simplify,
            )
            if outcome.status == CREATED:
                known.add(outcome.speech.category.name)
            outcomes.append(outcome)

        counts = Counter(outcome.status for outcome in outcomes)
        for outcome in outcomes:
            if outcome.status in (SKIPPED, FAILED):
                self.stdout.write(f"{STATUS_LABELS[outcome.status]}：{outcome.name}：{outcome.message}")
            elif outcome.speech.needs_review:
                self.stdout.write(f"需要校对：{outcome.name}：{outcome.speech.review_reason}")
        summary = (
            f"新建 {counts[CREATED]} 篇，更新 {counts[UPDATED]} 篇，"
            f"跳过重复 {counts[SKIPPED]} 篇，失败 {counts[FAILED]} 个文件。"
        )
        if counts[FAILED]:
            self.stdout.write(self.style.WARNING(summary))
            raise CommandError(f"有 {counts[FAILED]} 个文件导入失败，见上面的原因。")
        self.stdout.write(self.style.SUCCESS(summary))

    @staticmethod
    def _publisher(username):
        """The account publishing is done as; it must hold the publish permission."""
        if not username:
            raise CommandError("发布需要用 --user 指定有发布权限的账号（如主编）。")
        user = get_user_model().objects.filter(username=username, is_active=True).first()
        if user is None:
            raise CommandError(f"没有名为“{username}”的有效账号。")
        if not workflow.can_publish(user):
            raise CommandError(f"账号“{username}”没有发布讲话稿的权限。")
        return user

"""Import speeches from scraped pages, Word files and text files (or folders of them)."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from speeches import workflow
from speeches.importing.pipeline import collect_pages, import_many, import_path, outcome_summary
from speeches.importing.writer import FAILED, SKIPPED, STATUS_LABELS
from speeches.jobs import tasks
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
        parser.add_argument(
            "--enqueue", action="store_true", help="交给后台任务执行（每批文件一个任务，进度见后台“后台任务”）"
        )
        parser.add_argument(
            "--batch-size", type=int, default=100, help="与 --enqueue 同用：每个任务导入的文件数（默认 100）"
        )

    def handle(self, paths, publish, update, category, simplify, enqueue, batch_size, user=None, **options):
        if batch_size < 1:
            raise CommandError("--batch-size 必须是正整数。")
        publisher = self._publisher(user) if publish else None
        chosen = None
        if category:
            chosen = Category.objects.filter(slug=category).first()
            if chosen is None:
                raise CommandError(f"没有网址名为“{category}”的栏目。")
        files, outcomes = collect_pages(paths)
        if enqueue:
            return self._enqueue(files, outcomes, batch_size, publisher, publish, update, chosen, simplify)
        quiet = options["verbosity"] == 0
        with tqdm(total=len(files), desc="导入讲话稿", unit="篇", disable=quiet) as bar:
            # Publishing goes through the workflow as `publisher`: a version and an audit line.
            outcomes += import_many(
                files,
                import_path,
                bar,
                publish=publish,
                editor=publisher,
                update=update,
                category=chosen,
                simplify=simplify,
            )

        for outcome in outcomes:
            if outcome.status in (SKIPPED, FAILED):
                self.stdout.write(f"{STATUS_LABELS[outcome.status]}：{outcome.name}：{outcome.message}")
            elif outcome.speech.needs_review:
                self.stdout.write(f"需要校对：{outcome.name}：{outcome.speech.review_reason}")
        summary = outcome_summary(outcomes)
        failed = sum(outcome.status == FAILED for outcome in outcomes)
        if failed:
            self.stdout.write(self.style.WARNING(summary))
            raise CommandError(f"有 {failed} 个文件导入失败，见上面的原因。")
        self.stdout.write(self.style.SUCCESS(summary))

    def _enqueue(self, files, missing, batch_size, publisher, publish, update, category, simplify):
        """One job per batch of files; the worker reads them, so they must be on a shared disk."""
        for outcome in missing:
            self.stdout.write(f"{STATUS_LABELS[outcome.status]}：{outcome.name}：{outcome.message}")
        options = {
            "publish": publish,
            "user_id": publisher.pk if publisher else None,
            "update": update,
            "category_id": category.pk if category else None,
            "simplify": simplify,
        }
        failed = len(missing)
        for start in range(0, len(files), batch_size):
            batch = [str(path.resolve()) for path in files[start : start + batch_size]]
            label = f"{len(batch)} 个文件：{batch[0]}" + (" 等" if len(batch) > 1 else "")
            job = tasks.enqueue(tasks.import_files, batch, options, label=label, user=publisher)
            self.stdout.write(f"后台任务 {job.pk}（{job.get_state_display()}）：{job.label}")
            # Inline the job has run: report it as the foreground import does.
            for level, text in job.lines:
                if level == "error":
                    self.stdout.write(text)
                    failed += 1
            if job.finished:
                self.stdout.write(f"  {job.summary or job.error}")
        if failed:
            raise CommandError(f"有 {failed} 个文件导入失败，见上面的原因。")

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

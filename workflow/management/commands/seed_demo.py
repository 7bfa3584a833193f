"""Create the demo organ, its people, about forty requests with their letters, and their
flow at the step each has reached (``requests.demo`` and ``workflow.demo``)."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError

from letters.errors import LetterError
from requests.choices import Status
from requests.demo import DEMO_TODAY, ORGAN, DemoError, demo_organ, format_logins, format_table
from workflow.demo import seed_demo_with_flow
from workflow.demo_packages import seed_released_package


class Command(BaseCommand):
    help = (
        f"Create demo data: the organ {ORGAN['name']} with its departments, one staff login "
        "per role (all with the same demo password) and about forty requests of 2025 and "
        f"2026 in every legal status, each driven through the real services with backdated "
        f"acts up to {DEMO_TODAY:%Y-%m-%d}. Everything is written in one transaction. Safe to "
        "run again: once the organ has requests nothing is changed and only the logins are "
        "printed. Runs only in debug mode (DJANGO_DEBUG=1) unless forced; forced outside "
        "it, every login gets its own random password, printed once."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--force-outside-debug", action="store_true",
            help="create the demo data although DJANGO_DEBUG is off (each new login then "
                 "gets a random password, printed once, instead of the demo password)",
        )

    def handle(self, *args, force_outside_debug: bool = False, **options):
        if not settings.DEBUG and not force_outside_debug:
            raise CommandError(
                "seed_demo refused: DJANGO_DEBUG is off, so this looks like a production "
                "installation. The demo adds a fictitious organ with about forty requests "
                "and one staff login per role, one of them a superuser. Run it with "
                "DJANGO_DEBUG=1 (scripts/run does), or pass --force-outside-debug to create "
                "it here anyway: each new login then gets its own random password, printed "
                "once. Nothing was written."
            )
        try:
            result, letters, processes = seed_demo_with_flow(demo_passwords=settings.DEBUG)
        except (DemoError, LetterError, ValidationError, DatabaseError) as exc:
            message = "; ".join(exc.messages) if isinstance(exc, ValidationError) else str(exc)
            raise CommandError(f"demo data not created (nothing was written): {message}") from exc

        try:
            package = seed_released_package(demo_organ())
        except (LetterError, ValidationError, DatabaseError) as exc:
            message = "; ".join(exc.messages) if isinstance(exc, ValidationError) else str(exc)
            raise CommandError(f"demo package not created: {message}") from exc

        if result.created:
            self.stdout.write(
                self.style.SUCCESS(
                    f"演示数据已创建：{ORGAN['name']}，{result.request_count}件政府信息公开申请。"
                )
            )
        else:
            self.stdout.write(
                f"演示数据已存在（{ORGAN['name']}，{result.request_count}件申请），未作任何更改。"
            )
        if letters or processes:
            self.stdout.write(f"已发出文书{letters}份，已建立办理流程{processes}个。")
        if package is not None:
            self.stdout.write(
                f"已按实际步骤办理{package.registration_number}：上传检索到的文件、区分处理、"
                "部分公开答复并发布公开的文件（申请人可在网上申请平台下载）。"
            )
        for warning in result.warnings:
            self.stdout.write(self.style.WARNING(warning))
        self.stdout.write("")
        self.stdout.write(
            format_table(
                ["状态", "件数"],
                [[str(Status(s).label), str(n)] for s, n in result.status_counts.items()],
            )
        )
        self.stdout.write("")
        self.stdout.write("演示账户（登录 /accounts/login/，工作台 /workbench/，系统管理 /admin/）：")
        self.stdout.write(format_logins(result.logins))
        if not settings.DEBUG and result.created:
            self.stdout.write(self.style.WARNING(
                "调试模式未开启：每个新建的演示账户使用各自的随机密码，仅在此显示一次，请妥善保存。"
            ))

"""tongban createofficial: an administrator creates an official with department, scope, roles."""

from __future__ import annotations

import getpass
import os
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from tongban.accounts import services
from tongban.accounts.models import Role
from tongban.core.errors import DomainError
from tongban.core.models import Department, Region


class Command(BaseCommand):
    help = "创建工作人员账户（所属部门、管辖区划、角色）。Create an official account."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--username", required=True)
        parser.add_argument("--name", required=True, help="姓名")
        parser.add_argument("--department", required=True, help="部门统一社会信用代码")
        parser.add_argument("--region", help="管辖区划代码，默认为部门所在区划")
        parser.add_argument(
            "--role",
            action="append",
            required=True,
            choices=Role.values,
            dest="roles",
            help="角色，可重复：" + ", ".join(Role.values),
        )
        parser.add_argument(
            "--password-env",
            default="TONGBAN_OFFICIAL_PASSWORD",
            help="从该环境变量读取初始密码；未设置时交互输入",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        department = Department.objects.filter(uscc=options["department"].upper()).first()
        if department is None:
            raise CommandError(f"未找到统一社会信用代码为 {options['department']} 的部门。")
        region = department.region
        if options["region"]:
            region = Region.objects.filter(code=options["region"]).first()
            if region is None:
                raise CommandError(f"未找到区划代码 {options['region']}。")
        password = os.environ.get(options["password_env"]) or self._ask_password()
        try:
            official = services.create_official(
                username=options["username"],
                full_name=options["name"],
                password=password,
                department=department,
                region=region,
                roles=options["roles"],
            )
        except DomainError as error:
            details = " ".join(str(text) for text in error.fields.values())
            raise CommandError(f"{error.message} {details}".strip()) from None
        self.stdout.write(
            self.style.SUCCESS(f"已创建工作人员 {official}（{official.user.username}）")
        )

    def _ask_password(self) -> str:
        first = getpass.getpass("初始密码：")
        if first != getpass.getpass("再次输入："):
            raise CommandError("两次输入的密码不一致。")
        return first

"""tongban oidc: register department systems and rotate the ID-token signing key.

tongban oidc add-client --name "市场监管业务系统" --redirect-uri https://scjg.example.gov.cn/callback
tongban oidc add-client --name "不动产登记系统" --redirect-uri https://bdc.example/cb --confidential
tongban oidc rotate-key"""

from __future__ import annotations

import getpass
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from tongban.core import audit
from tongban.identity import keys, services


class Command(BaseCommand):
    help = "管理接入通办统一身份认证的部门系统和签名密钥。Manage OIDC clients and signing keys."

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        add = actions.add_parser("add-client", help="登记一个部门系统 (register a client)")
        add.add_argument("--name", required=True, help="系统名称，显示在授权确认页上")
        add.add_argument(
            "--redirect-uri",
            required=True,
            action="append",
            dest="redirect_uris",
            help="登录后的回调地址，可重复 (repeatable)",
        )
        add.add_argument(
            "--post-logout-redirect-uri",
            action="append",
            dest="logout_uris",
            default=[],
            help="退出后的返回地址，可重复 (repeatable)",
        )
        add.add_argument(
            "--confidential",
            action="store_true",
            help="机密客户端（有服务端，持有密钥）；默认为公开客户端，必须使用PKCE",
        )
        actions.add_parser("rotate-key", help="更换ID令牌签名密钥 (rotate the signing key)")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "add-client":
            self._add_client(options)
        else:
            self._rotate_key()

    def _add_client(self, options: dict[str, Any]) -> None:
        try:
            client = services.add_client(
                options["name"],
                options["redirect_uris"],
                confidential=options["confidential"],
                post_logout_redirect_uris=options["logout_uris"],
                actor=_cli_actor(),
            )
        except ValidationError as error:
            raise CommandError("；".join(error.messages)) from None
        self.stdout.write(f"client_id: {client.application.client_id}")
        if client.client_secret:
            self.stdout.write(f"client_secret: {client.client_secret}")
            self.stderr.write("密钥只显示这一次，请妥善保存。(The secret is shown only once.)")

    def _rotate_key(self) -> None:
        new, old = keys.rotate_key(_cli_actor())
        self.stdout.write(f"kid: {new.kid}")
        if old is not None:
            self.stdout.write(f"retired kid: {old.kid}（在其签发的ID令牌到期前仍会公布）")


def _cli_actor() -> audit.Actor:
    """The operating-system account that ran the command: the audit log names who did it."""
    try:
        user = getpass.getuser()
    except (KeyError, OSError):
        user = "unknown"
    return audit.Actor(label=f"cli:{user}")

"""tongban licences rotate-key | verify FILE [--keys keys.json] [--server URL]

``verify`` needs no database: it reads the signed data and the signature from the PDF and checks
them against a published key set (the file saved from /verify/keys). With ``--server`` it also
asks the platform whether the licence was revoked since. Exit status 0 only for a genuine one."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import httpx
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from tongban.licences import services, signing, verification


class Command(BaseCommand):
    help = "电子证照：轮换签名密钥、离线核验。Rotate the signing key; verify a licence PDF."

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        actions.add_parser("rotate-key", help="停用当前签名密钥并启用新密钥 (rotate the key)")
        check = actions.add_parser("verify", help="核验证照 PDF (verify a licence PDF)")
        check.add_argument("file", type=Path)
        check.add_argument("--keys", type=Path, help="公开密钥文件（/verify/keys 的内容）")
        check.add_argument(
            "--server", help="平台地址，在线查询撤销状态，如 https://tongban.example"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "rotate-key":
            key = services.rotate_key()
            self.stdout.write(f"新签名密钥 {key.kid} 已启用。 (signing key {key.kid} in service)")
            return
        self._verify(options["file"], options.get("keys"), options.get("server"))

    def _verify(self, file: Path, keys_file: Path | None, server: str | None) -> None:
        try:
            pdf = file.read_bytes()
            keys = signing.parse_key_set(keys_file.read_text()) if keys_file else None
        except (OSError, ValueError) as error:
            raise CommandError(str(error)) from None
        if keys is None:
            keys = verification.published_keys()
        answer = verification.check_pdf(pdf, keys, timezone.localdate()).as_dict()
        if server and answer["outcome"] in (verification.GENUINE, verification.EXPIRED):
            answer = _ask_server(server, file.name, pdf)
        self.stdout.write(f"{answer['label']} ({answer['outcome']})：{answer['reason']}")
        if answer["identifier"]:
            self.stdout.write(f"证照标识 {answer['identifier']}")
        for name, value in answer.get("facts", {}).items():
            self.stdout.write(f"  {name}: {value}")
        if answer["outcome"] != verification.GENUINE:
            raise CommandError(answer["label"], returncode=1)


def _ask_server(server: str, name: str, pdf: bytes) -> dict[str, Any]:
    """The platform's answer for the same PDF, which knows about revocation."""
    if not server.startswith(("http://", "https://")):
        raise CommandError("--server 须为 http(s) 地址 (an http(s) URL)")
    try:
        response = httpx.post(
            f"{server.rstrip('/')}/api/v1/licences/verify",
            files={"pdf": (name, pdf, "application/pdf")},
            timeout=10,
        )
        return response.raise_for_status().json()
    except (httpx.HTTPError, json.JSONDecodeError) as error:
        raise CommandError(f"无法连接平台 (server unreachable): {error}") from None

"""The page of an electronic licence, on the official-document machinery of core.documents:
the licence name as title, the 照面 items as a ruled table, the issuer's seal and a QR code."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils.translation import gettext as _

from tongban.core.documents import OfficialDocument, format_date, render_pdf


@dataclass(frozen=True)
class LicencePage:
    name: str
    identifier: str
    serial: str
    holder: str
    holder_code: str  # as printed: a resident ID number is masked on the page
    rows: list[tuple[str, str]]
    issuer: str
    issued_on: dt.date
    valid_from: dt.date
    valid_until: dt.date | None
    qr_payload: str


def validity_text(valid_from: dt.date, valid_until: dt.date | None) -> str:
    if valid_until is None:
        return _("%(start)s起长期有效") % {"start": format_date(valid_from)}
    return _("%(start)s至%(end)s") % {
        "start": format_date(valid_from),
        "end": format_date(valid_until),
    }


def render(page: LicencePage) -> bytes:
    """The licence PDF before its signature is appended (see pdfseal)."""
    rows = [
        (_("持证主体"), page.holder),
        (_("持证主体代码"), page.holder_code),
        *page.rows,
        (_("有效期"), validity_text(page.valid_from, page.valid_until)),
    ]
    return render_pdf(
        OfficialDocument(
            title=page.name,
            number=_("编号：%(serial)s") % {"serial": page.serial},
            addressee=page.holder,
            paragraphs=[_("经审查，准予颁发%(name)s，特发此证。") % {"name": page.name}],
            rows=rows,
            issuer=page.issuer,
            issued_on=page.issued_on,
            qr_payload=page.qr_payload,
            footnote=_("证照标识：%(identifier)s。") % {"identifier": page.identifier}
            + _(
                "本证照为电子证照，由颁发机构以Ed25519数字签名，签名与数据摘要嵌于文件元数据。"
                "扫描二维码或在通办“证照核验”页面上传本文件即可核验真伪；"
                "也可使用公开密钥离线核验：tongban licences verify。"
            ),
        )
    )

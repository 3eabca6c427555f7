"""Carrying the signature inside the licence PDF, so that the file alone can be checked.

The rendered PDF is hashed as it is; its SHA-256 goes into the signed JSON. The JSON and the
signature are then appended to the PDF as an incremental update (ISO 32000-1 §7.5.6) that
replaces the document information dictionary: the first ``signed_length`` bytes stay exactly as
they were hashed, the way a PDF signature's ByteRange works. Any reader still opens the file and
shows the signed data in its properties; a verifier hashes the first ``signed_length`` bytes.
Changing one byte anywhere in them, or in the appended JSON, makes the check fail."""

from __future__ import annotations

import base64
import re
from dataclasses import dataclass

TRAILER = re.compile(
    rb"trailer\s*<<(?P<body>.*?)>>\s*startxref\s*(?P<startxref>\d+)\s*%%EOF\s*$", re.DOTALL
)
SIZE = re.compile(rb"/Size\s+(\d+)")
ROOT = re.compile(rb"/Root\s+(\d+\s+\d+\s+R)")
INFO = re.compile(rb"/Info\s+(\d+)\s+0\s+R")
ID = re.compile(rb"/ID\s*(\[[^\]]*\])")
ENTRY = re.compile(rb"/(Tongban[A-Za-z]+)\s*\(([A-Za-z0-9+/=_.:-]*)\)")


@dataclass(frozen=True)
class Embedded:
    """What a licence PDF carries besides its pages."""

    document: bytes  # the signed canonical JSON
    signature: str
    kid: str
    signed_length: int


def seal(pdf: bytes, *, document: bytes, signature: str, kid: str, data_sha256: str) -> bytes:
    """``pdf`` with the signed JSON and its signature appended as an incremental update."""
    trailer = TRAILER.search(pdf[-2048:])
    if trailer is None:
        raise ValueError("the PDF has no classic trailer to update")
    body = trailer["body"]
    size = int(SIZE.search(body)[1])
    info_number = INFO.search(body)
    original_info = _info_entries(pdf, int(info_number[1])) if info_number else b""
    entries = (
        original_info
        + b"\n/Keywords (sha256:"
        + data_sha256.encode()
        + b" kid:"
        + kid.encode()
        + b")"
        + b"\n/TongbanLicence ("
        + base64.b64encode(document)
        + b")"
        + b"\n/TongbanSignature ("
        + signature.encode()
        + b")"
        + b"\n/TongbanKeyId ("
        + kid.encode()
        + b")"
        + b"\n/TongbanSignedLength ("
        + str(len(pdf)).encode()
        + b")"
    )
    obj_offset = len(pdf) + 1
    obj = b"\n%d 0 obj\n<<%s\n>>\nendobj\n" % (size, entries)
    xref_offset = len(pdf) + len(obj)
    identifier = ID.search(body)
    update = (
        obj
        + b"xref\n0 1\n0000000000 65535 f \n%d 1\n%010d 00000 n \n" % (size, obj_offset)
        + b"trailer\n<<\n/Size %d\n/Root %s\n/Info %d 0 R\n"
        % (size + 1, ROOT.search(body)[1], size)
        + (b"/ID " + identifier[1] + b"\n" if identifier else b"")
        + b"/Prev %s\n>>\nstartxref\n%d\n%%%%EOF\n" % (trailer["startxref"], xref_offset)
    )
    return pdf + update


def _info_entries(pdf: bytes, number: int) -> bytes:
    """The entries of the original information dictionary (title, author …), kept so the
    reader still shows them; the ``Keywords`` entry is replaced."""
    found = re.search(rb"\n%d 0 obj\s*<<(.*?)>>\s*endobj" % number, pdf, re.DOTALL)
    if found is None:
        return b""
    return re.sub(rb"/Keywords\s*\([^)]*\)", b"", found[1]).rstrip()


def unseal(pdf: bytes) -> Embedded | None:
    """The signed JSON and signature a licence PDF carries, or None when it carries none."""
    entries = {name.decode(): value.decode() for name, value in ENTRY.findall(pdf[-65536:])}
    try:
        return Embedded(
            document=base64.b64decode(entries["TongbanLicence"], validate=True),
            signature=entries["TongbanSignature"],
            kid=entries["TongbanKeyId"],
            signed_length=int(entries["TongbanSignedLength"]),
        )
    except (KeyError, ValueError):
        return None

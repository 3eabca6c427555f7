"""The licence library (电子证照库) as a provider: Tongban's own licences answer the catalogue's
``licence`` materials. The exchange room reads the licences room; never the other way round.

A material's ``source_ref`` names a licence by the short codes of docs/catalog/FORMAT.md §4,
which are the seeded licence types' codes (tongban.licences.seeding) where such a type exists.
A code with no licence type here (机动车行驶证, 残疾人证 are not issued by Tongban) has nobody
holding it: the answer is "no record" and the applicant uploads."""

from __future__ import annotations

import json

from django.db.models import Q
from django.utils import timezone

from tongban.accounts.services import ID_HASH_PURPOSE
from tongban.core.crypto import lookup_hash
from tongban.licences import signing
from tongban.licences.models import Licence, LicenceStatus

# source_ref → LicenceType.code, where the two differ; a code not listed is its own type code.
LICENCE_TYPE_OF: dict[str, str | None] = {
    "xsz": None,  # 机动车行驶证: no licence type in Tongban
    "cjrz": None,  # 残疾人证: no licence type in Tongban
}


def licence_type_code(source_ref: str) -> str | None:
    return LICENCE_TYPE_OF.get(source_ref, source_ref)


def current_licence(source_ref: str, holder: str) -> Licence | None:
    """The holder's newest licence of this kind that is in force today: valid (not revoked,
    annulled or superseded) and within its validity period. ``holder`` is a credit code or a
    resident ID number."""
    type_code = licence_type_code(source_ref)
    if type_code is None or not holder:
        return None
    code = holder.strip().upper()
    # Both are 18 characters of digits and capitals: ask for either.
    whose = Q(holder_organisation__uscc=code) | Q(
        holder_person__id_number_hash=lookup_hash(code, ID_HASH_PURPOSE)
    )
    today = timezone.localdate()
    return (
        Licence.objects.filter(
            whose,
            licence_type__code=type_code,
            status=LicenceStatus.VALID,
            valid_from__lte=today,
        )
        .filter(Q(valid_until__isnull=True) | Q(valid_until__gte=today))
        .select_related("licence_type", "issuer")
        .order_by("-issued_at", "-id")
        .first()
    )


class TongbanLicenceLibrary:
    """providers.LicenceLibrary answered from the licences table."""

    def find(self, licence_type: str, holder: str) -> tuple[bytes, dict, bytes] | None:
        licence = current_licence(licence_type, holder)
        if licence is None:
            return None
        # The answer is the signed canonical document: its hash in the exchange log is the
        # hash of what the licence itself says.
        body = signing.canonical_bytes(json.loads(licence.document))
        record = {
            "证照名称": licence.licence_type.name,
            "证照标识": licence.identifier,
            "持证主体": licence.holder_name,
            "颁发机构": licence.issuer.name,
            "有效期截止日期": licence.valid_until.isoformat() if licence.valid_until else "长期",
        }
        with licence.pdf.open("rb") as file:
            pdf = file.read()
        return body, record, pdf

"""免提交 from the licence library: a company's 营业执照, issued by Tongban, is attached as its
PDF to a food-licence application that needs it, logged like any dataset query; a revoked,
expired or missing licence is "no record" and the applicant uploads instead."""

from __future__ import annotations

import datetime as dt
import hashlib
import itertools
import json

import pytest
from django.test import Client
from django.utils import timezone

from tests.cases.test_applications_api import client_for, draft
from tests.catalog.conftest import load, simple_line
from tests.exchange.conftest import OWN_PACKAGED
from tests.exchange.test_reuse_api import reuse
from tests.factories import make_person, uscc
from tests.licences.conftest import pdf_of
from tongban.accounts import services as accounts
from tongban.accounts.models import Organisation, Person
from tongban.cases import services as cases
from tongban.cases.models import Case, CaseMaterial
from tongban.catalog.models import Implementation
from tongban.core.errors import DomainError
from tongban.exchange import services
from tongban.exchange.licence_library import current_licence, licence_type_code
from tongban.exchange.models import Consent, ExchangeLog, Outcome
from tongban.licences import services as licences
from tongban.licences import signing, verification
from tongban.licences.models import Licence
from tongban.licences.seeding import seed_licence_types

pytestmark = pytest.mark.django_db
_numbers = itertools.count(1)


@pytest.fixture
def founder() -> Person:
    return make_person(real_name="张伟")


@pytest.fixture
def company(founder) -> Organisation:
    return accounts.create_organisation(
        uscc=uscc(), name="济南张记餐饮有限公司", legal_representative=founder
    )


@pytest.fixture
def registration(city) -> Implementation:
    """企业设立登记, whose result is the 营业执照."""
    line = simple_line(city["scjg"], "000117001000", "企业设立登记", audience="organisation")
    line["implementation"]["result"] = {"name": "营业执照", "licence": True}
    load(line)
    return Implementation.objects.get(item__basic_code="000117001000")


def business_licence(registration, officials, founder, company) -> Licence:
    """The company's 营业执照, issued by 市场监管 as its approval would."""
    seed_licence_types()
    case = Case.objects.create(
        number=f"YYZZ{next(_numbers):06d}",
        implementation=registration,
        applicant=founder,
        organisation=company,
        form={"shop_name": company.name, "scope": "餐饮服务", "address": "历下区解放路1号"},
    )
    issued = licences.issue_licence(case, officials["scjg"])
    assert issued is not None
    assert issued.licence_type.code == "yyzz"
    return issued


@pytest.fixture
def yyzz(registration, officials, founder, company) -> Licence:
    return business_licence(registration, officials, founder, company)


def food_application(entry, founder, company) -> tuple[Case, cases.Applicant]:
    applicant = cases.Applicant(founder, company)
    case, _created = cases.create_draft(
        applicant=applicant, implementation_code=entry.code, answers=OWN_PACKAGED, form={}
    )
    return case, applicant


def test_source_refs_name_the_seeded_licence_types(db):
    seed_licence_types()
    from tongban.exchange import registry
    from tongban.licences.models import LicenceType

    seeded = set(LicenceType.objects.values_list("code", flat=True))
    for spec in registry.DATASETS:
        if spec.kind == registry.LICENCE_LIBRARY:
            code = licence_type_code(spec.code)
            assert code is None or code in seeded, spec.code


def test_the_companys_business_licence_is_attached_through_the_api(
    providers, food_entry, yyzz, founder, company
):
    client = client_for(founder.mobile)
    number = draft(client, food_entry, answers=OWN_PACKAGED, on_behalf_of=company.uscc)["number"]
    response = reuse(client, number, ["yyzz"])
    assert response.status_code == 200, response.json()
    [reused] = response.json()["materials"]
    assert (reused["material"]["code"], reused["source"], reused["outcome"]) == (
        "licence",
        "licence",
        "ok",
    )
    assert reused["message"] == "已从电子证照库获取，无需上传。"
    assert "licence" not in [m["code"] for m in response.json()["still_missing"]]

    stored = CaseMaterial.objects.get(case__number=number, code="licence")
    assert stored.source == "licence"
    body = stored.file.open("rb").read()
    assert body == pdf_of(yyzz)  # the licence's own signed PDF, not a copy of its data
    assert stored.sha256 == reused["sha256"] == hashlib.sha256(body).hexdigest()
    assert verification.verify_pdf(body).outcome == verification.GENUINE

    entry = ExchangeLog.objects.get(dataset__code="yyzz")
    assert entry.case.number == number
    assert entry.outcome == Outcome.OK
    assert entry.requester_id == founder.user.pk
    assert entry.consent is not None
    assert list(entry.consent.datasets.values_list("code", flat=True)) == ["yyzz"]
    assert "食品经营许可" in entry.purpose
    signed = signing.canonical_bytes(json.loads(yyzz.document))
    assert entry.answer_sha256 == hashlib.sha256(signed).hexdigest()


def test_the_service_itself_refuses_without_consent(providers, food_entry, yyzz, founder, company):
    """Every caller passes through the service: no consent, nothing asked, nothing kept."""
    case, applicant = food_application(food_entry, founder, company)

    with pytest.raises(DomainError) as refused:
        services.reuse_materials(case, applicant, ["yyzz"], consent=False)

    assert refused.value.code == "consent_required"
    assert not ExchangeLog.objects.exists()
    assert not Consent.objects.exists()
    assert not CaseMaterial.objects.filter(case=case).exists()


def test_a_revoked_licence_is_not_reused(providers, food_entry, yyzz, officials, founder, company):
    licences.revoke_licence(
        yyzz, officials["scjg"], reason="以欺骗手段取得登记", legal_basis="《行政许可法》第六十九条"
    )
    case, applicant = food_application(food_entry, founder, company)
    [told] = services.reuse_materials(case, applicant, ["yyzz"], consent=True)
    assert told.outcome == Outcome.NO_RECORD
    assert "电子证照库没有查到" in told.message
    assert "请上传该材料" in told.message
    assert not CaseMaterial.objects.filter(case=case, code="licence").exists()
    assert ExchangeLog.objects.get(case=case).outcome == Outcome.NO_RECORD


def test_an_expired_licence_is_not_reused(providers, food_entry, yyzz, founder, company):
    Licence.objects.filter(pk=yyzz.pk).update(
        valid_until=timezone.localdate() - dt.timedelta(days=1)
    )
    assert current_licence("yyzz", company.uscc) is None
    case, applicant = food_application(food_entry, founder, company)
    [told] = services.reuse_materials(case, applicant, ["yyzz"], consent=True)
    assert told.outcome == Outcome.NO_RECORD


def test_a_reissued_licence_gives_its_newest_version(
    providers, food_entry, yyzz, officials, founder, company
):
    newer = licences.reissue_licence(
        yyzz, officials["scjg"], changes={"address": "历下区泉城路2号"}, reason="住所变更"
    )
    assert current_licence("yyzz", company.uscc) == newer
    case, applicant = food_application(food_entry, founder, company)
    [told] = services.reuse_materials(case, applicant, ["yyzz"], consent=True)
    assert told.outcome == Outcome.OK
    stored = CaseMaterial.objects.get(case=case, code="licence")
    assert stored.file.open("rb").read() == pdf_of(newer)


def test_a_company_without_a_licence_uploads_instead(
    providers, food_entry, registration, officials, founder, company
):
    other = accounts.create_organisation(
        uscc=uscc(), name="济南李记餐饮有限公司", legal_representative=founder
    )
    business_licence(registration, officials, founder, other)  # someone else's licence
    case, applicant = food_application(food_entry, founder, company)
    [told] = services.reuse_materials(case, applicant, ["yyzz"], consent=True)
    assert told.outcome == Outcome.NO_RECORD
    assert "licence" in [m.code for m in cases.missing_materials(case)]


def test_a_persons_licence_is_found_by_their_id_number(
    providers, food_entry, officials, founder, city
):
    """The library answers person datasets too, from the holder's ID number (never stored in
    the clear in the look-up)."""
    line = simple_line(city["gaj"], "000117003000", "居住证签注", audience="person")
    line["implementation"]["result"] = {"name": "居住证", "licence": True}
    load(line)
    seed_licence_types()
    case = Case.objects.create(
        number="JZZ000001",
        implementation=Implementation.objects.get(item__basic_code="000117003000"),
        applicant=founder,
        form={"address": "历下区解放路1号"},
    )
    issued = licences.issue_licence(case, officials["scjg"])
    assert issued is not None
    assert current_licence("jzz", founder.id_number) == issued
    assert current_licence("jzz", make_person(real_name="周八").id_number) is None
    assert current_licence("xsz", founder.id_number) is None


def test_the_portal_page_asks_for_consent_then_attaches(
    providers, food_entry, yyzz, founder, company
):
    case, _applicant = food_application(food_entry, founder, company)
    page = Client()
    page.force_login(founder.user)
    url = f"/my/data-access/applications/{case.number}/reuse/"
    offered = page.get(url).content.decode()
    assert "营业执照" in offered
    assert "电子证照库" in offered
    refused = page.post(url, {"datasets": ["yyzz"]})
    assert refused.status_code == 400
    assert "需要您的授权" in refused.content.decode()
    assert not ExchangeLog.objects.exists()
    done = page.post(url, {"datasets": ["yyzz"], "consent": "yes"}, follow=True)
    assert done.redirect_chain[-1][0] == f"/my/applications/{case.number}/"
    assert "营业执照：已从电子证照库获取，无需上传。" in done.content.decode()
    assert CaseMaterial.objects.get(case=case, code="licence").source == "licence"
    stranger = Client()
    stranger.force_login(make_person(real_name="周八").user)
    assert stranger.get(url).status_code == 404

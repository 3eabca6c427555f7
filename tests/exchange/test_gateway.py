"""The gateway over real HTTP to the sandbox process: consent, scoping, outcomes, the log."""

from __future__ import annotations

import hashlib
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.exchange.conftest import OWN_PACKAGED, sandbox_post
from tests.factories import make_official, make_person
from tongban.cases import services as cases
from tongban.cases.models import Case
from tongban.exchange import selectors, services, signing
from tongban.exchange.models import Dataset, ExchangeLog, Outcome

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n%test material\n"
PURPOSE = "审核食品经营许可申请"


def draft(entry, person) -> tuple[Case, cases.Applicant]:
    applicant = cases.Applicant(person)
    case, _created = cases.create_draft(
        applicant=applicant, implementation_code=entry.code, answers=OWN_PACKAGED, form={}
    )
    return case, applicant


def consent(case: Case, applicant: cases.Applicant, *codes: str) -> None:
    services.give_consent(case, applicant, Dataset.objects.filter(code__in=codes), None)


def submitted(entry, person) -> Case:
    case, applicant = draft(entry, person)
    for code in ("application", "property"):
        cases.upload_material(case, applicant, code, SimpleUploadedFile("a.pdf", PDF))
    consent(case, applicant, "bdc")
    return cases.submit(case, applicant)


def test_a_query_without_consent_is_refused_and_logged(providers, food_entry, zhang_wei):
    case, _applicant = draft(food_entry, zhang_wei)
    result = services.query("bdc", case, zhang_wei.user, PURPOSE)
    assert result.outcome == Outcome.REFUSED
    entry = ExchangeLog.objects.get()
    assert (entry.outcome, entry.reason, entry.consent) == (Outcome.REFUSED, "no_consent", None)
    assert entry.answer_sha256 == ""
    assert entry.case == case
    assert entry.requester_id == zhang_wei.user.pk


def test_a_consented_query_is_answered_and_logged_with_the_answer_hash(
    providers, food_entry, zhang_wei
):
    case, applicant = draft(food_entry, zhang_wei)
    consent(case, applicant, "bdc")
    result = services.query("bdc", case, zhang_wei.user, PURPOSE)
    assert result.outcome == Outcome.OK
    assert result.answer.record["坐落"].startswith("济南市历下区泉城路")
    entry = ExchangeLog.objects.get()
    assert entry.answer_sha256 == hashlib.sha256(result.answer.body).hexdigest()
    assert entry.consent is not None
    assert entry.purpose == PURPOSE
    assert entry.dataset.code == "bdc"
    assert entry.requester_department is None
    # The subject is kept as a keyed hash only; no answer content is stored.
    assert entry.subject_hash == selectors.subject_hash(zhang_wei.id_number)
    stored = json.dumps([str(v) for v in vars(entry).values()], ensure_ascii=False)
    assert zhang_wei.id_number not in stored
    assert "泉城路" not in stored


def test_no_record_is_an_answer_of_its_own(providers, food_entry):
    stranger = make_person(real_name="周八")
    case, applicant = draft(food_entry, stranger)
    consent(case, applicant, "bdc")
    result = services.query("bdc", case, stranger.user, PURPOSE)
    assert result.outcome == Outcome.NO_RECORD
    assert ExchangeLog.objects.get().outcome == Outcome.NO_RECORD
    assert ExchangeLog.objects.get().answer_sha256 == result.answer.sha256 != ""


def test_a_provider_nobody_answers_for_is_down_and_logged(providers_down, food_entry, zhang_wei):
    case, applicant = draft(food_entry, zhang_wei)
    consent(case, applicant, "bdc")
    assert services.query("bdc", case, zhang_wei.user, PURPOSE).outcome == Outcome.PROVIDER_DOWN
    assert ExchangeLog.objects.get().outcome == Outcome.PROVIDER_DOWN


def test_a_provider_with_the_wrong_key_is_refused_by_the_department(
    providers, food_entry, zhang_wei
):
    services.register_providers("370100", providers.url, "not-the-shared-key")
    case, applicant = draft(food_entry, zhang_wei)
    consent(case, applicant, "bdc")
    result = services.query("bdc", case, zhang_wei.user, PURPOSE)
    assert result.outcome == Outcome.REFUSED
    assert ExchangeLog.objects.get().reason == "provider_refused:bad_signature"


def test_the_sandbox_refuses_unsigned_tampered_and_stale_requests(providers):
    path = "/v1/datasets/huji/query"
    body = json.dumps({"subject_id_number": "370102198503120011", "purpose": "p", "case": "C1"})
    good = signing.signed_headers(providers.key, "POST", path, body.encode())
    assert sandbox_post(providers, path, body.encode(), good).json()["status"] == "found"
    unsigned = sandbox_post(providers, path, body.encode(), {})
    assert (unsigned.status_code, unsigned.json()["error"]) == (401, "signature_missing")
    tampered = body.replace("C1", "C2").encode()
    assert sandbox_post(providers, path, tampered, good).json()["error"] == "bad_signature"
    other_path = "/v1/datasets/bdc/query"
    assert sandbox_post(providers, other_path, body.encode(), good).status_code == 401
    stale = signing.signed_headers(providers.key, "POST", path, body.encode(), now=1_000_000)
    assert sandbox_post(providers, path, body.encode(), stale).json()["error"] == "stale_timestamp"


def test_an_official_of_another_department_cannot_query_the_case(
    providers, food_entry, officials, city, zhang_wei
):
    case = submitted(food_entry, zhang_wei)
    outsider = make_official(department=city["mz"], roles=("reviewer",))
    refused = services.query("bdc", case, outsider.user, PURPOSE)
    assert refused.outcome == Outcome.REFUSED
    clerk = officials["clerk"]
    assert services.query("bdc", case, clerk.user, PURPOSE).outcome == Outcome.OK
    log = list(ExchangeLog.objects.order_by("id").values_list("reason", "requester_department"))
    assert log == [("requester_not_allowed", city["mz"].pk), ("", city["zwfw"].pk)]


def test_the_applicant_cannot_query_once_the_case_is_submitted(providers, food_entry, zhang_wei):
    case = submitted(food_entry, zhang_wei)
    result = services.query("bdc", case, zhang_wei.user, PURPOSE)
    assert (result.outcome, result.log.reason) == (Outcome.REFUSED, "requester_not_allowed")


def test_someone_else_cannot_query_my_case(providers, food_entry, zhang_wei):
    case, applicant = draft(food_entry, zhang_wei)
    consent(case, applicant, "bdc")
    other = make_person(real_name="吴九")
    assert services.query("bdc", case, other.user, PURPOSE).outcome == Outcome.REFUSED


def test_the_log_cannot_be_rewritten(providers, food_entry, zhang_wei):
    case, _applicant = draft(food_entry, zhang_wei)
    entry = services.query("bdc", case, zhang_wei.user, PURPOSE).log
    entry.outcome = Outcome.OK
    with pytest.raises(TypeError):
        entry.save()
    with pytest.raises(TypeError):
        ExchangeLog.objects.filter(pk=entry.pk).update(outcome=Outcome.OK)
    with pytest.raises(TypeError):
        ExchangeLog.objects.all().delete()

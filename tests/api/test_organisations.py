"""The legal representative authorises and revokes agents over the API; others learn nothing."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from tests.api.test_auth import token_for
from tests.factories import make_person, uscc
from tongban.accounts import services
from tongban.accounts.models import AgentAuthorisation

pytestmark = pytest.mark.django_db


@pytest.fixture
def company():
    boss = make_person(real_name="李娜")
    return services.create_organisation(
        uscc=uscc(kind="91"), name="示范公司", legal_representative=boss
    )


def client_for(person) -> Client:
    client = Client()
    client.defaults["HTTP_AUTHORIZATION"] = f"Bearer {token_for(client, person.mobile)}"
    return client


def authorise(client: Client, company, agent, days: int = 30):
    body = {
        "real_name": agent.real_name,
        "id_number": agent.id_number,
        "valid_until": str(timezone.localdate() + dt.timedelta(days=days)),
    }
    return client.post(
        f"/api/v1/organisations/{company.uscc}/agents", body, content_type="application/json"
    )


def test_representative_authorises_an_agent_who_then_sees_the_company(company):
    agent = make_person(real_name="刘洋")
    response = authorise(client_for(company.legal_representative), company, agent)
    assert response.status_code == 201, response.json()
    assert response.json()["agent"] == "刘*"
    assert response.json()["in_force"] is True
    me = client_for(agent).get("/api/v1/me").json()
    assert me["organisations"] == [{"uscc": company.uscc, "name": "示范公司", "relation": "agent"}]


def test_a_name_that_does_not_match_the_id_number_finds_nobody(company):
    agent = make_person(real_name="刘洋")
    boss = client_for(company.legal_representative)
    body = {"real_name": "刘阳", "id_number": agent.id_number, "valid_until": "2099-01-01"}
    response = boss.post(
        f"/api/v1/organisations/{company.uscc}/agents", body, content_type="application/json"
    )
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "person_not_found"
    assert not AgentAuthorisation.objects.exists()


def test_someone_else_cannot_see_or_change_the_companys_agents(company):
    stranger, agent = make_person(), make_person()
    client = client_for(stranger)
    assert client.get(f"/api/v1/organisations/{company.uscc}/agents").status_code == 404
    assert authorise(client, company, agent).status_code == 404
    assert not AgentAuthorisation.objects.exists()


def test_revocation_ends_the_agency_at_once(company):
    agent = make_person()
    boss = client_for(company.legal_representative)
    grant_id = authorise(boss, company, agent).json()["id"]
    response = boss.post(f"/api/v1/organisations/{company.uscc}/agents/{grant_id}/revoke")
    assert response.status_code == 200
    assert response.json()["in_force"] is False
    assert client_for(agent).get("/api/v1/me").json()["organisations"] == []
    again = boss.post(f"/api/v1/organisations/{company.uscc}/agents/{grant_id}/revoke")
    assert again.status_code == 409


def test_an_end_date_in_the_past_is_refused_in_chinese(company):
    response = authorise(client_for(company.legal_representative), company, make_person(), days=-1)
    assert response.status_code == 400
    assert "不能早于今天" in response.json()["error"]["message"]


def test_an_authorisation_may_name_items_and_unknown_codes_are_refused(company):
    agent = make_person()
    boss = client_for(company.legal_representative)
    body = {
        "real_name": agent.real_name,
        "id_number": agent.id_number,
        "valid_until": "2099-01-01",
        "items": ["NOPE00000000"],
    }
    url = f"/api/v1/organisations/{company.uscc}/agents"
    refused = boss.post(url, body, content_type="application/json")
    assert refused.status_code == 400
    assert refused.json()["error"]["code"] == "unknown_items"
    assert not AgentAuthorisation.objects.exists()

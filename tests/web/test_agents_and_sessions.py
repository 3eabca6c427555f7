"""Acting for an organisation, the legal representative's agents page, and the list of
signed-in sessions with "end this session" / "end all other sessions"."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from tests.factories import make_official, make_person, sign_in_official, uscc
from tongban.accounts import services
from tongban.accounts.models import AgentAuthorisation, UserSession
from tongban.core.models import AuditEntry

pytestmark = pytest.mark.django_db


@pytest.fixture
def company():
    boss, agent = make_person("赵总"), make_person("钱经办")
    organisation = services.create_organisation(
        uscc=uscc(), name="济南测试科技有限公司", legal_representative=boss
    )
    return boss, agent, organisation


def signed_in(person) -> Client:
    client = Client()
    client.force_login(person.user)
    return client


def authorise(client: Client, organisation, agent, days: int = 30):
    return client.post(
        f"/me/organisations/{organisation.uscc}/agents/",
        {
            "real_name": agent.real_name,
            "id_number": agent.id_number,
            "valid_until": (timezone.localdate() + dt.timedelta(days=days)).isoformat(),
        },
        follow=True,
    )


def test_the_legal_representative_authorises_and_revokes_an_agent(company):
    boss, agent, organisation = company
    client = signed_in(boss)
    html = authorise(client, organisation, agent).content.decode()
    assert "已授权经办人" in html
    grant = AgentAuthorisation.objects.get(agent=agent)
    entry = AuditEntry.objects.get(action="agent.authorised")
    assert entry.actor_id == boss.user.pk
    assert entry.acting_for == organisation.uscc
    response = client.post(
        f"/me/organisations/{organisation.uscc}/agents/{grant.pk}/revoke/", follow=True
    )
    assert "已撤销" in response.content.decode()
    assert AuditEntry.objects.get(action="agent.revoked").acting_for == organisation.uscc


def test_someone_else_cannot_open_the_agents_page(company):
    _, agent, organisation = company
    assert signed_in(agent).get(f"/me/organisations/{organisation.uscc}/agents/").status_code == 404


def test_an_agent_switches_to_acting_for_the_company_until_revoked(company):
    boss, agent, organisation = company
    grant = services.authorise_agent(
        organisation=organisation,
        by=boss,
        agent=agent,
        valid_until=timezone.localdate() + dt.timedelta(days=5),
    )
    client = signed_in(agent)
    client.post("/me/acting-for/", {"uscc": organisation.uscc})
    assert client.session["acting_for"] == organisation.uscc
    assert "正在代表 济南测试科技有限公司 办理" in client.get("/me/").content.decode()
    services.revoke_agent(grant, by=boss)
    assert "正在代表" not in client.get("/me/").content.decode()
    assert "acting_for" not in client.session


def test_an_organisation_one_may_not_act_for_is_refused(company):
    _, agent, organisation = company
    client = signed_in(agent)
    response = client.post("/me/acting-for/", {"uscc": organisation.uscc}, follow=True)
    assert "您无权代表该单位办理" in response.content.decode()
    assert "acting_for" not in client.session


def test_the_api_honours_x_acting_for_only_when_authorised(company):
    boss, _agent, organisation = company
    client = Client()
    token = client.post(
        "/api/v1/auth/token",
        {"username": boss.mobile, "password": "Tongban@2026"},
        content_type="application/json",
    ).json()["access_token"]
    headers = {"Authorization": f"Bearer {token}", "X-Acting-For": organisation.uscc}
    me = client.get("/api/v1/me", headers=headers).json()
    assert me["acting_for"]["uscc"] == organisation.uscc
    assert me["acting_for"]["relation"] == "legal_representative"
    other = {**headers, "X-Acting-For": uscc()}
    refused = client.get("/api/v1/me", headers=other)
    assert refused.status_code == 403
    assert refused.json()["error"]["code"] == "not_authorised_for_organisation"


# Sessions


def test_sign_in_records_the_session_and_the_list_shows_it():
    official = make_official()
    client = Client(HTTP_USER_AGENT="Mozilla/5.0 Test Phone")
    sign_in_official(client, official)
    session = UserSession.objects.get(user=official.user)
    assert session.ended_at is None
    assert session.session_key == client.session.session_key
    assert session.key_hash != client.session.session_key
    html = client.get("/me/security/").content.decode()
    assert "Mozilla/5.0 Test Phone" in html
    assert "当前会话" in html


def test_ending_another_session_signs_that_browser_out():
    official = make_official()
    phone, desk = Client(), Client()
    sign_in_official(phone, official)
    sign_in_official(desk, official)
    phone_session = next(
        s for s in UserSession.objects.all() if s.session_key == phone.session.session_key
    )
    response = desk.post(f"/me/security/sessions/{phone_session.pk}/end/", follow=True)
    assert "该会话已结束" in response.content.decode()
    assert phone.get("/workbench/").status_code == 302
    assert desk.get("/workbench/").status_code == 200
    assert AuditEntry.objects.filter(action="auth.session_ended").exists()


def test_end_all_other_sessions_keeps_only_this_one():
    person = make_person()
    clients = [signed_in(person) for _ in range(3)]
    clients[0].get("/me/")
    response = clients[0].post("/me/security/sessions/end-others/", follow=True)
    assert "已结束其他 2 个会话" in response.content.decode()
    assert clients[0].get("/me/").status_code == 200
    assert all(c.get("/me/").status_code == 302 for c in clients[1:])
    assert UserSession.objects.filter(user=person.user, ended_at__isnull=True).count() == 1


def test_nobody_ends_someone_elses_session():
    first, second = make_person(), make_person()
    signed_in(first)
    theirs = UserSession.objects.get(user=first.user)
    response = signed_in(second).post(f"/me/security/sessions/{theirs.pk}/end/", follow=True)
    assert "未找到该会话" in response.content.decode()
    assert UserSession.objects.get(pk=theirs.pk).ended_at is None


def test_signing_out_ends_the_listed_session():
    person = make_person()
    client = signed_in(person)
    client.post("/logout/")
    assert UserSession.objects.get(user=person.user).ended_at is not None

"""Accounts rules: what registration derives, who may authorise agents, how officials are scoped."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from tests.factories import (
    PASSWORD,
    DepartmentFactory,
    city,
    county,
    make_official,
    make_person,
    resident_id,
    uscc,
)
from tongban.accounts import selectors, services
from tongban.accounts.models import AgentAuthorisation, Official, Organisation, Person, User
from tongban.core.errors import DomainError, PermissionDenied
from tongban.core.models import AuditEntry, Department

pytestmark = pytest.mark.django_db


def test_registration_derives_birth_date_sex_and_region_and_hashes_with_argon2():
    person = make_person(id_number=resident_id(region="370103", birth=dt.date(1990, 1, 2), seq=11))
    assert person.birth_date == dt.date(1990, 1, 2)
    assert person.sex == Person.Sex.MALE  # sequence 011: odd
    assert person.birth_region_code == "370103"
    assert person.user.password.startswith("argon2$")
    assert person.user.check_password(PASSWORD)


def test_an_even_sequence_number_is_a_woman():
    person = make_person(id_number=resident_id(seq=12))
    assert person.sex == Person.Sex.FEMALE


def test_a_lowercase_x_check_character_is_accepted_and_stored_uppercase():
    number = next(n for n in (resident_id(seq=s) for s in range(100, 200)) if n.endswith("X"))
    person = make_person(id_number=number.lower())
    assert Person.objects.get(pk=person.pk).id_number == number


def test_the_same_mobile_cannot_register_twice():
    first = make_person()
    with pytest.raises(DomainError) as refused:
        make_person(mobile_number=first.mobile)
    assert refused.value.code == "mobile_taken"
    assert Person.objects.count() == 1


def test_legal_representative_authorises_an_agent_until_an_end_date():
    boss, agent = make_person(real_name="李娜"), make_person(real_name="刘洋")
    company = services.create_organisation(
        uscc=uscc(kind="91"), name="示范公司", legal_representative=boss
    )
    grant = services.authorise_agent(
        organisation=company,
        by=boss,
        agent=agent,
        valid_until=timezone.localdate() + dt.timedelta(days=30),
    )
    assert list(AgentAuthorisation.objects.in_force()) == [grant]
    later = timezone.now() + dt.timedelta(days=31)
    assert not AgentAuthorisation.objects.in_force(at=later).exists()
    entry = AuditEntry.objects.get(action="agent.authorised")
    assert entry.acting_for == company.uscc
    assert entry.actor_id == boss.user_id


def test_only_the_legal_representative_may_authorise_or_revoke():
    boss, agent, stranger = make_person(), make_person(), make_person()
    company = services.create_organisation(
        uscc=uscc(kind="91"), name="示范公司", legal_representative=boss
    )
    valid_until = timezone.localdate() + dt.timedelta(days=30)
    with pytest.raises(PermissionDenied):
        services.authorise_agent(
            organisation=company, by=stranger, agent=agent, valid_until=valid_until
        )
    grant = services.authorise_agent(
        organisation=company, by=boss, agent=agent, valid_until=valid_until
    )
    with pytest.raises(PermissionDenied):
        services.revoke_agent(grant, by=agent)
    services.revoke_agent(grant, by=boss)
    assert not AgentAuthorisation.objects.in_force().exists()
    with pytest.raises(DomainError) as again:
        services.revoke_agent(grant, by=boss)
    assert again.value.code == "already_revoked"


def test_an_authorisation_ending_in_the_past_is_refused():
    boss, agent = make_person(), make_person()
    company = services.create_organisation(
        uscc=uscc(kind="91"), name="示范公司", legal_representative=boss
    )
    with pytest.raises(DomainError) as refused:
        services.authorise_agent(
            organisation=company,
            by=boss,
            agent=agent,
            valid_until=timezone.localdate() - dt.timedelta(days=1),
        )
    assert refused.value.code == "authorisation_in_past"


def test_an_organisation_needs_a_valid_credit_code():
    boss = make_person()
    with pytest.raises(DomainError) as refused:
        services.create_organisation(uscc="91370102MA3C000010", name="X", legal_representative=boss)
    assert refused.value.code == "invalid_uscc"
    assert not Organisation.objects.exists()


def test_an_officials_scope_must_lie_inside_their_departments_region():
    department = DepartmentFactory(region=city("370100", "济南市"))
    qingdao = city("370200", "青岛市")
    with pytest.raises(DomainError) as refused:
        make_official(department=department, region=qingdao)
    assert refused.value.code == "region_outside_department"
    official = make_official(department=department, region=county("370102", "历下区"))
    assert official.region.code == "370102"


def test_an_official_needs_a_known_role():
    with pytest.raises(DomainError):
        make_official(roles=())
    with pytest.raises(DomainError):
        make_official(roles=("king",))
    assert not Official.objects.exists()


def test_changing_an_officials_roles_is_audited_with_before_and_after():
    official = make_official(roles=("reviewer",))
    services.update_official(
        official,
        department=official.department,
        region=official.region,
        roles=("approver", "reviewer"),
        actor=services.audit.SYSTEM,
    )
    assert Official.objects.get(pk=official.pk).role_codes == {"approver", "reviewer"}
    entry = AuditEntry.objects.get(action="official.updated")
    assert entry.changes["before"]["roles"] == ["reviewer"]
    assert entry.changes["after"]["roles"] == ["approver", "reviewer"]


def test_an_official_sees_only_departments_in_their_region():
    jinan = DepartmentFactory(region=city("370100", "济南市"))
    qingdao = DepartmentFactory(region=city("370200", "青岛市"))
    official = make_official(department=jinan)
    visible = set(selectors.departments_in_scope(official))
    assert jinan in visible
    assert qingdao not in visible


def test_createofficial_command_creates_a_scoped_official(monkeypatch):
    department = DepartmentFactory()
    monkeypatch.setenv("TONGBAN_OFFICIAL_PASSWORD", PASSWORD)
    call_command(
        "createofficial",
        "--username",
        "cli_clerk",
        "--name",
        "窗口一号",
        "--department",
        department.uscc,
        "--role",
        "window_clerk",
        "--role",
        "supervisor",
    )
    official = Official.objects.get(user__username="cli_clerk")
    assert official.role_codes == {"window_clerk", "supervisor"}
    assert official.region == department.region
    with pytest.raises(CommandError, match="部门"):
        call_command(
            "createofficial",
            "--username",
            "x",
            "--name",
            "x",
            "--department",
            uscc(),
            "--role",
            "window_clerk",
        )


def test_seed_demo_loads_everything_once_and_can_run_again():
    call_command("seed_demo")
    counts = (User.objects.count(), Department.objects.count(), Official.objects.count())
    call_command("seed_demo")
    assert (User.objects.count(), Department.objects.count(), Official.objects.count()) == counts
    assert Department.objects.filter(region__code="370100").count() == 12
    company = Organisation.objects.get()
    assert AgentAuthorisation.objects.in_force().filter(organisation=company).count() == 1
    roles = {grant.role for official in Official.objects.all() for grant in official.roles.all()}
    assert roles == {"window_clerk", "reviewer", "approver", "supervisor", "catalogue_admin"}

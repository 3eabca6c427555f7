"""The portal and workbench pages through the real HTTP stack (Django test client)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.conf import settings
from django.template.loader import render_to_string
from django.test import Client
from django.utils import timezone

from tests.factories import (
    PASSWORD,
    DepartmentFactory,
    city,
    make_official,
    make_person,
    mobile,
    resident_id,
    totp_code,
    uscc,
)
from tongban.accounts import services
from tongban.accounts.models import Person, Role, User

pytestmark = pytest.mark.django_db
VIEWPORT = '<meta name="viewport" content="width=device-width, initial-scale=1">'


def page(response) -> str:
    return response.content.decode()


def register(client: Client, **overrides: str):
    data = {
        "real_name": "王小明",
        "id_number": resident_id(),
        "mobile": mobile(),
        "password": PASSWORD,
        "password_confirm": PASSWORD,
    }
    data.update(overrides)
    return client.post("/register/", data, follow=True)


def sign_in(client: Client, username: str, password: str = PASSWORD, **extra: str):
    return client.post("/login/", {"username": username, "password": password, **extra})


# Registration


def test_registration_with_a_bad_check_digit_is_refused_in_chinese_and_creates_nothing(client):
    good = resident_id()
    bad = good[:-1] + ("0" if good[-1] != "0" else "1")
    response = register(client, id_number=bad)
    assert response.status_code == 200
    assert "身份证号码校验位不正确" in page(response)
    assert 'aria-invalid="true"' in page(response)
    assert User.objects.count() == 0
    assert Person.objects.count() == 0


def test_registration_logs_in_and_the_profile_shows_only_the_masked_id_number(client):
    number, phone = resident_id(birth=dt.date(1988, 2, 29)), mobile()
    response = register(client, id_number=number, mobile=phone)
    assert response.redirect_chain[-1][0] == "/me/"
    html = page(response)
    assert "注册成功" in html
    person = Person.objects.get()
    assert person.masked_id_number in html
    assert person.masked_mobile in html
    assert "1988-02-29" in html
    assert number not in html
    assert phone not in html


def test_a_refused_registration_keeps_what_was_typed_except_the_passwords(client):
    response = register(client, real_name="李小红", mobile="12345")
    html = page(response)
    assert "手机号码应为以1开头的11位数字" in html
    assert 'value="李小红"' in html
    assert 'value="12345"' in html
    assert PASSWORD not in html


def test_registration_with_an_id_number_already_registered_is_refused(client):
    number = resident_id()
    make_person(id_number=number)
    response = register(client, id_number=number)
    assert "该身份证号码已注册" in page(response)
    assert Person.objects.count() == 1


def test_registration_needs_the_same_password_twice(client):
    response = register(client, password_confirm="Different@2026")
    assert "两次输入的密码不一致" in page(response)
    assert User.objects.count() == 0


def test_registration_needs_every_field(client):
    response = client.post("/register/", {})
    assert page(response).count('aria-invalid="true"') == 5
    assert User.objects.count() == 0


# Signing in and out


@pytest.mark.parametrize("identifier", ["id_number", "mobile"])
def test_a_person_signs_in_by_id_number_or_mobile_and_lands_on_the_profile(client, identifier):
    number, phone = resident_id(), mobile()
    make_person(id_number=number, mobile_number=phone)
    response = sign_in(client, number if identifier == "id_number" else phone)
    assert response.status_code == 302
    assert response["Location"] == "/me/"


def test_a_wrong_password_and_an_unknown_account_get_the_same_generic_message(client):
    phone = mobile()
    make_person(mobile_number=phone)
    wrong_password = page(sign_in(client, phone, "Wrong@2026"))
    unknown_account = page(sign_in(client, mobile(), PASSWORD))
    for html in (wrong_password, unknown_account):
        assert "账号或密码错误" in html
    assert "_auth_user_id" not in client.session


def test_too_many_failures_lock_the_account_and_show_the_lockout_page(client):
    phone = mobile()
    make_person(mobile_number=phone)
    statuses = [
        sign_in(client, phone, "Wrong@2026").status_code for _ in range(settings.AXES_FAILURE_LIMIT)
    ]
    assert statuses[:-1] == [200] * (settings.AXES_FAILURE_LIMIT - 1)
    assert statuses[-1] == 429
    locked = sign_in(client, phone, PASSWORD)
    assert locked.status_code == 429
    assert "账户已暂时锁定" in page(locked)
    assert "_auth_user_id" not in client.session


def test_sign_in_follows_a_safe_next_and_ignores_another_site(client):
    phone = mobile()
    make_person(mobile_number=phone)
    assert sign_in(client, phone, next="/workbench/")["Location"] == "/workbench/"
    client.post("/logout/")
    assert sign_in(client, phone, next="https://evil.example/")["Location"] == "/me/"


def test_an_official_lands_on_the_workbench_after_the_second_factor(client):
    official = make_official()
    assert sign_in(client, official.user.username)["Location"] == "/login/code/"
    assert "_auth_user_id" not in client.session
    response = client.post("/login/code/", {"code": totp_code(official.user)})
    assert response["Location"] == "/workbench/"


def test_logout_needs_a_post(client):
    client.force_login(make_person().user)
    assert client.get("/logout/").status_code == 405
    assert "_auth_user_id" in client.session
    response = client.post("/logout/", follow=True)
    assert response.redirect_chain[-1][0] == "/"
    assert "_auth_user_id" not in client.session
    assert "您已安全退出" in page(response)


# Profile


def test_the_profile_needs_a_signed_in_user(client):
    response = client.get("/me/")
    assert response.status_code == 302
    assert response["Location"] == "/login/?next=/me/"


def test_the_profile_lists_represented_organisations_and_agencies_in_force(client):
    boss, agent = make_person("赵总"), make_person("钱经办")
    represented = services.create_organisation(
        uscc=uscc(), name="济南测试科技有限公司", legal_representative=boss
    )
    services.authorise_agent(
        organisation=represented,
        by=boss,
        agent=agent,
        valid_until=timezone.localdate() + dt.timedelta(days=30),
    )
    client.force_login(boss.user)
    assert "济南测试科技有限公司" in page(client.get("/me/"))
    client.force_login(agent.user)
    html = page(client.get("/me/"))
    assert "济南测试科技有限公司" in html
    assert "授权至" in html


def test_an_officials_profile_shows_department_region_and_roles(client):
    official = make_official(roles=(Role.WINDOW_CLERK, Role.REVIEWER))
    client.force_login(official.user)
    html = page(client.get("/me/"))
    assert official.department.name in html
    assert "济南市" in html
    assert "综合窗口受理人员" in html
    assert "部门审查人员" in html


# Workbench


def test_an_official_sees_the_workbench_for_their_own_scope_only(client):
    official = make_official()
    neighbour = DepartmentFactory(name="济南市另一局")
    qingdao = DepartmentFactory(name="青岛市测试局", region=city("370200", "青岛市"))
    client.force_login(official.user)
    response = client.get("/workbench/")
    html = page(response)
    assert response.status_code == 200
    assert "工作台" in html
    assert official.department.name in html
    assert neighbour.name in html
    assert "综合窗口受理人员" in html
    assert qingdao.name not in html


def test_the_workbench_department_list_pages_by_key(client):
    official = make_official()
    more = [DepartmentFactory() for _ in range(50)]
    client.force_login(official.user)
    first = client.get("/workbench/")
    assert len(first.context["page"].items) == 50
    after = first.context["page"].next_after
    assert f"?after={after}" in page(first)
    second = client.get(f"/workbench/?after={after}")
    assert [d.pk for d in second.context["page"].items] == [more[-1].pk]
    assert second.context["page"].next_after is None
    assert "回到第一页" in page(second)


def test_a_person_who_is_not_an_official_gets_not_found_from_the_workbench(client):
    client.force_login(make_person().user)
    response = client.get("/workbench/")
    assert response.status_code == 404
    assert "页面不存在" in page(response)


def test_an_anonymous_visitor_is_sent_to_sign_in_from_the_workbench(client):
    response = client.get("/workbench/")
    assert response.status_code == 302
    assert response["Location"] == "/login/?next=/workbench/"


def test_only_officials_see_the_workbench_in_the_navigation(client):
    client.force_login(make_person().user)
    assert 'href="/workbench/"' not in page(client.get("/"))
    client.force_login(make_official().user)
    assert 'href="/workbench/"' in page(client.get("/"))


# Language, error pages, phones


def test_switching_to_english_shows_the_pages_in_english(client):
    html = page(client.get("/"))
    assert '<html lang="zh-hans">' in html
    assert "让数据多跑路，群众少跑腿" in html
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/"}, follow=True)
    html = page(response)
    assert '<html lang="en">' in html
    assert "Let data do the running, not people" in html
    assert "Sign in" in html
    assert "让数据多跑路" not in html


def test_a_missing_page_is_explained_in_chinese(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "页面不存在" in page(response)


def test_a_form_posted_without_its_csrf_token_asks_the_user_to_reload():
    client = Client(enforce_csrf_checks=True)
    response = client.post("/login/", {"username": "x", "password": "y"})
    assert response.status_code == 403
    assert "刷新页面后重新提交" in page(response)


def test_the_server_error_page_renders_without_a_request():
    html = render_to_string("500.html")
    assert "系统出错" in html
    assert VIEWPORT in html


@pytest.mark.parametrize(
    ("path", "who"),
    [
        ("/", None),
        ("/register/", None),
        ("/login/", None),
        ("/", "person"),
        ("/me/", "person"),
        ("/me/", "official"),
        ("/workbench/", "official"),
    ],
)
def test_every_page_is_served_for_a_phone_screen(client, path, who):
    if who == "person":
        client.force_login(make_person().user)
    elif who == "official":
        client.force_login(make_official().user)
    response = client.get(path, HTTP_USER_AGENT="Mozilla/5.0 (Linux; Android 14) Mobile")
    assert response.status_code == 200
    assert VIEWPORT in page(response)

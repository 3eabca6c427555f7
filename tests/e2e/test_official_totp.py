"""An official's first sign-in in a real browser: password, TOTP enrolment with the QR code,
the recovery codes; then signing out and back in with password + code, to the workbench."""

from __future__ import annotations

import datetime as dt

import pyotp
import pytest
from django.conf import settings
from playwright.sync_api import Browser, Page, expect

from tests.e2e import conftest as e2e
from tests.e2e.conftest import SCREENS, assert_fits_the_screen
from tests.factories import PASSWORD, make_official

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def shoot(page: Page, name: str) -> None:
    folder = settings.VAR_DIR / "screenshots"
    folder.mkdir(parents=True, exist_ok=True)
    e2e.shoot(page, folder, name)


def password_step(page: Page, username: str) -> None:
    page.get_by_label("身份证号码、手机号码或用户名").fill(username)
    page.get_by_label("密码", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="登录", exact=True).click()


def next_code(secret: str, after: int) -> tuple[str, int]:
    """A code for a later time step than ``after``: each code is accepted once."""
    totp = pyotp.TOTP(secret)
    counter = max(totp.timecode(dt.datetime.now()), after + 1)
    return totp.generate_otp(counter), counter


@pytest.mark.parametrize("screen", list(SCREENS))
def test_an_official_enrols_totp_then_signs_in_with_password_and_code(
    browser: Browser, live_server, screen: str
) -> None:
    official = make_official(username=f"totp_{screen}", enrolled=False)
    page = browser.new_context(locale="zh-CN", **SCREENS[screen]).new_page()
    page.goto(f"{live_server.url}/login/")
    password_step(page, official.user.username)

    page.wait_for_url("**/login/totp-enrol/")
    expect(page.get_by_role("heading", name="启用动态口令")).to_be_visible()
    expect(page.locator(".totp-qr svg")).to_be_visible()
    assert_fits_the_screen(page)
    shoot(page, f"totp-enrol-{screen}")
    secret = page.get_by_test_id("totp-secret").inner_text().strip()
    code, used = next_code(secret, 0)
    page.get_by_label("动态口令", exact=True).fill(code)
    page.get_by_role("button", name="确认启用").click()

    page.wait_for_url("**/me/security/recovery-codes/")
    expect(page.get_by_test_id("recovery-codes").locator("li")).to_have_count(10)
    page.get_by_role("button", name="退出").click()
    page.wait_for_url(f"{live_server.url}/")

    page.goto(f"{live_server.url}/login/")
    password_step(page, official.user.username)
    page.wait_for_url("**/login/code/")
    expect(page.get_by_role("heading", name="输入动态口令")).to_be_visible()
    assert_fits_the_screen(page)
    shoot(page, f"totp-code-{screen}")
    code, _ = next_code(secret, used)
    page.get_by_label("动态口令", exact=True).fill(code)
    page.get_by_role("button", name="验证并登录").click()
    page.wait_for_url("**/workbench/")
    expect(page.get_by_role("heading", name="工作台").first).to_be_visible()
    page.context.close()

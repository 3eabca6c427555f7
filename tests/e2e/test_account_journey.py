"""A visitor's first journey through the portal in a real browser, on a phone and a desktop."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Browser, expect

from tests.e2e.conftest import SCREENS, assert_fits_the_screen, shoot
from tests.factories import PASSWORD, mobile, resident_id
from tongban.core.masking import mask_id_number

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("screen", list(SCREENS))
def test_a_visitor_registers_sees_the_masked_id_signs_out_and_back_in_by_mobile(
    browser: Browser, live_server, transactional_db, screenshots: Path, screen: str
) -> None:
    number, phone = resident_id(), mobile()
    context = browser.new_context(locale="zh-CN", **SCREENS[screen])
    page = context.new_page()
    try:
        page.goto(f"{live_server.url}/")
        expect(page.get_by_role("heading", name="让数据多跑路，群众少跑腿")).to_be_visible()
        assert_fits_the_screen(page)
        shoot(page, screenshots, f"home-{screen}")

        page.get_by_role("link", name="立即注册").click()
        page.get_by_label("真实姓名").fill("王小明")
        page.get_by_label("身份证号码").fill(number)
        page.get_by_label("手机号码").fill(phone)
        page.get_by_label("密码", exact=True).fill(PASSWORD)
        page.get_by_label("确认密码").fill(PASSWORD)
        assert_fits_the_screen(page)
        shoot(page, screenshots, f"register-{screen}")
        page.get_by_role("button", name="注册", exact=True).click()

        page.wait_for_url("**/me/")
        expect(page.get_by_text("注册成功，欢迎使用通办。")).to_be_visible()
        expect(page.get_by_text(mask_id_number(number), exact=True)).to_be_visible()
        assert number not in page.content()
        assert phone not in page.content()
        assert_fits_the_screen(page)
        shoot(page, screenshots, f"profile-{screen}")

        page.get_by_role("button", name="退出").click()
        page.wait_for_url(f"{live_server.url}/")
        expect(page.get_by_text("您已安全退出。")).to_be_visible()

        page.get_by_role("link", name="登录", exact=True).first.click()
        page.get_by_label("身份证号码、手机号码或用户名").fill(phone)
        page.get_by_label("密码", exact=True).fill(PASSWORD)
        shoot(page, screenshots, f"login-{screen}")
        page.get_by_role("button", name="登录", exact=True).click()

        page.wait_for_url("**/me/")
        expect(page.get_by_role("heading", name="我的资料")).to_be_visible()
        expect(page.get_by_text(mask_id_number(number), exact=True)).to_be_visible()
        assert number not in page.content()
    finally:
        context.close()

"""Someone who wants to open a restaurant searches for 开饭店, finds 食品经营许可, reads its
service guide, and answers the situational guide until the material list fits, in a real
browser on a phone and a desktop; and once more, by life event, with JavaScript switched off."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.catalog.conftest import CATERING, food_licence_line, load
from tests.e2e.conftest import SCREENS, assert_fits_the_screen, shoot
from tongban.core.models import Department
from tongban.demo import seeding

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def food_licence(transactional_db) -> None:
    seeding.departments_of(seeding.regions())
    load(CATERING, food_licence_line(Department.objects.get(region__code="370100", kind="scjg")))


def needed(page: Page):
    """The list of materials the situation needs, in the live panel."""
    return page.locator("#guide-materials ol.materials").first


@pytest.mark.parametrize("screen", list(SCREENS))
def test_a_restaurant_founder_searches_and_sees_the_materials_follow_the_answers(
    browser: Browser, live_server, food_licence, screenshots: Path, screen: str
) -> None:
    context = browser.new_context(locale="zh-CN", **SCREENS[screen])
    page = context.new_page()
    try:
        page.goto(f"{live_server.url}/")
        page.get_by_role("navigation", name="主导航").get_by_role("link", name="事项").click()
        page.wait_for_url("**/items/")
        expect(page.get_by_role("heading", name="事项浏览")).to_be_visible()
        assert_fits_the_screen(page)
        shoot(page, screenshots, f"catalog-index-{screen}")

        page.get_by_role("searchbox", name="搜索事项").fill("开饭店")
        page.get_by_role("button", name="搜索", exact=True).click()
        expect(page.get_by_role("heading", name="“开饭店”的搜索结果")).to_be_visible()
        expect(page.get_by_text("零跑腿")).to_be_visible()
        assert_fits_the_screen(page)
        shoot(page, screenshots, f"catalog-search-{screen}")

        page.get_by_role("link", name="食品经营许可").click()
        expect(page.get_by_role("heading", name="食品经营许可", exact=True)).to_be_visible()
        expect(
            page.get_by_text("仅在以下情形需要：“经营场所是自有还是租赁？”选“租赁”")
        ).to_be_visible()
        assert_fits_the_screen(page)
        shoot(page, screenshots, f"catalog-guide-{screen}")
        page.emulate_media(media="print")
        expect(page.get_by_role("navigation", name="主导航")).to_be_hidden()
        expect(page.get_by_role("heading", name="申请材料")).to_be_visible()
        shoot(page, screenshots, f"catalog-print-{screen}")
        page.emulate_media(media="screen")

        page.get_by_role("link", name="情形引导：查看我需要哪些材料").click()
        page.wait_for_url("**/guide/")
        page.evaluate("window.stillTheSamePage = true")
        expect(needed(page)).to_contain_text("食品经营许可申请书")
        expect(needed(page)).not_to_contain_text("经营场所租赁合同")
        expect(page.get_by_role("group", name="厨房面积是否超过 50 平方米？")).to_have_count(0)

        page.get_by_label("以个人身份").check()
        page.get_by_label("租赁").check()
        expect(needed(page)).to_contain_text("经营场所租赁合同")
        expect(needed(page)).not_to_contain_text("不动产权证书")

        page.get_by_label("热食类食品制售").check()
        kitchen = page.get_by_role("group", name=re.compile("厨房面积是否超过 50 平方米？"))
        expect(kitchen).to_be_visible()
        expect(needed(page)).to_contain_text("经营场所平面图和设备布局图")
        # The questions were redrawn around the box just ticked; the keyboard stays on it.
        assert page.evaluate("document.activeElement.id") == "q-scope-hot_food"

        kitchen.get_by_label("是").check()
        expect(needed(page)).to_contain_text("排烟设施说明")
        expect(page.get_by_role("status")).to_contain_text("材料清单已确定：共需 4 项材料。")
        expect(page.locator("#guide-materials")).to_contain_text(
            "承诺时限 10 个工作日 · 跑动 0 次 · 免费"
        )
        assert page.evaluate("window.stillTheSamePage") is True
        assert_fits_the_screen(page)
        shoot(page, screenshots, f"catalog-wizard-{screen}")
    finally:
        context.close()


def test_the_guide_works_without_javascript(browser: Browser, live_server, food_licence) -> None:
    context = browser.new_context(locale="zh-CN", java_script_enabled=False, **SCREENS["phone"])
    page = context.new_page()
    try:
        page.goto(f"{live_server.url}/items/")
        page.get_by_role("link", name=re.compile("餐饮住宿")).click()
        page.get_by_role("link", name="食品经营许可").click()
        page.get_by_role("link", name="开始情形引导").click()
        page.get_by_label("以企业身份").check()
        page.get_by_label("自有").check()
        page.get_by_label("热食类食品制售").check()
        page.get_by_role("button", name="更新材料清单").click()

        kitchen = page.get_by_role("group", name=re.compile("厨房面积是否超过 50 平方米？"))
        expect(kitchen).to_be_visible()
        expect(page.get_by_label("热食类食品制售")).to_be_checked()
        kitchen.get_by_label("否").check()
        page.get_by_role("button", name="更新材料清单").click()

        expect(needed(page)).to_contain_text("营业执照")
        expect(needed(page)).to_contain_text("不动产权证书")
        expect(needed(page)).not_to_contain_text("排烟设施说明")
        expect(page.get_by_text("材料清单已确定：共需 4 项材料。")).to_be_visible()
    finally:
        context.close()

"""The issue's browser test: a citizen applies for 食品经营许可 on a phone, the window clerk
asks once for a correction, the citizen corrects, the clerk accepts, 市场监管、卫健 and 消防
approve in parallel, 市场监管 decides and issues, and the citizen downloads the decision.
Every actor works in their own browser context; screenshots of the draft, the clerk's case
page with the correction form and the citizen's progress go to var/screenshots/."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from playwright.sync_api import Browser, BrowserContext, Page, expect

from tests.catalog.conftest import CATERING, food_licence_line, load
from tests.e2e import conftest as e2e
from tests.e2e.conftest import DESKTOP, PHONE, assert_fits_the_screen
from tests.factories import PASSWORD, make_official, make_person
from tongban.accounts.models import Official, Person
from tongban.catalog.models import Implementation
from tongban.core.models import Department
from tongban.demo import seeding

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def food_licence(transactional_db) -> Implementation:
    seeding.departments_of(seeding.regions())
    seeding.processes()
    regulator = Department.objects.get(region__code="370100", kind="scjg")
    load(CATERING, food_licence_line(regulator, process="food-licence"))
    return Implementation.objects.get(process_key="food-licence")


@pytest.fixture
def people(food_licence) -> dict[str, Person | Official]:
    city = {d.kind: d for d in Department.objects.filter(region__code="370100")}
    return {
        "citizen": make_person(real_name="张伟", mobile_number="13905310001"),
        "clerk": make_official("window01", department=city["zwfw"], roles=("window_clerk",)),
        "scjg": make_official("scjg01", department=city["scjg"], roles=("reviewer", "approver")),
        "wjw": make_official("wjw01", department=city["wjw"], roles=("reviewer",)),
        "xf": make_official("xf01", department=city["xf"], roles=("reviewer",)),
    }


def minimal_pdf(text: str) -> bytes:
    """A one-page PDF with one line of text, cross-reference table and all: what a scanner
    app hands over, in a few hundred bytes."""
    stream = f"BT /F1 18 Tf 40 100 Td ({text}) Tj ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 420 200] /Contents 4 0 R"
        b" /Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    pdf, offsets = bytearray(b"%PDF-1.4\n"), []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(pdf))
        pdf += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(pdf)
    pdf += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    pdf += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    pdf += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(pdf)


@pytest.fixture
def materials(tmp_path: Path) -> dict[str, Path]:
    files = {}
    for code, text in [
        ("application", "Application form, signed"),
        ("lease", "Lease contract"),
        ("lease-stamped", "Lease contract, stamped by the landlord"),
    ]:
        files[code] = tmp_path / f"{code}.pdf"
        files[code].write_bytes(minimal_pdf(text))
    return files


def shoot(page: Page, folder: Path, name: str) -> None:
    e2e.shoot(page, folder, f"application-{name}")


def shoot_both(page: Page, twin: BrowserContext, folder: Path, name: str, mine: str) -> None:
    """The page as this actor sees it, and the same address on the other screen size."""
    shoot(page, folder, f"{name}-{mine}")
    other = twin.new_page()
    other.goto(page.url)
    assert_fits_the_screen(other)
    shoot(other, folder, f"{name}-{'desktop' if mine == 'phone' else 'phone'}")
    other.close()


def sign_in(page: Page, username: str) -> None:
    page.get_by_label("身份证号码、手机号码或用户名").fill(username)
    page.get_by_label("密码", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="登录", exact=True).click()


def official_session(browser: Browser, url: str, official: Official) -> Page:
    page = browser.new_context(locale="zh-CN", **DESKTOP).new_page()
    page.goto(f"{url}/login/")
    sign_in(page, official.user.get_username())
    page.wait_for_load_state()
    if "/login/code/" in page.url:
        # Officials pass a second factor (动态口令) where the platform asks for one.
        from tests.factories import totp_code

        page.get_by_label("动态口令").fill(totp_code(official.user))
        page.get_by_role("button", name="验证并登录").click()
    page.wait_for_url("**/workbench/")
    return page


def signed_in_session(browser: Browser, url: str, official: Official) -> Page:
    """A department's own browser session, signed in on the server side: the clerk's session
    has already gone through the sign-in pages."""
    client = Client()
    client.force_login(official.user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    context = browser.new_context(locale="zh-CN", **DESKTOP)
    context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": url}])
    page = context.new_page()
    page.goto(f"{url}/workbench/")
    return page


def open_case(page: Page, number: str, screenshots: Path | None = None) -> None:
    page.get_by_role("link", name="进入待办").click()
    page.wait_for_url("**/workbench/tasks/")
    if screenshots is not None:
        shoot(page, screenshots, "queue-desktop")
    page.get_by_role("link", name=number).click()
    page.wait_for_url(f"**/workbench/cases/{number}/")


def approve(page: Page, button: str, opinion: str) -> None:
    page.get_by_label("办理意见").fill(opinion)
    page.get_by_role("button", name=button, exact=True).click()
    expect(page.get_by_role("status")).to_contain_text("已办理")


def test_a_restaurant_licence_from_application_to_the_decision_notice(
    browser: Browser, live_server, people, materials, screenshots: Path, food_licence
) -> None:
    url = live_server.url
    contexts: list[BrowserContext] = []

    def context(**screen) -> BrowserContext:
        contexts.append(browser.new_context(locale="zh-CN", **screen))
        return contexts[-1]

    try:
        # The citizen, on a phone, answers the guide and applies.
        citizen = context(**PHONE).new_page()
        citizen.goto(f"{url}/items/{food_licence.code}/guide/")
        citizen.get_by_role("link", name="登录后在线申请").click()
        sign_in(citizen, people["citizen"].mobile)
        citizen.wait_for_url(f"**/items/{food_licence.code}/guide/")
        citizen.get_by_label("租赁").check()
        citizen.get_by_label("预包装食品销售").check()
        apply_button = citizen.get_by_role("button", name="在线申请")
        expect(apply_button).to_be_visible()
        assert_fits_the_screen(citizen)
        shoot(citizen, screenshots, "guide-phone")
        apply_button.click()
        citizen.wait_for_url("**/my/applications/*/")
        number = citizen.url.rstrip("/").rsplit("/", 1)[1]
        expect(citizen.get_by_role("status")).to_contain_text("申请草稿已创建")

        citizen.get_by_label("选择文件：食品经营许可申请书").set_input_files(
            materials["application"]
        )
        citizen.get_by_role("button", name="上传：食品经营许可申请书").click()
        expect(citizen.get_by_role("status")).to_contain_text("已上传“食品经营许可申请书”。")
        expect(citizen.get_by_text("还有 1 项材料未上传")).to_be_visible()
        assert_fits_the_screen(citizen)
        citizen_desktop = browser.new_context(
            locale="zh-CN", storage_state=citizen.context.storage_state(), **DESKTOP
        )
        contexts.append(citizen_desktop)
        shoot_both(citizen, citizen_desktop, screenshots, "draft", "phone")

        citizen.get_by_label("选择文件：经营场所租赁合同").set_input_files(materials["lease"])
        citizen.get_by_role("button", name="上传：经营场所租赁合同").click()
        citizen.get_by_role("button", name="提交申请").click()
        expect(citizen.get_by_role("status")).to_contain_text("申请已提交")
        expect(citizen.get_by_text("待受理").first).to_be_visible()

        # The window clerk asks once for everything that is wrong.
        clerk = official_session(browser, url, people["clerk"])
        contexts.append(clerk.context)
        open_case(clerk, number, screenshots)
        expect(clerk.get_by_role("heading", name="申请材料")).to_be_visible()
        expect(clerk.locator("iframe.preview__frame")).to_have_count(2)
        clerk.get_by_label("经营场所租赁合同", exact=True).check()
        clerk.get_by_label("“经营场所租赁合同”的补正原因").fill("租赁合同未盖出租方印章")
        clerk.get_by_label("补正说明").fill("请补正后重新提交。")
        clerk_phone = browser.new_context(
            locale="zh-CN", storage_state=clerk.context.storage_state(), **PHONE
        )
        contexts.append(clerk_phone)
        shoot_both(clerk, clerk_phone, screenshots, "clerk-correction", "desktop")
        clerk.get_by_role("button", name="发出一次性补正告知").click()
        expect(clerk.get_by_role("status")).to_contain_text("已办理：一次性告知补正。")

        # The citizen sees the notice, uploads the lease again and resubmits.
        citizen.reload()
        expect(citizen.get_by_role("heading", name="需要补正")).to_be_visible()
        expect(citizen.get_by_text("原因：租赁合同未盖出租方印章")).to_be_visible()
        expect(citizen.get_by_role("link", name="一次性补正告知书（PDF）")).to_be_visible()
        correction = citizen.locator("#correction")
        correction.get_by_label("更换文件：经营场所租赁合同").set_input_files(
            materials["lease-stamped"]
        )
        correction.get_by_role("button", name="上传：经营场所租赁合同").click()
        expect(citizen.get_by_text("已重新上传")).to_be_visible()
        citizen.get_by_role("button", name="提交补正").click()
        expect(citizen.get_by_role("status")).to_contain_text("补正材料已提交")

        # The clerk accepts; three departments review in parallel, each in its own session.
        clerk.reload()
        clerk.get_by_role("button", name="受理", exact=True).click()
        expect(clerk.get_by_role("status")).to_contain_text("已办理：受理。")
        expect(clerk.get_by_text("您在此办件上没有待办任务。")).to_be_visible()
        for name in ("wjw", "xf", "scjg"):
            reviewer = signed_in_session(browser, url, people[name])
            contexts.append(reviewer.context)
            open_case(reviewer, number)
            approve(reviewer, "同意", "符合要求。")
        # 市场监管 decides and issues on the page it is already on.
        expect(reviewer.get_by_text("并联审查意见：同意")).to_be_visible()
        approve(reviewer, "准予许可", "准予食品经营许可。")
        reviewer.get_by_role("button", name="出证", exact=True).click()
        expect(reviewer.get_by_role("status")).to_contain_text("已办理：出证。")

        # The citizen follows the case to its end and downloads the decision.
        citizen.reload()
        expect(citizen.get_by_text("已办结（准予）").first).to_be_visible()
        timeline = citizen.locator(".timeline")
        for step in ("提交申请", "一次性告知补正", "提交补正材料", "受理", "准予许可", "制证发证"):
            expect(timeline).to_contain_text(step)
        assert "李四" not in timeline.inner_text()  # departments, never officials' names
        assert_fits_the_screen(citizen)
        shoot_both(citizen, citizen_desktop, screenshots, "progress", "phone")
        with citizen.expect_download() as download:
            citizen.get_by_role("link", name="下载准予许可决定书（PDF）").click()
        assert Path(download.value.path()).read_bytes().startswith(b"%PDF")
        assert download.value.suggested_filename.endswith(".pdf")
    finally:
        for each in contexts:
            each.close()

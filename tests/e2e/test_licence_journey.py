"""The issue's browser test for electronic licences: the legal representative of a restaurant
company applies for 食品经营许可 on a phone; the company's 营业执照 comes from the licence
library and his 不动产权证书 from the sandbox department systems (a real process over HTTP),
so he uploads only the application form. The departments approve (driven through the workflow
services to keep this short); the 食品经营许可证 lands in the company's wallet; he downloads it,
and an anonymous visitor verifies it on /verify/ by the PDF and by the QR code's content; a
PDF with one changed byte is 已被篡改. Screenshots: var/screenshots/licence-*.png."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.conf import settings
from playwright.sync_api import Browser, BrowserContext, Page, expect

from tests.catalog.conftest import CATERING, food_licence_line, load, simple_line
from tests.e2e import conftest as e2e
from tests.e2e.conftest import DESKTOP, PHONE, assert_fits_the_screen
from tests.e2e.test_application_journey import minimal_pdf, sign_in
from tests.exchange.conftest import ZHANG_WEI_ID, sandbox
from tests.factories import make_official, make_person, uscc
from tongban.accounts import services as accounts
from tongban.cases import services as cases
from tongban.cases.models import Case
from tongban.catalog.models import Implementation
from tongban.core.models import Department
from tongban.demo import seeding
from tongban.exchange import services as exchange
from tongban.licences import pdfseal, verification
from tongban.licences import services as licences
from tongban.licences.models import Licence, LicenceType
from tongban.licences.seeding import seed_licence_types

__all__ = ["sandbox"]
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
COMPANY = "济南张记餐饮有限公司"


@pytest.fixture
def city(transactional_db) -> dict[str, Department]:
    seeding.departments_of(seeding.regions())
    seeding.processes()
    seed_licence_types()
    return {d.kind: d for d in Department.objects.filter(region__code="370100")}


@pytest.fixture
def food_licence(city) -> Implementation:
    load(CATERING, food_licence_line(city["scjg"], process="food-licence"))
    entry = Implementation.objects.get(process_key="food-licence")
    # Its result is a licence type Tongban issues: approval puts it in the wallet.
    assert any(entry.result_name in t.result_names for t in LicenceType.objects.all())
    return entry


@pytest.fixture
def people(city, food_licence) -> dict:
    citizen = make_person(real_name="张伟", id_number=ZHANG_WEI_ID, mobile_number="13905310002")
    company = accounts.create_organisation(uscc=uscc(), name=COMPANY, legal_representative=citizen)
    return {
        "citizen": citizen,
        "company": company,
        "clerk": make_official("window02", department=city["zwfw"], roles=("window_clerk",)),
        "scjg": make_official("scjg02", department=city["scjg"], roles=("reviewer", "approver")),
        "wjw": make_official("wjw02", department=city["wjw"], roles=("reviewer",)),
        "xf": make_official("xf02", department=city["xf"], roles=("reviewer",)),
    }


@pytest.fixture
def business_licence(city, people) -> Licence:
    """The company's 营业执照, issued by 市场监管 when its registration was approved."""
    line = simple_line(city["scjg"], "000117001000", "企业设立登记", audience="organisation")
    line["implementation"]["result"] = {"name": "营业执照", "licence": True}
    load(line)
    registration = Case.objects.create(
        number="YYZZ00000001",
        implementation=Implementation.objects.get(item__basic_code="000117001000"),
        applicant=people["citizen"],
        organisation=people["company"],
        form={"shop_name": COMPANY, "scope": "餐饮服务", "address": "历下区解放路1号"},
    )
    issued = licences.issue_licence(registration, people["scjg"])
    assert issued is not None
    return issued


@pytest.fixture
def departments(city, sandbox):
    """The demo city's providers: the sandbox department systems, and the licence library."""
    exchange.register_providers("370100", sandbox.url, sandbox.key)
    return sandbox


def shoot(page: Page, folder: Path, name: str) -> None:
    e2e.shoot(page, folder, f"licence-{name}")


def approve_everywhere(number: str, people: dict) -> None:
    """The officials' part, through the cases services: accept, three parallel reviews,
    decision and issuance."""
    process = Case.objects.get(number=number).process

    def act(official, action: str, opinion: str = "") -> None:
        task = process.tasks.get(status="open", department=official.department)
        cases.act_on_task(task.pk, official, action, opinion=opinion)

    act(people["clerk"], "accept")
    for name in ("scjg", "wjw", "xf"):
        act(people[name], "approve", "符合要求。")
    act(people["scjg"], "approve", "准予食品经营许可。")
    act(people["scjg"], "issue")


def flipped(pdf: bytes, at: int) -> bytes:
    return pdf[:at] + bytes([pdf[at] ^ 0x01]) + pdf[at + 1 :]


def test_a_licence_is_issued_reused_downloaded_and_verified_by_anyone(
    browser: Browser,
    live_server,
    people,
    food_licence,
    business_licence,
    departments,
    screenshots: Path,
    tmp_path: Path,
) -> None:
    url = live_server.url
    company = people["company"]
    contexts: list[BrowserContext] = []

    def context(**screen) -> BrowserContext:
        contexts.append(browser.new_context(locale="zh-CN", **screen))
        return contexts[-1]

    try:
        # The legal representative, on a phone, applies for his company.
        citizen = context(**PHONE).new_page()
        citizen.goto(f"{url}/items/{food_licence.code}/guide/")
        citizen.get_by_role("link", name="登录后在线申请").click()
        sign_in(citizen, people["citizen"].mobile)
        citizen.wait_for_url(f"**/items/{food_licence.code}/guide/")
        citizen.get_by_label(COMPANY).check()
        citizen.get_by_label("自有").check()
        citizen.get_by_label("预包装食品销售").check()
        citizen.get_by_role("button", name="在线申请").click()
        citizen.wait_for_url("**/my/applications/*/")
        number = citizen.url.rstrip("/").rsplit("/", 1)[1]
        expect(citizen.get_by_text("还有 3 项材料未上传")).to_be_visible()

        # 免提交: the 营业执照 from the licence library, the 不动产权证书 from 自然资源.
        citizen.goto(f"{url}/my/data-access/applications/{number}/reuse/")
        expect(citizen.get_by_label("营业执照")).to_be_checked()
        expect(citizen.get_by_label("不动产权证书")).to_be_checked()
        citizen.get_by_label("我同意通办为本办件获取上述证照和数据").check()
        citizen.get_by_role("button", name="获取并免提交").click()
        citizen.wait_for_url(f"**/my/applications/{number}/")
        told = citizen.get_by_role("status")
        expect(told).to_contain_text("营业执照：已从电子证照库获取，无需上传。")
        expect(told).to_contain_text("不动产权证书：已从")
        expect(citizen.get_by_text("还有 1 项材料未上传")).to_be_visible()
        application = tmp_path / "application.pdf"
        application.write_bytes(minimal_pdf("Application form, signed"))
        citizen.get_by_label("选择文件：食品经营许可申请书").set_input_files(application)
        citizen.get_by_role("button", name="上传：食品经营许可申请书").click()
        citizen.get_by_role("button", name="提交申请").click()
        expect(citizen.get_by_role("status")).to_contain_text("申请已提交")
        reused = Case.objects.get(number=number).materials.filter(code="licence").get()
        assert reused.source == "licence"
        assert reused.file.open("rb").read() == business_licence.pdf.open("rb").read()

        approve_everywhere(number, people)
        food = Licence.objects.get(case__number=number)
        assert food.licence_type.code == "spjyxkz"
        assert food.holder_organisation == company

        # The licence is in the company's wallet; he downloads it.
        citizen.goto(f"{url}/my/licences/?for={company.uscc}")
        entry = citizen.locator(".entry").filter(has_text="食品经营许可证")
        expect(entry).to_contain_text(food.identifier)
        expect(entry).to_contain_text("有效")
        assert_fits_the_screen(citizen)
        shoot(citizen, screenshots, "wallet-phone")
        wallet_desktop = browser.new_context(
            locale="zh-CN", storage_state=citizen.context.storage_state(), **DESKTOP
        )
        contexts.append(wallet_desktop)
        desktop = wallet_desktop.new_page()
        desktop.goto(citizen.url)
        assert_fits_the_screen(desktop)
        shoot(desktop, screenshots, "wallet-desktop")
        with citizen.expect_download() as download:
            entry.get_by_role("link", name="下载PDF").click()
        pdf = Path(download.value.path()).read_bytes()
        assert pdf.startswith(b"%PDF")
        assert download.value.suggested_filename == f"{food.identifier}.pdf"
        saved = tmp_path / "licence.pdf"
        saved.write_bytes(pdf)

        # Anyone, not signed in, verifies the PDF …
        for screen, size in (("desktop", DESKTOP), ("phone", PHONE)):
            visitor = context(**size).new_page()
            visitor.goto(f"{url}/verify/")
            session = settings.SESSION_COOKIE_NAME
            assert all(c["name"] != session for c in visitor.context.cookies())
            visitor.get_by_label("证照PDF文件").set_input_files(saved)
            visitor.get_by_role("button", name="核验").click()
            verdict = visitor.get_by_role("status")
            expect(verdict).to_contain_text("真实有效")
            expect(verdict).to_contain_text("食品经营许可证")
            expect(verdict).to_contain_text(COMPANY)
            expect(verdict).to_contain_text(food.identifier)
            assert_fits_the_screen(visitor)
            shoot(visitor, screenshots, f"verify-{screen}")

        # … then pastes what scanning its QR code gives …
        token = verification.qr_token(food.identifier, food.signing_key.kid, food.qr_signature)
        visitor.goto(f"{url}/verify/")
        visitor.get_by_label("或二维码内容").fill(f"http://127.0.0.1:8000/verify/?q={token}")
        visitor.get_by_role("button", name="核验").click()
        expect(visitor.get_by_role("status")).to_contain_text("真实有效")
        expect(visitor.get_by_role("status")).to_contain_text(food.identifier)

        # … and one changed byte in the signed pages gives the forgery away.
        forged = tmp_path / "forged.pdf"
        forged.write_bytes(flipped(pdf, pdfseal.unseal(pdf).signed_length // 2))
        visitor.goto(f"{url}/verify/")
        visitor.get_by_label("证照PDF文件").set_input_files(forged)
        visitor.get_by_role("button", name="核验").click()
        expect(visitor.get_by_role("status")).to_contain_text("已被篡改")
        expect(visitor.get_by_role("status")).not_to_contain_text("真实有效")
        shoot(visitor, screenshots, "verify-altered-phone")
    finally:
        for each in contexts:
            each.close()

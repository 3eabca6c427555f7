"""A citizen reads a deadline counted through 2027 (no holiday schedule yet) on a phone, in
Chinese and in English: the date, and that it is provisional."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from playwright.sync_api import Browser

from tests.cases.test_provisional_deadlines import (
    accepted_on_20_december,
    at,
    twenty_day_entry,
)
from tests.e2e.conftest import PHONE, assert_fits_the_screen, shoot
from tests.workflow.conftest import city, food_entry, officials

__all__ = ["accepted_on_20_december", "city", "food_entry", "officials", "twenty_day_entry"]

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

EXPECTED = {
    "zh-CN": "预计（2027 年放假安排未公布）",
    "en-US": "provisional (the 2027 holiday schedule is not yet announced)",
}


@pytest.mark.parametrize("locale", sorted(EXPECTED))
def test_the_provisional_deadline_on_a_phone(
    browser: Browser, live_server, accepted_on_20_december, screenshots: Path, locale: str
) -> None:
    number = accepted_on_20_december["number"]
    with at(2026, 12, 21, 9):
        session = Client()
        session.force_login(accepted_on_20_december["citizen"].user)
        context = browser.new_context(locale=locale, **PHONE)
        context.add_cookies(
            [
                {
                    "name": settings.SESSION_COOKIE_NAME,
                    "value": session.cookies[settings.SESSION_COOKIE_NAME].value,
                    "url": live_server.url,
                }
            ]
        )
        page = context.new_page()
        page.goto(f"{live_server.url}/my/applications/{number}/")

        deadline = page.locator("dd", has=page.locator("time[datetime='2027-01-18']"))
        assert EXPECTED[locale] in deadline.inner_text()
        assert_fits_the_screen(page)
        shoot(page, screenshots, f"provisional-deadline-phone-{locale}")
        context.close()

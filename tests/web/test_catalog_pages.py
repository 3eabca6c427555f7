"""The catalogue pages through the real HTTP stack: browsing, the printable service guide and
the situational guide, with and without htmx."""

from __future__ import annotations

import pytest
from django.test import Client

from tests.catalog.conftest import BASIC_CODE, CATERING, food_licence_line, load
from tongban.catalog import selectors
from tongban.catalog.models import Fee, Implementation
from tongban.core.models import Department
from tongban.demo import seeding
from tongban.web.situations import describe

pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true"}


def page(response) -> str:
    return response.content.decode()


@pytest.fixture
def regulator(db) -> Department:
    seeding.departments_of(seeding.regions())
    return Department.objects.get(region__code="370100", kind="scjg")


@pytest.fixture
def food_licence(regulator) -> Implementation:
    load(CATERING, food_licence_line(regulator))
    return Implementation.objects.get(item__basic_code=BASIC_CODE)


def guide_url(entry: Implementation) -> str:
    return f"/items/{entry.code}/guide/"


def needed_section(html: str) -> str:
    """The "需要提交" list of the material panel, without the undecided ones after it."""
    start = html.index("需要提交（")
    end = html.find("视情形而定（", start)
    return html[start : end if end != -1 else len(html)]


# Browsing


def test_the_catalogue_offers_life_events_with_counts_departments_and_a_search_box(
    client, food_licence
):
    html = page(client.get("/items/"))
    assert "事项浏览" in html
    assert 'href="/items/theme/catering/"' in html
    assert "餐饮住宿" in html
    assert "1 个事项" in html
    assert f'href="/items/department/{food_licence.department.uscc}/"' in html
    assert food_licence.department.name in html
    assert 'action="/items/search/"' in html
    assert 'name="q"' in html


def test_the_home_page_and_the_navigation_lead_to_the_catalogue(client):
    html = page(client.get("/"))
    assert html.count('href="/items/"') >= 2
    assert 'href="/items/" aria-current="page"' in page(client.get("/items/"))


def test_a_life_event_lists_its_entries_with_limit_visits_depth_and_fees(client, food_licence):
    response = client.get("/items/theme/catering/")
    assert response.status_code == 200
    html = page(response)
    assert f'href="/items/{food_licence.code}/"' in html
    assert "食品经营许可" in html
    assert food_licence.department.name in html
    assert "承诺 10 个工作日" in html
    assert "零跑腿" in html
    assert "四级：全程网办" in html
    assert "免费" in html


def test_a_department_lists_its_entries_and_says_when_one_charges(client, food_licence):
    Fee.objects.create(
        implementation=food_licence, name="工本费", standard="每证 10 元", basis="某文件"
    )
    html = page(client.get(f"/items/department/{food_licence.department.uscc}/"))
    assert food_licence.department.name in html
    assert "食品经营许可" in html
    assert "收费" in html


def load_entries(regulator: Department, count: int) -> None:
    """``count`` entries under 餐饮住宿, entry n with popularity n."""
    lines = [CATERING]
    for n in range(count):
        code = f"{BASIC_CODE[:-2]}{n:02d}"
        line = food_licence_line(regulator, code=f"{regulator.uscc}3{code}", popularity=n)
        line["implementation"]["item"] = {**line["implementation"]["item"], "basic_code": code}
        lines.append(line)
    load(*lines)


def test_long_lists_are_paged_by_key_most_popular_first(client, regulator):
    load_entries(regulator, 25)
    first = page(client.get("/items/theme/catering/"))
    assert first.index(f"{regulator.uscc}3{BASIC_CODE[:-2]}24") < first.index(
        f"{regulator.uscc}3{BASIC_CODE[:-2]}23"
    )
    assert first.count('class="entry"') == 20
    assert "?after=5-" in first
    after = first.split("?after=")[1].split('"')[0]
    second = page(client.get(f"/items/theme/catering/?after={after}"))
    assert second.count('class="entry"') == 5
    assert "回到第一页" in second
    assert "下一页" not in second


def test_unknown_life_events_departments_and_codes_are_not_found(client, food_licence):
    for path in [
        "/items/theme/no-such-theme/",
        "/items/department/91370100MA3C0000XX/",
        "/items/NO-SUCH-CODE/",
        "/items/NO-SUCH-CODE/guide/",
    ]:
        response = client.get(path)
        assert response.status_code == 404, path
        assert "页面不存在" in page(response)


# The service guide


def test_the_service_guide_shows_everything_a_printed_guide_needs(client, food_licence):
    response = client.get(f"/items/{food_licence.code}/")
    assert response.status_code == 200
    html = page(response)
    for text in [
        "食品经营许可",
        "行政许可",
        "自然人和法人",
        "《中华人民共和国食品安全法》第三十五条",
        food_licence.department.name,
        food_licence.region.name,
        "有与经营的食品品种、数量相适应的经营场所。",
        "20 个工作日",
        "10 个工作日",
        "承诺件",
        "四级：全程网办",
        "0 次（零跑腿）",
        "免费",
        "政务服务中心综合窗口",
        "工作日 9:00-17:00",
        "0531-12345",
        "食品经营许可证",
        "申请人签字的申请书。",
        "经营场所平面图和设备布局图",
    ]:
        assert text in html, text
    assert 'media="print"' in html
    assert f'href="/items/{food_licence.code}/guide/"' in html


def test_the_service_guide_tells_conditions_in_words_and_marks_reusable_materials(
    client, food_licence
):
    html = page(client.get(f"/items/{food_licence.code}/"))
    assert "仅在以下情形需要：“经营场所是自有还是租赁？”选“租赁”" in html
    assert "仅在以下情形需要：以法人身份办理" in html
    assert (
        "仅在以下情形需要：“经营项目”选“热食类食品制售”，并且“厨房面积是否超过 50 平方米？”选“是”"
        in html
    )
    assert "answers." not in html
    assert "applicant.type" not in html
    assert html.count("可免提交</span>") == 2  # the business licence and the property deed


def test_the_print_stylesheet_drops_the_navigation_on_a4():
    from django.contrib.staticfiles import finders

    with open(finders.find("web/print.css"), encoding="utf-8") as sheet:
        css = sheet.read()
    assert "@media print" in css
    assert "size: A4" in css
    assert ".site-header" in css


def test_htmx_is_served_from_the_site_itself(client):
    html = page(client.get("/"))
    assert '<script src="/static/web/vendor/htmx.min.js" defer></script>' in html
    from django.contrib.staticfiles import finders

    assert finders.find("web/vendor/htmx.min.js")
    assert finders.find("web/vendor/htmx.LICENSE")


@pytest.mark.parametrize(
    ("condition", "words"),
    [
        ("", ""),
        (
            'answers.venue in ["own", "rented"]',
            "仅在以下情形需要：“经营场所是自有还是租赁？”选“自有”或“租赁”",
        ),
        (
            'answers.venue == "own" || "hot_food" in answers.scope',
            "仅在以下情形需要：“经营场所是自有还是租赁？”选“自有”，或者“经营项目”选“热食类食品制售”",
        ),
        # Negations, mixed and/or and comparisons of age are told as what they depend on.
        ('answers.venue != "own"', "视以下情况而定：“经营场所是自有还是租赁？”"),
        (
            'answers.venue == "own" && applicant.age < 18 || applicant.type == "person"',
            "视以下情况而定：“经营场所是自有还是租赁？”、申请人年龄、申请人身份",
        ),
        ("applicant.age >= 16", "视以下情况而定：申请人年龄"),
    ],
)
def test_conditions_are_told_in_words_never_claiming_more_than_they_say(
    food_licence, condition, words
):
    entry = selectors.implementation_detail(food_licence.code)
    assert describe(condition, {q.code: q for q in entry.questions.all()}) == words


# The situational guide without JavaScript


def test_the_guide_asks_the_first_questions_and_lists_what_is_always_needed(client, food_licence):
    response = client.get(guide_url(food_licence))
    assert response.status_code == 200
    html = page(response)
    assert "经营场所是自有还是租赁？" in html
    assert 'type="radio" name="q-venue"' in html
    assert 'type="checkbox" name="q-scope"' in html
    assert 'id="q-kitchen"' not in html
    assert "还需回答" in html
    assert "以个人还是企业身份办理？" in html
    assert "食品经营许可申请书" in needed_section(html)
    assert "视情形而定" in html
    assert "承诺时限 10 个工作日 · 跑动 0 次 · 免费" in html
    assert f'hx-post="/items/{food_licence.code}/guide/materials/"' in html
    assert 'hx-target="#guide-materials"' in html
    assert 'name="csrfmiddlewaretoken"' in html


def test_a_person_renting_to_sell_packaged_food_needs_the_lease_and_nothing_for_hot_food(
    client, food_licence
):
    data = {"applicant_type": "person", "q-venue": "rented", "q-scope": ["prepackaged"]}
    html = page(client.post(guide_url(food_licence), data))
    needed = needed_section(html)
    assert "食品经营许可申请书" in needed
    assert "经营场所租赁合同" in needed
    for absent in ["营业执照", "不动产权证书", "经营场所平面图和设备布局图", "排烟设施说明"]:
        assert absent not in html.split("您需要的材料")[1], absent
    assert "材料清单已确定" in html
    assert 'value="rented" checked' in html
    assert 'id="q-kitchen"' not in html


def test_a_business_cooking_hot_food_in_its_own_big_kitchen_needs_five_materials(
    client, food_licence
):
    data = {"applicant_type": "organisation", "q-venue": "own", "q-scope": ["hot_food"]}
    html = page(client.post(guide_url(food_licence), data))
    assert 'id="q-kitchen"' in html  # the follow-up now applies
    assert "排烟设施说明" not in needed_section(html)

    html = page(client.post(guide_url(food_licence), {**data, "q-kitchen": "yes"}))
    needed = needed_section(html)
    for name in ["食品经营许可申请书", "营业执照", "不动产权证书", "平面图", "排烟设施说明"]:
        assert name in needed, name
    assert "经营场所租赁合同" not in needed
    assert "需要提交（5 项）" in html
    assert "可免提交" in needed


def test_an_invalid_answer_is_explained_next_to_its_question_not_a_server_error(
    client, food_licence
):
    response = client.post(guide_url(food_licence), {"q-venue": "castle", "q-scope": "hot_food"})
    assert response.status_code == 200
    html = page(response)
    assert "部分回答无效。" in html
    assert "请从给出的选项中选择。" in html
    assert 'role="alert"' in html
    assert "经营场所平面图和设备布局图" in needed_section(html)  # the valid answer still counts


def test_two_choices_for_a_single_choice_question_are_refused_politely(client, food_licence):
    response = client.post(guide_url(food_licence), {"q-venue": ["own", "rented"]})
    assert response.status_code == 200
    assert "此问题只能选择一项。" in page(response)


# The situational guide with htmx


def test_the_htmx_partial_answers_with_the_panel_and_the_questions_only(client, food_licence):
    data = {"q-venue": "rented", "q-scope": ["hot_food"]}
    response = client.post(f"/items/{food_licence.code}/guide/materials/", data, **HTMX)
    assert response.status_code == 200
    html = page(response)
    assert "<html" not in html
    assert "site-header" not in html
    assert "经营场所租赁合同" in needed_section(html)
    assert '<div id="guide-questions" hx-swap-oob="innerHTML">' in html
    assert 'id="q-kitchen"' in html
    assert '<p id="guide-status" hx-swap-oob="innerHTML">' in html


def test_the_htmx_partial_explains_an_invalid_answer(client, food_licence):
    response = client.post(
        f"/items/{food_licence.code}/guide/materials/", {"q-scope": ["cake"]}, **HTMX
    )
    assert response.status_code == 200
    assert "请从给出的选项中选择。" in page(response)


def test_the_partial_endpoint_takes_only_posts(client, food_licence):
    assert client.get(f"/items/{food_licence.code}/guide/materials/").status_code == 405


def test_the_guide_checks_the_csrf_token(food_licence):
    client = Client(enforce_csrf_checks=True)
    response = client.post(guide_url(food_licence), {"q-venue": "own"})
    assert response.status_code == 403


def test_a_signed_in_person_is_not_asked_who_applies(client, food_licence):
    from tests.factories import make_person

    client.force_login(make_person().user)
    html = page(client.get(guide_url(food_licence)))
    assert "以个人还是企业身份办理？" not in html
    assert "营业执照" not in html.split("您需要的材料")[1]


# English


def test_the_catalogue_pages_render_in_english(client, food_licence):
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    html = page(client.get("/items/"))
    assert '<html lang="en">' in html
    assert "Browse services" in html
    assert "事项浏览" not in html
    html = page(client.get(f"/items/{food_licence.code}/"))
    assert "Service guide" in html
    assert "Required materials" in html
    assert "办事指南" not in html
    html = page(client.post(guide_url(food_licence), {"q-venue": "rented"}))
    assert "Still to answer" in html
    assert "Needed only if" in html
    assert "还需回答" not in html


def test_list_and_guide_pages_take_a_fixed_number_of_queries(
    client, regulator, django_assert_max_num_queries
):
    load_entries(regulator, 25)
    entry = Implementation.objects.first()
    with django_assert_max_num_queries(4):
        client.get("/items/")
    with django_assert_max_num_queries(4):
        client.get("/items/theme/catering/")
    with django_assert_max_num_queries(4):
        client.get(f"/items/department/{regulator.uscc}/")
    with django_assert_max_num_queries(7):
        client.get(f"/items/{entry.code}/")
    with django_assert_max_num_queries(7):
        client.post(guide_url(entry), {"q-venue": "own", "q-scope": ["hot_food"]})


# Search


def test_searching_in_everyday_words_finds_the_food_licence(client, food_licence):
    response = client.get("/items/search/", {"q": "开饭店"})
    assert response.status_code == 200
    html = page(response)
    assert "“开饭店”的搜索结果" in html
    assert f'href="/items/{food_licence.code}/"' in html
    assert "找到 1 个事项" in html
    assert 'value="开饭店"' in html


def test_a_search_that_finds_nothing_points_to_browsing(client, food_licence):
    html = page(client.get("/items/search/", {"q": "火星移民"}))
    assert "没有找到与“火星移民”相关的事项。" in html
    assert 'href="/items/"' in html


def test_a_search_too_long_is_refused_with_a_message(client, food_licence):
    response = client.get("/items/search/", {"q": "饭" * 101})
    assert response.status_code == 200
    assert "搜索词不能超过100个字。" in page(response)

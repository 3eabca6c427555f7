"""tongban calendar load/show and the shipped example file."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import time_machine
from django.core.management import CommandError, call_command

from tongban.core.models import AuditEntry, HolidayDay, HolidayYear
from tongban.core.workdays import WorkCalendar, year_schedule

pytestmark = pytest.mark.django_db

EXAMPLE_2026 = Path(__file__).resolve().parents[2] / "docs" / "calendar" / "2026.csv"
NOTICE = "国办发明电〔2026〕99号"
GOOD_2027 = """date,kind,name
2027-01-01,holiday,元旦
2027-02-08,holiday,春节
2027-02-20,workday,春节
"""


def write(tmp_path: Path, text: str, *, encoding: str = "utf-8") -> Path:
    path = tmp_path / "schedule.csv"
    path.write_text(text, encoding=encoding)
    return path


def load(path: Path, year: int = 2027, notice: str = NOTICE) -> None:
    call_command("calendar", "load", str(path), "--year", str(year), "--notice", notice)


def test_load_stores_the_year_and_reports_it(tmp_path: Path, capsys) -> None:
    load(write(tmp_path, GOOD_2027))

    assert "已导入2027年放假安排" in capsys.readouterr().out
    assert HolidayYear.objects.get().notice == NOTICE
    assert HolidayDay.objects.count() == 3
    assert AuditEntry.objects.get().actor_label.startswith("cli:")
    assert WorkCalendar().is_workday(dt.date(2027, 2, 20))


def test_a_file_with_a_byte_order_mark_and_crlf_loads(tmp_path: Path) -> None:
    load(write(tmp_path, "\ufeff" + GOOD_2027.replace("\n", "\r\n")))

    assert HolidayDay.objects.count() == 3


def test_blank_lines_are_skipped(tmp_path: Path) -> None:
    load(write(tmp_path, GOOD_2027.replace("\n2027-02-08", "\n\n2027-02-08")))

    assert HolidayDay.objects.count() == 3


def test_a_bad_file_lists_every_bad_line_and_writes_nothing(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "date,kind,name\n"
        "2027-01-01,holiday,元旦\n"
        "2027/02/08,holiday,春节\n"  # line 3: not an ISO date
        "2027-02-30,holiday,春节\n"  # line 4: no such day
        "2027-02-09,workday,春节\n"  # line 5: a Tuesday cannot be a make-up day
        "2027-02-10,holiday\n"  # line 6: two columns
        "2026-12-31,holiday,元旦\n",  # line 7: outside the year
    )

    with pytest.raises(CommandError) as caught:
        load(path)

    message = str(caught.value)
    for line in (3, 4, 5, 6, 7):
        assert f"第{line}行" in message
    assert "第2行" not in message
    assert "未导入任何数据" in message
    assert not HolidayYear.objects.exists()


def test_rows_the_service_refuses_are_reported_by_file_line(tmp_path: Path) -> None:
    path = write(tmp_path, GOOD_2027.replace("2027-02-20,workday", "2027-02-22,workday"))

    with pytest.raises(CommandError, match="第4行") as caught:
        load(path)

    assert "周一" in str(caught.value)
    assert not HolidayYear.objects.exists()


def test_a_missing_notice_is_refused(tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="--notice"):
        load(write(tmp_path, GOOD_2027), notice=" ")


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("2027-01-01,holiday,元旦\n", "表头"),
        ("", "表头"),
        ("date,kind,name\n", "没有任何"),
    ],
)
def test_a_file_without_header_or_rows_is_refused(
    tmp_path: Path, content: str, message: str
) -> None:
    with pytest.raises(CommandError, match=message):
        load(write(tmp_path, content))


def test_a_file_not_in_utf8_is_refused(tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="UTF-8"):
        load(write(tmp_path, GOOD_2027, encoding="gbk"))


def test_a_missing_file_is_refused(tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="找不到文件"):
        load(tmp_path / "nowhere.csv")


def test_show_a_loaded_year_names_its_notice_and_days(tmp_path: Path, capsys) -> None:
    load(write(tmp_path, GOOD_2027))
    capsys.readouterr()

    call_command("calendar", "show", "2027")

    out = capsys.readouterr().out
    assert "已导入的放假安排" in out
    assert NOTICE in out
    assert "2027-02-20  周六  调休上班  春节" in out
    assert "2027-01-01  周五  放假  元旦" in out


def test_show_a_package_year_lists_its_exceptional_days(capsys) -> None:
    call_command("calendar", "show", "2025")

    out = capsys.readouterr().out
    assert "chinesecalendar" in out
    assert "2025-09-28  周日  调休上班  国庆节" in out
    assert "2025-10-08  周三  放假  国庆节" in out
    assert "2025-10-04" not in out  # a Saturday off is no exception


def test_show_a_year_without_a_schedule_says_it_is_provisional(capsys) -> None:
    call_command("calendar", "show", "2027")

    out = capsys.readouterr().out
    assert "2027年  预计安排 (provisional)" in out
    assert "预计（2027 年放假安排未公布）" in out
    assert "2027-02-05  周五  放假  春节" in out


def test_show_without_a_year_says_which_years_are_official_provisional_or_unknown(
    tmp_path: Path, capsys
) -> None:
    load(write(tmp_path, GOOD_2027))
    capsys.readouterr()

    with time_machine.travel(dt.datetime(2026, 12, 20, 9, tzinfo=dt.UTC), tick=False):
        call_command("calendar", "show")

    out = capsys.readouterr().out
    assert "2026年  官方安排 (official)  来源：软件包" in out
    assert "2027年  官方安排 (official)  来源：已导入的放假安排" in out
    assert "2028年  预计安排 (provisional)" in out
    assert "2004–2026" in out
    assert "未知" in out


def test_the_shipped_2026_example_matches_the_package() -> None:
    expected = [(d.date, d.kind, d.name) for d in year_schedule(2026).days]

    call_command("calendar", "load", str(EXAMPLE_2026), "--year", "2026", "--notice", NOTICE)

    assert list(HolidayDay.objects.values_list("date", "kind", "name")) == expected
    assert len(expected) == 25

"""免提交 figures for the demo catalogue (never part of the test suite).

    .venv/bin/python bench/reuse_report.py

It builds a throwaway test database (in-memory SQLite, or test_<name> on the PostgreSQL server in
DATABASE_URL), seeds the demo city, citizens, company and catalogue, starts the sandbox
department systems as their own process on a free port, and for each demo citizen (and the demo
company, through its agent) counts, over every catalogue entry they may apply for, the
materials their situation needs before any question is answered:
- without reuse: every needed material is an upload;
- with reuse: minus those whose source is a dataset the sandbox holds a record for (asked over
  signed HTTP, as the gateway does), and minus licences the applicant holds in the library.
Materials that depend on answers not given yet are counted apart ("depends on answers")."""

from __future__ import annotations

import json
import logging
import os
import socket
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager

import httpx
from support import setup_database

logging.getLogger("httpx").setLevel(logging.WARNING)  # one INFO line per request otherwise


KEY = "reuse-report-key"


@contextmanager
def sandbox() -> Iterator[str]:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    process = subprocess.Popen(  # noqa: S603 - our own interpreter and module
        [sys.executable, "-m", "tongban.exchange.sandbox.server", "--port", str(port)],
        env={**os.environ, "TONGBAN_SANDBOX_KEY": KEY},
        stderr=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
    )
    try:
        for _ in range(200):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.05)
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        process.wait(timeout=10)


def seed(url: str) -> None:
    from tongban.demo import seeding
    from tongban.exchange import services

    seeding.departments_of(seeding.regions())
    seeding.citizens()
    seeding.company()
    seeding.processes()
    seeding.catalogue()
    services.register_providers("370100", url, KEY)


class SandboxAnswers:
    """Whether the sandbox holds a record, asked once per dataset and subject."""

    def __init__(self, url: str):
        self.url = url
        self.known: dict[tuple[str, str], str] = {}

    def status(self, dataset: str, subject: str, subject_field: str) -> str:
        from tongban.exchange import signing

        if (dataset, subject) not in self.known:
            path = f"/v1/datasets/{dataset}/query"
            body = json.dumps(
                {subject_field: subject, "purpose": "统计", "case": "REPORT"}
            ).encode()
            headers = signing.signed_headers(KEY, "POST", path, body)
            answer = httpx.post(f"{self.url}{path}", content=body, headers=headers, timeout=5)
            self.known[dataset, subject] = answer.json().get("status", "error")
        return self.known[dataset, subject]


def tally(user, uscc: str | None, subject: str, answers: SandboxAnswers) -> Counter:
    from tongban.catalog import selectors as catalog
    from tongban.catalog.models import Audience, MaterialSource
    from tongban.exchange.licence_library import current_licence
    from tongban.exchange.models import Dataset, ProviderKind, SubjectKind

    datasets = {d.code: d for d in Dataset.objects.select_related("provider")}
    audiences = (Audience.ORGANISATION, Audience.BOTH) if uscc else (Audience.PERSON, Audience.BOTH)
    profile = catalog.applicant_profile(user, uscc)
    counts: Counter = Counter()
    for code in (
        catalog.active_implementations()
        .filter(item__audience__in=audiences)
        .values_list("code", flat=True)
    ):
        outcome = catalog.guide_for(catalog.implementation_detail(code), {}, profile)
        counts["items"] += 1
        counts["depends on answers"] += len(outcome.undecided)
        for material in outcome.needed:
            counts["needed"] += 1
            dataset = datasets.get(material.source_ref)
            if material.source == MaterialSource.UPLOAD or dataset is None:
                continue
            if dataset.provider.kind == ProviderKind.LICENCE_LIBRARY:
                holder = uscc if dataset.subject == SubjectKind.ORGANISATION else subject
                if holder and current_licence(material.source_ref, holder) is not None:
                    counts["answered by the licence library"] += 1
                else:
                    counts["licence-sourced, none held"] += 1
                continue
            org = dataset.subject == SubjectKind.ORGANISATION
            field, who = ("uscc", uscc) if org else ("subject_id_number", subject)
            if who and answers.status(dataset.code, who, field) == "found":
                counts["answered by the sandbox"] += 1
            else:
                counts["dataset-sourced, no record"] += 1
    return counts


def report(url: str) -> None:
    from tongban.accounts.models import Organisation
    from tongban.demo import data, seeding

    answers = SandboxAnswers(url)
    company = Organisation.objects.get(name=data.COMPANY["name"])
    applicants = [(c.name, seeding.person(c.mobile), None) for c in data.CITIZENS]
    agent = seeding.person(data.COMPANY["agent_mobile"])
    applicants.append((f"{company.name}（经办人）", agent, company.uscc))
    print(f"{'applicant':<28}{'items':>6}{'needed':>8}{'reused':>8}{'uploads':>9}  other")
    for name, person, uscc in applicants:
        counts = tally(person.user, uscc, person.id_number, answers)
        reused = counts["answered by the sandbox"] + counts["answered by the licence library"]
        uploads = counts["needed"] - reused
        other = {k: v for k, v in counts.items() if k not in {"items", "needed"}}
        print(
            f"{name:<28}{counts['items']:>6}{counts['needed']:>8}{reused:>8}{uploads:>9}  {other}"
        )
    print("uploads without reuse = needed; with reuse = needed - reused (sandbox records and")
    print("licences held; the demo issues no licence until a case is approved)")


def main() -> None:
    teardown = setup_database(announce=False)
    try:
        with sandbox() as url:
            seed(url)
            report(url)
    finally:
        teardown()


if __name__ == "__main__":
    main()

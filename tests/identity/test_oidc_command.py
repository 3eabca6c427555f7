"""``tongban oidc add-client``: a department system is registered and told its credentials."""

from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command
from oauth2_provider.models import Application

from tests.identity.conftest import add_client
from tongban.core.models import AuditEntry

pytestmark = pytest.mark.django_db


def test_a_public_client_gets_an_id_and_no_secret() -> None:
    client_id, secret = add_client("社保业务系统", "https://si.example.gov.cn/cb")
    application = Application.objects.get(client_id=client_id)
    assert secret == ""
    assert application.client_type == Application.CLIENT_PUBLIC
    assert application.authorization_grant_type == Application.GRANT_AUTHORIZATION_CODE
    assert application.algorithm == Application.RS256_ALGORITHM
    assert application.redirect_uris == "https://si.example.gov.cn/cb"
    assert AuditEntry.objects.filter(action="identity.client_registered").exists()


def test_a_confidential_client_is_shown_its_secret_once_and_only_its_hash_is_kept() -> None:
    client_id, secret = add_client(
        "不动产登记系统", "https://bdc.example.gov.cn/cb", "--confidential"
    )
    application = Application.objects.get(client_id=client_id)
    assert application.client_type == Application.CLIENT_CONFIDENTIAL
    assert len(secret) >= 32
    assert application.client_secret != secret
    assert application.client_secret.startswith("argon2") or "$" in application.client_secret


def test_a_bad_redirect_uri_is_refused() -> None:
    with pytest.raises(CommandError):
        call_command(
            "oidc",
            "add-client",
            "--name",
            "x",
            "--redirect-uri",
            "not a uri",
            stdout=io.StringIO(),
        )

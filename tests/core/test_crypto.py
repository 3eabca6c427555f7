"""Field encryption of personal data at rest, and the keyed look-up hashes beside it."""

from __future__ import annotations

import base64
import os

import pytest
from django.db import connection
from django.test import override_settings

from tests.factories import make_person
from tongban.core import crypto

CONTEXT = "accounts.Person.id_number"
OLD_KEYS = "dev1:ZGV2LW9ubHktZGF0YS1rZXktMzItYnl0ZXMtbG9uZyE="


def new_keyring() -> str:
    return f"new:{base64.b64encode(os.urandom(32)).decode()},{OLD_KEYS}"


@pytest.fixture(autouse=True)
def _dev_keys():
    """Every test starts from the development keyring, whatever the environment says."""
    with override_settings(TONGBAN_DATA_KEYS=OLD_KEYS):
        yield


def test_a_value_decrypts_to_what_was_encrypted() -> None:
    token = crypto.encrypt("张三 11010519491231002X", CONTEXT)

    assert crypto.decrypt(token, CONTEXT) == "张三 11010519491231002X"


def test_two_encryptions_of_the_same_value_differ() -> None:
    assert crypto.encrypt("13812345678", CONTEXT) != crypto.encrypt("13812345678", CONTEXT)


def test_a_value_sealed_for_one_column_does_not_open_in_another() -> None:
    token = crypto.encrypt("13812345678", "accounts.Person.mobile")

    with pytest.raises(crypto.DecryptionError):
        crypto.decrypt(token, CONTEXT)


def flip_one_byte(token: str, position: int) -> str:
    version, key_id, payload = token.split("$")
    raw = bytearray(base64.b64decode(payload))
    raw[position] ^= 0x01
    return f"{version}${key_id}${base64.b64encode(bytes(raw)).decode()}"


@pytest.mark.parametrize("position", [0, 12, -1], ids=["nonce", "ciphertext", "tag"])
def test_a_flipped_byte_does_not_decrypt(position: int) -> None:
    token = crypto.encrypt("11010519491231002X", CONTEXT)

    with pytest.raises(crypto.DecryptionError):
        crypto.decrypt(flip_one_byte(token, position), CONTEXT)


@pytest.mark.parametrize(
    "token",
    [
        pytest.param("11010519491231002X", id="plain text"),
        pytest.param("v1$nokey$AAAA", id="unknown key id"),
        pytest.param("v9$dev1$AAAA", id="unknown format"),
        pytest.param("v1$dev1$not*base64", id="broken base64"),
        pytest.param("v1$dev1$AAAA", id="too short for a nonce"),
        pytest.param("v1$dev1$", id="empty payload"),
    ],
)
def test_malformed_values_raise_decryption_error(token: str) -> None:
    with pytest.raises(crypto.DecryptionError):
        crypto.decrypt(token, CONTEXT)


def test_after_key_rotation_old_values_decrypt_and_new_ones_use_the_new_key() -> None:
    old_token = crypto.encrypt("13812345678", CONTEXT)

    with override_settings(TONGBAN_DATA_KEYS=new_keyring()):
        new_token = crypto.encrypt("13912345678", CONTEXT)

        assert crypto.decrypt(old_token, CONTEXT) == "13812345678"
        assert crypto.decrypt(new_token, CONTEXT) == "13912345678"
    assert old_token.split("$")[1] == "dev1"
    assert new_token.split("$")[1] == "new"


def test_a_value_sealed_under_a_retired_key_no_longer_decrypts() -> None:
    with override_settings(TONGBAN_DATA_KEYS=new_keyring()):
        token = crypto.encrypt("13812345678", CONTEXT)

    with pytest.raises(crypto.DecryptionError):
        crypto.decrypt(token, CONTEXT)


@pytest.mark.django_db
def test_the_person_table_holds_neither_id_number_nor_mobile_in_plain_text() -> None:
    person = make_person(id_number="11010519491231002X", mobile_number="13812345678")

    with connection.cursor() as cursor:
        cursor.execute("SELECT id_number, mobile FROM accounts_person WHERE id = %s", [person.pk])
        stored_id, stored_mobile = cursor.fetchone()

    row = f"{stored_id} {stored_mobile}"
    assert "11010519491231002X" not in row
    assert "13812345678" not in row
    assert stored_id.startswith("v1$dev1$")
    assert crypto.decrypt(stored_id, CONTEXT) == "11010519491231002X"


@pytest.mark.django_db
def test_a_person_reads_back_in_plain_text_through_the_model() -> None:
    person = make_person(id_number="11010519491231002X", mobile_number="13812345678")
    person.refresh_from_db()

    assert (person.id_number, person.mobile) == ("11010519491231002X", "13812345678")


def test_the_lookup_hash_is_stable_and_depends_on_the_purpose() -> None:
    first = crypto.lookup_hash("13812345678", "mobile")

    assert first == crypto.lookup_hash("13812345678", "mobile")
    assert first != crypto.lookup_hash("13812345678", "id_number")
    assert first != crypto.lookup_hash("13812345679", "mobile")
    assert len(first) == 64


def test_the_lookup_hash_depends_on_the_key() -> None:
    before = crypto.lookup_hash("13812345678", "mobile")

    with override_settings(TONGBAN_LOOKUP_KEY="another-key"):
        assert crypto.lookup_hash("13812345678", "mobile") != before

"""The identity room's own data: the keys ID tokens are signed with, and which organisation an
agent acted for when signing in to a department's system."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from oauth2_provider.settings import ACCESS_TOKEN_MODEL, GRANT_MODEL

from tongban.accounts.models import Organisation
from tongban.core.crypto import EncryptedTextField


class SigningKey(models.Model):
    """ID-token signing key (签名密钥): an RSA key whose private half is encrypted at rest.

    ``kid`` is the RFC 7638 thumbprint of the public key, which is also what django-oauth-toolkit
    puts in the ID token header and the JWKS. One key is current (not retired); a retired key is
    still published until every ID token it signed has expired."""

    kid = models.CharField(_("密钥标识"), max_length=64, unique=True)
    private_pem = EncryptedTextField(_("私钥"))
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    retired_at = models.DateTimeField(_("停用时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("签名密钥")
        verbose_name_plural = _("签名密钥")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["retired_at"],
                condition=Q(retired_at__isnull=True),
                name="one_current_signing_key",
            ),
        ]

    def __str__(self) -> str:
        return self.kid


class ActingFor(models.Model):
    """代办: the organisation an agent chose to act for, fixed when consent was given.

    The token endpoint and userinfo are called by the department's server, without the user's
    session, so the choice made in the session is kept beside the authorization code and then
    beside the access token it was exchanged for. Exactly one of the two is set per row."""

    grant = models.OneToOneField(
        GRANT_MODEL, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    access_token = models.OneToOneField(
        ACCESS_TOKEN_MODEL, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")

    class Meta:
        verbose_name = _("代办企业")
        verbose_name_plural = _("代办企业")
        constraints = [
            models.CheckConstraint(
                condition=Q(grant__isnull=False, access_token__isnull=True)
                | Q(grant__isnull=True, access_token__isnull=False),
                name="acting_for_grant_or_token",
            ),
        ]

    def __str__(self) -> str:
        return str(self.organisation_id)

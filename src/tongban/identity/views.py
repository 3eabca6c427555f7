"""The provider's pages that people see: consent, logout confirmation and errors, in Chinese
and in the portal's layout. The protocol itself is django-oauth-toolkit's."""

from __future__ import annotations

from typing import Any

from django.http import HttpResponse
from django.utils.translation import gettext as _
from oauth2_provider import views as dot_views
from oauth2_provider.exceptions import OAuthToolkitError
from oauth2_provider.models import get_application_model
from oauth2_provider.views.mixins import OAuthLibMixin
from oauthlib.oauth2.rfc6749 import errors as oauth_errors

from tongban.accounts.models import Organisation
from tongban.core import audit
from tongban.core.http import client_ip
from tongban.identity import claims, services


def error_message(error: Exception) -> str:
    """Why the request was refused, for the person in front of the screen."""
    if isinstance(
        error,
        oauth_errors.MismatchingRedirectURIError
        | oauth_errors.InvalidRedirectURIError
        | oauth_errors.MissingRedirectURIError,
    ):
        return _("回调地址未在通办登记，为保护您的信息，本次登录已停止。请联系该系统的管理部门。")
    if isinstance(error, oauth_errors.InvalidClientIdError | oauth_errors.MissingClientIdError):
        return _("发起登录的系统未在通办登记，本次登录已停止。")
    return _("登录请求无效，本次登录已停止。请从该系统重新发起登录。")


class AuthorizationView(dot_views.AuthorizationView):
    """同意授权: says which system asks for which data, and records the answer."""

    template_name = "identity/authorize.html"

    def acting_for(self) -> Organisation | None:
        return claims.organisation_acted_for(
            self.request.user, self.request.session.get("acting_for")
        )

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        organisation = self.acting_for()
        context["organisation"] = organisation
        context["consent_items"] = claims.consent_items(context.get("scopes", []), organisation)
        return context

    def error_response(self, error: OAuthToolkitError, application: Any, **kwargs: Any) -> Any:
        """Errors that cannot go back to the client (unknown client, unregistered redirect
        URI) are shown here, never redirected; the rest go back to the registered URI."""
        redirect, error_response = OAuthLibMixin.error_response(self, error, **kwargs)
        if redirect:
            return self.redirect(error_response["url"], application)
        error_response["message"] = error_message(error.oauthlib_error)
        status = error_response["error"].status_code
        return self.render_to_response(error_response, status=status)

    def create_authorization_response(
        self, request: Any, scopes: str, credentials: dict, allow: bool
    ) -> Any:
        """Carries the verified organisation to the validator, which keeps it with the code."""
        organisation = self.acting_for() if allow else None
        services.record_consent(
            get_application_model().objects.get(client_id=credentials["client_id"]),
            allowed=allow,
            scopes=scopes.split(),
            organisation=organisation,
            actor=audit.Actor.of(
                request.user,
                acting_for=organisation.uscc if organisation else "",
                ip_address=client_ip(request),
            ),
        )
        if organisation is not None:
            credentials = {**credentials, "acting_for": organisation}
        return super().create_authorization_response(request, scopes, credentials, allow)


class LogoutView(dot_views.RPInitiatedLogoutView):
    """RP-initiated logout: the department system asks Tongban to end the person's session."""

    template_name = "identity/logout_confirm.html"

    def error_response(self, error: Exception) -> HttpResponse:
        return self.render_to_response(
            {
                "error": error,
                "message": _("退出请求无效：该系统提供的登录凭证或返回地址未通过校验。"),
            },
            status=getattr(error, "status_code", 400),
        )

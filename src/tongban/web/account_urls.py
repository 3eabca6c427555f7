"""Pages of one's own account: the officials' second sign-in step, sessions, real-name
verification, acting for an organisation and authorising agents. Joined to ``web.urls``."""

from __future__ import annotations

from django.urls import path

from tongban.web import security_views

urlpatterns = [
    path("login/code/", security_views.login_code, name="login_code"),
    path("login/totp-enrol/", security_views.totp_enrol, name="totp_enrol"),
    path("me/security/", security_views.security, name="security"),
    path("me/security/recovery-codes/", security_views.recovery_codes, name="recovery_codes"),
    path(
        "me/security/recovery-codes/renew/",
        security_views.renew_recovery_codes,
        name="renew_recovery_codes",
    ),
    path(
        "me/security/sessions/<int:session_id>/end/",
        security_views.end_session,
        name="end_session",
    ),
    path(
        "me/security/sessions/end-others/",
        security_views.end_other_sessions,
        name="end_other_sessions",
    ),
]

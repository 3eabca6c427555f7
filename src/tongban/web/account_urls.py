"""Pages of one's own account: the officials' second sign-in step, sessions, real-name
verification, acting for an organisation and authorising agents. Joined to ``web.urls``."""

from __future__ import annotations

from django.urls import path

from tongban.web import account_views, security_views

urlpatterns = [
    path("me/verification/", account_views.verify_real_name, name="verify_real_name"),
    path("me/acting-for/", account_views.switch_acting_for, name="switch_acting_for"),
    path("me/organisations/<str:uscc>/agents/", account_views.agents, name="agents"),
    path(
        "me/organisations/<str:uscc>/agents/<int:grant_id>/revoke/",
        account_views.revoke_agent,
        name="revoke_agent",
    ),
    path("workbench/identity/", account_views.in_person_check, name="in_person_check"),
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

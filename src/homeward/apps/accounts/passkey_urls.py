"""The passkey ceremonies' endpoints, under the namespace the package's scripts and
template tags look them up by."""

from django.urls import path
from django.views.i18n import JavaScriptCatalog

from homeward.apps.accounts import passkeys

app_name = "otp_webauthn"
urlpatterns = [
    path(
        "registration/begin/",
        passkeys.BeginRegistration.as_view(),
        name="credential-registration-begin",
    ),
    path(
        "registration/complete/",
        passkeys.CompleteRegistration.as_view(),
        name="credential-registration-complete",
    ),
    path(
        "authentication/begin/",
        passkeys.BeginAuthentication.as_view(),
        name="credential-authentication-begin",
    ),
    path(
        "authentication/complete/",
        passkeys.CompleteAuthentication.as_view(),
        name="credential-authentication-complete",
    ),
    # The scripts' messages; Homeward's own locale adds the Ukrainian (djangojs domain).
    path(
        "jsi18n/",
        JavaScriptCatalog.as_view(packages=["django_otp_webauthn"]),
        name="js-i18n-catalog",
    ),
]

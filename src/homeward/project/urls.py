from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView

urlpatterns = [
    path("", include("homeward.apps.registry.urls")),
    path("", include("homeward.apps.intake.urls")),
    path("exchanges/", include("homeward.apps.exchanges.urls")),
    path("returns/", include("homeward.apps.returns.urls")),
    path("payments/", include("homeward.apps.payments.urls")),
    path("", include("homeward.apps.reports.urls")),
    path("accounts/", include("homeward.apps.accounts.urls")),
    path("accounts/passkeys/", include("homeward.apps.accounts.passkey_urls")),
    path("audit/", include("homeward.apps.audit.urls")),
    path("api/", include("homeward.apps.api.urls")),
    # The admin signs in through Homeward's own page, which asks for the authenticator
    # code; Django's stock admin login would skip two-factor sign-in.
    path(
        "admin/login/",
        RedirectView.as_view(pattern_name="accounts:login", query_string=True),
    ),
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
]

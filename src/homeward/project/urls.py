from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("", include("homeward.apps.registry.urls")),
    path("accounts/", include("homeward.apps.accounts.urls")),
    path("audit/", include("homeward.apps.audit.urls")),
    path("api/", include("homeward.apps.api.urls")),
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
]

from django.contrib.auth import views as auth_views
from django.urls import path

from homeward.apps.accounts import request_views, token_views, views

app_name = "accounts"
urlpatterns = [
    path("login/", views.SignInView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("two-factor/", views.two_factor, name="two_factor"),
    path("tokens/", token_views.my_tokens, name="tokens"),
    path("tokens/revoke/", token_views.revoke, name="revoke_token"),
    path("tokens/all/", token_views.all_tokens, name="all_tokens"),
    path("requests/", request_views.requests_page, name="requests"),
    path("requests/<int:pk>/decide/", request_views.decide, name="decide_request"),
]

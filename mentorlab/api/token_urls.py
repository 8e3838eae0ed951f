from __future__ import annotations

from django.urls import path

from . import tokens

# Under /me/tokens/, beside the profile page that lists the tokens.
app_name = "api_tokens"
urlpatterns = [
    path("", tokens.token_create, name="create"),
    path("<int:pk>/revoke/", tokens.token_revoke, name="revoke"),
]

from __future__ import annotations

from django.urls import path

from . import views

app_name = "library"
urlpatterns = [
    path("", views.article_list, name="index"),
    path("new/", views.article_edit, name="create"),
    path("preview/", views.article_preview, name="preview"),
    path("<slug:slug>/", views.article_detail, name="detail"),
    path("<slug:slug>/edit/", views.article_edit, name="edit"),
]

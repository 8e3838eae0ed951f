from django.urls import path

from . import announcement_views as views

app_name = "announcements"
urlpatterns = [
    path("<slug:slug>/", views.archive, name="list"),
    path("<slug:slug>/new/", views.compose, name="new"),
    path("<slug:slug>/<int:pk>/", views.detail, name="detail"),
]

from __future__ import annotations

from django.urls import path

from . import views

app_name = "careerdesign"
urlpatterns = [
    path("", views.index, name="index"),
    # Exercise pages (stable names: the tips-and-tools library links to them).
    path("journal/", views.journal, name="journal"),
    path("moments/", views.moments, name="moments"),
    path("moments/themes/<int:pk>/delete/", views.theme_delete, name="theme_delete"),
    path("values/", views.values, name="values"),
    path("values/<int:pk>/remove/", views.value_remove, name="value_remove"),
    path("strengths/<int:pk>/remove/", views.strength_remove, name="strength_remove"),
    path("odyssey/", views.odyssey, name="odyssey"),
    path("odyssey/compare/", views.odyssey_compare, name="odyssey_compare"),
    path("prototypes/", views.prototypes, name="prototypes"),
    path("story/", views.story, name="story"),
    path("story/<int:pk>/versions/<int:number>/", views.story_version, name="story_version"),
    path("summary/", views.summary, name="summary"),
    # What a mentor sees.
    path("shared/", views.shared_index, name="shared"),
    path("shared/<int:actor_pk>/", views.shared_actor, name="shared_actor"),
    # One item of any kind.
    path("<slug:kind>/<int:pk>/", views.item_detail, name="item"),
    path("<slug:kind>/<int:pk>/edit/", views.item_edit, name="item_edit"),
    path("<slug:kind>/<int:pk>/share/", views.item_share, name="item_share"),
    path("<slug:kind>/<int:pk>/delete/", views.item_delete, name="item_delete"),
    path("<slug:kind>/<int:pk>/agenda/", views.item_agenda, name="item_agenda"),
]

from django.urls import path

from . import setup_views as setup
from . import views
from .imports import views as imports

app_name = "programmes"
urlpatterns = [
    # Set-up pages not about one programme come first: "setup" could be a programme's slug.
    path("setup/new/", setup.programme_new, name="setup_new"),
    path("setup/copy/", setup.programme_copy, name="setup_copy"),
    path("setup/coordinators/", setup.coordinators_all, name="setup_coordinators_all"),
    path("<slug:slug>/", views.programme_detail, name="detail"),
    path("<slug:slug>/apply/<str:role>/", views.application_form, name="application"),
    path("<slug:slug>/apply/<str:role>/withdraw/", views.application_withdraw, name="withdraw"),
    path("<slug:slug>/review/", views.review_list, name="review"),
    path("<slug:slug>/review/<str:role>/<int:pk>/", views.review_detail, name="review_detail"),
    path("<slug:slug>/import/", imports.import_upload, name="import"),
    path("<slug:slug>/import/<int:pk>/", imports.import_preview, name="import_preview"),
    path("<slug:slug>/import/<int:pk>/confirm/", imports.import_confirm, name="import_confirm"),
    path(
        "<slug:slug>/import/<int:pk>/mapping/", imports.import_mapping_save, name="import_mapping"
    ),
    path("<slug:slug>/setup/", setup.programme_settings, name="setup"),
    path("<slug:slug>/setup/questions/", setup.questions, name="setup_questions"),
    path("<slug:slug>/setup/questions/<int:pk>/", setup.question_edit, name="setup_question"),
    path(
        "<slug:slug>/setup/questions/<int:pk>/move/",
        setup.question_move,
        name="setup_question_move",
    ),
    path(
        "<slug:slug>/setup/questions/<int:pk>/delete/",
        setup.question_delete,
        name="setup_question_delete",
    ),
    path("<slug:slug>/setup/topics/", setup.topics, name="setup_topics"),
    path("<slug:slug>/setup/topics/<int:pk>/", setup.topic_edit, name="setup_topic"),
    path(
        "<slug:slug>/setup/topics/<int:pk>/delete/", setup.topic_delete, name="setup_topic_delete"
    ),
    path("<slug:slug>/setup/coordinators/", setup.coordinators, name="setup_coordinators"),
    path(
        "<slug:slug>/setup/coordinators/<int:pk>/remove/",
        setup.coordinator_remove,
        name="setup_coordinator_remove",
    ),
]

from django.urls import path

from . import views
from .imports import views as imports

app_name = "programmes"
urlpatterns = [
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
]

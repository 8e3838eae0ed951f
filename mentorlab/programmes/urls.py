from django.urls import path

from . import views

app_name = "programmes"
urlpatterns = [
    path("<slug:slug>/", views.programme_detail, name="detail"),
    path("<slug:slug>/apply/<str:role>/", views.application_form, name="application"),
    path("<slug:slug>/apply/<str:role>/withdraw/", views.application_withdraw, name="withdraw"),
    path("<slug:slug>/review/", views.review_list, name="review"),
    path("<slug:slug>/review/<str:role>/<int:pk>/", views.review_detail, name="review_detail"),
]

from django.urls import path

from . import views

app_name = "notifications"
urlpatterns = [
    path("", views.notification_list, name="list"),
    path("<int:pk>/open/", views.notification_open, name="open"),
    path("read-all/", views.mark_all_read, name="mark_all_read"),
    path("seen/", views.seen, name="seen"),
    path("preferences/", views.preferences, name="preferences"),
    path("unsubscribe/<slug:kind>/<str:token>/", views.unsubscribe, name="unsubscribe"),
]

from django.urls import path

from . import views

# The namespace kept its old name: "core:home", "core:privacy" and the calendar names are
# used by templates, e-mails, LOGIN_REDIRECT_URL and tests across every app.
app_name = "core"
urlpatterns = [
    path("", views.home, name="home"),
    path("privacy/", views.privacy, name="privacy"),
    path("calendar/", views.calendar_settings, name="calendar_settings"),
    path("calendar/renew/", views.calendar_renew, name="calendar_renew"),
    path("calendar/<str:token>.ics", views.calendar_feed, name="calendar_feed"),
]

from allauth.account.decorators import secure_admin_login
from django.contrib import admin
from django.urls import include, path

from mentorlab.accounts import saml

admin.site.site_header = "Mentorlab"
admin.site.site_title = "Mentorlab"
# The admin signs in through allauth, so its login has the same second factor and throttling.
admin.site.login = secure_admin_login(admin.site.login)  # type: ignore[method-assign]

urlpatterns = [
    path("", include("mentorlab.home.urls")),
    # Ahead of allauth's own: the SAML sign-in's last step, with replay protection and a
    # reason for every refusal (mentorlab/accounts/saml.py).
    path(
        "accounts/saml/<str:organization_slug>/acs/finish/",
        saml.finish_acs,
        name="saml_finish_acs",
    ),
    path("accounts/", include("allauth.urls")),
    path("me/tokens/", include("mentorlab.api.token_urls")),
    path("me/", include("mentorlab.accounts.urls")),
    path("notifications/", include("mentorlab.notifications.urls")),
    path("programmes/", include("mentorlab.programmes.urls")),
    path("matching/", include("mentorlab.matching.urls")),
    path("mentorships/", include("mentorlab.mentorships.urls")),
    path("toolkit/", include("mentorlab.careerdesign.urls")),
    path("events/", include("mentorlab.events.urls")),
    path("library/", include("mentorlab.library.urls")),
    path("surveys/", include("mentorlab.surveys.urls")),
    path("conversations/", include("mentorlab.conversations.urls")),
    path("announcements/", include("mentorlab.conversations.announcement_urls")),
    path("dashboard/", include("mentorlab.dashboard.urls")),
    path("api/v1/", include("mentorlab.api.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]

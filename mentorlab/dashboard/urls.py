from django.urls import path

from . import views

app_name = "dashboard"
urlpatterns = [
    path("audit/all/", views.audit_trail_all, name="audit_all"),
    path("<slug:slug>/audit/", views.audit_trail, name="audit"),
    path("<slug:slug>/", views.programme_overview, name="overview"),
    path("<slug:slug>/mail/", views.programme_mail, name="mail"),
    path("<slug:slug>/funnel/", views.programme_funnel, name="funnel"),
    path("<slug:slug>/cycles/", views.programme_cycles, name="cycles"),
    path(
        "<slug:slug>/cycles/export.<str:fmt>", views.programme_cycles_export, name="cycles_export"
    ),
    path("<slug:slug>/report/", views.programme_report, name="report"),
    path("<slug:slug>/report/report.pdf", views.programme_report_pdf, name="report_pdf"),
    path("<slug:slug>/report/report.xlsx", views.programme_report_xlsx, name="report_xlsx"),
    path("<slug:slug>/mail/retry/", views.programme_mail_retry, name="mail_retry"),
    path("<slug:slug>/export/<str:table>.<str:fmt>", views.export, name="export"),
]

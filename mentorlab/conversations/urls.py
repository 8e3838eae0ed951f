from django.urls import path

from . import views

app_name = "conversations"
urlpatterns = [
    path("<str:kind>/<int:pk>/", views.thread, name="thread"),
    path("<str:kind>/<int:pk>/messages/", views.message_list, name="messages"),
    path("<str:kind>/<int:pk>/post/", views.post, name="post"),
    path("<str:kind>/<int:pk>/read/", views.mark_read, name="read"),
    path("messages/<int:pk>/edit/", views.message_edit, name="message_edit"),
    path("messages/<int:pk>/delete/", views.message_delete, name="message_delete"),
]

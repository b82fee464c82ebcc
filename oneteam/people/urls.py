from django.urls import path

from . import views

app_name = "people"
urlpatterns = [
    path("me/", views.me, name="me"),
    path("me/edit/", views.edit, name="edit"),
    path("me/tokens/", views.tokens, name="tokens"),
    path("me/tokens/<int:pk>/revoke/", views.revoke_token, name="revoke_token"),
    path("organisations/", views.organisations, name="organisations"),
    path("organisations/new/", views.organisation_create, name="organisation_create"),
    path("organisations/<slug:slug>/", views.organisation, name="organisation"),
    path("<int:pk>/", views.profile, name="profile"),
]

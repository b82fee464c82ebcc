from django.urls import path

from . import views

app_name = "chapters"
urlpatterns = [
    path("", views.chapter_list, name="list"),
    path("start/", views.chapter_start, name="start"),
    path("invitations/<str:token>/", views.invitation, name="invitation"),
    path("<slug:slug>/", views.chapter_detail, name="detail"),
    path("<slug:slug>/edit/", views.chapter_edit, name="edit"),
    path("<slug:slug>/join/", views.chapter_join, name="join"),
    path("<slug:slug>/leave/", views.chapter_leave, name="leave"),
    path("<slug:slug>/organisers/invite/", views.chapter_invite, name="invite"),
    path("<slug:slug>/organisers/invitations/<int:pk>/withdraw/", views.invitation_withdraw, name="withdraw_invitation"),
    path("<slug:slug>/checklist/<slug:key>/", views.chapter_tick, name="tick"),
]

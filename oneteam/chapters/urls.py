from django.urls import path

from . import views

app_name = "chapters"
urlpatterns = [
    path("", views.chapter_list, name="list"),
    path("start/", views.chapter_start, name="start"),
    path("invitations/<str:token>/", views.invitation, name="invitation"),
    path("world/", views.world, name="world"),
    path("<slug:slug>/", views.chapter_detail, name="detail"),
    path("<slug:slug>/edit/", views.chapter_edit, name="edit"),
    path("<slug:slug>/join/", views.chapter_join, name="join"),
    path("<slug:slug>/leave/", views.chapter_leave, name="leave"),
    path("<slug:slug>/organisers/invite/", views.chapter_invite, name="invite"),
    path("<slug:slug>/organisers/invitations/<int:pk>/withdraw/", views.invitation_withdraw, name="withdraw_invitation"),
    path("<slug:slug>/checklist/<slug:key>/", views.chapter_tick, name="tick"),
    path("<slug:slug>/health/", views.chapter_health, name="health"),
    path("<slug:slug>/health/settings/", views.chapter_health_settings, name="health_settings"),
    path("<slug:slug>/handover/", views.chapter_handover, name="handover"),
    path("<slug:slug>/handover/step-back/", views.handover_step_back, name="step_back"),
    path("<slug:slug>/handover/nominate/", views.handover_nominate, name="nominate"),
    path("<slug:slug>/handover/invite/", views.handover_invite, name="invite_successor"),
    path("<slug:slug>/handover/call/", views.handover_call, name="call"),
    path("<slug:slug>/handover/<int:pk>/answer/", views.handover_answer, name="handover_answer"),
    path("<slug:slug>/call/answer/", views.call_answer, name="call_answer"),
    path("<slug:slug>/take-over/", views.take_over, name="take_over"),
    path("<slug:slug>/rituals/", views.chapter_rituals, name="rituals"),
    path("<slug:slug>/rituals/<int:pk>/stop/", views.ritual_stop, name="ritual_stop"),
    path("<slug:slug>/holidays/", views.holiday_add, name="holiday_add"),
    path("<slug:slug>/holidays/<int:pk>/remove/", views.holiday_remove, name="holiday_remove"),
    path("<slug:slug>/announcements/", views.chapter_announcements, name="announcements"),
]

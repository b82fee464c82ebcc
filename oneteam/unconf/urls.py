from django.urls import path

from . import views

app_name = "unconf"
urlpatterns = [
    path("", views.unconference_list, name="list"),
    path("new/<slug:event_slug>/", views.create, name="create"),
    path("invitations/<int:host_id>/", views.respond, name="respond"),
    path("<slug:slug>/", views.detail, name="detail"),
    path("<slug:slug>/pitch/", views.pitch_new, name="pitch_new"),
    path("<slug:slug>/pitches/<int:pitch_id>/", views.pitch_detail, name="pitch"),
    path("<slug:slug>/pitches/<int:pitch_id>/edit/", views.pitch_edit, name="pitch_edit"),
    path("<slug:slug>/pitches/<int:pitch_id>/withdraw/", views.pitch_withdraw, name="pitch_withdraw"),
    path("<slug:slug>/pitches/<int:pitch_id>/interest/", views.interest, name="interest"),
    path("<slug:slug>/pitches/<int:pitch_id>/invite/", views.invite, name="invite"),
    path("<slug:slug>/pitches/<int:pitch_id>/notes/", views.save_note, name="notes"),
    path("<slug:slug>/setup/", views.setup, name="setup"),
    path("<slug:slug>/merge/", views.merge, name="merge"),
    path("<slug:slug>/similar/", views.clusters, name="clusters"),
    path("<slug:slug>/grid/", views.grid, name="grid"),
    path("<slug:slug>/grid/version/", views.grid_version, name="grid_version"),
    path("<slug:slug>/grid/live/", views.grid_live, name="grid_live"),
    path("<slug:slug>/grid/generate/", views.generate, name="generate"),
    path("<slug:slug>/grid/runs/<int:run_id>/", views.run_status, name="run"),
    path("<slug:slug>/grid/change/", views.grid_change, name="grid_change"),
    path("<slug:slug>/grid/publish/", views.publish, name="publish"),
    path("<slug:slug>/agenda/", views.agenda, name="agenda"),
    path("<slug:slug>/agenda.ics", views.agenda_ics, name="agenda_ics"),
    path("<slug:slug>/export.<str:fmt>", views.export, name="export"),
]

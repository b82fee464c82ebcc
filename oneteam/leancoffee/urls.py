from django.urls import path

from . import views

app_name = "leancoffee"
urlpatterns = [
    path("join/", views.join, name="join"),
    path("join/<str:code>/", views.join_code, name="join_code"),
    path("new/event/<slug:event_slug>/", views.create_for_event, name="create_for_event"),
    path("new/chapter/<slug:chapter_slug>/", views.create_for_chapter, name="create_for_chapter"),
    path("<slug:slug>/", views.board, name="board"),
    path("<slug:slug>/live", views.live_updates, name="live"),
    path("<slug:slug>/projector/", views.projector, name="projector"),
    path("<slug:slug>/settings/", views.edit, name="edit"),
    path("<slug:slug>/facilitators/", views.facilitators, name="facilitators"),
    path("<slug:slug>/similar/", views.similar, name="similar"),
    path("<slug:slug>/topics/", views.propose, name="propose"),
    path("<slug:slug>/topics/<int:pk>/vote/", views.vote, name="vote"),
    path("<slug:slug>/topics/<int:pk>/unvote/", views.unvote, name="unvote"),
    path("<slug:slug>/topics/<int:pk>/start/", views.start, name="start"),
    path("<slug:slug>/topics/<int:pk>/merge/", views.merge, name="merge"),
    path("<slug:slug>/topics/<int:pk>/remove/", views.remove_topic, name="remove_topic"),
    path("<slug:slug>/topics/<int:pk>/capture/", views.capture, name="capture"),
    path("<slug:slug>/phase/", views.phase, name="phase"),
    path("<slug:slug>/extend/", views.extend, name="extend"),
    path("<slug:slug>/finish/", views.finish, name="finish"),
    path("<slug:slug>/thumb/", views.thumb, name="thumb"),
    path("<slug:slug>/notes/", views.retro_note, name="retro_note"),
    path("<slug:slug>/items/<str:kind>/<int:pk>/private/", views.item_private, name="item_private"),
    path("<slug:slug>/items/<str:kind>/<int:pk>/remove/", views.item_remove, name="item_remove"),
    path("<slug:slug>/notes.md", views.notes_markdown, name="notes_md"),
    path("<slug:slug>/notes.csv", views.notes_csv, name="notes_csv"),
]

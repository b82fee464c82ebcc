from django.urls import path

from . import views
from .feeds import PublicUpdatesFeed

app_name = "work"
urlpatterns = [
    path("", views.project_list, name="list"),
    path("new/", views.register, name="register"),
    path("similar/", views.similar_json, name="similar_json"),
    path("overlaps/", views.overlaps, name="overlaps"),
    path("directory/", views.directory, name="directory"),
    path("help-wanted/", views.help_wanted, name="help_wanted"),
    path("export/projects.csv", views.export_csv, name="export_csv"),
    path("export/projects.json", views.export_json, name="export_json"),
    path("updates.atom", PublicUpdatesFeed(), name="updates_feed"),
    path("checklists/<slug:chapter_slug>/<str:kind>/", views.adapt_checklist, name="adapt_checklist"),
    path("<slug:slug>/", views.detail, name="detail"),
    path("<slug:slug>/edit/", views.edit, name="edit"),
    path("<slug:slug>/update/", views.post_update, name="post_update"),
    path("<slug:slug>/updates/<int:pk>/edit/", views.edit_update, name="edit_update"),
    path("<slug:slug>/updates/<int:pk>/delete/", views.delete_update, name="delete_update"),
    path("<slug:slug>/links/", views.add_link, name="add_link"),
    path("<slug:slug>/people/", views.add_person, name="add_person"),
    path("<slug:slug>/people/<int:pk>/remove/", views.remove_person, name="remove_person"),
    path("<slug:slug>/objectives/", views.add_objective, name="add_objective"),
    path("<slug:slug>/objectives/<int:objective_pk>/key-results/", views.add_key_result, name="add_key_result"),
    path("<slug:slug>/objectives/<int:pk>/edit/", views.edit_objective, name="edit_objective"),
    path("<slug:slug>/objectives/<int:pk>/delete/", views.delete_objective, name="delete_objective"),
    path("<slug:slug>/key-results/<int:pk>/", views.record_progress, name="record_progress"),
    path("<slug:slug>/key-results/<int:pk>/edit/", views.edit_key_result, name="edit_key_result"),
    path("<slug:slug>/key-results/<int:pk>/delete/", views.delete_key_result, name="delete_key_result"),
    path("<slug:slug>/help/", views.ask_for_help, name="ask_for_help"),
    path("<slug:slug>/help/<int:pk>/close/", views.close_help, name="close_help"),
    path("<slug:slug>/checklists/<str:kind>/start/", views.start_checklist, name="start_checklist"),
    path("<slug:slug>/steps/<int:pk>/", views.tick_step, name="tick_step"),
    path("<slug:slug>/related/<slug:other_slug>/", views.judge, name="judge"),
]

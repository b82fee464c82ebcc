from django.urls import path

from . import views

app_name = "goals"
urlpatterns = [
    path("", views.goal_list, name="list"),
    path("new/", views.create, name="create"),
    path("new/<slug:chapter_slug>/", views.create, name="create_for_chapter"),
    path("mine/", views.mine, name="mine"),
    path("from-lean-coffee/<int:capture_id>/", views.from_lean_coffee, name="from_lean_coffee"),
    path("microactions/", views.microaction_list, name="microactions"),
    path("microactions/new/", views.suggest, name="suggest"),
    path("microactions/<slug:slug>/", views.microaction_detail, name="microaction"),
    path("microactions/<slug:slug>/curate/", views.curate, name="curate"),
    path("microactions/<slug:slug>/commit/", views.commit, name="commit"),
    path("microactions/<slug:slug>/done/", views.done, name="done"),
    path("microactions/<slug:slug>/withdraw/", views.withdraw, name="withdraw"),
    path("principles/", views.principle_list, name="principles"),
    path("principles/<slug:slug>/", views.principle_detail, name="principle"),
    path("<slug:slug>/", views.detail, name="detail"),
    path("<slug:slug>/edit/", views.edit, name="edit"),
    path("<slug:slug>/actions/new/", views.add_action, name="add_action"),
    path("<slug:slug>/actions/<int:action_id>/status/", views.action_status, name="action_status"),
    path("<slug:slug>/help/", views.help_with, name="help"),
    path("<slug:slug>/updates/", views.post_update, name="post_update"),
]

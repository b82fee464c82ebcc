from django.urls import path

from . import views

app_name = "chapters"
urlpatterns = [
    path("", views.chapter_list, name="list"),
    path("start/", views.chapter_start, name="start"),
    path("<slug:slug>/", views.chapter_detail, name="detail"),
    path("<slug:slug>/edit/", views.chapter_edit, name="edit"),
    path("<slug:slug>/join/", views.chapter_join, name="join"),
    path("<slug:slug>/leave/", views.chapter_leave, name="leave"),
    path("<slug:slug>/organisers/", views.chapter_add_organiser, name="add_organiser"),
    path("<slug:slug>/checklist/<slug:key>/", views.chapter_tick, name="tick"),
]

from django.urls import path

from . import views

app_name = "events"
urlpatterns = [
    path("", views.event_list, name="list"),
    path("past/", views.past_list, name="past"),
    path("mine/", views.my_events, name="mine"),
    path("new/<slug:chapter_slug>/", views.create, name="create"),
    path("chapter/<slug:chapter_slug>.ics", views.chapter_feed, name="chapter_feed"),
    path("calendar/<str:token>.ics", views.personal_feed, name="personal_feed"),
    path("calendar-address/", views.calendar_address, name="calendar_address"),
    path("<slug:slug>/", views.detail, name="detail"),
    path("<slug:slug>.ics", views.ical, name="ical"),
    path("<slug:slug>/edit/", views.edit, name="edit"),
    path("<slug:slug>/publish/", views.publish, name="publish"),
    path("<slug:slug>/cancel/", views.cancel, name="cancel"),
    path("<slug:slug>/delete/", views.delete, name="delete"),
    path("<slug:slug>/sign-up/", views.sign_up, name="sign_up"),
    path("<slug:slug>/cancel-place/", views.cancel_place, name="cancel_place"),
    path("<slug:slug>/attendees/", views.attendee_list, name="attendees"),
    path("<slug:slug>/attendees.csv", views.attendees_csv, name="attendees_csv"),
    path("<slug:slug>/feedback/", views.feedback, name="feedback"),
    path("<slug:slug>/feedback/results/", views.feedback_results, name="feedback_results"),
    path("<slug:slug>/feedback/publish/", views.feedback_publish, name="feedback_publish"),
]

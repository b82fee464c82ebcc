from django.urls import path

from . import feeds, views

app_name = "stories"
urlpatterns = [
    path("", views.story_list, name="list"),
    path("new/", views.create, name="create"),
    path("mine/", views.mine, name="mine"),
    path("podcast/", views.podcast, name="podcast"),
    path("podcast/feed.xml", feeds.PodcastFeed(), name="podcast_feed"),
    path("feeds/all.xml", feeds.StoryFeed(), name="feed"),
    path("feeds/chapter/<slug:slug>.xml", feeds.ChapterFeed(), name="chapter_feed"),
    path("feeds/principle/<slug:slug>.xml", feeds.PrincipleFeed(), name="principle_feed"),
    path("<slug:slug>/", views.detail, name="detail"),
    path("<slug:slug>/cover", views.cover, name="cover"),
    path("<slug:slug>/audio", views.audio, name="audio"),
    path("<slug:slug>/edit/", views.edit, name="edit"),
    path("<slug:slug>/publish/", views.publish, name="publish"),
    path("<slug:slug>/unpublish/", views.unpublish, name="unpublish"),
    path("<slug:slug>/delete/", views.delete, name="delete"),
]

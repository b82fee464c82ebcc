from allauth.account.decorators import secure_admin_login
from django.contrib import admin
from django.urls import include, path

from oneteam import views
from oneteam.core import views as core_views

# The admin has no password form of its own: /admin/login/ sends a visitor to
# allauth's sign-in, with its rate limits, and lets in only active staff.
admin.site.login = secure_admin_login(admin.site.login)

urlpatterns = [
    path("healthz", core_views.healthz, name="healthz"),
    path("accounts/", include("allauth.urls")),
    path("people/", include("oneteam.people.urls")),
    path("chapters/", include("oneteam.chapters.urls")),
    path("events/", include("oneteam.events.urls")),
    path("goals/", include("oneteam.goals.urls")),
    path("stories/", include("oneteam.stories.urls")),
    path("unconferences/", include("oneteam.unconf.urls")),
    path("lean-coffee/", include("oneteam.leancoffee.urls")),
    path("work/", include("oneteam.work.urls")),
    path("api/", include("oneteam.api.urls")),
    path("admin/", admin.site.urls),
    path("", views.home, name="home"),
    path("", include("oneteam.core.urls")),
]

handler400 = "oneteam.core.views.error_400"
handler403 = "oneteam.core.views.error_403"
handler404 = "oneteam.core.views.error_404"
handler500 = "oneteam.core.views.error_500"

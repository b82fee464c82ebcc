from django.conf import settings


def site(request):
    return {"SITE_URL": settings.SITE_URL, "viewer_tz": getattr(request, "viewer_tz", None)}

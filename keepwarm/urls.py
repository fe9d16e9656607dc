from django.urls import include, path

urlpatterns = [
    path("", include("keepwarm.api.urls")),
    path("", include("keepwarm.web.urls")),
]

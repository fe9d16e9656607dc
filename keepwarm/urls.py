from django.urls import include, path

urlpatterns = [
    path("", include("keepwarm.web.urls")),
]

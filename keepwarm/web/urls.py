from django.urls import path

from keepwarm.web import views

urlpatterns = [
    path("", views.home, name="home"),
]

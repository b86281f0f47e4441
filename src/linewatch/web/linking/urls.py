from django.urls import URLPattern

app_name = "linking"
urlpatterns: list[URLPattern] = []

from django.urls import URLPattern

app_name = "interventions"
urlpatterns: list[URLPattern] = []

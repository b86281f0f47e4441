from django.urls import path

from linewatch.web.audit import views

app_name = "audit"
urlpatterns = [
    path("", views.trail, name="trail"),
]

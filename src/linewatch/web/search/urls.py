from django.urls import path

from linewatch.web.search import views

urlpatterns = [path("", views.search, name="search")]

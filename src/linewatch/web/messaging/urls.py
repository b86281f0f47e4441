"""Diversion campaigns, the treatment services directory, and messages sent."""

from django.urls import path

from linewatch.web.messaging import views

app_name = "messaging"
urlpatterns = [
    path("", views.campaign_list, name="list"),
    path("new/", views.campaign_new, name="new"),
    path("<int:pk>/", views.campaign_detail, name="detail"),
    path("<int:pk>/send/", views.campaign_send, name="send"),
    path("<int:pk>/refresh/", views.campaign_refresh, name="refresh"),
    path("services/", views.directory, name="directory"),
]

from django.urls import path

from linewatch.web.network import views

app_name = "network"
urlpatterns = [
    path("", views.network_page, name="view"),
    path("graph.json", views.network_json, name="json"),
    path("export/<str:fmt>/", views.network_export, name="export"),
    path("clusters/", views.cluster_list, name="clusters"),
]

from django.urls import path

from linewatch.web.risk import views

app_name = "risk"
urlpatterns = [
    path("", views.worklist, name="worklist"),
    path("alerts/", views.alerts, name="alerts"),
    path("alerts/<int:pk>/acknowledge/", views.acknowledge, name="acknowledge"),
    path("<str:list_name>/<str:key>/", views.entry, name="entry"),
]

from django.urls import path

from linewatch.web.intake import views

app_name = "intake"
urlpatterns = [
    path("upload/", views.upload, name="upload"),
    path("uploads/<int:pk>/", views.status, name="status"),
    path("uploads/<int:pk>/progress.json", views.progress, name="progress"),
    path("uploads/<int:pk>/rejected.csv", views.rejected_csv, name="rejected-csv"),
]

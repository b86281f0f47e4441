from django.urls import path

from linewatch.web.retention import views

app_name = "retention"
urlpatterns = [
    path("", views.review_queue, name="queue"),
    path("people/<int:pk>/erase/", views.erase, name="erase-person"),
]

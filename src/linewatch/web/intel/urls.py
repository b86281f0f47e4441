from django.urls import path

from linewatch.web.intel import views

app_name = "intel"
urlpatterns = [
    path("", views.report_list, name="list"),
    path("<int:pk>/", views.report_detail, name="detail"),
    path("submit/", views.submit_report, name="submit"),
    path("queue/", views.grading_queue, name="queue"),
    path("<int:pk>/grade/", views.grade_report, name="grade"),
]

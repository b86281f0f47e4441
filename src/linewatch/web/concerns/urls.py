from django.urls import path

from linewatch.web.concerns import views

app_name = "concerns"
urlpatterns = [
    path("", views.report_concern, name="report"),
    path("thank-you/", views.thanks, name="thanks"),
]

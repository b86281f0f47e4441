from django.urls import path

from linewatch.web.lines import views

app_name = "lines"
urlpatterns = [
    path("", views.line_list, name="list"),
    path("<int:pk>/", views.line_detail, name="detail"),
]

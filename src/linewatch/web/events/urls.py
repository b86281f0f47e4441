from django.urls import path

from linewatch.web.events import views

app_name = "events"
urlpatterns = [path("<int:pk>/", views.event_detail, name="detail")]

"""Entity resolution runs, links between records, and the analysts' review queue."""

from django.urls import path

from linewatch.web.linking import place_views, views

app_name = "linking"
urlpatterns = [
    path("", views.review_queue, name="queue"),
    path("pairs/<int:pk>/", views.pair_detail, name="pair"),
    path("people/<int:pk>/", views.merged_profile, name="profile"),
    path("runs/", views.run_list, name="runs"),
    path("places/", place_views.place_queue, name="place_queue"),
    path("places/<int:pk>/", place_views.place_pair, name="place_pair"),
]

from django.urls import path

from linewatch.web.pole import views

people = (
    [
        path("", views.person_list, name="list"),
        path("<int:pk>/", views.person_detail, name="detail"),
    ],
    "people",
)
locations = (
    [
        path("", views.location_list, name="list"),
        path("<int:pk>/", views.location_detail, name="detail"),
    ],
    "locations",
)

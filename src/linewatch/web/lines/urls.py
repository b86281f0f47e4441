from django.urls import path

from linewatch.web.lines import edit_views, views

app_name = "lines"
urlpatterns = [
    path("", views.line_list, name="list"),
    path("new/", edit_views.line_create, name="create"),
    path("new/from-cluster/", edit_views.line_from_cluster, name="from-cluster"),
    path("numbers/check/", edit_views.number_check, name="number-check"),
    path("<int:pk>/", views.line_detail, name="detail"),
    path("<int:pk>/status/", edit_views.line_status, name="status"),
    path("<int:pk>/numbers/add/", edit_views.line_add_number, name="add-number"),
    path("<int:pk>/people/add/", edit_views.line_add_member, name="add-member"),
    path("<int:pk>/addresses/add/", edit_views.line_add_address, name="add-address"),
    path("<int:pk>/checkbacks/add/", edit_views.checkback_schedule, name="schedule-checkback"),
    path(
        "<int:pk>/checkbacks/<int:checkback_id>/",
        edit_views.checkback_record,
        name="record-checkback",
    ),
]

from django.urls import path

from linewatch.web.interventions import views, views_guide, views_share

app_name = "interventions"
urlpatterns = [
    path("", views.intervention_list, name="list"),
    path("record/", views.record, name="record"),
    path("<int:pk>/", views.detail, name="detail"),
    path("deadlines/", views.deadlines, name="deadlines"),
    path("what-works/", views_guide.what_works, name="what_works"),
    path("guide.html", views_guide.guide_html_download, name="guide_html"),
    path("guide.pdf", views_guide.guide_pdf_download, name="guide_pdf"),
    path("watch/line/<int:pk>/", views_guide.line_watch, name="watch"),
    path("share/person/<int:pk>/", views_share.share_person, name="share_person"),
    path("share/line/<int:pk>/", views_share.share_line, name="share_line"),
    path("packages/<int:pk>/", views_share.package, name="package"),
    path("packages/<int:pk>/package.json", views_share.package_json_download, name="package_json"),
    path("packages/<int:pk>/package.pdf", views_share.package_pdf_download, name="package_pdf"),
]

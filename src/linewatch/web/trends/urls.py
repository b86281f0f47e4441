"""Trends, hotspots, maps and the partnership reports."""

from django.urls import path

from linewatch.web.trends import map_views, report_views, views

app_name = "trends"
urlpatterns = [
    path("", views.index, name="index"),
    path("area/", views.area, name="area"),
    path("areas.geojson", map_views.areas, name="areas"),
    path("events.geojson", map_views.events, name="events"),
    path("hotspots.geojson", map_views.hotspots, name="hotspots"),
    path("report/", report_views.report, name="report"),
    path("report.pdf", report_views.report_download, {"fmt": "pdf"}, name="report-pdf"),
    path("report.html", report_views.report_download, {"fmt": "html"}, name="report-html"),
    path("annex.csv", report_views.report_download, {"fmt": "csv"}, name="annex-csv"),
    path("annex.xlsx", report_views.report_download, {"fmt": "xlsx"}, name="annex-xlsx"),
    path("board/", report_views.board, name="board"),
    path("board.pdf", report_views.board_download, {"fmt": "pdf"}, name="board-pdf"),
    path("board-annex.csv", report_views.board_download, {"fmt": "csv"}, name="board-csv"),
]

"""Standalone documents (the guide, share packages): their stylesheet goes inline at render
time, from a static file, so templates hold no <style> (the app's Content-Security-Policy) and
the downloaded HTML and its PDF need no server."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.contrib.staticfiles import finders
from django.template.loader import render_to_string


def render_document(template: str, context: dict[str, Any], stylesheet: str) -> str:
    found = finders.find(f"interventions/{stylesheet}")
    css = Path(str(found)).read_text(encoding="utf-8") if found else ""
    document = render_to_string(template, context)
    return document.replace("</head>", f"<style>{css}</style>\n</head>", 1)

"""Templates obey the Content-Security-Policy and reference only static files that exist.

The policy forbids inline script and inline style, so templates may not contain a
``<script>`` with a body, a ``style=`` attribute, a ``<style>`` element or an ``on*=``
event handler.  The source checks read the files directly and need no Django; the
checks that compile and render templates need the settings module and are skipped,
with the reason, until it is importable.
"""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path

import pytest

WEB_DIR = Path(__file__).resolve().parents[2] / "src" / "linewatch" / "web"
TEMPLATES_DIR = WEB_DIR / "templates"
STATIC_DIR = WEB_DIR / "static"
VENDOR_DIR = STATIC_DIR / "vendor"

SHARED_TEMPLATES = [
    "base.html",
    "400.html",
    "403.html",
    "404.html",
    "500.html",
    "about_data.html",
    "registration/login.html",
    "includes/error_summary.html",
    "includes/field.html",
    "includes/summary_list.html",
    "includes/pagination.html",
    "includes/redacted.html",
    "includes/tag.html",
]


def _template_dirs() -> list[Path]:
    """The project template directory and every app's templates directory."""
    dirs = [TEMPLATES_DIR]
    dirs += sorted(p for p in WEB_DIR.glob("*/templates") if p.is_dir())
    return dirs


def _static_dirs() -> list[Path]:
    dirs = [STATIC_DIR]
    dirs += sorted(p for p in WEB_DIR.glob("*/static") if p.is_dir())
    return dirs


def _all_templates() -> list[Path]:
    return sorted(p for d in _template_dirs() for p in d.rglob("*.html"))


_COMMENT_BLOCK = re.compile(r"{%\s*comment\s*%}.*?{%\s*endcomment\s*%}", re.S)
_COMMENT_INLINE = re.compile(r"{#.*?#}", re.S)
_HTML_COMMENT = re.compile(r"<!--.*?-->", re.S)
_TEMPLATE_TAG = re.compile(r"{%.*?%}|{{.*?}}", re.S)
_SCRIPT = re.compile(r"<script\b([^>]*)>(.*?)</script\s*>", re.S | re.I)
_STYLE_ELEMENT = re.compile(r"<style[\s>]", re.I)
_HTML_TAG = re.compile(r"<[a-zA-Z][^<>]*>", re.S)
_STYLE_ATTR = re.compile(r"\sstyle\s*=", re.I)
_HANDLER_ATTR = re.compile(r"\son[a-z]+\s*=", re.I)
_JS_URL = re.compile(r"""(?:href|src|action)\s*=\s*["']?\s*javascript:""", re.I)
_STATIC_REF = re.compile(r"""{%\s*static\s+["']([^"']+)["']""")


def _without_comments(text: str) -> str:
    for pattern in (_COMMENT_BLOCK, _COMMENT_INLINE, _HTML_COMMENT):
        text = pattern.sub("", text)
    return text


def _markup(text: str) -> str:
    """Template source with comments removed and template tags blanked out.

    Blanking ``{% %}`` and ``{{ }}`` keeps ``{% if a > b %}`` from ending an HTML tag early.
    """
    return _TEMPLATE_TAG.sub(" ", _without_comments(text))


def _rel(path: Path) -> str:
    return str(path.relative_to(WEB_DIR))


def _static_refs(path: Path) -> list[str]:
    return _STATIC_REF.findall(_without_comments(path.read_text(encoding="utf-8")))


def _find_static(ref: str) -> Path | None:
    for directory in _static_dirs():
        candidate = directory / ref
        if candidate.is_file():
            return candidate
    return None


# ---------------------------------------------------------------------------------------
# Source checks: no Django needed


def test_shared_templates_exist() -> None:
    missing = [name for name in SHARED_TEMPLATES if not (TEMPLATES_DIR / name).is_file()]
    assert not missing, f"missing templates: {missing}"


@pytest.mark.parametrize("path", _all_templates(), ids=_rel)
def test_no_inline_script_style_or_handlers(path: Path) -> None:
    markup = _markup(path.read_text(encoding="utf-8"))
    problems = []
    for attrs, body in _SCRIPT.findall(markup):
        if body.strip():
            problems.append(f"<script{attrs}> has an inline body: {body.strip()[:60]!r}")
        if "src=" not in attrs:
            problems.append(f"<script{attrs}> has no src")
    if _STYLE_ELEMENT.search(markup):
        problems.append("contains a <style> element")
    for tag in _HTML_TAG.findall(markup):
        if _STYLE_ATTR.search(tag):
            problems.append(f"style= attribute in {tag[:80]!r}")
        if _HANDLER_ATTR.search(tag):
            problems.append(f"on*= event handler in {tag[:80]!r}")
    if _JS_URL.search(markup):
        problems.append("javascript: URL")
    assert not problems, f"{_rel(path)} breaks the Content-Security-Policy: {problems}"


@pytest.mark.parametrize("path", _all_templates(), ids=_rel)
def test_static_references_exist(path: Path) -> None:
    missing = [ref for ref in _static_refs(path) if _find_static(ref) is None]
    assert not missing, f"{_rel(path)} references static files that do not exist: {missing}"


def test_no_external_resources_in_templates() -> None:
    """No CDN: scripts, stylesheets, images and fonts come from our own static files."""
    external = re.compile(
        r"""<(?:script|link|img|iframe)\b[^>]*(?:src|href)\s*=\s*["']?(?:https?:)?//"""
    )
    offenders = [
        _rel(p) for p in _all_templates() if external.search(_markup(p.read_text(encoding="utf-8")))
    ]
    assert not offenders, f"templates load resources from another host: {offenders}"


def test_base_loads_the_vendored_assets() -> None:
    refs = _static_refs(TEMPLATES_DIR / "base.html")
    for required in (
        "vendor/govuk-frontend/govuk-frontend.min.css",
        "vendor/moj-frontend/moj-frontend.min.css",
        "linewatch/linewatch.css",
        "linewatch/linewatch.js",
    ):
        assert required in refs, f"base.html does not load {required}"
    for ref in refs:
        assert (STATIC_DIR / ref).is_file(), f"base.html: {ref} is not under {STATIC_DIR}"
    base = (TEMPLATES_DIR / "base.html").read_text(encoding="utf-8")
    assert re.search(r"""<script type="module" src="{%\s*static 'linewatch/linewatch.js'""", base)


def test_linewatch_js_imports_resolve() -> None:
    script = STATIC_DIR / "linewatch" / "linewatch.js"
    imports = re.findall(r"""^import\s.*?from\s+["']([^"']+)["']""", script.read_text(), re.M)
    assert "../vendor/govuk-frontend/govuk-frontend.min.js" in imports
    assert "../vendor/moj-frontend/moj-frontend.min.js" in imports
    for spec in imports:
        assert (script.parent / spec).resolve().is_file(), f"linewatch.js imports missing {spec}"


@pytest.mark.parametrize(
    "ref",
    [
        "vendor/govuk-frontend/govuk-frontend.min.css",
        "vendor/govuk-frontend/govuk-frontend.min.js",
        "vendor/govuk-frontend/LICENSE",
        "vendor/moj-frontend/moj-frontend.min.css",
        "vendor/moj-frontend/moj-frontend.min.js",
        "vendor/moj-frontend/LICENSE",
        "vendor/leaflet/leaflet.css",
        "vendor/leaflet/leaflet.js",
        "vendor/leaflet/images/marker-icon.png",
        "vendor/leaflet/LICENSE",
        "vendor/cytoscape/cytoscape.min.js",
        "vendor/cytoscape/LICENSE",
        "vendor/chart.js/chart.umd.min.js",
        "vendor/chart.js/LICENSE.md",
        "vendor/README.md",
    ],
)
def test_vendored_file_present(ref: str) -> None:
    assert (STATIC_DIR / ref).is_file()


def test_vendored_css_urls_resolve() -> None:
    """ManifestStaticFilesStorage fails collectstatic on a url() to a missing file."""
    url = re.compile(r"""url\(\s*["']?([^"')]+)["']?\s*\)""")
    missing = []
    for css in [*VENDOR_DIR.rglob("*.css"), *(STATIC_DIR / "linewatch").rglob("*.css")]:
        if not css.is_file():
            continue
        for target in url.findall(css.read_text(encoding="utf-8")):
            if target.startswith(("data:", "#")):
                continue
            if target.startswith("/") or "//" in target:
                missing.append(f"{_rel(css)}: absolute or external url({target})")
            elif not (css.parent / target).resolve().is_file():
                missing.append(f"{_rel(css)}: url({target})")
    assert not missing, missing


def test_vendored_files_have_no_dangling_source_maps_or_gds_fonts() -> None:
    problems = []
    for path in [*VENDOR_DIR.rglob("*.js"), *VENDOR_DIR.rglob("*.css")]:
        if not path.is_file():
            continue
        text = path.read_text(encoding="utf-8")
        if "sourceMappingURL=" in text:
            problems.append(f"{_rel(path)}: sourceMappingURL (no .map is shipped)")
        if "@font-face" in text and "GDS Transport" in text:
            problems.append(f"{_rel(path)}: GDS Transport @font-face (not a GOV.UK service)")
    assert not problems, problems


def test_vendored_size_is_small() -> None:
    total = sum(p.stat().st_size for p in VENDOR_DIR.rglob("*") if p.is_file())
    assert total < 3 * 1024 * 1024, f"vendored assets are {total / 1e6:.1f} MB"


# ---------------------------------------------------------------------------------------
# Compile and render: need linewatch.web.settings

_HAS_SETTINGS = importlib.util.find_spec("linewatch.web.settings") is not None
needs_settings = pytest.mark.skipif(
    not _HAS_SETTINGS, reason="linewatch.web.settings does not exist yet"
)


@pytest.fixture
def django_ready() -> None:
    import django
    from django.conf import settings

    if not settings.configured:
        import os

        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "linewatch.web.settings")
    django.setup()


def _urls_ready() -> bool:
    from django.urls import reverse

    try:
        for name in ("home", "people:list", "locations:list", "lines:list", "intel:list"):
            reverse(name)
        for name in ("search", "about-data", "accounts:login", "accounts:logout"):
            reverse(name)
    except Exception:  # NoReverseMatch, or the URLconf itself not importable yet
        return False
    return True


@needs_settings
@pytest.mark.parametrize("name", SHARED_TEMPLATES)
def test_template_compiles(django_ready: None, name: str) -> None:
    from django.template import loader

    loader.get_template(name)


@needs_settings
def test_field_include_renders_govuk_markup(django_ready: None) -> None:
    from django import forms
    from django.template.loader import render_to_string

    from linewatch.web.forms_govuk import GovukFormMixin

    class ExampleForm(GovukFormMixin, forms.Form):
        summary = forms.CharField(help_text="What was seen, and where")
        notes = forms.CharField(widget=forms.Textarea, required=False)
        drug = forms.ChoiceField(choices=[("crack", "Crack cocaine"), ("heroin", "Heroin")])
        handling = forms.ChoiceField(
            choices=[("P", "P – lawful sharing"), ("C", "C – with conditions")],
            widget=forms.RadioSelect,
        )
        flags = forms.MultipleChoiceField(
            choices=[("child", "Child"), ("cuckooed", "Cuckooed")],
            widget=forms.CheckboxSelectMultiple,
        )
        seen_on = forms.DateField(widget=forms.DateInput)

    form = ExampleForm(data={"summary": "", "drug": "crack", "handling": "", "flags": []})
    assert not form.is_valid()

    def render(name: str) -> str:
        return render_to_string("includes/field.html", {"field": form[name]})

    summary = render("summary")
    assert 'class="govuk-input govuk-input--error"' in summary
    assert 'id="id_summary_helptext" class="govuk-hint"' in summary
    assert 'id="id_summary_error" class="govuk-error-message"' in summary
    assert 'aria-describedby="id_summary_helptext id_summary_error"' in summary
    assert "govuk-form-group--error" in summary

    assert 'class="govuk-textarea"' in render("notes")
    assert 'class="govuk-select"' in render("drug")
    assert "govuk-input--width-10" in render("seen_on")

    radios = render("handling")
    assert '<fieldset class="govuk-fieldset" aria-describedby="id_handling_error">' in radios
    assert 'class="govuk-radios__input"' in radios
    assert 'for="id_handling_1"' in radios

    checkboxes = render("flags")
    assert 'class="govuk-checkboxes__input"' in checkboxes
    assert 'data-module="govuk-checkboxes"' in checkboxes

    summary_box = render_to_string("includes/error_summary.html", {"form": form})
    assert 'href="#id_summary"' in summary_box
    assert 'href="#id_handling_0"' in summary_box
    assert 'href="#id_seen_on"' in summary_box
    assert render_to_string("includes/error_summary.html", {"form": ExampleForm()}).strip() == ""


@needs_settings
def test_small_includes_render(django_ready: None) -> None:
    from django.core.paginator import Paginator
    from django.template.loader import render_to_string

    rows = render_to_string(
        "includes/summary_list.html", {"rows": [("Postcode", "LE1 1AA"), ("UPRN", None)]}
    )
    assert "LE1 1AA" in rows
    assert "Not recorded" in rows

    stub = {
        "kind": "intelligence report",
        "reference": "IR-2024-0042",
        "agency_name": "Leicestershire Police",
        "contact": "intel.unit@example.org",
    }
    redacted = render_to_string("includes/redacted.html", {"stub": stub})
    assert "govuk-inset-text lw-redacted" in redacted
    assert (
        "A record exists. Held by Leicestershire Police. "
        "To request access, contact intel.unit@example.org." in redacted
    )
    assert "IR-2024-0042" in redacted

    tag = render_to_string("includes/tag.html", {"text": "Active", "colour": "red"})
    assert '<strong class="govuk-tag govuk-tag--red">Active</strong>' in tag

    page = Paginator(list(range(200)), 10).page(10)
    pages = render_to_string(
        "includes/pagination.html", {"page_obj": page, "querystring": "q=smith&la=E07000130"}
    )
    assert 'href="?q=smith&amp;la=E07000130&amp;page=9" rel="prev"' in pages
    assert 'aria-label="Page 10" aria-current="page"' in pages
    assert 'aria-label="Page 1"' in pages
    assert 'aria-label="Page 20"' in pages
    assert 'aria-label="Page 5"' not in pages
    assert pages.count("govuk-pagination__item--ellipses") == 2
    single = Paginator([1, 2], 10).page(1)
    assert render_to_string("includes/pagination.html", {"page_obj": single}).strip() == ""


@needs_settings
def test_500_page_renders_without_request_or_context(django_ready: None) -> None:
    from django.template import loader

    html = loader.get_template("500.html").render()
    assert "Sorry, there is a problem with the service" in html


@needs_settings
def test_pages_render_for_a_signed_out_visitor(django_ready: None) -> None:
    if not _urls_ready():
        pytest.skip("the URL names used by base.html are not all defined yet")
    from django.contrib.auth.models import AnonymousUser
    from django.template import loader
    from django.test import RequestFactory

    request = RequestFactory().get("/")
    request.user = AnonymousUser()
    for name in ("404.html", "403.html", "about_data.html"):
        html = loader.get_template(name).render({}, request)
        assert "OFFICIAL-SENSITIVE" in html
        assert "Open Government Licence v3.0" in html
        assert "Sign out" not in html
        assert "govuk-service-navigation" not in html
    assert "Page not found" in loader.get_template("404.html").render({}, request)
    assert "Sorry, there is a problem" in loader.get_template("400.html").render()


@needs_settings
def test_base_shows_the_signed_in_user_and_navigation(django_ready: None) -> None:
    if not _urls_ready():
        pytest.skip("the URL names used by base.html are not all defined yet")
    from types import SimpleNamespace

    from django.template import loader
    from django.test import RequestFactory

    user = SimpleNamespace(
        is_authenticated=True,
        display_name="Priya Shah",
        get_username=lambda: "pshah",
        agency=SimpleNamespace(name="Charnwood Borough Council"),
    )
    request = RequestFactory().get("/")
    request.user = user
    html = loader.get_template("403.html").render({}, request)
    assert "Priya Shah" in html
    assert "Charnwood Borough Council" in html
    assert 'name="csrfmiddlewaretoken"' in html
    assert ">Sign out</button>" in html
    assert "govuk-service-navigation" in html
    assert "You do not have access to this page" in html

"""Signing in and out: the password form, the account page and "sign out everywhere"."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.views import LoginView
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods
from django_otp import login as otp_login

from linewatch.web.accounts import two_factor
from linewatch.web.audit.trail import record as audit
from linewatch.web.forms_govuk import GovukFormMixin


class SignInForm(GovukFormMixin, AuthenticationForm):  # type: ignore[misc]
    error_messages = {
        "invalid_login": "Enter a correct username and password. Both are case-sensitive.",
        "inactive": "This account is not active. Contact your agency's Linewatch administrator.",
    }


class SignInView(LoginView):
    form_class = SignInForm
    template_name = "registration/login.html"
    redirect_authenticated_user = True


class CodeForm(GovukFormMixin, forms.Form):  # type: ignore[misc]
    code = forms.RegexField(
        label="Code from your authenticator app",
        help_text="The 6 digits it shows for Linewatch now.",
        regex=r"^\s*\d{6}\s*$",
        max_length=12,
        error_messages={
            "required": "Enter the 6-digit code from your authenticator app",
            "invalid": "Enter the code as 6 digits, like 123456",
        },
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "spellcheck": "false"}
        ),
    )


def account(request: HttpRequest) -> HttpResponse:
    """The signed-in user's account: sessions and two-factor sign-in."""
    return render(
        request,
        "accounts/account.html",
        {
            "account": request.user,
            "two_factor_required": two_factor.needs_two_factor(request.user),
            "two_factor_device": two_factor.confirmed_device(request.user),
        },
    )


def _next_url(request: HttpRequest) -> str:
    wanted = request.POST.get("next") or request.GET.get("next") or "/"
    if url_has_allowed_host_and_scheme(wanted, {request.get_host()}, request.is_secure()):
        return wanted
    return "/"


@require_http_methods(["GET", "POST"])
def two_factor_step(request: HttpRequest) -> HttpResponse:
    """After the password: the TOTP code, or enrolling an authenticator app first."""
    user: Any = request.user
    next_url = _next_url(request)
    if user.is_verified():
        return redirect(next_url)
    device = two_factor.confirmed_device(user)
    enrolling = device is None
    if device is None:
        device = two_factor.enrolment_device(user)
    form = CodeForm(request.POST if request.method == "POST" else None)
    if form.is_valid():
        allowed, _why = device.verify_is_allowed()
        if allowed and device.verify_token(form.cleaned_data["code"].strip()):
            if enrolling:
                device.confirmed = True
                device.save(update_fields=["confirmed"])
                audit(
                    "alteration",
                    "user",
                    [user.pk],
                    f"{user.username} enrolled an authenticator app for two-factor sign-in",
                    request=request,
                )
            otp_login(request, device)
            return redirect(next_url)
        device.refresh_from_db()
        form.add_error(
            "code",
            "That code was not accepted. Wait for a new code and enter it"
            if allowed
            else "Too many wrong codes: wait a minute, then enter a new code",
        )
    context: dict[str, Any] = {"form": form, "enrolling": enrolling, "next": next_url}
    if enrolling:
        context["qr_code"] = two_factor.qr_code_data_uri(device)
        context["secret"] = two_factor.base32_secret(device)
    return render(request, "accounts/two_factor.html", context)


@require_http_methods(["GET", "POST"])
def sign_out_everywhere(request: HttpRequest) -> HttpResponse:
    """End every session of this user, on every device, including this one."""
    if request.method == "GET":
        return render(request, "accounts/sign_out_everywhere.html")
    user: Any = request.user
    user.sign_out_everywhere()
    audit(
        "alteration",
        "user",
        [user.pk],
        f"Signed {user.username} out of every session",
        request=request,
    )
    logout(request)
    messages.success(request, "You have been signed out on every device.")
    return redirect("accounts:login")

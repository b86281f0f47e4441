"""Signing in and out: the password form, the account page and "sign out everywhere"."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.views import LoginView
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

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


def account(request: HttpRequest) -> HttpResponse:
    """The signed-in user's account: sessions and two-factor sign-in."""
    return render(request, "accounts/account.html", {"account": request.user})


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

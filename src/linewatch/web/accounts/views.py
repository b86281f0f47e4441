from __future__ import annotations

from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.views import LoginView

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

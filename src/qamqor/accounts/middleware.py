"""Session rules applied to every request of a logged-in user:

- **inactivity**: a session unused for ``QAMQOR_SESSION_IDLE_TIMEOUT`` seconds is logged out (the
  session cookie also has an absolute lifetime, ``SESSION_COOKIE_AGE``);
- **second factor**: a user whose role requires it (``twofactor.required_for``) reaches only the
  second-factor pages, log-out and the language switch until the session is verified; pages redirect
  to the code (or enrolment) page, the API answers 403.

«Log out everywhere» needs no check here: the session hash includes the user's ``session_epoch``
(see ``User._get_session_auth_hash``), which Django's ``AuthenticationMiddleware`` verifies."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext as _

from qamqor.accounts import twofactor

LAST_SEEN_KEY = "qamqor_seen"
# Writing the session on every request would cost a database write each time: the time of the last
# request is refreshed at most this often (so the idle limit is exact to within this many seconds).
_TOUCH_EVERY = 60

# Views a half-logged-in user (password given, second factor not yet) may reach.
EXEMPT_VIEWS = frozenset({
    "accounts:two_factor_verify", "accounts:two_factor_enrol", "accounts:logout_everywhere",
    "web:login", "web:logout", "admin:login", "admin:logout", "set_language", "javascript-catalog",
})


class SessionSecurityMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            now = int(time.time())
            seen = request.session.get(LAST_SEEN_KEY)
            if seen is not None and now - int(seen) > settings.QAMQOR_SESSION_IDLE_TIMEOUT:
                logout(request)
                messages.info(request, _("Your session ended after a period of inactivity. Please log in again."))
                if not request.path.startswith("/api/"):
                    login_url = reverse(settings.LOGIN_URL)
                    return HttpResponseRedirect(f"{login_url}?{urlencode({'next': request.get_full_path()})}")
            elif seen is None or now - int(seen) >= _TOUCH_EVERY:
                request.session[LAST_SEEN_KEY] = now
        return self.get_response(request)

    def process_view(self, request: HttpRequest, view_func: Callable[..., Any], view_args: Any,
                     view_kwargs: Any) -> HttpResponse | None:
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated or not twofactor.required_for(user):
            return None
        if twofactor.is_verified(request):
            return None
        match = request.resolver_match
        if match is not None and match.view_name in EXEMPT_VIEWS:
            return None
        if request.path.startswith("/api/"):
            from qamqor.api.errors import problem_response

            return problem_response(request, 403, "two_factor_required",
                                    _("Two-factor authentication is required: log in on the site and type the "
                                      "code from your authenticator first."))
        name = "accounts:two_factor_verify" if twofactor.confirmed_device(user) else "accounts:two_factor_enrol"
        return HttpResponseRedirect(f"{reverse(name)}?{urlencode({'next': request.get_full_path()})}")

"""The application as gunicorn serves it in the benchmark, plus one response header: the number of SQL
queries the request ran (``X-Bench-Queries``), counted with ``connection.execute_wrapper``. Only the
benchmark serves this module; production serves ``qamqor.wsgi``."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from typing import Any

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "qamqor.settings")

from django.core.wsgi import get_wsgi_application  # noqa: E402
from django.db import connection  # noqa: E402

django_application = get_wsgi_application()


def application(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
    count = 0

    def counter(execute: Callable[..., Any], sql: str, params: Any, many: bool, context: Any) -> Any:
        nonlocal count
        count += 1
        return execute(sql, params, many, context)

    def start(status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> Any:
        return start_response(status, [*headers, ("X-Bench-Queries", str(count))], exc_info)

    with connection.execute_wrapper(counter):
        return django_application(environ, start)

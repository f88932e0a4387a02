"""Pages from templates: the reader's language, form token, municipality name and helpers every page uses."""

from __future__ import annotations

import json
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse, Response
from markupsafe import Markup

from trappa.report.formatting import count, format_number
from trappa.report.labels import user_group_name
from trappa.services import municipality
from trappa.services.memo import Memo
from trappa.services.staircase import Language
from trappa.services.users import ROLE_NAMES, User
from trappa.web.i18n import HTML_LANG, LANGUAGE_NAMES, LANGUAGES, pick_language, translations
from trappa.web.security import CSRF_COOKIE

LANG_COOKIE = "trappa_lang"


def language_of(request: Request) -> Language:
    default = municipality.load(request.app.state.db).language
    return pick_language(request.query_params.get("lang"), request.cookies.get(LANG_COOKIE), default)


def render(
    request: Request,
    template: str,
    context: dict[str, Any],
    *,
    status_code: int = 200,
    embed: bool = False,
    main_key: tuple[Memo, str] | None = None,
) -> HTMLResponse:
    """The page; with ``main_key`` (a cache and a key naming everything the page's main block shows), the main
    block is rendered once per key and language and the rest — menu, user, form token — on every view."""
    settings = municipality.load(request.app.state.db)
    language = pick_language(request.query_params.get("lang"), request.cookies.get(LANG_COOKIE), settings.language)
    t = translations(language)
    token, new_cookie = request.app.state.csrf.token(request)
    production = request.app.state.settings.production

    def url(path: str) -> str:
        prefix = "/innbygg" if embed and not path.startswith(("/static", "/innbygg", "/tilgjengelegheit")) else ""
        full = prefix + path if path != "/" or not prefix else prefix
        return full + (("&" if "?" in full else "?") + f"lang={language}" if language != settings.language else "")

    def number(value: Any, decimals: int = 0) -> str:
        return format_number(value, decimals, language)

    def group_name(code: str | None) -> str:
        """A user group as people call it, never its code."""
        return user_group_name(code or "alle", language)

    base = {
        "request": request,
        "_": t.gettext,
        "lang": language,
        "html_lang": HTML_LANG[language],
        "languages": [(code, LANGUAGE_NAMES[code]) for code in LANGUAGES],
        "url": url,
        "number": number,
        "group_name": group_name,
        "count": lambda n, noun: count(n, noun, language),
        "csrf_token": token,
        "embed": embed,
        "path": request.url.path,
        "municipality": settings.name,
        "default_language": settings.language,
    }
    if main_key is None:
        response = request.app.state.templates.TemplateResponse(
            request, template, {**base, **context}, status_code=status_code
        )
    else:
        response = HTMLResponse(_with_cached_main(request, template, {**base, **context}, main_key), status_code)
    if request.query_params.get("lang") in LANGUAGES:
        response.set_cookie(
            LANG_COOKIE, language, max_age=365 * 24 * 3600, samesite="lax", httponly=True, secure=production
        )
    if new_cookie:
        response.set_cookie(CSRF_COOKIE, new_cookie, samesite="strict", httponly=True, secure=production)
    return response  # type: ignore[no-any-return]


def _with_cached_main(request: Request, template: str, context: dict[str, Any], main_key: tuple[Memo, str]) -> str:
    """Jinja's own block machinery with the main block's text from the cache: a block is a function of the
    context, and the layout calls the first function in ``context.blocks["main"]``."""
    page = request.app.state.templates.get_template(template)
    cache, key = main_key
    # the language and the municipality's own language decide the words and the links in the block
    full_key = f"main:{key}:{context['lang']}:{context['default_language']}:{context['embed']}"
    main = cache(full_key, lambda: Markup("".join(page.blocks["main"](page.new_context(context)))))
    rendering = page.new_context(context)
    rendering.blocks["main"] = [lambda _context: iter([main])]
    return "".join(page.root_render_func(rendering))


def staff_render(
    request: Request,
    template: str,
    context: dict[str, Any],
    user: User | None,
    status_code: int = 200,
    main_key: tuple[Memo, str] | None = None,
) -> HTMLResponse:
    return render(request, template, {"user": user, "role_names": ROLE_NAMES, **context}, status_code=status_code,
                  main_key=main_key)  # fmt: skip


def spec_json(value: Any) -> str:
    """A chart spec as JSON for a data-spec attribute; '<', '>' and '&' are escaped as well (defence in depth)."""
    text = json.dumps(value, ensure_ascii=False)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def chart_set(specs: dict[str, Any]) -> dict[str, Any]:
    """A page's charts by the names in their addresses: each spec for the server to draw, and its JSON
    for the browser's data-spec attribute."""
    return {"specs": specs, "json": {name: spec_json(spec) for name, spec in specs.items()}}


def drawn(cache: Memo, key: str, spec: dict[str, Any]) -> Response:
    """A chart drawn on the server, for a reader without JavaScript: once per ``key`` (drawing takes a
    tenth of a second or more), as wide as a page's column of two (a wider drawing shrank to small print)."""
    from trappa.report.charts import to_svg  # vl-convert only when a chart is drawn

    return Response(cache(key, lambda: to_svg(spec, width=360)), media_type="image/svg+xml")


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def download_headers(filename: str) -> dict[str, str]:
    return {"Content-Disposition": f'attachment; filename="{filename}"'}

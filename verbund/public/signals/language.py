"""The language of a page: German for every internal page, the visitor's choice on public ones.

Runs right after ``LocaleMiddleware``. Outside the public routes German is activated whatever
the browser asks for. On public routes: ``?lang=xx`` (a code of ``LANGUAGES``), then the
language cookie of an earlier choice, then ``Accept-Language``, then German. The cookie is set
only when the visitor uses the language choice (``wahl=1``): it is the one cookie a visitor
gets without logging in. Links keep ``?lang=`` so a shared address carries its language.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode

from django.conf import settings
from django.urls import Resolver404, resolve
from django.utils import translation
from django.utils.cache import patch_vary_headers

PARAM = "lang"
CHOICE_PARAM = "wahl"
PUBLIC_NAMESPACE = "public"
# Each language's name in itself, for the choice (not translated on purpose).
NATIVE_NAMES = {
    "de": "Deutsch",
    "en": "English",
    "tr": "Türkçe",
    "ar": "العربية",
    "uk": "Українська",
    "ru": "Русский",
}


@dataclass(frozen=True)
class LanguageLink:
    code: str
    name: str
    url: str
    current: bool
    bidi: bool


def codes() -> list[str]:
    return [code for code, _name in settings.LANGUAGES]


def is_public(request) -> bool:
    path = request.path_info
    if path.startswith("/k/"):
        return False
    try:
        match = resolve(path)
    except Resolver404:
        return False
    return PUBLIC_NAMESPACE in match.namespaces


def public_language(request) -> tuple[str, bool]:
    """(language, chosen now) for a public request."""
    asked = request.GET.get(PARAM, "")
    if asked in codes():
        return asked, request.GET.get(CHOICE_PARAM) == "1"
    cookie = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
    if cookie in codes():
        return cookie, False
    accepted = translation.get_language_from_request(request)
    return (accepted if accepted in codes() else settings.LANGUAGE_CODE), False


def language_links(request, current: str) -> list[LanguageLink]:
    params = request.GET.copy()
    params.pop(CHOICE_PARAM, None)
    links = []
    for code in codes():
        params[PARAM] = code
        query = urlencode(sorted(params.items())) + f"&{CHOICE_PARAM}=1"
        links.append(
            LanguageLink(
                code=code,
                name=NATIVE_NAMES.get(code, code),
                url=f"{request.path}?{query}",
                current=code == current,
                bidi=translation.get_language_info(code)["bidi"],
            )
        )
    return links


class PublicLanguageMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        public = is_public(request)
        chosen = False
        language = settings.LANGUAGE_CODE
        if public:
            language, chosen = public_language(request)
            request.public_language_links = language_links(request, language)
            request.public_language_param = (
                language if PARAM in request.GET and language in codes() else ""
            )
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        if public:
            patch_vary_headers(response, ("Accept-Language", "Cookie"))
            response.headers.setdefault("Content-Language", language)
            if chosen:
                response.set_cookie(
                    settings.LANGUAGE_COOKIE_NAME,
                    language,
                    max_age=settings.LANGUAGE_COOKIE_AGE,
                    path=settings.LANGUAGE_COOKIE_PATH,
                    samesite=settings.LANGUAGE_COOKIE_SAMESITE,
                    secure=settings.LANGUAGE_COOKIE_SECURE,
                    httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
                )
        return response

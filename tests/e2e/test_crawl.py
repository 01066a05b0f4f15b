"""Every page type, in a browser, at phone and desktop width: nothing wider than the screen,
no axe-core violation (WCAG 2.1 A/AA), and a short help text on the page.

Routes come from the URL resolver (as in the isolation test), their objects from the apps'
``tests/isolation.py`` samples, so a new page is crawled without anyone listing it. Each page
is opened as the first role whose policy grants it."""

import pytest
from django.conf import settings
from django.test import Client

from verbund.accounts.testing import build_tenant
from verbund.core.roles import Role
from verbund.core.testing import all_routes, url_for
from verbund.core.testing_browser import run_axe

pytestmark = [pytest.mark.e2e, pytest.mark.a11y, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 360, "height": 740}
DESKTOP = {"width": 1280, "height": 900}
ROLE_ORDER = [Role.ADMIN, *[role for role in Role if role != Role.ADMIN]]

# Files, not pages.
FILES = (
    "pdf",
    "xlsx",
    "docx",
    "export",
    "geojson",
    "_json",
    "graphml",
    "_csv",
    "download",
    "photo",
    "_choices",
)
# Pages reached only by a form's POST (their GET redirects or is not offered) need no crawl.
PAGES = [
    route
    for route in all_routes()
    if route.is_tenant
    and hasattr(route.view, "get")
    and "fmt" not in route.kwarg_names
    and not route.name.endswith(FILES)
]

WIDEST = """() => {
  const limit = document.scrollingElement.clientWidth;
  return [...document.querySelectorAll('body *')]
    .filter((el) => el.getBoundingClientRect().right > limit + 1)
    .slice(0, 8)
    .map((el) => `${el.tagName.toLowerCase()}.${[...el.classList].join('.')}`
      + ` right=${Math.round(el.getBoundingClientRect().right)}`);
}"""


def role_for(route):
    for role in ROLE_ORDER:
        if route.permission.reach_for(role):
            return role
    return None


def logged_in_page(new_page, live_server, user, viewport):
    client = Client()
    client.force_login(user)
    page = new_page(viewport=viewport)
    page.context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )
    return page


def overflow(page) -> tuple[int, int]:
    return page.evaluate(
        "() => [document.scrollingElement.scrollWidth, document.scrollingElement.clientWidth]"
    )


def axe_violations(page) -> str:
    results = run_axe(page)
    return "" if results.violations_count == 0 else results.generate_report()


def crawl(live_server, new_page, widths):
    """Open every page once as its role, at the first of ``widths`` (name, viewport, check);
    for each further width the same page is resized, not reloaded. ``check(route, page)``
    returns problems. Each route gets its own municipality, as in the isolation test (samples
    create objects): building it is the slow part, so every width shares one."""
    problems, seen = [], 0
    for number, route in enumerate(PAGES):
        role = role_for(route)
        if role is None:
            continue
        tenant = build_tenant(f"crawl{number}")
        url = live_server.url + url_for(route, tenant)
        first_viewport = widths[0][1]
        page = logged_in_page(new_page, live_server, tenant.users[role], first_viewport)
        response = page.goto(url)
        if response.status >= 500:
            problems.append(f"{route.name}: HTTP {response.status}")
        elif response.status < 400 and "text/html" in response.headers.get("content-type", ""):
            seen += 1
            for name, viewport, check in widths:
                if viewport != first_viewport:
                    page.set_viewport_size(viewport)
                problems.extend(
                    f"{route.name} ({url}, {name}): {problem}" for problem in check(route, page)
                )
        page.context.close()
    assert seen > 60, f"only {seen} pages crawled"
    return problems


def phone_problems(route, page):
    scroll_width, client_width = overflow(page)
    if scroll_width > client_width:
        yield f"{scroll_width}px wide on a {client_width}px screen: {page.evaluate(WIDEST)}"
    if page.locator(".page-help").count() != 1:
        yield "no help text (register one in the app's help.py)"


def axe_problems(route, page):
    report = axe_violations(page)
    if report:
        yield report


def phone_and_axe_problems(route, page):
    yield from phone_problems(route, page)
    yield from axe_problems(route, page)


# One pass over the pages: at phone width each must fit, carry its help text and pass axe;
# widened to a desktop it must pass axe again (media queries change the layout, not the page).
def test_every_page_fits_a_phone_has_help_and_passes_axe_on_phone_and_desktop(
    live_server, new_page
):
    widths = [("Handy", PHONE, phone_and_axe_problems), ("Desktop", DESKTOP, axe_problems)]
    problems = crawl(live_server, new_page, widths)
    assert not problems, "\n\n".join(problems)

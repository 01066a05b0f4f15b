from functools import lru_cache

from django.urls import get_script_prefix, reverse

from verbund.core.navigation import GROUPS, group_of, nav_entries


@lru_cache(maxsize=4096)
def _menu_url(url_name: str, slug: str, script_prefix: str) -> str:
    # The menu's addresses are the same on every page of a municipality; reversing each of
    # them on every request was a good part of a small page's time.
    return reverse(url_name, args=[slug])


def tenant(request):
    access = getattr(request, "access", None)
    municipality = getattr(request, "municipality", None)
    nav = []
    if access and municipality:
        prefix = get_script_prefix()
        home = _menu_url("tenancy:home", municipality.slug, prefix)
        for entry in nav_entries():
            if access.can(entry.permission):
                url = _menu_url(entry.url_name, municipality.slug, prefix)
                nav.append(
                    {
                        "label": entry.label,
                        "url": url,
                        "current": False,
                        "group": group_of(entry.url_name),
                    }
                )
        # Sections stay highlighted on their sub-pages, the overview only on itself; of
        # nested sections ("Angebote", "Angebote → Wonach Familien suchen") only the closest.
        matching = [
            item
            for item in nav
            if request.path == item["url"]
            or (item["url"] != home and request.path.startswith(item["url"]))
        ]
        if matching:
            max(matching, key=lambda item: len(item["url"]))["current"] = True
    sections = [
        {"label": label, "items": [item for item in nav if item["group"] == key]}
        for key, label in GROUPS.items()
    ]
    sections = [section for section in sections if section["items"]]
    # Everything the rendered menu shows, as the key of its memo in templates/base.html.
    nav_key = "|".join(item["url"] + ("*" if item["current"] else "") for item in nav)
    return {
        "municipality": municipality,
        "access": access,
        "nav": nav,
        "nav_sections": sections,
        "nav_key": nav_key,
    }

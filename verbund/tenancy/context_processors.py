from django.urls import reverse

from verbund.core.navigation import GROUPS, group_of, nav_entries


def tenant(request):
    access = getattr(request, "access", None)
    municipality = getattr(request, "municipality", None)
    nav = []
    if access and municipality:
        home = reverse("tenancy:home", args=[municipality.slug])
        for entry in nav_entries():
            if access.can(entry.permission):
                url = reverse(entry.url_name, args=[municipality.slug])
                # Sections stay highlighted on their sub-pages; the overview only on itself.
                current = request.path == url or (url != home and request.path.startswith(url))
                nav.append(
                    {
                        "label": entry.label,
                        "url": url,
                        "current": current,
                        "group": group_of(entry.url_name),
                    }
                )
    sections = [
        {"label": label, "items": [item for item in nav if item["group"] == key]}
        for key, label in GROUPS.items()
    ]
    sections = [section for section in sections if section["items"]]
    return {"municipality": municipality, "access": access, "nav": nav, "nav_sections": sections}

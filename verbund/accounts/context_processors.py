from .models_legal import LegalKind


def legal_links(request):
    """The legal pages linked from every page's footer (see templates/base.html)."""
    return {"legal_links": LegalKind.choices}

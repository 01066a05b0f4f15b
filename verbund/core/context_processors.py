from .help import help_for


def page_help(request):
    """The current page's short help text (``verbund.core.help``), if it has one."""
    match = getattr(request, "resolver_match", None)
    return {"help_text": help_for(match.view_name if match else None)}

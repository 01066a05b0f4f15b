"""``{% url %}`` through :func:`verbund.core.url_templates.fast_reverse`.

A template builtin (``TEMPLATES[…]["OPTIONS"]["builtins"]``), so it replaces Django's ``url``
tag in every template with the same syntax and the same result.
"""

from django import template
from django.template.defaulttags import URLNode
from django.template.defaulttags import url as django_url
from django.urls import NoReverseMatch
from django.utils.html import conditional_escape

from verbund.core.url_templates import fast_reverse, url_environment

register = template.Library()

# The script prefix and URL configuration, read once per template render (they are fixed for
# a request; the language is read per address, as {% language %} may change it).
ENVIRONMENT = "verbund.url_environment"


class FastURLNode(URLNode):
    def render(self, context):
        if self.kwargs:
            return super().render(context)
        args = [arg.resolve(context) for arg in self.args]
        view_name = self.view_name.resolve(context)
        try:
            current_app = context.request.current_app
        except AttributeError:
            try:
                current_app = context.request.resolver_match.namespace
            except AttributeError:
                current_app = None
        url = ""
        try:
            environment = context.render_context.get(ENVIRONMENT)
            if environment is None:
                environment = context.render_context[ENVIRONMENT] = url_environment()
            url = fast_reverse(
                view_name, args=args, current_app=current_app, environment=environment
            )
        except NoReverseMatch:
            if self.asvar is None:
                raise
        if self.asvar:
            context[self.asvar] = url
            return ""
        return conditional_escape(url) if context.autoescape else url


@register.tag
def url(parser, token):
    node = django_url(parser, token)
    return FastURLNode(node.view_name, node.args, node.kwargs, node.asvar)

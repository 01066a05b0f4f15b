"""Django's ``i18n`` template library, with translated literals kept per language.

Registered under the name ``i18n`` (``TEMPLATES[…]["OPTIONS"]["libraries"]``), so every
``{% load i18n %}`` gets it. Every tag and filter is Django's own; ``{% translate "…" %}`` of a
plain literal and ``{% blocktranslate %}`` without variables, plural or context keep their
output on the node, per language and autoescape setting, instead of asking the catalogue on
every render (a list page renders such a literal 50–250 times). The catalogues are fixed for a
process; a change of the translation settings (tests) empties every memo.
"""

from django import template
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.templatetags import i18n as django_i18n
from django.utils import translation

register = template.Library()
register.tags.update(django_i18n.register.tags)
register.filters.update(django_i18n.register.filters)

# The active language, read once per template render ({% language %} below keeps it true).
LANGUAGE = "verbund.language"
_UNSET = object()
_generation = [0]


@receiver(setting_changed)
def _forget_translations(*, setting, **kwargs):
    if setting in {"LANGUAGES", "LANGUAGE_CODE", "LOCALE_PATHS", "INSTALLED_APPS"}:
        _generation[0] += 1


def _language(context):
    render_context = context.render_context
    language = render_context.get(LANGUAGE, _UNSET)
    if language is _UNSET:
        language = render_context[LANGUAGE] = translation.get_language()
    return language


class _Memo:
    def _memo_render(self, context, render):
        key = (_language(context), context.autoescape, _generation[0])
        try:
            return self._memo[key]
        except KeyError:
            value = self._memo[key] = render(context)
            return value


class MemoTranslateNode(_Memo, django_i18n.TranslateNode):
    def __init__(self, node: django_i18n.TranslateNode):
        self.__dict__.update(node.__dict__)
        self._memo = {}

    def render(self, context):
        return self._memo_render(context, super().render)


class MemoBlockTranslateNode(_Memo, django_i18n.BlockTranslateNode):
    def __init__(self, node: django_i18n.BlockTranslateNode):
        self.__dict__.update(node.__dict__)
        self._memo = {}

    def render(self, context, nested=False):
        if nested:
            return super().render(context, nested=True)
        return self._memo_render(context, super().render)


def _is_literal(node: django_i18n.TranslateNode) -> bool:
    expression = node.filter_expression
    return (
        not node.noop
        and node.asvar is None
        and node.message_context is None
        and not expression.filters
        and isinstance(expression.var, template.Variable)
        and expression.var.literal is not None
    )


def _is_plain_text(node: django_i18n.BlockTranslateNode) -> bool:
    tokens = node.singular + (node.plural or [])
    return (
        node.asvar is None
        and node.message_context is None
        and node.counter is None
        and not node.extra_context
        and all(token.token_type == template.base.TokenType.TEXT for token in tokens)
    )


@register.tag("translate")
@register.tag("trans")
def do_translate(parser, token):
    node = django_i18n.do_translate(parser, token)
    return MemoTranslateNode(node) if _is_literal(node) else node


@register.tag("blocktranslate")
@register.tag("blocktrans")
def do_block_translate(parser, token):
    node = django_i18n.do_block_translate(parser, token)
    return MemoBlockTranslateNode(node) if _is_plain_text(node) else node


class MemoLanguageNode(django_i18n.LanguageNode):
    def render(self, context):
        render_context = context.render_context
        outer = render_context.get(LANGUAGE, _UNSET)
        with translation.override(self.language.resolve(context)):
            render_context[LANGUAGE] = translation.get_language()
            try:
                return self.nodelist.render(context)
            finally:
                if outer is _UNSET:
                    del render_context[LANGUAGE]
                else:
                    render_context[LANGUAGE] = outer


@register.tag("language")
def language(parser, token):
    node = django_i18n.language(parser, token)
    return MemoLanguageNode(node.nodelist, node.language)

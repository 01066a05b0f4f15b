"""``{% memo key … %}…{% endmemo %}``: a fragment rendered once per process and key.

For the parts of the page frame that are the same on thousands of requests: the menu, the
footer, the search box. Rendering them on every request was about half of the frame's time
and a tenth of a list page's (issue 17).

The keys must name everything the fragment shows; the active language and the script prefix
are always part of the key. Never wrap anything that holds a CSRF token, a nonce, a user's
data or a number that changes (counts, dates): those stay outside the tag.
"""

from __future__ import annotations

from itertools import count

from django import template
from django.urls import get_script_prefix
from django.utils.translation import get_language

register = template.Library()

# Bounded: the keys are a few per municipality and language (menus differ by role), so a
# full cache means something unexpected is in a key; start over rather than grow.
MEMO_LIMIT = 4096
_fragments: dict[tuple, str] = {}
_places = count()


def clear_memo() -> None:
    _fragments.clear()


class MemoNode(template.Node):
    def __init__(self, nodelist, keys, place: str):
        self.nodelist = nodelist
        self.keys = keys
        self.place = place

    def render(self, context) -> str:
        key = (
            self.place,
            get_language(),
            get_script_prefix(),
            *(expression.resolve(context) for expression in self.keys),
        )
        try:
            return _fragments[key]
        except KeyError:
            pass
        except TypeError:  # a key that cannot be hashed: render, do not keep
            return self.nodelist.render(context)
        fragment = self.nodelist.render(context)  # a SafeString already
        if len(_fragments) >= MEMO_LIMIT:
            _fragments.clear()
        _fragments[key] = fragment
        return fragment


@register.tag
def memo(parser, token):
    bits = token.split_contents()
    if len(bits) < 2:
        raise template.TemplateSyntaxError("memo braucht mindestens einen Schlüssel.")
    keys = [parser.compile_filter(bit) for bit in bits[1:]]
    nodelist = parser.parse(("endmemo",))
    parser.delete_first_token()
    # Each parsed tag is its own fragment: the same keys in two places are two fragments.
    # (Templates are parsed once per process by the cached loader.)
    origin = getattr(parser, "origin", None)
    place = f"{getattr(origin, 'name', '?')}:{token.lineno}:{next(_places)}"
    return MemoNode(nodelist, keys, place)

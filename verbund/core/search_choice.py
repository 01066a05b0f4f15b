"""A choice among many objects without a select of thousands of options.

``SearchChoiceField`` is a ``ModelChoiceField`` (so ``limit_choices`` and the form-choice test
treat it like any other): with at most ``SELECT_LIMIT`` choices it renders a normal select;
beyond that a text field. The server resolves what was typed within the field's queryset — the
access rule has already limited it, so a forged number or a foreign name is simply not found:

- ``12`` (a number, as links and selects send) or ``Name (Nr. 12)`` → that object, if offered
  (else refused: a number is never searched as part of a name);
- otherwise the name, exactly (ignoring case) or as a part of it: one match → that object;
  several → a German error listing candidates in the ``Name (Nr. 12)`` form; none → an error.

``SearchMultipleChoiceField`` does the same for several objects: up to ``SELECT_LIMIT`` choices
a list of checkboxes; beyond that the chosen objects as ticked boxes (untick to remove) and a
text area for more, one per line, each line resolved as above (all errors at once).

With JavaScript, ``static/js/search-choice.js`` turns the text field into an autocomplete that
asks a JSON endpoint (a ``SearchChoiceJsonView`` subclass, one per kind of object, in the app
that owns it) for names. Choice querysets load only the primary key and the label field.
"""

from __future__ import annotations

import re

from django import forms
from django.core.exceptions import ValidationError
from django.http import JsonResponse
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .params import int_param
from .search import Query, match_condition
from .tenant_views import TenantView

SELECT_LIMIT = 50
CANDIDATES_SHOWN = 8
RESULTS_LIMIT = 20
MAX_QUERY_LENGTH = 100
MAX_ENTRIES = 200  # lines resolved per multiple choice and request
NUMBERED = re.compile(r"^(?P<name>.*?)\s*\(Nr\.\s*(?P<pk>[0-9]{1,12})\)\s*$")


def numbered(obj, label_field: str = "name") -> str:
    return f"{getattr(obj, label_field)} (Nr. {obj.pk})"


class SearchChoiceWidget(forms.TextInput):
    template_name = "core/widgets/search_choice.html"

    def __init__(self, attrs=None):
        super().__init__(attrs)
        self.choices = ()
        self.search_url = ""
        self.label_field = "name"
        self.empty_label = ""
        self.search_url_name = ""

    def __deepcopy__(self, memo):
        obj = super().__deepcopy__(memo)
        obj.choices = self.choices
        return obj

    def _first_ids(self) -> list | None:
        """Up to ``SELECT_LIMIT + 1`` ids of the choices (one cheap query, cached); ``None``
        for choices that are not a queryset."""
        if "_first" not in self.__dict__:
            self._first = first_ids(self.choices)
        return self._first

    def is_small(self) -> bool:
        """At most ``SELECT_LIMIT`` choices: a select is fine."""
        ids = self._first_ids()
        return ids is None or len(ids) <= SELECT_LIMIT

    @property
    def offers_a_choice(self) -> bool:
        """More than one thing to choose from (for filters that are pointless otherwise);
        the same query as ``is_small``, not a count of every choice."""
        ids = self._first_ids()
        if ids is None:
            return len([value for value, _label in self.choices if value not in ("", None)]) > 1
        return len(ids) > 1

    def _default_search_url(self) -> str:
        """The endpoint named by the field's ``search_url_name``, in the municipality of the
        choices (tenant models only; one small query)."""
        queryset = getattr(self.choices, "queryset", None)
        if not self.search_url_name or queryset is None:
            return ""
        slug = queryset.values_list("municipality__slug", flat=True).first()
        return reverse(self.search_url_name, args=[slug]) if slug else ""

    @property
    def kern_kind(self) -> str:
        return "select" if self.is_small() else "input"

    def format_value(self, value):
        if value in (None, ""):
            return None
        if isinstance(value, str) and not re.fullmatch(r"[0-9]{1,12}", value):
            return value  # what the user typed, shown back with the error
        queryset = getattr(self.choices, "queryset", None)
        if queryset is None:
            return str(value)
        obj = queryset.filter(pk=value).only("pk", self.label_field).first()
        return numbered(obj, self.label_field) if obj else str(value)

    def get_context(self, name, value, attrs):
        small = self.is_small()
        context = super().get_context(name, value, attrs)
        widget = context["widget"]
        widget["small"] = small
        if small:
            selected = "" if value in (None, "") else str(getattr(value, "pk", value))
            widget["options"] = [
                {
                    "value": str(choice_value),
                    "label": label,
                    "selected": str(choice_value) == selected,
                }
                for choice_value, label in self.choices
            ]
        else:
            widget["search_url"] = self.search_url or self._default_search_url()
            widget["attrs"].setdefault("autocomplete", "off")
        return context


def resolve(queryset, text: str, label_field: str, messages):
    """The object of ``queryset`` that ``text`` names (see the module docstring), or a German
    ``ValidationError``."""
    if re.fullmatch(r"[0-9]{1,12}", text):  # ASCII only: "²".isdigit() is true
        # A number is an ID (links, selects): one not offered is refused, not searched.
        obj = queryset.filter(pk=int(text)).first()
        obj = obj or queryset.filter(**{f"{label_field}__iexact": text}).first()
        if obj is None:
            raise ValidationError(
                messages["invalid_choice"], code="invalid_choice", params={"value": text}
            )
        return obj
    match = NUMBERED.match(text)
    if match:
        obj = queryset.filter(pk=int(match["pk"])).first()
        if obj is None:
            raise ValidationError(
                messages["invalid_choice"], code="invalid_choice", params={"value": text}
            )
        return obj
    exact = list(queryset.filter(**{f"{label_field}__iexact": text})[: CANDIDATES_SHOWN + 1])
    found = exact or list(
        queryset.filter(**{f"{label_field}__icontains": text}).order_by(label_field, "pk")[
            : CANDIDATES_SHOWN + 1
        ]
    )
    if len(found) == 1:
        return found[0]
    if not found:
        raise ValidationError(messages["no_match"], code="no_match", params={"value": text})
    candidates = [numbered(obj, label_field) for obj in found[:CANDIDATES_SHOWN]]
    if len(found) > CANDIDATES_SHOWN:
        candidates.append(gettext("…"))
    raise ValidationError(
        messages["ambiguous"],
        code="ambiguous",
        params={"value": text, "candidates": "; ".join(candidates)},
    )


ERROR_MESSAGES = {
    "invalid_choice": _("„%(value)s“ ist keine Auswahl, die Sie hier treffen können."),
    "no_match": _("Kein Eintrag passt zu „%(value)s“."),
    "ambiguous": _(
        "„%(value)s“ passt zu mehreren Einträgen: %(candidates)s. Bitte geben Sie einen "
        "davon genau so ein (mit Nummer)."
    ),
}


def first_ids(choices) -> list | None:
    """Up to ``SELECT_LIMIT + 1`` ids of a queryset's choices (one query), ``None`` for
    choices that are not a queryset."""
    queryset = getattr(choices, "queryset", None)
    if queryset is None:
        return None
    # Without the choices' order: sorting thousands of names only to count to 51 was most
    # of the query's time.
    return list(queryset.order_by().values_list("pk", flat=True)[: SELECT_LIMIT + 1])


def is_small(choices) -> bool:
    """At most ``SELECT_LIMIT`` choices: a select or a checkbox list is fine (one cheap query)."""
    ids = first_ids(choices)
    return ids is None or len(ids) <= SELECT_LIMIT


class SearchChoiceField(forms.ModelChoiceField):
    """See the module docstring. ``search_url``: the JSON endpoint for the autocomplete (set
    with ``set_search_url``); without it the field still works, by server-side matching."""

    widget = SearchChoiceWidget
    search_url_name = ""  # the JSON endpoint's URL name, for subclasses per kind of object
    default_error_messages = ERROR_MESSAGES

    # Further columns a form's own ``label_from_instance`` shows in the small select; set it
    # before the queryset (e.g. ``("level", "code")`` for areas).
    also_load: tuple[str, ...] = ()

    def __init__(self, queryset, *, label_field: str = "name", **kwargs):
        self.label_field = label_field
        super().__init__(queryset.model.objects.none(), **kwargs)  # set later, in scope
        self.widget.label_field = label_field
        self.widget.search_url_name = self.search_url_name
        self.widget.empty_label = self.empty_label or ""

    def _set_queryset(self, queryset):
        if queryset is not None:
            queryset = queryset.select_related(None).only("pk", self.label_field, *self.also_load)
        super()._set_queryset(queryset)

    queryset = property(forms.ModelChoiceField._get_queryset, _set_queryset)

    def label_from_instance(self, obj):
        return getattr(obj, self.label_field)

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, self.queryset.model):
            value = value.pk
        text = str(value).strip()[:MAX_QUERY_LENGTH]
        if not text:
            return None
        return resolve(self.queryset, text, self.label_field, self.error_messages)

    def has_changed(self, initial, data):
        if self.disabled:
            return False
        initial_pk = getattr(initial, "pk", initial)
        try:
            data_obj = self.to_python(data)
        except ValidationError:
            return True
        return str(initial_pk or "") != str(getattr(data_obj, "pk", "") or "")


def _typed_lines(values) -> list[str]:
    """Every entry posted: IDs of kept checkboxes and the typed lines (one name per line)."""
    lines = []
    for value in values or ():
        if hasattr(value, "pk"):
            value = value.pk
        for line in str(value).splitlines():
            line = line.strip()[:MAX_QUERY_LENGTH]
            if line:
                lines.append(line)
            if len(lines) > MAX_ENTRIES:
                return lines
    return lines


def _ids(lines) -> list[int]:
    return [int(line) for line in lines if re.fullmatch(r"[0-9]{1,12}", line)]


class SearchMultipleChoiceWidget(forms.CheckboxSelectMultiple):
    """Checkboxes for up to ``SELECT_LIMIT`` choices; beyond that only the chosen objects as
    checked boxes (uncheck to remove) and a text area for more, one name per line."""

    template_name = "core/widgets/search_multiple_choice.html"

    def __init__(self, attrs=None, choices=()):
        super().__init__(attrs, choices)
        self.search_url = ""
        self.search_url_name = ""
        self.label_field = "name"

    def __deepcopy__(self, memo):
        obj = super().__deepcopy__(memo)
        obj.choices = self.choices
        return obj

    def is_small(self) -> bool:
        if "_small" not in self.__dict__:
            self._small = is_small(self.choices)
        return self._small

    @property
    def searchable(self) -> bool:
        """For templates that render small sets themselves: render the widget when true."""
        return not self.is_small()

    def format_value(self, value):
        if value is None:
            return []
        if not isinstance(value, tuple | list):
            value = [value]
        return [str(getattr(v, "pk", v)) for v in value]

    def optgroups(self, name, value, attrs=None):
        if self.is_small():
            return super().optgroups(name, value, attrs)
        queryset = getattr(self.choices, "queryset", None)
        ids = _ids(_typed_lines(value))
        if queryset is None or not ids:
            return []
        label = self.label_field
        chosen = queryset.filter(pk__in=ids).order_by(label, "pk").values_list("pk", label)
        return [
            (None, [self.create_option(name, str(pk), text, True, index, attrs=attrs)], index)
            for index, (pk, text) in enumerate(chosen)
        ]

    def typed_text(self, value) -> str:
        """What the user typed (names, not the IDs of kept boxes), shown back with an error."""
        lines = _typed_lines(value)
        return "\n".join(line for line in lines if not re.fullmatch(r"[0-9]{1,12}", line))

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        widget = context["widget"]
        widget["small"] = self.is_small()
        if not widget["small"]:
            widget["typed"] = self.typed_text(value)
            widget["text_id"] = f"{widget['attrs'].get('id') or name}-text"
            url = self.search_url
            if not url and self.search_url_name:
                url = SearchChoiceWidget._default_search_url(self)
            widget["search_url"] = url
        return context

    def id_for_label(self, id_, index=None):
        if index is None and not self.is_small():
            return f"{id_}-text" if id_ else ""
        return super().id_for_label(id_, index)


class SearchMultipleChoiceField(forms.ModelMultipleChoiceField):
    """Several objects among many (see the module docstring): each posted value is an ID, a
    ``Name (Nr. 12)`` or a name, and a value may hold several lines (the text area). Every line
    is resolved within the field's queryset; unknown, foreign or ambiguous lines get the German
    messages of ``SearchChoiceField``, all at once."""

    widget = SearchMultipleChoiceWidget
    search_url_name = ""
    default_error_messages = {
        **ERROR_MESSAGES,
        "too_many": _("Bitte höchstens %(limit)s Einträge auf einmal."),
    }

    def __init__(self, queryset, *, label_field: str = "name", **kwargs):
        self.label_field = label_field
        super().__init__(queryset.model.objects.none(), **kwargs)  # set later, in scope
        self.widget.label_field = label_field
        self.widget.search_url_name = self.search_url_name

    def _set_queryset(self, queryset):
        if queryset is not None:
            queryset = queryset.select_related(None).only("pk", self.label_field)
        super()._set_queryset(queryset)

    queryset = property(forms.ModelMultipleChoiceField._get_queryset, _set_queryset)

    def label_from_instance(self, obj):
        return getattr(obj, self.label_field)

    def clean(self, value):
        lines = _typed_lines(value if isinstance(value, list | tuple) else [value])
        if not lines:
            if self.required:
                raise ValidationError(self.error_messages["required"], code="required")
            return self.queryset.none()
        if len(lines) > MAX_ENTRIES:
            raise ValidationError(
                self.error_messages["too_many"], code="too_many", params={"limit": MAX_ENTRIES}
            )
        ids, errors = [], []
        for line in dict.fromkeys(lines):
            try:
                ids.append(resolve(self.queryset, line, self.label_field, self.error_messages).pk)
            except ValidationError as error:
                errors.extend(error.error_list)
        if errors:
            raise ValidationError(errors)
        chosen = self.queryset.filter(pk__in=ids)
        self.run_validators(value)
        return chosen

    def resolve_quietly(self, values):
        """The objects the posted values name so far, leaving out what does not resolve."""
        ids = []
        for line in dict.fromkeys(_typed_lines(values)[:MAX_ENTRIES]):
            try:
                ids.append(resolve(self.queryset, line, self.label_field, self.error_messages).pk)
            except ValidationError:
                continue
        return self.queryset.filter(pk__in=ids)

    def has_changed(self, initial, data):
        if self.disabled:
            return False
        initial_ids = {str(getattr(v, "pk", v)) for v in initial or ()}
        try:
            data_ids = {str(obj.pk) for obj in self.clean(data)}
        except ValidationError:
            return True
        return initial_ids != data_ids


def set_search_url(field: forms.Field, url_name: str, municipality) -> None:
    """The autocomplete endpoint of a search field (single or multiple)."""
    field.widget.search_url = reverse(url_name, args=[municipality.slug])


class SearchChoiceJsonView(TenantView):
    """``GET ?q=<part of the name>`` → ``{"results": [{"id", "label", "value"}]}``: at most
    ``RESULTS_LIMIT`` objects of this municipality the view's ``permission`` reaches (the one
    access rule). Subclasses set ``permission`` and ``base_queryset()``."""

    label_field = "name"

    def base_queryset(self):  # pragma: no cover - abstract
        raise NotImplementedError

    def get(self, request, municipality_slug):
        text = request.GET.get("q", "").strip()[:MAX_QUERY_LENGTH]
        limit = int_param(request.GET, "anzahl", min_value=1, max_value=RESULTS_LIMIT)
        queryset = self.access.narrow(self.permission, self.base_queryset())
        name = self.label_field
        if text:
            # The search's German-aware matching: "Strasse" finds "Straße", every word counts.
            match = NUMBERED.match(text)
            query = Query.parse(match["name"] if match else text)
            if query:
                haystack, condition = match_condition(query, [name])
                queryset = queryset.alias(_search_text=haystack).filter(condition)
        rows = queryset.order_by(name, "pk").values_list("pk", name)[: limit or RESULTS_LIMIT]
        return JsonResponse(
            {
                "results": [
                    {"id": pk, "label": label, "value": f"{label} (Nr. {pk})"} for pk, label in rows
                ]
            }
        )

from __future__ import annotations

import re

from django import forms
from django.utils.translation import gettext_lazy as _

from .importing import guess
from .importing.engine import ImportSpec
from .importing.integrity import ACCEPT_OPEN_END, ACCEPT_SHORT_ROWS
from .importing.reader import DELIMITERS, ENCODINGS
from .importing.wide import year_columns, year_of_header
from .models import AreaMatch, ImportLayout, Indicator, IndicatorKind
from .services import INDICATOR_FIELDS, MAX_UPLOAD_BYTES

NOT_IMPORTED = ("", _("– nicht importieren –"))
DASH_CHOICES = [
    ("missing", _("fehlt (kein Wert)")),
    ("zero", _("null (0)")),
    ("suppressed", _("geheim gehalten")),
]
NEW_INDICATOR = "__new__"
DUPLICATE_CHOICES = [
    ("error", _("als Fehler melden (ich korrigiere die Datei oder markiere Summenzeilen)")),
    ("sum", _("Werte summieren (ein Gebiet auf mehrere Zeilen aufgeteilt; Anteile entfallen)")),
    ("first", _("nur die erste Zeile nehmen")),
]


class IndicatorForm(forms.ModelForm):
    class Meta:
        model = Indicator
        fields = INDICATOR_FIELDS
        widgets = {
            "definition": forms.Textarea(attrs={"rows": 4}),
            "higher_means_more_need": forms.Select(
                choices=[
                    ("unknown", _("nicht festgelegt (Kontextindikator)")),
                    ("true", _("ja – ein höherer Wert zeigt mehr Bedarf")),
                    ("false", _("nein – ein höherer Wert zeigt weniger Bedarf")),
                ]
            ),
        }
        help_texts = {
            "key": _(
                "Kurzer, stabiler Bezeichner aus Kleinbuchstaben, Ziffern und _ (z. B. "
                "kita_quote). Gespeicherte Importzuordnungen verweisen darauf; er kann später "
                "nicht geändert werden."
            ),
            "unit": _("z. B. %, Personen, je 1.000"),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [("", _("Bitte wählen")), *IndicatorKind.choices]
        self.fields["higher_means_more_need"] = forms.NullBooleanField(
            label=Indicator._meta.get_field("higher_means_more_need").verbose_name,
            required=False,
            widget=self.Meta.widgets["higher_means_more_need"],
        )
        if self.instance.pk:
            self.fields["key"].disabled = True
            self.fields["key"].help_text = _("Der Schlüssel bleibt fest (Importzuordnungen).")


class UploadForm(forms.Form):
    file = forms.FileField(
        label=_("Datei"),
        help_text=_("CSV (.csv, .txt, .tsv) oder Excel (.xlsx), höchstens %(mb)s MB.")
        % {"mb": MAX_UPLOAD_BYTES // (1024 * 1024)},
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.txt,.tsv,.xlsx"}),
    )
    mapping = forms.TypedChoiceField(
        label=_("Gespeicherte Zuordnung verwenden"), required=False, coerce=int, empty_value=None
    )

    def __init__(self, *args, mappings=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["mapping"].choices = [("", _("keine – Spalten selbst zuordnen"))] + [
            (mapping.pk, mapping.name) for mapping in mappings
        ]


def _indicator_choices(indicators) -> list:
    return [NOT_IMPORTED] + [
        (
            indicator.key,
            f"{indicator.name} ({indicator.unit})" if indicator.unit else indicator.name,
        )
        for indicator in indicators
    ]


class ImportSpecForm(forms.Form):
    """The wizard's settings for one file. Columns and labels come from the file, so the
    per-column fields are built at runtime: ``col_<n>`` for header column n (wide layout),
    ``label_<n>`` for the n-th indicator label found (long layout)."""

    encoding = forms.ChoiceField(label=_("Zeichenkodierung"), required=False)
    delimiter = forms.ChoiceField(label=_("Trennzeichen"), required=False)
    sheet = forms.ChoiceField(label=_("Tabellenblatt"), required=False)
    header_row = forms.IntegerField(
        label=_("Überschrift beginnt in Zeile"),
        required=False,
        min_value=1,
        max_value=100000,
        help_text=_("Leer lassen: wird erkannt (Titelzeilen darüber werden übersprungen)."),
    )
    header_rows = forms.TypedChoiceField(
        label=_("Die Überschrift hat"),
        required=False,
        coerce=int,
        empty_value=0,
        choices=[
            (0, _("automatisch erkennen")),
            (1, _("eine Zeile")),
            (2, _("zwei Zeilen (z. B. verbundene Zellen darüber)")),
            (3, _("drei Zeilen")),
        ],
        help_text=_(
            "Steht über den Spalten eine gemeinsame Überschrift (verbundene Zellen, z. B. "
            "„Bevölkerung“ über „insgesamt | männlich | weiblich“), heißen die Spalten "
            "„Bevölkerung – insgesamt“ usw. Wird mit der Zuordnung gespeichert."
        ),
    )
    decimal = forms.ChoiceField(
        label=_("Dezimaltrennzeichen"),
        required=False,
        choices=[
            ("", _("automatisch erkennen")),
            (",", _("Komma (9,7 – 1.675 ist tausend­sechshundert­fünfundsiebzig)")),
            (".", _("Punkt (9.7 – 1,675 ist tausend­sechshundert­fünfundsiebzig)")),
        ],
    )
    dash = forms.ChoiceField(
        label=_("Ein Strich (-) in der Datei bedeutet"),
        required=False,
        choices=DASH_CHOICES,
        help_text=_(
            "Je nach Herausgeber: Berlin und viele Städte meinen „kein Wert“, Destatis meint "
            "„genau null“. Wird mit der Zuordnung gespeichert."
        ),
    )
    accept_short_rows = forms.BooleanField(
        label=_("Ja, der Herausgeber lässt leere Felder am Zeilenende weg"), required=False
    )
    accept_open_end = forms.BooleanField(
        label=_("Ja, ich habe den letzten Wert geprüft: die Datei ist vollständig"),
        required=False,
    )
    layout = forms.ChoiceField(
        label=_("Aufbau der Tabelle"),
        choices=ImportLayout.choices,
        widget=forms.RadioSelect(attrs={"class": "kern-form-check__radio"}),
    )
    area_column = forms.ChoiceField(label=_("Spalte mit dem Gebiet"))
    area_match = forms.ChoiceField(label=_("Gebiete erkennen"), choices=AreaMatch.choices)
    area_level = forms.ChoiceField(label=_("Nur Gebiete der Ebene"), required=False)
    year = forms.IntegerField(
        label=_("Jahr (für alle Zeilen)"), required=False, min_value=1900, max_value=2100
    )
    year_column = forms.ChoiceField(label=_("oder: Spalte mit dem Jahr"), required=False)
    indicator_columns = forms.MultipleChoiceField(
        label=_("Spalte(n), die den Indikator nennen"),
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "kern-form-check__checkbox"}),
    )
    value_column = forms.ChoiceField(label=_("Spalte mit dem Wert"), required=False)
    duplicates = forms.ChoiceField(
        label=_("Mehrere Zeilen für ein Gebiet"),
        choices=DUPLICATE_CHOICES,
        required=False,
        initial="error",
        widget=forms.RadioSelect(attrs={"class": "kern-form-check__radio"}),
    )
    level_column = forms.ChoiceField(label=_("Spalte mit der Gebietsebene"), required=False)
    level_value = forms.CharField(
        label=_("Übernehmen, wenn die Ebene lautet"),
        required=False,
        max_length=100,
        help_text=_("Zeilen mit einer anderen Ebene sind Summenzeilen und werden übersprungen."),
    )
    total_rows = forms.CharField(
        label=_("Als Summenzeilen überspringen"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_(
            "Gebiet, wie es in der Datei steht, eines je Zeile; „Name@2“ meint nur das zweite "
            "Vorkommen."
        ),
    )
    indicator = forms.ChoiceField(label=_("Indikator der Zeitreihe"), required=False)
    year_columns = forms.MultipleChoiceField(
        label=_("Spalten mit den Jahren"),
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "kern-form-check__checkbox"}),
    )
    new_topic = forms.CharField(
        label=_("Thema neuer Indikatoren"),
        required=False,
        max_length=80,
        help_text=_("Für Spalten, die Sie als „neuen Indikator anlegen“ zuordnen."),
    )
    mapping_name = forms.CharField(
        label=_("Zuordnung speichern unter"),
        required=False,
        max_length=120,
        help_text=_(
            "Mit einem Namen wird die Zuordnung für die Datei des nächsten Jahres gespeichert."
        ),
    )

    def __init__(self, *args, run, indicators, levels, **kwargs):
        super().__init__(*args, **kwargs)
        report = run.report or {}
        self.header: list[str] = list(report.get("header") or [])
        self.labels: list[tuple[str, int]] = sorted((report.get("labels") or {}).items())
        columns = [(name, name) for name in self.header]
        self.fields["encoding"].choices = [("", _("automatisch erkennen")), *ENCODINGS.items()]
        self.fields["delimiter"].choices = [("", _("automatisch erkennen")), *DELIMITERS.items()]
        self.fields["sheet"].choices = [(name, name) for name in report.get("sheets") or []] or [
            ("", "–")
        ]
        self.fields["area_column"].choices = columns or [("", "–")]
        self.fields["area_level"].choices = [("", _("alle Ebenen")), *[(lv, lv) for lv in levels]]
        self.fields["year_column"].choices = [("", _("keine – Jahr oben angeben")), *columns]
        self.fields["indicator_columns"].choices = columns
        self.fields["value_column"].choices = [("", _("Bitte wählen")), *columns]
        self.fields["level_column"].choices = [("", _("keine")), *columns]
        self.years = {name: year for name in self.header if (year := year_of_header(name))}
        self.fields["year_columns"].choices = [(name, name) for name in self.years]
        choices = _indicator_choices(indicators)
        self.fields["indicator"].choices = [("", _("Bitte wählen")), *choices[1:]]
        choices = [*choices, (NEW_INDICATOR, _("+ als neuen Indikator anlegen"))]
        self.column_fields = []
        for index, name in enumerate(self.header):
            field = forms.ChoiceField(label=name, required=False, choices=choices)
            field.widget.attrs["class"] = "kern-form-input__select"
            self.fields[f"col_{index}"] = field
            self.column_fields.append(f"col_{index}")
        self.label_fields = []
        for index, (label, _count) in enumerate(self.labels):
            field = forms.ChoiceField(label=label or _("(leer)"), required=False, choices=choices)
            field.widget.attrs["class"] = "kern-form-input__select"
            self.fields[f"label_{index}"] = field
            self.label_fields.append(f"label_{index}")
        if not self.is_bound:
            self.initial.update(self.initial_from(run))

    def initial_from(self, run) -> dict:
        spec = ImportSpec.from_dict(run.spec)
        options = run.options or {}
        report = run.report or {}
        initial = {
            **spec.to_dict(),
            "encoding": options.get("encoding", ""),
            "delimiter": options.get("delimiter", ""),
            "sheet": options.get("sheet") or report.get("sheet", ""),
            "header_row": options.get("header_row") or None,
            "decimal": spec.decimal,
            "accept_short_rows": ACCEPT_SHORT_ROWS in (options.get("accept") or ()),
            "accept_open_end": ACCEPT_OPEN_END in (options.get("accept") or ()),
            "total_rows": "\n".join(spec.total_rows),
            "year_columns": list(spec.year_columns),
        }
        for index, name in enumerate(self.header):
            initial[f"col_{index}"] = spec.columns.get(name, "")
        for index, (label, _count) in enumerate(self.labels):
            initial[f"label_{index}"] = spec.labels.get(label, "")
        return initial

    def spec(self) -> dict:
        data = self.cleaned_data
        columns = {}
        for index, name in enumerate(self.header):
            key = data.get(f"col_{index}")
            if key:
                columns[name] = key
        labels = {}
        for index, (label, _count) in enumerate(self.labels):
            key = data.get(f"label_{index}")
            if key:
                labels[label] = key
        return {
            "layout": data["layout"],
            "area_column": data["area_column"],
            "area_match": data["area_match"],
            "area_level": data.get("area_level") or "",
            "year": data.get("year"),
            "year_column": data.get("year_column") or "",
            "decimal": data.get("decimal") or "",
            "columns": columns if data["layout"] == ImportLayout.WIDE else {},
            "indicator_columns": data.get("indicator_columns") or [],
            "value_column": data.get("value_column") or "",
            "labels": labels,
            "dash": data.get("dash") or "missing",
            "level_column": data.get("level_column") or "",
            "level_value": data.get("level_value") or "",
            "total_rows": [
                line.strip() for line in (data.get("total_rows") or "").splitlines() if line.strip()
            ],
            "duplicates": data.get("duplicates") or "error",
            "year_columns": {
                name: self.years[name]
                for name in data.get("year_columns") or []
                if name in self.years
            },
            "indicator": data.get("indicator") or "",
            "header_rows": data.get("header_rows") or 0,
        }

    def new_columns(self) -> list[str]:
        """Columns the user wants as new indicators (created before the check)."""
        if self.cleaned_data["layout"] != ImportLayout.WIDE:
            return []
        return [
            name
            for index, name in enumerate(self.header)
            if self.cleaned_data.get(f"col_{index}") == NEW_INDICATOR
        ]

    def options(self) -> dict:
        data = self.cleaned_data
        return {
            "encoding": data.get("encoding") or "",
            "delimiter": data.get("delimiter") or "",
            "sheet": data.get("sheet") or "",
            "header_row": data.get("header_row") or 0,
            "accept": [
                code
                for code, name in (
                    (ACCEPT_SHORT_ROWS, "accept_short_rows"),
                    (ACCEPT_OPEN_END, "accept_open_end"),
                )
                if data.get(name)
            ],
        }

    def column_rows(self, sample: list) -> list:
        """(bound field, sample values) per file column, for the wide-layout table."""
        rows = []
        for index, name in enumerate(self.column_fields):
            values = [cells[index] for _line, cells in sample if index < len(cells)]
            rows.append((self[name], [v for v in values if v][:3]))
        return rows

    def label_rows(self) -> list:
        return [
            (self[name], count)
            for name, (_label, count) in zip(self.label_fields, self.labels, strict=True)
        ]


def guess_spec(*, file_name: str, header: list[str], indicators, profile=None, titles=None) -> dict:
    """A first suggestion for a file nobody has mapped yet (see importing/guess.py)."""
    return guess.guess_spec(
        file_name=file_name, header=header, indicators=indicators, profile=profile, titles=titles
    )


def year_from_file_name(file_name: str) -> int | None:
    match = re.search(r"(?<!\d)(19[5-9]\d|20\d\d)(?!\d)", file_name)
    return int(match.group(1)) if match else None


def fitting_mapping(*, file_name: str, header: list[str], mappings) -> tuple[object, dict] | None:
    """The saved mapping whose columns this file has (at least half of them, and the area
    column), adapted to the file: columns it lacks are dropped, and a missing year column is
    replaced by the year in the file name. ``None`` if no mapping fits."""
    columns = set(header)
    best = None
    best_score = 0.0
    for mapping in mappings:
        spec = ImportSpec.from_dict(mapping.spec)
        if spec.area_column not in columns:
            continue
        if spec.layout == "wide":
            wanted = set(spec.columns)
        elif spec.layout == "years":
            wanted = set(spec.year_columns)
        else:
            wanted = {*spec.indicator_columns, spec.value_column} - {""}
        if not wanted:
            continue
        found = len(wanted & columns)
        others = columns - {spec.area_column, spec.year_column} - set(spec.indicator_columns)
        # Most of the mapping is in the file, or most of the file is in the mapping.
        score = max(found / len(wanted), found / len(others) if others and found else 0.0)
        if score > best_score:
            best, best_score = (mapping, spec), score
    if best is None or best_score < 0.5:
        return None
    mapping, spec = best
    spec.columns = {name: key for name, key in spec.columns.items() if name in columns}
    if spec.layout == "years":
        # Next year's file has one year more: every year column of this file is taken.
        spec.year_columns = year_columns(header) or {
            name: year for name, year in spec.year_columns.items() if name in columns
        }
    if spec.year_column and spec.year_column not in columns:
        spec.year_column = ""
        spec.year = year_from_file_name(file_name) or spec.year
    return mapping, spec.to_dict()

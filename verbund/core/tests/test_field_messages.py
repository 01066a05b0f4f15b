"""Required-field messages say what to do, named by the field's label (as shown then)."""

from django import forms


class Sample(forms.Form):
    name = forms.CharField(label="Name")
    kind = forms.ChoiceField(label="Art", choices=[("a", "A")])
    day = forms.DateField(label="Beginn")
    agree = forms.BooleanField(label="Einverstanden")
    scan = forms.FileField(label="Scan")
    own = forms.CharField(label="Eigen", error_messages={"required": "Eigene Meldung."})

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["name"].label = "Name der Einrichtung"  # changed after the base __init__


def test_messages_name_the_field_and_the_action():
    form = Sample(data={})
    assert not form.is_valid()
    assert form.errors["name"] == ["Bitte geben Sie „Name der Einrichtung“ an."]
    assert form.errors["kind"] == ["Bitte wählen Sie „Art“ aus."]
    assert form.errors["day"] == ["Bitte geben Sie „Beginn“ als Datum an, z. B. 31.12.2026."]
    assert form.errors["agree"] == ["Bitte bestätigen Sie „Einverstanden“."]
    assert form.errors["scan"] == ["Bitte wählen Sie eine Datei für „Scan“."]
    assert form.errors["own"] == ["Eigene Meldung."]

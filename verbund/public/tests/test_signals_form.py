"""The public "Was fehlt Ihnen?" form: no cookies, signed token, honeypot, rate limit, and
fields limited to the municipality's own data."""

from __future__ import annotations

import time

import pytest
from django.urls import reverse
from django_scopes import scopes_disabled

from verbund.analysis.signals_models import NeedSignal, NeedSignalStatus
from verbund.areas.models import Area
from verbund.public.signals import tokens
from verbund.taxonomy.models import Term

pytestmark = pytest.mark.django_db


def url(tenant, query=""):
    return reverse("public:signal_create", args=[tenant.municipality.slug]) + query


def old_token(tenant, seconds=10):
    return tokens.make_token(tenant.municipality, now=time.time() - seconds)


def post(client, tenant, **fields):
    data = {"text": "Ein Schwimmkurs für Babys am Wochenende", "formular": old_token(tenant)}
    data.update(fields)
    return client.post(url(tenant), data)


def signal_count():
    with scopes_disabled():
        return NeedSignal.objects.count()


def term(tenant, vocabulary, key):
    with scopes_disabled():
        return Term.objects.get(municipality=tenant.municipality, vocabulary=vocabulary, key=key)


def test_form_sets_no_cookie_and_has_no_csrf_token(client, tenant):
    response = client.get(url(tenant))
    assert response.status_code == 200
    assert response.cookies == {}
    body = response.content.decode()
    assert "csrfmiddlewaretoken" not in body
    assert "keine Namen" in body
    assert 'name="website"' in body


def test_a_family_sends_a_hint_that_reaches_the_centre(client, tenant):
    topic = term(tenant, "topic", "health")
    phase = term(tenant, "life_phase", "pregnancy")
    response = post(client, tenant, topic=topic.pk, life_phase=phase.pk, centre=tenant.centre.pk)
    assert response.status_code == 200, response.content.decode()[:2000]
    assert response.cookies == {}
    assert "Danke" in response.content.decode()
    with scopes_disabled():
        signal = NeedSignal.objects.get()
    assert signal.centre == tenant.centre
    assert signal.topic == topic and signal.life_phase == phase
    assert signal.status == NeedSignalStatus.NEW

    from verbund.core.roles import Role

    client.force_login(tenant.users[Role.COORDINATOR])
    listing = client.get(reverse("analysis:signal_list", args=[tenant.municipality.slug]))
    assert listing.status_code == 200
    assert "Schwimmkurs" in listing.content.decode()


def test_centre_is_preselected_from_the_homepage_link(client, tenant):
    response = client.get(url(tenant, f"?zentrum={tenant.centre.slug}&zurueck=/x/"))
    body = response.content.decode()
    assert f'value="{tenant.centre.pk}" selected' in body
    assert 'href="/x/"' in body


def test_unsafe_return_link_is_dropped(client, tenant):
    body = client.get(url(tenant, "?zurueck=https://evil.example/")).content.decode()
    assert 'href="https://evil.example/"' not in body
    assert 'name="zurueck"' not in body


@pytest.mark.parametrize(
    "token",
    ["", "kaputt", "eyJtIjoxfQ:1abc:forged"],
    ids=["missing", "garbage", "forged"],
)
def test_forged_token_is_refused(client, tenant, token):
    response = post(client, tenant, formular=token)
    assert response.status_code == 400
    assert "noch einmal" in response.content.decode()
    assert signal_count() == 0


def test_token_too_new_and_too_old_and_of_another_municipality(client, tenant, foreign):
    assert post(client, tenant, formular=old_token(tenant, 0)).status_code == 400
    assert post(client, tenant, formular=old_token(tenant, 2 * 3600 + 5)).status_code == 400
    assert post(client, tenant, formular=old_token(foreign)).status_code == 400
    assert signal_count() == 0


def test_token_checks():
    class M:
        pk = 7

    now = time.time()
    token = tokens.make_token(M, now=now)
    assert tokens.token_error(token, M, now=now + 1) == "too new"
    assert tokens.token_error(token, M, now=now + 10) is None
    assert tokens.token_error(token, M, now=now + 7201) == "too old"
    assert tokens.token_error(token + "x", M, now=now + 10) == "forged"


def test_filled_honeypot_stores_nothing(client, tenant):
    response = post(client, tenant, website="http://spam.example")
    assert response.status_code == 400
    assert signal_count() == 0


def test_flood_answers_429_in_german(client, tenant):
    for _ in range(5):
        assert post(client, tenant).status_code == 200
    response = post(client, tenant)
    assert response.status_code == 429
    assert "Bitte warten Sie kurz" in response.content.decode()
    assert response.cookies == {}
    assert signal_count() == 5


def test_another_user_agent_is_counted_apart(client, tenant):
    for _ in range(5):
        post(client, tenant)
    other = client.post(
        url(tenant),
        {"text": "Mehr Spielplätze", "formular": old_token(tenant)},
        HTTP_USER_AGENT="Anderes Telefon",
    )
    assert other.status_code == 200


def test_other_municipalitys_ids_are_refused_at_the_field(client, tenant, foreign):
    with scopes_disabled():
        area = Area.objects.create(
            municipality=foreign.municipality, name="Fremdes Viertel", code="F1", level="Stadtteil"
        )
    response = post(
        client,
        tenant,
        centre=foreign.centre.pk,
        area=area.pk,
        topic=term(foreign, "topic", "health").pk,
        life_phase=term(foreign, "life_phase", "0-1").pk,
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert body.count("Diese Auswahl gibt es hier nicht") >= 3
    assert 'aria-invalid="true"' in body
    assert signal_count() == 0


@pytest.mark.parametrize("value", ["abc", "-1", "99999999999999999999", "1 OR 1=1"])
def test_malformed_choice_values_get_a_german_message(client, tenant, value):
    response = post(client, tenant, topic=value, centre=value)
    assert response.status_code == 400
    assert "Diese Auswahl gibt es hier nicht" in response.content.decode()
    assert signal_count() == 0


def test_text_over_1000_characters_is_refused(client, tenant):
    response = post(client, tenant, text="x" * 1001)
    assert response.status_code == 400
    assert "höchstens 1000 Zeichen" in response.content.decode()
    assert signal_count() == 0


def test_empty_text_is_refused(client, tenant):
    response = post(client, tenant, text="   ")
    assert response.status_code == 400
    assert "was Ihnen fehlt" in response.content.decode()


def test_unknown_municipality_is_404(client, db):
    assert client.get("/gibtsnicht/was-fehlt/").status_code == 404
    assert client.post("/gibtsnicht/was-fehlt/", {"text": "x"}).status_code == 404

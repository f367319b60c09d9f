"""The journal pages: who may see them (provider staff of another provider get 404), the case page and
its forms offer only the actions the rules allow now, a refused postponement shows the rule and its
source beside the field and changes nothing, and a form records its event."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import translation

from qamqor.accounts.models import Role
from qamqor.journal import services as J
from qamqor.journal.models import EventKind, JournalEvent, QueueApplication
from qamqor.rules.choices import Setting
from tests.factories import UserFactory
from tests.journal.support import TODAY, admit, apply, at, days, ground_for, person_at, provider_with, staff

pytestmark = pytest.mark.django_db
ST = Setting.STATIONARY


@pytest.fixture
def scene():
    """One place, taken by ``placed``; ``waiting`` holds an offer after the place was freed by ``left``."""
    provider = provider_with(capacity=1, name_kk="Қамқор үйі", name_ru="Дом заботы")
    user = staff(provider, Role.PROVIDER_HEAD)
    left = person_at(provider, surname="Кеткенова")
    admit(user, left, provider, on=days(-40))
    waiting = person_at(provider, surname="Күтушева")
    app = apply(user, waiting, provider, at=at(20))
    J.discharge_record(actor=user, person=left, provider=provider, setting=ST, event_date=days(-5),
                       order_number="D-1", order_date=days(-5), reason="family")
    app = J.place_offer(actor=user, provider=provider, setting=ST, arrival_by=days(5))
    return provider, user, left, waiting, app


def _pages(provider, person, app):
    p = {"provider_uid": provider.uid}
    ps = {**p, "setting": ST}
    return [
        reverse("journal:index", kwargs=p),
        reverse("journal:journal", kwargs=ps),
        reverse("journal:journal_xlsx", kwargs=ps),
        reverse("journal:queue", kwargs=ps),
        reverse("journal:case", kwargs={**ps, "person_uid": person.uid}),
        reverse("journal:application", kwargs={"uid": app.uid}),
        reverse("journal:person_history", kwargs={"uid": person.uid}),
    ]


def test_permission_matrix_of_the_pages(client, scene):
    provider, user, left, waiting, app = scene
    other = provider_with()
    inspector = UserFactory(role=Role.INSPECTOR, region=provider.region)
    outsiders = {
        "other provider's head": (staff(other, Role.PROVIDER_HEAD), 404),
        "other provider's specialist": (staff(other), 404),
        "analyst": (UserFactory(role=Role.ANALYST), 403),
    }
    pages = _pages(provider, waiting, app)
    for who, expected in [(user, 200), (staff(provider), 200), (inspector, 200)]:
        client.force_login(who)
        for url in pages:
            assert client.get(url).status_code == expected, (who, url)
    for name, (who, expected) in outsiders.items():
        client.force_login(who)
        for url in pages:
            assert client.get(url).status_code == expected, (name, url)
    client.logout()
    assert client.get(pages[1]).status_code == 302


def test_journal_page_shows_the_header_and_the_14_columns(client, scene, rules_loaded):
    provider, user, left, waiting, app = scene
    client.force_login(user)
    with translation.override("en"):
        html = client.get(reverse("journal:journal", kwargs={"provider_uid": provider.uid, "setting": ST}),
                          {"start": days(-60).isoformat()}).content.decode()
    assert "Қамқор үйі" in html and "Дом заботы" in html and f"{days(-40):%d.%m.%Y}" in html
    assert html.count('<th scope="col">') >= 14 and "14. " in html
    # the headings are the catalog's official wording of seed 003 App. 2, in the page's language
    assert "7. Telephone number" in html and "14. Where the person went (region, city, district)" in html
    assert "Кеткенова" in html and "Күтушева" in html


def test_the_case_page_offers_only_the_allowed_actions(client, scene):
    provider, user, left, waiting, app = scene
    client.force_login(user)

    def links(person):
        html = client.get(reverse("journal:case", kwargs={"provider_uid": provider.uid, "setting": ST,
                                                         "person_uid": person.uid})).content.decode()
        return {name for name in ("admit", "readmit", "leave", "return", "transfer", "discharge", "suspend",
                                  "resume", "terminate", "postpone", "lapse", "withdraw")
                if f"/{person.uid}/{name}/" in html}

    assert links(waiting) == {"admit", "postpone", "lapse", "withdraw"}
    assert links(left) == {"readmit"}
    # A form for an action the rules do not allow now is not there.
    url = reverse("journal:case_action", kwargs={"provider_uid": provider.uid, "setting": ST,
                                                 "person_uid": waiting.uid, "action": "leave"})
    assert client.get(url).status_code == 404
    assert client.post(url, {"event_date": TODAY.isoformat()}).status_code == 404
    # A reader sees the case without any action.
    client.force_login(UserFactory(role=Role.INSPECTOR, region=provider.region))
    assert links(waiting) == set()
    url = reverse("journal:case_action", kwargs={"provider_uid": provider.uid, "setting": ST,
                                                 "person_uid": waiting.uid, "action": "admit"})
    assert client.get(url).status_code == 403


def _postpone(client, provider, person, new_arrival_by, number):
    url = reverse("journal:case_action", kwargs={"provider_uid": provider.uid, "setting": ST,
                                                 "person_uid": person.uid, "action": "postpone"})
    return client.post(url, {"new_arrival_by": new_arrival_by.isoformat(), "ground": "illness",
                             "notice_number": number, "notice_date": TODAY.isoformat()})


def test_a_too_long_or_second_postponement_shows_the_rule_and_changes_nothing(client, scene):
    provider, user, left, waiting, app = scene
    client.force_login(user)
    events = JournalEvent.objects.count()
    with translation.override("en"):
        response = _postpone(client, provider, waiting, days(5 + 31), "N-1")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="id_new_arrival_by_error"' in html and "(rule:" in html and "Rules 379" in html
    assert JournalEvent.objects.count() == events
    assert QueueApplication.objects.get(pk=app.pk).arrival_by == days(5)
    # Once is allowed ...
    response = _postpone(client, provider, waiting, days(30), "N-2")
    assert response.status_code == 302
    assert QueueApplication.objects.get(pk=app.pk).arrival_by == days(30)
    events = JournalEvent.objects.count()
    # ... a second time is refused, citing the rule.
    with translation.override("en"):
        response = _postpone(client, provider, waiting, days(31), "N-3")
    html = response.content.decode()
    assert response.status_code == 200 and "(rule:" in html and "error-summary" in html
    assert JournalEvent.objects.count() == events
    assert QueueApplication.objects.get(pk=app.pk).arrival_by == days(30)


def test_the_admission_form_records_the_event(client, scene):
    provider, user, left, waiting, app = scene
    client.force_login(user)
    ground = ground_for(waiting, issued_on=days(-3))
    url = reverse("journal:case_action", kwargs={"provider_uid": provider.uid, "setting": ST,
                                                 "person_uid": waiting.uid, "action": "admit"})
    assert client.get(url).status_code == 200
    response = client.post(url, {"event_date": TODAY.isoformat(), "order_number": "A-7",
                                 "order_date": TODAY.isoformat(), "ground": str(ground.uid)})
    assert response.status_code == 302
    event = JournalEvent.objects.get(person=waiting, kind=EventKind.ADMISSION)
    assert (event.order_number, event.recorded_by) == ("A-7", user)


def test_the_paper_application_form_and_the_queue_page(client):
    provider = provider_with(capacity=0)
    user = staff(provider)
    person = person_at(provider, surname="Қағазова")
    client.force_login(user)
    url = reverse("journal:application_file", kwargs={"provider_uid": provider.uid})
    response = client.post(url, {"iin": person.iin, "setting": ST, "received_at": "2026-01-05T10:00:07",
                                 "paper_number": "P-1"})
    assert response.status_code == 302, response.content.decode()[:3000]
    app = QueueApplication.objects.get(person=person)
    assert app.channel == "paper" and app.received_at.second == 7
    html = client.get(reverse("journal:queue", kwargs={"provider_uid": provider.uid, "setting": ST})).content.decode()
    assert "Қағазова" in html
    with translation.override("en"):
        html = client.get(reverse("journal:application", kwargs={"uid": app.uid})).content.decode()
    assert "Position in the queue" in html and "Estimated wait" in html and "turnover" in html


def test_correction_page_records_a_correcting_event(client, scene):
    provider, user, left, waiting, app = scene
    client.force_login(user)
    discharge = JournalEvent.objects.get(person=left, kind=EventKind.DISCHARGE)
    url = reverse("journal:event_correct", kwargs={"uid": discharge.uid})
    response = client.post(url, {"reason": "wrong order number", "order_number": "D-1a"})
    assert response.status_code == 302
    correction = JournalEvent.objects.get(corrects=discharge)
    assert correction.kind == EventKind.CORRECTION
    # Provider staff of another provider cannot reach it.
    client.force_login(staff(provider_with(), Role.PROVIDER_HEAD))
    assert client.get(url).status_code == 404


def test_person_and_provider_pages_link_to_the_journal(client, scene):
    provider, user, left, waiting, app = scene
    client.force_login(user)
    html = client.get(reverse("web:provider_detail", kwargs={"uid": provider.uid})).content.decode()
    assert reverse("journal:index", kwargs={"provider_uid": provider.uid}) in html
    html = client.get(reverse("web:person_detail", kwargs={"uid": left.uid})).content.decode()
    assert reverse("journal:person_history", kwargs={"uid": left.uid}) in html
    html = client.get(reverse("journal:person_history", kwargs={"uid": left.uid})).content.decode()
    assert f"{days(-40):%d.%m.%Y}" in html and f"{days(-5):%d.%m.%Y}" in html


def test_the_journal_pages_pass_the_structural_accessibility_checks(client, scene):
    from tests.web.test_accessibility import problems

    provider, user, left, waiting, app = scene
    client.force_login(user)
    ps = {"provider_uid": provider.uid, "setting": ST}
    placed_url = {**ps, "person_uid": left.uid}
    event = JournalEvent.objects.filter(person=left).first()
    urls = [u for u in _pages(provider, waiting, app) if not u.endswith(".xlsx")] + [
        reverse("journal:case", kwargs=placed_url),
        reverse("journal:case_open", kwargs=ps),
        reverse("journal:case_open", kwargs=ps) + "?iin=000000000000",
        reverse("journal:application_file", kwargs={"provider_uid": provider.uid}),
        reverse("journal:event_correct", kwargs={"uid": event.uid}),
    ] + [reverse("journal:case_action", kwargs={**ps, "person_uid": waiting.uid, "action": a})
         for a in ("admit", "postpone", "lapse", "withdraw")] + [
        reverse("journal:case_action", kwargs={**placed_url, "action": "readmit"})]
    failures = {}
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        if found := problems(response.content.decode()):
            failures[url] = found
    refused = _postpone(client, provider, waiting, days(60), "N-9")
    if found := problems(refused.content.decode()):
        failures["refused postponement"] = found
    assert failures == {}


def test_stay_forms_render_and_home_care_suspension_is_recorded(client):
    from tests.web.test_accessibility import problems

    provider = provider_with(capacity=3)
    user = staff(provider, Role.PROVIDER_HEAD)
    person = person_at(provider)
    admit(user, person, provider, on=days(-20))
    client.force_login(user)
    case = {"provider_uid": provider.uid, "setting": ST, "person_uid": person.uid}
    for action in ("leave", "transfer", "discharge"):
        response = client.get(reverse("journal:case_action", kwargs={**case, "action": action}))
        assert response.status_code == 200 and problems(response.content.decode()) == [], action
    home = provider_with(Setting.HOME_CARE, capacity=3)
    head = staff(home, Role.PROVIDER_HEAD)
    client_person = person_at(home)
    admit(head, client_person, home, Setting.HOME_CARE, on=days(-20))
    client.force_login(head)
    url = reverse("journal:case", kwargs={"provider_uid": home.uid, "setting": Setting.HOME_CARE,
                                          "person_uid": client_person.uid})
    html = client.get(url).content.decode()
    assert "/suspend/" in html and "/terminate/" in html and "/resume/" not in html
    response = client.post(url + "suspend/", {"event_date": days(-2).isoformat(), "decision_number": "S-1",
                                              "decision_date": days(-2).isoformat(), "reason": "in hospital"})
    assert response.status_code == 302
    event = JournalEvent.objects.get(person=client_person, kind=EventKind.SUSPENSION)
    assert (event.order_number, event.reason) == ("S-1", "in hospital")
    html = client.get(url).content.decode()
    assert "/resume/" in html and "/suspend/" not in html

"""The queue as the rules see it (no database): order of receipt to the second with out-of-turn first and
re-certified applicants keeping their place (seed 003, Rules 379 p. 11, 1)); postponement once, by up to
30 calendar days (stationary) or 10 (semi-stationary, p. 21, 1)); the no-show; the wait estimate."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from qamqor.journal.domain import queue as Q
from qamqor.journal.domain.lifecycle import JournalSetting, RuleRefusal

ST = JournalSetting.STATIONARY
SEMI = JournalSetting.SEMI_STATIONARY
T0 = datetime(2026, 2, 2, 9, 0, 0)
ARRIVE = date(2026, 3, 1)


def entry(app: int, seconds: int, **kwargs) -> Q.QueueEntry:
    return Q.QueueEntry(application_id=app, received_at=T0 + timedelta(seconds=seconds), **kwargs)


def ids(entries) -> list[int]:
    return [e.application_id for e in entries]


def test_order_of_receipt_to_the_second():
    assert ids(Q.queue_order([entry(1, 5), entry(2, 1), entry(3, 3)])) == [2, 3, 1]


def test_microseconds_do_not_count_and_ties_go_by_application_number():
    a = Q.QueueEntry(application_id=7, received_at=T0.replace(microsecond=900_000))
    b = Q.QueueEntry(application_id=4, received_at=T0.replace(microsecond=100))
    assert ids(Q.queue_order([a, b])) == [4, 7]


def test_out_of_turn_applicants_go_first_in_their_own_order_of_receipt():
    queue = [entry(1, 1), entry(2, 2, out_of_turn=True), entry(3, 3), entry(4, 0, out_of_turn=True)]
    assert ids(Q.queue_order(queue)) == [4, 2, 1, 3]


def test_a_re_registration_keeps_the_earlier_place():
    # Application 9 re-registers application 1 after re-certification: same receipt time, tie as 1.
    queue = [entry(2, 10), entry(9, 0, tiebreak=1), entry(3, 0), entry(4, 20)]
    assert ids(Q.queue_order(queue)) == [9, 3, 2, 4]


def test_position_and_how_many_are_ahead():
    queue = [entry(1, 1), entry(2, 2), entry(3, 3, out_of_turn=True)]
    assert Q.position_of(queue, 2) == Q.Position(position=3, ahead=2, total=3)
    assert Q.position_of(queue, 3).ahead == 0
    assert Q.position_of(queue, 99) is None


def test_the_offer_goes_to_the_first_not_offered_and_not_awaiting_re_certification():
    on = date(2026, 2, 10)
    queue = [entry(1, 1, offered=True), entry(2, 2, ipr_valid_until=on - timedelta(days=1)),
             entry(3, 3, ipr_valid_until=on), entry(4, 4)]
    assert Q.next_for_offer(queue, on).application_id == 3
    assert Q.awaiting_recertification(queue[1], on)
    assert Q.next_for_offer([entry(1, 1, offered=True)], on) is None


@pytest.mark.parametrize(("capacity", "occupied", "offered", "free"), [(2, 0, 0, 2), (2, 1, 1, 0), (2, 3, 0, 0)])
def test_free_places(capacity, occupied, offered, free):
    assert Q.free_places(capacity, occupied, offered) == free


@pytest.mark.parametrize(("free", "waiting", "refused"), [(0, 0, False), (1, 1, False), (1, 0, True), (3, 2, True)])
def test_an_application_goes_into_the_queue_only_without_a_free_place(free, waiting, refused):
    if refused:
        with pytest.raises(RuleRefusal) as exc:
            Q.check_application_needed(ST, free, waiting)
        assert exc.value.code == "place_free" and exc.value.source.paragraph.startswith("Rules 379 p. 11")
    else:
        Q.check_application_needed(ST, free, waiting)


@pytest.mark.parametrize(("free", "waiting", "code"), [(0, 0, "no_free_place"), (1, 1, "queue_first"),
                                                       (2, 1, None)])
def test_direct_admission_needs_a_place_nobody_waits_for(free, waiting, code):
    if code is None:
        Q.check_direct_admission(ST, free, waiting)
        return
    with pytest.raises(RuleRefusal) as exc:
        Q.check_direct_admission(ST, free, waiting)
    assert exc.value.code == code


def test_temporary_stay_has_no_queue():
    with pytest.raises(RuleRefusal) as exc:
        Q.queue_source(JournalSetting.TEMPORARY_STAY)
    assert exc.value.source.paragraph == "Rules 379 p. 35, 2)"


@pytest.mark.parametrize(("setting", "age", "adults", "basis", "code"), [
    (ST, 18, True, "certificate No. 5", None),
    (ST, 17, True, "certificate No. 5", "out_of_turn_age"),
    (ST, 18, False, "certificate No. 5", "out_of_turn_provider"),
    (SEMI, 18, True, "certificate No. 5", "out_of_turn_setting"),
    (ST, 19, True, " ", "out_of_turn_basis"),
])
def test_out_of_turn_right(setting, age, adults, basis, code):
    if code is None:
        Q.check_out_of_turn(setting, age, adults, basis)
        return
    with pytest.raises(RuleRefusal) as exc:
        Q.check_out_of_turn(setting, age, adults, basis)
    assert exc.value.code == code and exc.value.source.paragraph == "Rules 379 p. 11, 1) paragraph 8"


# --- postponement: once, up to 30 (stationary) / 10 (semi-stationary) calendar days -----------------

def postpone(setting, days, *, used=0, ground="illness", max_days=None, notice_date=ARRIVE - timedelta(days=1)):
    max_days = max_days if max_days is not None else {ST: 30, SEMI: 10}[setting]
    Q.check_postponement(setting, arrival_by=ARRIVE, new_arrival_by=ARRIVE + timedelta(days=days), used=used,
                         ground=ground, notice_number="N-1", notice_date=notice_date, today=ARRIVE,
                         max_days=max_days, max_count=1)


@pytest.mark.parametrize(("setting", "days", "allowed"), [
    (ST, 1, True), (ST, 30, True), (ST, 31, False),
    (SEMI, 10, True), (SEMI, 11, False),
])
def test_postponement_limits_by_setting(setting, days, allowed):
    if allowed:
        postpone(setting, days)
        return
    with pytest.raises(RuleRefusal) as exc:
        postpone(setting, days)
    assert exc.value.code == "postponement_too_long"
    assert exc.value.params["latest"] == (ARRIVE + timedelta(days={ST: 30, SEMI: 10}[setting])).isoformat()
    assert exc.value.source.document == "003"
    assert exc.value.source.paragraph.startswith({ST: "Rules 379 p. 11", SEMI: "Rules 379 p. 21"}[setting])


@pytest.mark.parametrize("setting", [ST, SEMI])
def test_a_second_postponement_is_refused_citing_the_rule(setting):
    with pytest.raises(RuleRefusal) as exc:
        postpone(setting, 5, used=1)
    assert exc.value.code == "postponement_twice" and exc.value.source.document == "003"


@pytest.mark.parametrize(("kwargs", "code"), [
    ({"ground": "holiday"}, "postponement_ground"),
    ({"notice_date": ARRIVE + timedelta(days=1)}, "postponement_late"),
    ({"days": 0}, "postponement_not_later"),
])
def test_postponement_needs_illness_a_timely_notice_and_a_later_date(kwargs, code):
    days = kwargs.pop("days", 5)
    notice_date = kwargs.pop("notice_date", ARRIVE - timedelta(days=1))
    with pytest.raises(RuleRefusal) as exc:
        Q.check_postponement(ST, arrival_by=ARRIVE, new_arrival_by=ARRIVE + timedelta(days=days), used=0,
                             ground=kwargs.get("ground", "hospitalisation"), notice_number="N-1",
                             notice_date=notice_date, today=ARRIVE + timedelta(days=2), max_days=30, max_count=1)
    assert exc.value.code == code


def test_home_care_has_no_postponement():
    with pytest.raises(RuleRefusal) as exc:
        Q.postponement_rule(JournalSetting.HOME_CARE)
    assert exc.value.code == "postponement_setting"


def test_the_parameters_default_to_the_regulation():
    assert (Q.POSTPONEMENT_DAYS_STATIONARY.value, Q.POSTPONEMENT_DAYS_SEMI_STATIONARY.value,
            Q.POSTPONEMENT_MAX_COUNT.value) == (30, 10, 1)
    assert Q.POSTPONEMENT_DAYS_STATIONARY.code == "postponement_days_stationary"
    assert Q.OFFER_ARRIVAL_DAYS.source.document == "QAMQOR"


@pytest.mark.parametrize(("today", "due"), [(ARRIVE - timedelta(days=1), False), (ARRIVE, False),
                                            (ARRIVE + timedelta(days=1), True)])
def test_an_offer_lapses_once_the_arrival_date_has_passed(today, due):
    assert Q.lapse_due(ARRIVE, today) is due


def test_offer_arrival_date():
    assert Q.offer_arrival_by(date(2026, 1, 25), 10) == date(2026, 2, 4)
    with pytest.raises(RuleRefusal):
        Q.check_offer_arrival(date(2026, 1, 25), date(2026, 1, 24))


@pytest.mark.parametrize(("is_self", "needs_rep", "is_rep", "code"), [
    (True, False, False, None), (False, True, True, None), (False, False, True, None),
    (True, True, False, "representative_required"), (False, False, False, "signer_not_representative"),
])
def test_who_signs(is_self, needs_rep, is_rep, code):
    source = Q.QUEUE_SOURCE[ST]
    if code is None:
        Q.check_signer(is_self=is_self, needs_representative=needs_rep, is_representative=is_rep, source=source)
        return
    with pytest.raises(RuleRefusal) as exc:
        Q.check_signer(is_self=is_self, needs_representative=needs_rep, is_representative=is_rep, source=source)
    assert exc.value.code == code


def test_wait_estimate_from_turnover():
    est = Q.wait_estimate(position=3, freed=12, window_days=365)
    assert est.days == 92 and est.days_per_place == pytest.approx(30.4166, rel=1e-3)
    assert Q.wait_estimate(position=1, freed=0, window_days=365).days is None


@pytest.mark.parametrize(("pending", "same", "ipr", "code"), [
    (True, True, date(2027, 1, 1), None),
    (False, True, date(2027, 1, 1), "recertification_other"),
    (True, False, date(2027, 1, 1), "recertification_other"),
    (True, True, date(2025, 1, 1), "recertification_ipr"),
    (True, True, None, "recertification_ipr"),
])
def test_re_registration_after_re_certification(pending, same, ipr, code):
    kwargs = {"earlier_pending": pending, "same_case": same, "ipr_valid_until": ipr, "today": date(2026, 2, 1)}
    if code is None:
        Q.check_recertification(**kwargs)
        return
    with pytest.raises(RuleRefusal) as exc:
        Q.check_recertification(**kwargs)
    assert exc.value.code == code

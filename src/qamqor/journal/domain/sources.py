"""The legal sources of the journal's rules, one constant per rule.

All the acts cited here are repealed (seed 003 from 01.07.2023, seed 002 from 01.01.2011, seed 000 in
2023; extraction A-0). They remain the specification until a successor act is loaded as data, so the
services cite them but do not refuse an action because a source's ``effective_to`` has passed.
"""

from __future__ import annotations

from datetime import date

from qamqor.core.domain import Source

# Order No. 472 of 14.12.2021 (reg. 15.12.2021 No. 25804), in force ten calendar days after its first
# publication; repealed by order No. 230 from 01.07.2023. It restates paragraphs of Rules No. 379.
_003_FROM = date(2021, 12, 26)
_003_TO = date(2023, 6, 30)
# Decree No. 1142 of 28.10.2014, in force from 01.01.2015 (p. 1, 5 restated by decree No. 757 of 2022).
_000_FROM = date(2015, 1, 1)
# Order No. 240-ө of 30.07.2009; repealed by order No. 394-ө for relations from 01.01.2011.
_002_TO = date(2010, 12, 31)
# Order No. 282 of 25.06.2019; repealed by order No. 165 from 01.07.2023.
_001_TO = date(2023, 6, 30)

JOURNAL_STATIONARY = Source("003", "Rules 379 p. 11, 1)", _003_FROM, _003_TO)
JOURNAL_SEMI_STATIONARY = Source("003", "Rules 379 p. 21, 1)", _003_FROM, _003_TO)
JOURNAL_HOME_CARE = Source("003", "Rules 379 p. 26, 1)", _003_FROM, _003_TO)
JOURNAL_TEMPORARY_STAY = Source("003", "Rules 379 p. 35, 2)", _003_FROM, _003_TO)
JOURNAL_FORM = Source("003", "Rules 379 App. 2", _003_FROM, _003_TO)

# The queue: applications only when there is no free place, in order of receipt, filed personally.
QUEUE_STATIONARY = Source("003", "Rules 379 p. 11, 1), paragraphs 5-6", _003_FROM, _003_TO)
QUEUE_SEMI_STATIONARY = Source("003", "Rules 379 p. 21, 1), paragraphs 4-5", _003_FROM, _003_TO)
QUEUE_HOME_CARE = Source("003", "Rules 379 p. 26, 1), paragraphs 3-4", _003_FROM, _003_TO)
# Re-certified persons whose IPR expired keep their earlier place.
RECERTIFICATION = Source("003", "Rules 379 p. 11, 1) paragraph 7; p. 21, 1); p. 26, 1)", _003_FROM, _003_TO)
# Orphans and children without parental care who turn 18 in a stationary organisation: out of turn.
OUT_OF_TURN = Source("003", "Rules 379 p. 11, 1) paragraph 8", _003_FROM, _003_TO)
# Postponement of arrival: once, up to 30 calendar days (stationary) / 10 (semi-stationary).
POSTPONEMENT_STATIONARY = Source("003", "Rules 379 p. 11, 1) paragraphs 9-10", _003_FROM, _003_TO)
POSTPONEMENT_SEMI_STATIONARY = Source("003", "Rules 379 p. 21, 1) paragraphs 6-7", _003_FROM, _003_TO)
# No arrival in time: the organisation processes the next recipient.
NO_SHOW_STATIONARY = Source("003", "Rules 379 p. 11, 1) paragraph 11", _003_FROM, _003_TO)
NO_SHOW_SEMI_STATIONARY = Source("003", "Rules 379 p. 21, 1) paragraph 8", _003_FROM, _003_TO)
# The «қайта оралды» mark in the date-of-arrival column.
RETURNED_MARK = Source("003", "Rules 379 p. 11, 1) paragraph 4; p. 21, 1); p. 26, 1); p. 35, 2)",
                       _003_FROM, _003_TO)
TEMPORARY_STAY_CARD = Source("003", "Rules 379 p. 35, 1)", _003_FROM, _003_TO)

# Special-regime education organisations: admission all year, on a court decision; documents 2)-5)
# may follow after admission, requested from the competent bodies.
SPECIAL_REGIME_ALL_YEAR = Source("000", "p. 4", _000_FROM)
SPECIAL_REGIME_COURT = Source("000", "p. 5", _000_FROM)
SPECIAL_REGIME_EXIT_DOCUMENTS = Source("000", "p. 6", _000_FROM)
EDUCATION_GROUNDS = Source("001", "App. 1 p. 4; App. 2 p. 4", None, _001_TO)

# Seed 002, Rule A (children's psychoneurological institutions) and Rules B, C.
SOCIAL_GROUNDS = Source("002", "Rule A p. 6-9; Rule B p. 12; Rule C p. 6-9", None, _002_TO)
DISCHARGE_GROUNDS = Source("002", "Rule A p. 33; Rule B p. 14; Rule C p. 30", None, _002_TO)
TEMPORARY_LEAVE = Source("002", "Rule A p. 34", None, _002_TO)
ADULT_TRANSFER = Source("002", "Rule A p. 36", None, _002_TO)
INTERREGIONAL_TRANSFER = Source("002", "Rule A p. 38", None, _002_TO)
ORDER_OF_HEAD = Source("002", "Rule A p. 40", None, _002_TO)
HOME_CARE_SUSPENSION = Source("002", "Rule B p. 15", None, _002_TO)
HOME_CARE_TERMINATION = Source("002", "Rule B p. 14", None, _002_TO)

# Qamqor's own choices where the regulations are silent (extraction section 4); each is a stated default.
ARRIVAL_DEADLINE_DEFAULT = Source("QAMQOR", "A-19: time allowed to arrive after an offer")
NO_SHOW_CLOSES_DEFAULT = Source("QAMQOR", "A-23: a no-show's application is closed")
TEMPORARY_STAY_GROUNDS = Source("QAMQOR", "A-14: grounds of temporary-stay organisations not stated")
WAIT_ESTIMATE_METHOD = Source("QAMQOR", "wait estimate from recent turnover")
JOURNAL_LOG = Source("QAMQOR", "append-only journal; corrections by correcting events")
QUEUE_TIES = Source("QAMQOR", "A-25: ties in receipt time broken by application number")

"""The journal's pure rules (no Django): the case lifecycle, the queue, and the rules of a stay.

``lifecycle`` — event kinds, the transition table and the status derived from events;
``queue`` — filing, ordering, offers, postponement, no-show and the wait estimate;
``stays`` — grounds, documents, leave, transfers and the adult-transfer flag;
``sources`` — the legal citation of every rule.
"""

from qamqor.journal.domain.lifecycle import (
    AppState,
    AppStatus,
    CaseState,
    Ev,
    EventKind,
    InvalidTransition,
    JournalSetting,
    RuleRefusal,
    Status,
    Stay,
    allowed_kinds,
    application_states,
    derive,
    effective_events,
)

__all__ = [
    "AppState", "AppStatus", "CaseState", "Ev", "EventKind", "InvalidTransition", "JournalSetting",
    "RuleRefusal", "Status", "Stay", "allowed_kinds", "application_states", "derive", "effective_events",
]

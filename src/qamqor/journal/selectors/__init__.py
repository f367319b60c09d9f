"""Reads of the journal for pages, the API and the exports: the journal form (App. 2, 14 columns), the
queue with positions, a person's history, the derived status, free places and the wait estimate.

Every selector starts from ``qamqor.access.core.scope``: a provider outside the actor's scope, or a
role without ``JOURNAL_VIEW``, gives Http404 (the same as a missing one)."""

from qamqor.journal.selectors.cases import (
    HistoryEntry,
    adult_transfer_due,
    allowed_actions,
    application_get,
    application_list,
    case_state,
    event_get,
    free_places,
    journal_list,
    person_history,
    placement_list,
    status_of,
    transfers_incoming,
)
from qamqor.journal.selectors.form import JournalHeader, JournalRow, Period, journal_form, journal_rows
from qamqor.journal.selectors.queue import (
    PublicPosition,
    QueueItem,
    WaitEstimateView,
    application_position,
    application_position_public,
    application_public_view,
    queue_list,
    wait_estimate,
)

__all__ = [
    "HistoryEntry", "JournalHeader", "JournalRow", "Period", "QueueItem", "WaitEstimateView", "adult_transfer_due",
    "allowed_actions", "application_get", "application_list", "application_position",
    "application_position_public", "application_public_view", "PublicPosition", "case_state", "event_get", "free_places", "journal_form", "journal_list",
    "journal_rows", "person_history", "placement_list", "queue_list", "status_of", "transfers_incoming",
    "wait_estimate",
]

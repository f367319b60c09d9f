"""Every write of the journal: one function per use case, keyword-only, the acting user first, one
transaction each, permission-checked through ``qamqor.access``, audited, and refusing with a
``DomainError`` whose message is translated and whose ``source`` cites the rule. Pages, the API,
exports and management commands call these and nothing else.

Queue: ``application_file``, ``application_withdraw``, ``place_offer``, ``offer_postpone``,
``offer_lapse``, ``offers_lapse_due``.
Stays: ``admission_record``, ``readmission_record``, ``leave_start``, ``leave_return``,
``transfer_out``, ``transfer_arrive``, ``discharge_record``, ``services_suspend``, ``services_resume``,
``services_terminate``.
Journal: ``journal_open``, ``journal_finish``, ``event_correct``.
"""

from qamqor.journal.domain.stays import TransferAgreement
from qamqor.journal.services._common import SYSTEM
from qamqor.journal.services.journals import event_correct, journal_finish, journal_open
from qamqor.journal.services.queue import (
    application_file,
    application_withdraw,
    offer_lapse,
    offer_postpone,
    offers_lapse_due,
    place_offer,
)
from qamqor.journal.services.stays import (
    admission_record,
    discharge_record,
    leave_return,
    leave_start,
    readmission_record,
    services_resume,
    services_suspend,
    services_terminate,
    transfer_arrive,
    transfer_out,
)

__all__ = [
    "SYSTEM", "TransferAgreement", "admission_record", "application_file", "application_withdraw",
    "discharge_record", "event_correct", "journal_finish", "journal_open", "leave_return", "leave_start",
    "offer_lapse", "offer_postpone", "offers_lapse_due", "place_offer", "readmission_record",
    "services_resume", "services_suspend", "services_terminate", "transfer_arrive", "transfer_out",
]

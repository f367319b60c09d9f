"""Writes of the exchange context."""

from qamqor.exchange.services.roster import SYSTEM, ImportOutcome, roster_import
from qamqor.exchange.services.signed import signed_document_submit

__all__ = ["SYSTEM", "ImportOutcome", "roster_import", "signed_document_submit"]

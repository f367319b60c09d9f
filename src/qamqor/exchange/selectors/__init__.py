"""Reads of the exchange context. ``roster_differences`` is the stable entry point of the control app
(risk criteria 5 and 78)."""

from qamqor.exchange.domain.roster import DifferenceKind
from qamqor.exchange.selectors.roster import (
    Difference,
    differences_for_actor,
    import_get,
    import_list,
    providers_for_reconciliation,
    reconcile_import,
    rejected_rows,
    roster_differences,
    roster_import_for,
)

__all__ = ["Difference", "DifferenceKind", "differences_for_actor", "import_get", "import_list",
           "providers_for_reconciliation", "reconcile_import", "rejected_rows", "roster_differences",
           "roster_import_for"]

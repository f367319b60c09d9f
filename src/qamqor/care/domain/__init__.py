"""The care rules as pure Python: no Django, no database, no clock (dates are arguments).

One module per use case: ``need`` (assessment and decision deadlines), ``dossier`` (admission
documents, contraindications, age limits), ``plans`` (the individual work plan's deadlines, life
cycle, monitoring quarters and coverage), ``homecare`` (contract, caseload, visits) and ``norms``
(group composition, the foster family's living space)."""

"""Writes of the control app: findings, complaints, computed findings, risk scores, lists, subjects.
(Inspections: ``services/inspections.py``, owned by control-inspections.)"""

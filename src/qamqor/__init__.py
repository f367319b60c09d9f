"""Qamqor: information system for special social services."""

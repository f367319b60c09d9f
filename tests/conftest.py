"""Shared fixtures: factories live in tests/factories.py."""

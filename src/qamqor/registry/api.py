"""REST endpoints of the registries (filled in by the registry work)."""

urlpatterns: list = []

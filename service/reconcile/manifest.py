"""The service manifest (GET /reconcile): what a 0.2 client reads to learn the service's features."""

from __future__ import annotations

from service.reconcile.model import (
    BATCH_SIZE, IDENTIFIER_SPACE, PREVIEW_HEIGHT, PREVIEW_WIDTH, PROPERTY_SETTINGS, SCHEMA_SPACE, TYPES,
)

NAME = "Ofsted inspections of English councils' children's services (ofsted-kg)"


def manifest(base: str) -> dict:
    """The manifest, its URLs on `base` (the service's root as the client reached it)."""
    reconcile = f"{base}/reconcile"
    return {
        "versions": ["0.2"],
        "name": NAME,
        "identifierSpace": IDENTIFIER_SPACE,
        "schemaSpace": SCHEMA_SPACE,
        "documentation": f"{base}/",
        "view": {"url": f"{base}/id/{{{{id}}}}"},
        "defaultTypes": [{"id": t.id, "name": t.name} for t in TYPES],
        "preview": {"url": f"{reconcile}/preview?id={{{{id}}}}", "width": PREVIEW_WIDTH, "height": PREVIEW_HEIGHT},
        "suggest": {
            "entity": {"service_url": reconcile, "service_path": "/suggest/entity"},
            "property": {"service_url": reconcile, "service_path": "/suggest/property"},
            "type": {"service_url": reconcile, "service_path": "/suggest/type"},
        },
        "extend": {
            "propose_properties": {"service_url": reconcile, "service_path": "/properties"},
            "property_settings": PROPERTY_SETTINGS,
        },
        "batchSize": BATCH_SIZE,
    }

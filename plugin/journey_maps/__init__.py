"""Journey Maps for MkDocs: customer-journey maps in YAML, published as a site.

The core (loading, checking, the model and the renderers) works without MkDocs;
``journey_maps.mkdocs_plugin`` is the thin MkDocs adapter.
"""

from __future__ import annotations

__version__ = "0.1.0"

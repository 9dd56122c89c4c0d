"""The edge: code that knows another tool (static-i18n, mike, Material, MkDocs' file model).

The core and the renderer never test for these; the plugin resolves each once per build.
"""

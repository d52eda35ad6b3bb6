"""Adapters that read review material and yield validated domain objects.

Loaders never open a database session: they hand domain objects to whoever asked.
"""

"""Codecs: external document formats to core types and back (OCPI 2.2.1 JSON).

Below importers and repositories, which both read and write these documents; above core.
"""

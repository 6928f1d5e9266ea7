"""The Kazakhstan persecution briefing: data layer, analyses and build helpers."""

__version__ = "0.1.0"

"""A persecution briefing: data layer, analyses and build helpers.

The country is set by the data folder's briefing.yml."""

__version__ = "0.1.0"

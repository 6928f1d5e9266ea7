"""Computations behind the chapters; notebooks call these and only narrate."""

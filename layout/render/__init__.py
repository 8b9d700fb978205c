"""Renderers of display lists. Only this package imports ReportLab."""

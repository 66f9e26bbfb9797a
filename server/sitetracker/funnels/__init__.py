"""Funnels: steps a session (or a visitor's day) goes through in order, counted per day
at buffer flush (docs/reports.md, "Funnels"); read back by
:mod:`sitetracker.reports.funnels`."""

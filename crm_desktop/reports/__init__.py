"""Outputs: PDF forms (reportlab) and Excel workbooks, built from plain data."""

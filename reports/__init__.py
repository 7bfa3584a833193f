"""Supervision: processing-time analytics, the annual report and exports."""

"""The project's date formats, where they differ from Django's for a language."""

"""Training, export and the model card of the shipped models (not part of the installed package)."""

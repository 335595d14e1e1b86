"""dossier: a promotion case built from Markdown evidence kept in git."""

__version__ = "0.1.0"

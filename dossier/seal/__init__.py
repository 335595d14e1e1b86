"""Sealed sites and one-file sites: a site plan's files encrypted (AES-256-GCM) into HTML
shells that decrypt in the reader's browser, under opaque names, with the key kept in the
user's config folder and carried in the link's fragment; or the whole site as one file."""

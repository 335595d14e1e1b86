"""The packet (`dossier export`): the case as one document, in the order promotion
committees read it, for one audience. `content` makes it as plain data from the
audience's view and report; `word` writes it as docx, `commonmark` as Markdown."""

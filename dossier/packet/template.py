"""The document the docx packet is written into: python-docx's default, or the author's
company template (`--template FILE.docx`), whose styles are used and whose first page
(what precedes its first section break) is kept in front of the packet."""

from __future__ import annotations

import copy
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import docx
from docx.document import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.opc.constants import CONTENT_TYPE, RELATIONSHIP_TYPE
from docx.opc.exceptions import PackageNotFoundError
from docx.opc.packuri import PackURI
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.oxml.xmlchemy import BaseOxmlElement
from docx.parts.numbering import NumberingPart

HEADING_STYLES = ("Heading 1", "Heading 2", "Heading 3")
BULLET_STYLES = ("List Bullet", "List Bullet 2", "List Bullet 3")
NUMBER_STYLES = ("List Number", "List Number 2", "List Number 3")
# styles the packet also uses: taken from the default document when a template lacks them
DEFAULTS = "the packet is written with the default styles instead"
OTHER_STYLES = ("Title", "Subtitle", "Quote", "Table Grid", *BULLET_STYLES, *NUMBER_STYLES)


@dataclass
class Opened:
    document: Document
    problems: list[tuple[str, str]] = field(default_factory=list)  # (message, hint)
    first_page: bool = False  # a template's first page stands in front of the packet


def open_document(template: Path | None) -> Opened:
    """The document to write into; a template that cannot be used is named in
    `problems`, and the default document is used instead."""
    if template is None:
        return Opened(docx.Document())
    try:
        document = docx.Document(str(template))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError, SyntaxError):
        problem = f"cannot use the template: it is not a Word document (.docx); {DEFAULTS}"
        hint = "save it as .docx (not .dotx or .doc) from Word, LibreOffice or Google Docs"
        return Opened(docx.Document(), [(problem, hint)])
    except OSError as exc:
        problem = f"cannot read the template ({exc.strerror or exc}); {DEFAULTS}"
        return Opened(docx.Document(), [(problem, "")])
    missing = [name for name in HEADING_STYLES if not _has_paragraph_style(document, name)]
    if missing:
        return Opened(
            docx.Document(),
            [
                (
                    f"the template has no {', '.join(missing)} style"
                    f"{'s' if len(missing) > 1 else ''}; {DEFAULTS}",
                    "the packet's outline is made of Heading 1 to 3; define them in the "
                    "template (in Word: Home > Styles)",
                )
            ],
        )
    _add_missing_styles(document, docx.Document())
    return Opened(document, first_page=keep_first_page(document))


def _has_paragraph_style(document: Document, name: str) -> bool:
    if name not in document.styles:
        return False
    return bool(document.styles[name].type == WD_STYLE_TYPE.PARAGRAPH)


def keep_first_page(document: Document) -> bool:
    """Remove the template's body after its first section break; without one, remove the
    whole body. True when a first page was kept."""
    body = document.element.body
    children = list(body)
    cut = next(
        (i for i, child in enumerate(children) if child.xpath("./w:pPr/w:sectPr")),
        None,
    )
    for child in children[0 if cut is None else cut + 1 :]:
        if child.tag != qn("w:sectPr"):  # the last section's settings stay
            body.remove(child)
    return cut is not None


# -- styles and numbering taken from the default document --------------------------------
def _add_missing_styles(document: Document, default: Document) -> None:
    """Styles the packet uses that the template lacks, copied from the default document
    (list styles with their numbering)."""
    styles = document.styles.element
    for name in OTHER_STYLES:
        if name in document.styles:
            continue
        style = copy.deepcopy(default.styles[name].element)
        num_id = style.xpath("./w:pPr/w:numPr/w:numId")
        if num_id:
            own = copy_numbering(document, default, int(num_id[0].get(qn("w:val"))))
            num_id[0].set(qn("w:val"), str(own))
        styles.append(style)


def numbering_of(document: Document) -> BaseOxmlElement:
    """The document's <w:numbering>, made when it has none."""
    part = document.part
    try:
        found: BaseOxmlElement = part.numbering_part.element
        return found
    except NotImplementedError:  # python-docx does not make one itself
        element = parse_xml(f"<w:numbering {nsdecls('w')}/>")
        numbering = NumberingPart(
            PackURI("/word/numbering.xml"), CONTENT_TYPE.WML_NUMBERING, element, part.package
        )
        part.relate_to(numbering, RELATIONSHIP_TYPE.NUMBERING)
        return element


def _next_id(numbering: BaseOxmlElement, path: str) -> int:
    return max((int(v) for v in numbering.xpath(path)), default=0) + 1


def copy_numbering(document: Document, source: Document, num_id: int) -> int:
    """Copy list definition `num_id` of `source` into `document`; its id there."""
    theirs = numbering_of(source)
    abstract_id = theirs.xpath(f"./w:num[@w:numId='{num_id}']/w:abstractNumId/@w:val")[0]
    abstract = copy.deepcopy(theirs.xpath(f"./w:abstractNum[@w:abstractNumId='{abstract_id}']")[0])
    ours = numbering_of(document)
    new_abstract = _next_id(ours, "./w:abstractNum/@w:abstractNumId")
    abstract.set(qn("w:abstractNumId"), str(new_abstract))
    for nsid in abstract.findall(qn("w:nsid")):  # Word tells list definitions apart by it
        nsid.set(qn("w:val"), f"{0xD0551E00 + new_abstract:08X}")
    first_num = ours.xpath("./w:num")
    if first_num:  # abstract definitions come before the lists that use them
        first_num[0].addprevious(abstract)
    else:
        ours.append(abstract)
    return add_list(ours, new_abstract, restart=False)


def add_list(numbering: BaseOxmlElement, abstract_id: int, restart: bool) -> int:
    """A new <w:num> of an abstract definition (numbered from 1 again with `restart`)."""
    num_id = _next_id(numbering, "./w:num/@w:numId")
    num = parse_xml(
        f'<w:num {nsdecls("w")} w:numId="{num_id}"><w:abstractNumId w:val="{abstract_id}"/></w:num>'
    )
    if restart:
        start = '<w:startOverride w:val="1"/>'
        num.append(parse_xml(f'<w:lvlOverride {nsdecls("w")} w:ilvl="0">{start}</w:lvlOverride>'))
    numbering.append(num)
    return num_id


def restarted_list(document: Document, style_name: str) -> int | None:
    """A list id that numbers `style_name`'s list from 1 again, or None when the style
    has no numbering of its own."""
    style = document.styles[style_name].element
    found = style.xpath("./w:pPr/w:numPr/w:numId/@w:val")
    if not found:
        return None
    numbering = numbering_of(document)
    abstract = numbering.xpath(f"./w:num[@w:numId='{found[0]}']/w:abstractNumId/@w:val")
    return add_list(numbering, int(abstract[0]), restart=True) if abstract else None

"""The packet as a Word document (python-docx): real heading styles for the outline,
bulleted lists, a table per competency, page breaks between the major parts, document
properties, and the same bytes for the same input."""

from __future__ import annotations

from collections.abc import Sequence

from docx.document import Document
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls
from docx.shared import Length, Pt, RGBColor
from docx.table import Table as DocxTable
from docx.text.paragraph import Paragraph as DocxParagraph
from docx.text.run import Run as DocxRun

from dossier.packet.blocks import Block, Code, Heading, ListItem, Paragraph, Run, Runs, Table, plain
from dossier.packet.content import Packet
from dossier.packet.summary import Facts
from dossier.packet.template import (
    BULLET_STYLES,
    NUMBER_STYLES,
    Opened,
    restarted_list,
)

LINK_COLOUR = RGBColor(0x1F, 0x4E, 0x9A)
HEADER_FILL = "E7ECF2"
MONOSPACE = "Courier New"
EVIDENCE_WIDTHS = (0.3, 0.15, 0.33, 0.22)
STATUS_WIDTHS = (0.24, 0.22, 0.54)
QUOTE_INDENT = Pt(24)
FACT_WIDTHS = (0.3, 0.7)
DEEPEST_HEADING = 3


class WordWriter:
    """Lays the packet out in a document, top to bottom."""

    def __init__(self, opened: Opened, packet: Packet):
        self.doc: Document = opened.document
        self.packet = packet
        self.lists: dict[int, int | None] = {}  # a body's list -> its own numbering
        # python-docx finds a style by name by reading every style, each time: once here
        self.style_ids = {style.name: style.style_id for style in self.doc.styles}

    # -- runs and paragraphs ------------------------------------------------------------
    def runs(self, paragraph: DocxParagraph, runs: Runs) -> DocxParagraph:
        for run in runs:
            if run.url:
                self.hyperlink(paragraph, run)
                continue
            added = self.marked(paragraph, run)
            if run.code:
                added.font.name = MONOSPACE
        return paragraph

    @staticmethod
    def marked(paragraph: DocxParagraph, run: Run) -> DocxRun:
        """A run of text, bold or italic as marked (and no settings otherwise)."""
        added = paragraph.add_run(run.text)
        if run.bold:
            added.bold = True
        if run.italic:
            added.italic = True
        return added

    def hyperlink(self, paragraph: DocxParagraph, run: Run) -> None:
        """A link Word, LibreOffice and Google Docs follow: <w:hyperlink> around a run."""
        rel = paragraph.part.relate_to(str(run.url), RELATIONSHIP_TYPE.HYPERLINK, is_external=True)
        added = self.marked(paragraph, run)
        added.font.underline = True
        added.font.color.rgb = LINK_COLOUR
        link = parse_xml(f'<w:hyperlink {nsdecls("w", "r")} r:id="{rel}"/>')
        paragraph._p.append(link)
        link.append(added._r)

    def paragraph(self, runs: Runs, style: str | None = None) -> DocxParagraph:
        paragraph = self.doc.add_paragraph()
        if style is not None:
            paragraph._p.style = self.style_ids[style]
        return self.runs(paragraph, runs)

    def quoted(self, runs: Runs) -> DocxParagraph:
        """Quoted words, set in from the margin unless the Quote style does that itself."""
        paragraph = self.paragraph(runs, "Quote")
        if self.doc.styles["Quote"].paragraph_format.left_indent is None:
            paragraph.paragraph_format.left_indent = QUOTE_INDENT
        return paragraph

    def heading(self, text: str, level: int, new_page: bool = False) -> None:
        heading = self.paragraph(plain(text), f"Heading {level}")
        if new_page:
            heading.paragraph_format.page_break_before = True

    def bullets(self, lines: Sequence[str]) -> None:
        for line in lines:
            self.paragraph(plain(line), BULLET_STYLES[0])

    # -- Markdown bodies -----------------------------------------------------------------
    def body(self, blocks: Sequence[Block], top: int = 2) -> None:
        """A page's body under a part's heading: its biggest heading becomes `top`."""
        biggest = min((b.level for b in blocks if isinstance(b, Heading)), default=1)
        for block in blocks:
            if isinstance(block, Heading):
                level = min(top + block.level - biggest, DEEPEST_HEADING)
                self.paragraph(block.runs, f"Heading {level}")
            elif isinstance(block, Paragraph):
                (self.quoted if block.quote else self.paragraph)(block.runs)
            elif isinstance(block, ListItem):
                self.list_item(block)
            elif isinstance(block, Code):
                self.code(block.text)
            elif isinstance(block, Table):
                self.table(block.header, block.rows, None)

    def list_item(self, item: ListItem) -> None:
        depth = min(item.depth, len(BULLET_STYLES) - 1)
        if item.continued:
            paragraph = self.paragraph(item.runs)
            paragraph.paragraph_format.left_indent = Pt(18 * (depth + 1))
            return
        style = (NUMBER_STYLES if item.ordered else BULLET_STYLES)[depth]
        paragraph = self.paragraph(item.runs, style)
        if item.ordered:
            self.count_from_one(paragraph, item.list_id, style)

    def count_from_one(self, paragraph: DocxParagraph, list_id: int, style: str) -> None:
        """Each numbered list counts from 1 (Word would carry on from the one before)."""
        if list_id not in self.lists:
            self.lists[list_id] = restarted_list(self.doc, style)
        num_id = self.lists[list_id]
        if num_id is None:
            return
        numbering = f'<w:ilvl w:val="0"/><w:numId w:val="{num_id}"/>'
        # after the style, the only setting the paragraph has yet
        paragraph._p.get_or_add_pPr().append(
            parse_xml(f"<w:numPr {nsdecls('w')}>{numbering}</w:numPr>")
        )

    def code(self, text: str) -> None:
        paragraph = self.doc.add_paragraph()
        run = paragraph.add_run(text)
        run.font.name = MONOSPACE
        run.font.size = Pt(9)

    # -- tables ---------------------------------------------------------------------------
    def table(
        self, header: Sequence[Runs], rows: Sequence[Sequence[Runs]], widths: Sequence[float] | None
    ) -> DocxTable:
        columns = max([len(header), *(len(r) for r in rows)], default=1)
        table: DocxTable = self.doc.add_table(rows=0, cols=columns)
        table._tbl.tblPr.style = self.style_ids["Table Grid"]
        if header:
            self.table_row(table, header, heading=True)
        for row in rows:
            self.table_row(table, row)
        self.set_widths(table, widths or [1 / columns] * columns)
        self.doc.add_paragraph()  # Word joins tables that touch
        return table

    def table_row(self, table: DocxTable, cells: Sequence[Runs], heading: bool = False) -> None:
        row = table.add_row()  # type: ignore[no-untyped-call]
        properties = row._tr.get_or_add_trPr()
        properties.append(parse_xml(f"<w:cantSplit {nsdecls('w')}/>"))
        if heading:  # repeated at the top of each page the table runs onto
            properties.append(parse_xml(f"<w:tblHeader {nsdecls('w')}/>"))
        for cell, runs in zip(row.cells, cells, strict=False):
            paragraph = cell.paragraphs[0]
            self.runs(
                paragraph, tuple(Run(r.text, True, r.italic) for r in runs) if heading else runs
            )
            if heading:
                shading = (
                    f'<w:shd {nsdecls("w")} w:val="clear" w:color="auto" w:fill="{HEADER_FILL}"/>'
                )
                cell._tc.get_or_add_tcPr().append(parse_xml(shading))

    def set_widths(self, table: DocxTable, widths: Sequence[float]) -> None:
        section = self.doc.sections[-1]
        page, left, right = section.page_width, section.left_margin, section.right_margin
        usable = (page - left - right) if page and left is not None and right is not None else 0
        table.autofit = False
        for column, share in zip(table.columns, widths, strict=False):
            width = Length(int(usable * share)) if usable else None
            if width is None:
                continue
            column.width = width
            for cell in column.cells:
                cell.width = width

    def facts(self, facts: Facts) -> None:
        rows = [(plain(label), plain(value)) for label, value in facts]
        table = self.table((), rows, FACT_WIDTHS)
        for row in table.rows:
            for run in row.cells[0].paragraphs[0].runs:
                run.bold = True

"""The DOCX renderer: real Word styles, page furniture, footnotes, properties, and
the same bytes for the same memo. Documents are read back with python-docx and as
package XML."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import re
import zipfile
from functools import lru_cache

import docx
import pytest
from lxml import etree
from docx.enum.style import WD_STYLE_TYPE
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.shared import Mm

from briefgen.errors import BriefError
from briefgen.model import (AgendaItem, Citation, Layout, Memo, Participant, Point, Source,
                            Summary, When)
from briefgen.render import common
from briefgen.render.common import link_target
from briefgen.render.docx import clean_text, one_line, render_docx, word_language
from briefgen.render.docx_notes import Footnotes
from briefgen.render.docx_styles import find_or_add_style
from briefgen.theme import Templates

from babel_forms import long_date

# Dates as Babel writes them (tests/babel_forms.py): never spelled out, CLDR changes them.
FEB_10, FEB_11 = long_date(dt.date(2025, 2, 10)), long_date(dt.date(2025, 2, 11))

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
BUILTIN = Templates.for_workspace(None)
MEMO_DATE = dt.date(2025, 2, 11)


def cite(source: str, line: int, quote: str) -> list[Citation]:
    return [Citation(source, line, 3, quote)]


def full_summary(**layout: str) -> Summary:
    """A memo with every section: two sources cited, people in two organisations and
    one without, agenda with a date range, a single date and free text."""
    memo = Memo(
        title="US–European talks on ending the war in Ukraine",
        subject="US–European talks on Ukraine",
        to="The Secretary", from_="Policy Planning Staff", through="P",
        date=MEMO_DATE, classification="UNCLASSIFIED",
        prepared_by="J. Doe, EUR/CE, x4-1234", lang="en",
    )
    return Summary(
        memo=memo,
        layout=Layout(**layout),
        summary="Talks start **next week**; Europe wants a *seat* at the table. "
                "See [the readout](https://example.org/readout) and `code`.",
        key_points=[
            Point("Analyst point with <b>raw html</b> kept as text."),
            Point("Talks would start in Saudi Arabia.", citations=cite("reuters", 14, "talks would start")),
            Point("Europe fears a deal over its head.",
                  citations=cite("reuters", 20, "a deal") + cite("politico", 3, "over their heads")),
        ],
        participants=[
            Participant("Mike Waltz", "National Security Advisor", "White House",
                        citations=cite("reuters", 5, "Mike Waltz")),
            Participant("Kaja Kallas", "High Representative", "European Union",
                        citations=cite("politico", 8, "Kallas")),
            Participant("Steve Witkoff", "Special Envoy", "White House"),
            Participant("Jane Analyst", "Observer"),
        ],
        agenda=[
            AgendaItem("Munich Security Conference",
                       When("2025-02-14 to 2025-02-16", dt.date(2025, 2, 14), dt.date(2025, 2, 16)),
                       "Munich", ["J. D. Vance", "Kaja Kallas"], citations=cite("politico", 12, "Munich")),
            AgendaItem("US–Russia talks", When("2025-02-18", dt.date(2025, 2, 18), dt.date(2025, 2, 18)),
                       "Riyadh", ["Marco Rubio"]),
            AgendaItem("Follow-up meeting", When("later this month")),
        ],
        challenges=[Point("Keeping Europe involved.", citations=cite("politico", 30, "involved"))],
        open_questions=[Point("Will Ukraine be at the table?")],
        sources=[
            Source("reuters", 1, "US to hold talks with Russia", "Reuters", "A. Reporter",
                   dt.date(2025, 2, 10), "https://www.reuters.com/world/talks/"),
            Source("politico", 2, "Europe scrambles?", "Politico Europe", "", dt.date(2025, 2, 11)),
        ],
    )


def with_memo(summary: Summary, **changes) -> Summary:
    return dataclasses.replace(summary, memo=dataclasses.replace(summary.memo, **changes))


@lru_cache(maxsize=None)
def rendered(citations: str = "footnotes", paper: str = "letter") -> bytes:
    return render_docx(full_summary(citations=citations, paper=paper), BUILTIN)


def open_docx(data: bytes):
    return docx.Document(io.BytesIO(data))


def part_xml(data: bytes, name: str) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        return package.read(name).decode("utf-8")


def story_text(story) -> str:
    """The visible text of a document body, header or footer, tables included."""
    lines = [p.text for p in story.paragraphs]
    for table in story.tables:
        for row in table.rows:
            lines.extend(cell.text for cell in row.cells)
    return "\n".join(lines)


def footnote_texts(data: bytes) -> dict[int, str]:
    from lxml import etree

    root = etree.fromstring(part_xml(data, "word/footnotes.xml").encode())
    return {int(note.get(f"{W}id")): "".join(note.itertext()).strip()
            for note in root.iter(f"{W}footnote") if note.get(f"{W}type") is None}


def cited(summary: Summary):
    return [item for item in common.cited_items(summary) if item.citations]


# ---- structure and styles ---------------------------------------------------------------------

def test_sections_use_real_word_styles_in_memo_order():
    document = open_docx(rendered())
    styles = [p.style.name for p in document.paragraphs]
    assert styles[0] == "Title" and document.paragraphs[0].text == "Briefing Memorandum"
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    assert headings == [common.SECTION_TITLES[name] for name in common.sections(full_summary())]
    bullets = [p.text for p in document.paragraphs if p.style.name == "List Bullet"]
    assert len(bullets) == 3 + 1 + 1  # key points, challenges, open questions
    assert [p.style.name for p in document.paragraphs].count("Summary") == 1
    assert all(table.style.name == "Memo Table" for table in document.tables)
    assert document.paragraphs[-1].text == "Prepared by: J. Doe, EUR/CE, x4-1234"


def test_header_block_lists_the_present_fields_in_order():
    document = open_docx(rendered())
    block = [p.text for p in document.paragraphs if p.style.name == "Memo Header"]
    assert block == [f"{label}:\t{value}" for label, value in common.header_fields(full_summary().memo)]
    assert block[0] == f"DATE:\t{FEB_11}"
    xml = part_xml(rendered(), "word/styles.xml")
    memo_header = re.search(r'<w:style [^>]*w:styleId="MemoHeader".*?</w:style>', xml).group(0)
    assert "<w:bottom " in memo_header  # the rule under the block


def test_tables_repeat_their_header_row_and_never_split_rows():
    document = open_docx(rendered())
    participants, agenda = document.tables
    for table, columns in ((participants, common.PARTICIPANT_COLUMNS), (agenda, common.AGENDA_COLUMNS)):
        rows = table._tbl.tr_lst
        assert [c.text for c in table.rows[0].cells] == list(columns)
        assert rows[0].find(f"{W}trPr/{W}tblHeader") is not None
        assert all(row.find(f"{W}trPr/{W}tblHeader") is None for row in rows[1:])
        assert all(row.find(f"{W}trPr/{W}cantSplit") is not None for row in rows)
    styles = open_docx(rendered()).styles
    assert styles["Memo Table"].type == WD_STYLE_TYPE.TABLE


def test_participants_are_grouped_by_organisation_under_spanning_rows():
    table = open_docx(rendered()).tables[0]
    groups = [row.cells[0].text for row in table.rows
              if row._tr.tc_lst[0].find(f"{W}tcPr/{W}gridSpan") is not None]
    assert groups == ["White House", "European Union", common.NO_ORG]
    # Name and Role only: the group row names the organisation (issue #11)
    assert [cell.text for cell in table.rows[0].cells] == ["Name", "Role"]
    people = [[cell.text for cell in row.cells] for row in table.rows[1:] if len(row._tr.tc_lst) == 2]
    assert people == [["Mike Waltz", "National Security Advisor"], ["Steve Witkoff", "Special Envoy"],
                      ["Kaja Kallas", "High Representative"], ["Jane Analyst", "Observer"]]


def test_agenda_writes_dates_out_and_keeps_free_text():
    table = open_docx(rendered()).tables[1]
    when = [row.cells[0].text for row in table.rows[1:]]
    assert when[1] == long_date(dt.date(2025, 2, 18)) and when[2] == "later this month"
    assert when[0] == common.format_when(full_summary().agenda[0].when, "en")
    assert table.rows[1].cells[3].text == "J. D. Vance; Kaja Kallas"


def test_every_item_text_is_in_the_document():
    summary = full_summary()
    text = story_text(open_docx(rendered()))
    expected = [common.plain_text(summary.summary)]
    expected += [common.plain_text(p.text) for p in summary.key_points + summary.challenges + summary.open_questions]
    expected += [value for person in summary.participants for value in (person.name, person.role)]
    expected += [value for item in summary.agenda for value in common.agenda_cells(item, "en") if value]
    expected += [source.title for source in summary.sources] + [source.url for source in summary.sources if source.url]
    for words in expected:
        assert words in text, words


def test_raw_html_is_text_and_markdown_becomes_formatting():
    document = open_docx(rendered())
    assert "Analyst point with <b>raw html</b> kept as text." in story_text(document)
    summary = next(p for p in document.paragraphs if p.style.name == "Summary")
    assert [run.text for run in summary.runs if run.style.name == "Strong"] == ["next week"]
    assert [run.text for run in summary.runs if run.style.name == "Emphasis"] == ["seat"]
    assert [run.text for run in summary.runs if run.style.name == "HTML Code"] == ["code"]
    assert "See the readout and code." in summary.text  # the link's words are part of the text
    styles = document.styles
    assert styles["Strong"].font.bold and styles["Emphasis"].font.italic


STORY_PARTS = re.compile(r"word/(document|header\d+|footer\d+|footnotes)\.xml")
NS = {"w": W[1:-1]}


def story_parts(data: bytes) -> dict[str, str]:
    """The XML of every part that holds text: body, headers, footers, footnotes."""
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        return {name: package.read(name).decode("utf-8") for name in package.namelist()
                if STORY_PARTS.fullmatch(name)}


def direct_formatting(xml: str) -> list[str]:
    """Formatting set on a paragraph or run itself rather than by its style, in one
    part (the separator notes, which Word itself writes that way, left out)."""
    found = []
    for properties in etree.fromstring(xml.encode()).iter(f"{W}pPr", f"{W}rPr"):
        if any(note.get(f"{W}type") for note in properties.iterancestors(f"{W}footnote")):
            continue
        found += [f"{etree.QName(properties).localname}/{etree.QName(child).localname}"
                  for child in properties if child.tag not in (f"{W}pStyle", f"{W}rStyle")]
    return found


def style_xml(data: bytes, style_id: str) -> str:
    styles = part_xml(data, "word/styles.xml")
    return re.search(rf'<w:style [^>]*w:styleId="{style_id}".*?</w:style>', styles).group(0)


def undefined_styles(data: bytes) -> set[str]:
    """Style ids the document uses (in its text, or as a style's base or next style)
    that its styles.xml does not define."""
    styles = etree.fromstring(part_xml(data, "word/styles.xml").encode())
    defined = set(styles.xpath("w:style/@w:styleId", namespaces=NS))
    used = set(styles.xpath("w:style/w:basedOn/@w:val | w:style/w:next/@w:val", namespaces=NS))
    for xml in story_parts(data).values():
        used |= set(re.findall(r'<w:(?:pStyle|rStyle|tblStyle) w:val="([^"]+)"', xml))
    return used - defined


def bullet_format(data: bytes, style_id: str = "ListBullet") -> str:
    """The number format of the list a paragraph style draws its numbers from."""
    styles = etree.fromstring(part_xml(data, "word/styles.xml").encode())
    [num_id] = styles.xpath(f'w:style[@w:styleId="{style_id}"]/w:pPr/w:numPr/w:numId/@w:val', namespaces=NS)
    numbering = etree.fromstring(part_xml(data, "word/numbering.xml").encode())
    [abstract] = numbering.xpath(f'w:num[@w:numId="{num_id}"]/w:abstractNumId/@w:val', namespaces=NS)
    [number_format] = numbering.xpath(f'w:abstractNum[@w:abstractNumId="{abstract}"]/w:lvl[@w:ilvl="0"]'
                                      "/w:numFmt/@w:val", namespaces=NS)
    return number_format


@pytest.mark.parametrize("citations", ["footnotes", "endnotes"])
def test_every_look_comes_from_a_style_not_direct_formatting(citations):
    for name, xml in story_parts(rendered(citations=citations)).items():
        assert direct_formatting(xml) == [], name
    assert undefined_styles(rendered(citations=citations)) == set()


def test_fitted_and_draft_layouts_take_their_look_from_styles_too():
    """Compact citations (Source Notes on a page of their own), tighter spacing, a
    smaller body and the draft watermark: still styles, not formatting typed in."""
    variant = common.Variant(compact_citations=True, tight_spacing=True, body_size=10)
    data = render_docx(full_summary(), BUILTIN, draft=True, variant=variant)
    for name, xml in story_parts(data).items():
        if name.startswith("word/header"):
            continue  # the watermark is Word's own shape, positioned as Word writes it
        assert direct_formatting(xml) == [], name
    assert undefined_styles(data) == set()
    assert 'w:pStyle w:val="Heading1NewPage"' in part_xml(data, "word/document.xml")


def test_emphasis_a_style_cannot_carry_is_set_on_the_run():
    """Word gives a run one character style: bold italic words are Strong and italic,
    bold words in a link keep the Hyperlink style and are bold."""
    summary = full_summary()
    summary.summary = "***Both*** and [**bold link**](https://example.org/x)."
    paragraph = next(p for p in open_docx(render_docx(summary, BUILTIN)).paragraphs if p.style.name == "Summary")
    both = paragraph.runs[0]
    assert (both.text, both.style.name, both.bold, both.italic) == ("Both", "Strong", None, True)
    link = paragraph.hyperlinks[0]
    assert link.address == "https://example.org/x"
    assert [(run.text, run.style.name, run.bold) for run in link.runs] == [("bold link", "Hyperlink", True)]


def test_headings_and_bullets_are_words_own_styles():
    """Heading 1 keeps Word's outline level (navigation pane, table of contents) and
    List Bullet draws its bullet from a list definition, as Word's own styles do."""
    data = rendered()
    heading = style_xml(data, "Heading1")
    assert '<w:name w:val="heading 1"/>' in heading and '<w:outlineLvl w:val="0"/>' in heading
    assert bullet_format(data) == "bullet"
    assert '<w:name w:val="Title"/>' in style_xml(data, "Title")


def test_styles_pane_lists_the_memos_styles_not_the_templates():
    """python-docx's template brings a hundred table styles; the memo defines what
    Word's own blank document does, and the styles it uses."""
    styles = open_docx(rendered()).styles
    assert [s.name for s in styles if s.type == WD_STYLE_TYPE.TABLE] == ["Normal Table", "Memo Table"]
    assert len(list(styles)) < 40


def test_line_breaks_and_tabs_read_as_in_the_pdf():
    """Plain fields run line ends, tabs and spaces together into one space, as HTML
    does; a no-break space stays. In Markdown a soft line break is a space and a hard
    one (two spaces, then a line end) a line break, like the PDF's <br>."""
    summary = full_summary()
    summary.participants[0].name = "Mike\n  Waltz\tJr"
    summary.participants[0].role = "National\u00a0Security Advisor"
    summary.key_points[0].text = "First line  \nsecond line\nsame line"
    document = open_docx(render_docx(summary, BUILTIN))
    person = document.tables[0].rows[2].cells
    assert (person[0].text, person[1].text) == ("Mike Waltz Jr", "National\u00a0Security Advisor")
    point = next(p for p in document.paragraphs if p.style.name == "List Bullet")
    assert point.text == "First line\nsecond line same line"
    assert point._p.xml.count("<w:br/>") == 1
    assert one_line(" a\n\t b\u00a0c\x00 ") == "a b\u00a0c"


# ---- page set-up and furniture -----------------------------------------------------------------------

@pytest.mark.parametrize("paper, size", [("letter", (215.9, 279.4)), ("a4", (210.0, 297.0))])
def test_paper_and_margins_come_from_the_theme(paper, size):
    section = open_docx(rendered(paper=paper)).sections[0]
    assert abs(section.page_width - Mm(size[0])) < Mm(0.1)
    assert abs(section.page_height - Mm(size[1])) < Mm(0.1)
    assert abs(section.left_margin - Mm(25)) < Mm(0.1) and abs(section.top_margin - Mm(25)) < Mm(0.1)


def test_banner_tops_and_tails_every_page_and_running_header_starts_on_page_two():
    section = open_docx(rendered()).sections[0]
    assert section.different_first_page_header_footer  # w:titlePg
    assert [p.text for p in section.first_page_header.paragraphs] == ["UNCLASSIFIED"]
    assert [p.text for p in section.header.paragraphs] == [
        "UNCLASSIFIED", f"US–European talks on Ukraine\t{FEB_11}"]
    for header in (section.first_page_header, section.header):
        banner = header.paragraphs[0]
        assert banner.style.name == "Classification Banner"
        assert banner.style.font.bold and banner.style.paragraph_format.alignment == 1  # centred
    for footer in (section.first_page_footer, section.footer):
        assert footer.paragraphs[-1].text == "UNCLASSIFIED"


def test_footer_numbers_pages_with_live_fields():
    data = rendered()
    section = open_docx(data).sections[0]
    for footer in (section.first_page_footer, section.footer):
        xml = footer._element.xml
        fields = re.findall(r"<w:instrText[^>]*>\s*(\w+)\s*</w:instrText>", xml)
        assert fields == ["PAGE", "NUMPAGES"]
        assert xml.count('w:fldCharType="begin"') == xml.count('w:fldCharType="end"') == 2
        assert footer.paragraphs[0].text == "Page 1 of 1"  # the fields' stand-in results


def test_no_classification_means_no_banner():
    data = render_docx(with_memo(full_summary(), classification=""), BUILTIN)
    section = open_docx(data).sections[0]
    assert [p.text for p in section.first_page_header.paragraphs] == [""]
    assert [p.text for p in section.header.paragraphs] == [f"US–European talks on Ukraine\t{FEB_11}"]
    assert [p.text for p in section.footer.paragraphs] == ["Page 1 of 1"]
    assert "UNCLASSIFIED" not in data.decode("latin-1")


# ---- citations -----------------------------------------------------------------------------------

def test_footnotes_are_real_word_footnotes():
    data = rendered()
    summary = full_summary()
    assert "word/footnotes.xml" in zipfile.ZipFile(io.BytesIO(data)).namelist()
    types = part_xml(data, "[Content_Types].xml")
    assert ('PartName="/word/footnotes.xml" ContentType="application/vnd.openxmlformats-officedocument.'
            'wordprocessingml.footnotes+xml"') in types
    rels = open_docx(data).part.rels.values()
    assert [rel.target_ref for rel in rels if rel.reltype == RT.FOOTNOTES] == ["footnotes.xml"]

    notes_xml = part_xml(data, "word/footnotes.xml")
    assert 'w:type="separator" w:id="-1"' in notes_xml
    assert 'w:type="continuationSeparator" w:id="0"' in notes_xml
    assert notes_xml.count("<w:footnoteRef/>") == len(cited(summary))
    expected = [common.note_text(item.citations, summary) for item in cited(summary)]
    assert list(footnote_texts(data).values()) == expected

    body = part_xml(data, "word/document.xml")
    references = [int(i) for i in re.findall(r'<w:footnoteReference w:id="(\d+)"/>', body)]
    assert references == sorted(footnote_texts(data)) == list(range(1, len(expected) + 1))
    assert re.search(r'<w:t>Mike Waltz</w:t></w:r><w:r><w:rPr><w:rStyle w:val="FootnoteReference"/>', body)
    styles = open_docx(data).styles
    assert styles["footnote reference"].font.superscript
    assert styles["footnote text"].type == WD_STYLE_TYPE.PARAGRAPH


def test_items_without_citations_have_no_marker():
    document = open_docx(rendered())
    first_point = next(p for p in document.paragraphs if p.style.name == "List Bullet")
    assert "footnoteReference" not in first_point._p.xml


def test_endnotes_number_the_markers_and_list_the_notes():
    data = rendered(citations="endnotes")
    summary = full_summary(citations="endnotes")
    document = open_docx(data)
    assert "word/footnotes.xml" not in zipfile.ZipFile(io.BytesIO(data)).namelist()
    markers = [run.text for p in document.paragraphs for run in p.runs
               if run.style.name == "endnote reference"]
    markers += [run.text for table in document.tables for row in table.rows for cell in row.cells
                for p in cell.paragraphs for run in p.runs if run.style.name == "endnote reference"]
    assert sorted(markers, key=int) == [str(n) for n in range(1, len(cited(summary)) + 1)]
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    assert headings[-2:] == [common.SECTION_TITLES["notes"], common.SECTION_TITLES["sources"]]
    entries = [p.text for p in document.paragraphs if p.style.name == "Reference Entry"]
    notes = [f"{n}.\t{common.note_text(item.citations, summary)}" for n, item in enumerate(cited(summary), 1)]
    assert entries[:len(notes)] == notes


def test_no_citations_mode_has_no_markers_or_notes():
    data = rendered(citations="none")
    document = open_docx(data)
    assert "footnoteReference" not in part_xml(data, "word/document.xml")
    assert "word/footnotes.xml" not in zipfile.ZipFile(io.BytesIO(data)).namelist()
    assert common.SECTION_TITLES["notes"] not in [p.text for p in document.paragraphs
                                                   if p.style.name == "Heading 1"]
    assert not any(run.font.superscript or (run.style is not None and run.style.name == "endnote reference")
                   for p in document.paragraphs for run in p.runs)


# ---- sources and links ---------------------------------------------------------------------------

def test_sources_are_numbered_with_a_live_link_to_the_url():
    data = rendered()
    document = open_docx(data)
    entries = [p.text for p in document.paragraphs if p.style.name == "Reference Entry"]
    assert entries == [
        f"[1]\tUS to hold talks with Russia. Reuters. A. Reporter. {FEB_10}. "
        "https://www.reuters.com/world/talks/",
        f"[2]\tEurope scrambles? Politico Europe. {FEB_11}.",
    ]
    links = {rel.rId: rel.target_ref for rel in document.part.rels.values()
             if rel.reltype == RT.HYPERLINK and rel.is_external}
    assert set(links.values()) == {"https://www.reuters.com/world/talks/", "https://example.org/readout"}
    body = part_xml(data, "word/document.xml")
    linked = re.findall(r'<w:hyperlink r:id="(rId\d+)">.*?<w:t>([^<]*)</w:t>', body)
    assert (next(k for k, v in links.items() if "reuters" in v), "https://www.reuters.com/world/talks/") in linked


def test_only_web_and_mail_addresses_become_links():
    assert link_target("https://example.org/a") == "https://example.org/a"
    assert link_target("mailto:a@example.org") == "mailto:a@example.org"
    for unsafe in ("javascript:alert(1)", "file:///etc/passwd", "data:text/html,x", "http://x\x00y", ""):
        assert link_target(unsafe) == ""
    summary = full_summary()
    summary.sources[0].url = "file:///etc/passwd"
    summary.summary = "A [bad link](ftp://example.org/x)."
    data = render_docx(summary, BUILTIN)
    document = open_docx(data)
    assert not [rel for rel in document.part.rels.values() if rel.reltype == RT.HYPERLINK]
    assert "file:///etc/passwd" in story_text(document)  # shown, not linked
    assert "A bad link." in story_text(document)


# ---- properties, language, determinism ----------------------------------------------------------------

def test_core_properties_come_from_the_memo():
    properties = open_docx(rendered()).core_properties
    assert properties.title == "US–European talks on ending the war in Ukraine"
    assert properties.subject == "US–European talks on Ukraine"
    assert properties.author == properties.last_modified_by == "Policy Planning Staff"
    assert properties.keywords == ", ".join(common.document_keywords(full_summary()))
    assert "UNCLASSIFIED" in properties.keywords
    assert properties.language == "en"
    midnight = dt.datetime(2025, 2, 11, 0, 0)
    for stamp in (properties.created, properties.modified, properties.last_printed):
        assert stamp.replace(tzinfo=None) == midnight
    assert properties.revision == 1
    assert "python-docx" not in part_xml(rendered(), "docProps/core.xml")


def test_application_properties_describe_this_memo_not_the_template():
    app = part_xml(rendered(), "docProps/app.xml")
    assert "<Application>briefgen</Application>" in app
    for stale in ("Microsoft", "<Pages>", "<Words>", "AppVersion", "TitlesOfParts"):
        assert stale not in app


def test_author_falls_back_to_the_drafter():
    summary = with_memo(full_summary(), from_="")
    assert open_docx(render_docx(summary, BUILTIN)).core_properties.author == "J. Doe, EUR/CE, x4-1234"


def test_document_language_is_the_memos():
    styles_xml = part_xml(rendered(), "word/styles.xml")
    assert re.search(r'<w:docDefaults>.*?<w:lang w:val="en-US"', styles_xml, re.S)
    german = render_docx(with_memo(full_summary(), lang="de"), BUILTIN)
    normal = re.search(r'<w:style [^>]*w:styleId="Normal".*?</w:style>', part_xml(german, "word/styles.xml")).group(0)
    # East Asian and complex-script text: the languages of the theme's fonts for them.
    assert '<w:lang w:val="de-DE" w:eastAsia="zh-CN" w:bidi="ar-SA"/>' in normal
    assert f"DATE:\t{long_date(dt.date(2025, 2, 11), 'de')}" in story_text(open_docx(german))
    assert open_docx(german).core_properties.language == "de"


@pytest.mark.parametrize("tag, word", [("en", "en-US"), ("en-GB", "en-GB"), ("fr", "fr-FR"),
                                       ("pt-BR", "pt-BR"), ("no such language", "en-US")])
def test_word_language_adds_the_likely_region(tag, word):
    assert word_language(tag) == word


def test_body_font_and_sizes_come_from_the_theme():
    theme = BUILTIN.theme()
    styles = open_docx(rendered()).styles
    normal = styles["Normal"]
    assert normal.font.name == theme.body_font and normal.font.size.pt == theme.sizes["body"]
    fonts = normal.element.rPr.rFonts
    assert {fonts.get(f"{W}{s}") for s in ("ascii", "hAnsi")} == {theme.body_font}
    assert (fonts.get(f"{W}eastAsia"), fonts.get(f"{W}cs")) == (theme.east_asian_font, theme.complex_script_font)
    assert styles["Title"].font.size.pt == theme.sizes["memo_type"]
    assert styles["Heading 1"].font.size.pt == theme.sizes["heading"]
    assert str(styles["Heading 1"].font.color.rgb).lower() == theme.colours["heading"].lower()
    assert styles["footnote text"].font.size.pt == theme.sizes["footnote"]


def test_same_memo_gives_the_same_bytes():
    summary = full_summary()
    first, second = render_docx(summary, BUILTIN), render_docx(summary, BUILTIN)
    assert first == second
    with zipfile.ZipFile(io.BytesIO(first)) as package:
        assert package.namelist()[0] == "[Content_Types].xml"
        assert {entry.date_time for entry in package.infolist()} == {(2025, 2, 11, 0, 0, 0)}
        assert not [name for name in package.namelist() if "thumbnail" in name or "stylesWithEffects" in name]


def test_text_xml_cannot_hold_is_removed_without_crashing():
    summary = full_summary()
    summary.key_points[0].text = "Bell\x07 and nul\x00 gone\x1b, &#12;tab\tand\r\nbreak"
    summary.participants[0].name = "Mike\x00 Waltz\x0c"
    summary.summary = "BLUF\x01 text"
    summary = with_memo(summary, classification="UNCLASS\x00IFIED", title="Title\x0b here")
    document = open_docx(render_docx(summary, BUILTIN))
    text = story_text(document)
    assert "Bell and nul gone, tab and break" in text  # "\n" in Markdown is a soft break: a space
    assert "Mike Waltz" in text and "BLUF text" in text
    assert document.sections[0].header.paragraphs[0].text == "UNCLASSIFIED"
    assert document.core_properties.title == "Title here"


def test_clean_text_keeps_newlines_as_breaks():
    assert clean_text("a\r\nb\rc\td\x00e\x7f\ufffe") == "a\nb\nc de"
    line = docx.Document().add_paragraph()
    line.add_run(clean_text("one\ntwo"))
    assert "<w:br/>" in line._p.xml


# ---- house style ------------------------------------------------------------------------------------

def test_reference_docx_is_the_base_and_its_styles_win(tmp_path):
    house = docx.Document()
    house.styles["Normal"].font.name = "Garamond"
    house.add_paragraph("Template boilerplate that must not survive")
    house.save(tmp_path / "reference.docx")
    templates = Templates((tmp_path, *BUILTIN.dirs))
    document = open_docx(render_docx(full_summary(), templates))
    assert document.styles["Normal"].font.name == "Garamond"
    assert "boilerplate" not in story_text(document)
    assert document.paragraphs[0].style.name == "Title"
    assert document.tables[0].style.name == "Memo Table"  # missing house styles are added


def test_broken_reference_docx_is_a_clear_error(tmp_path):
    (tmp_path / "reference.docx").write_text("not a zip", encoding="utf-8")
    with pytest.raises(BriefError, match="not a usable Word document"):
        render_docx(full_summary(), Templates((tmp_path, *BUILTIN.dirs)))


def word_blank_document(body_font: str = ""):
    """A document as Word makes a new one: styles.xml defines Normal and three other
    styles only; Heading 1, List Bullet, Title and the rest are merely latent; there
    are no list definitions."""
    document = docx.Document()
    styles = document.styles.element
    latent = styles.find(f"{W}latentStyles")
    declared = {exception.get(f"{W}name") for exception in latent}
    for style in styles.findall(f"{W}style"):
        if style.get(f"{W}styleId") not in ("Normal", "DefaultParagraphFont", "TableNormal", "NoList"):
            styles.remove(style)
            name = style.find(f"{W}name").get(f"{W}val")
            if name not in declared:  # Word declares every built-in style it knows
                etree.SubElement(latent, f"{W}lsdException", {f"{W}name": name})
    for rel_id, rel in list(document.part.rels.items()):
        if rel.reltype == RT.NUMBERING:
            document.part.drop_rel(rel_id)
    if body_font:
        document.styles["Normal"].font.name = body_font
    return document


def house_templates(folder, reference) -> Templates:
    reference.save(folder / "reference.docx")
    return Templates((folder, *BUILTIN.dirs))


def test_reference_with_only_latent_styles_gets_words_built_in_definitions(tmp_path):
    data = render_docx(full_summary(), house_templates(tmp_path, word_blank_document(body_font="Garamond")))
    document = open_docx(data)
    assert document.styles["Normal"].font.name == "Garamond"  # the house style's own
    assert undefined_styles(data) == set()
    assert bullet_format(data) == "bullet"
    assert '<w:outlineLvl w:val="0"/>' in style_xml(data, "Heading1")
    assert {"Title", "Heading 1", "List Bullet", "Memo Header", "Summary", "Reference Entry"} <= {
        p.style.name for p in document.paragraphs}
    # A style the house style lacks takes the theme's look.
    assert document.styles["Heading 1"].font.size.pt == BUILTIN.theme().sizes["heading"]


def test_reference_style_of_another_type_is_a_clear_error(tmp_path):
    house = docx.Document()
    house.styles.add_style("Summary", WD_STYLE_TYPE.CHARACTER)
    with pytest.raises(BriefError) as caught:
        render_docx(full_summary(), house_templates(tmp_path, house))
    assert caught.value.path == tmp_path / "reference.docx"
    assert "character style named 'Summary'" in caught.value.message
    assert "paragraph style" in caught.value.message


def test_house_style_keeps_its_margins_and_the_layout_chooses_the_paper(tmp_path):
    house = docx.Document()  # US Letter
    house.sections[0].left_margin = house.sections[0].right_margin = Mm(20)
    data = render_docx(full_summary(paper="a4"), house_templates(tmp_path, house))
    document = open_docx(data)
    section = document.sections[0]
    assert abs(section.page_width - Mm(210)) < Mm(0.1) and abs(section.page_height - Mm(297)) < Mm(0.1)
    assert abs(section.left_margin - Mm(20)) < Mm(0.1)
    # The running header's date stands at this paper's right margin.
    [date_stop] = document.styles["Header"].paragraph_format.tab_stops
    assert abs(date_stop.position - Mm(210 - 40)) < Mm(0.1)


def test_nothing_of_the_references_text_survives(tmp_path):
    house = docx.Document()
    house.add_paragraph("Body boilerplate")
    Footnotes(house).add(house.add_paragraph("Noted"), "Old footnote")
    house.sections[0].header.paragraphs[0].text = "First section header"
    house.add_section()
    house.settings.odd_and_even_pages_header_footer = True
    last = house.sections[-1]
    last.header.paragraphs[0].text = "Old header"
    last.even_page_header.paragraphs[0].text = "Old even header"
    data = render_docx(full_summary(citations="none"), house_templates(tmp_path, house))
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        everything = "".join(package.read(name).decode("utf-8", "replace") for name in package.namelist())
        names = package.namelist()
    for old in ("boilerplate", "Noted", "Old footnote", "First section header", "Old header", "Old even header"):
        assert old not in everything
    assert "word/footnotes.xml" not in names
    assert "<w:footnote " not in part_xml(data, "word/settings.xml")  # no separators left pointing nowhere
    assert len([n for n in names if re.fullmatch(r"word/header\d+\.xml", n)]) == 2  # first page, others


def test_init_writes_a_house_style_that_builds_take_their_look_from(tmp_path):
    from click.testing import CliRunner
    from docx.shared import RGBColor

    from briefgen.cli import main

    workspace = tmp_path / "ws"
    result = CliRunner().invoke(main, ["init", str(workspace), "--reference-docx"])
    assert result.exit_code == 0, result.output
    reference = workspace / "templates" / "reference.docx"
    assert f"wrote {reference}" in result.output
    house = docx.Document(reference)
    # Every style a memo can use, so an editor finds each one to restyle.
    used = {style_id for citations in ("footnotes", "endnotes")
            for style_id in re.findall(r'w:styleId="([^"]+)"', part_xml(rendered(citations=citations),
                                                                         "word/styles.xml"))}
    assert used <= {style.style_id for style in house.styles}

    house.styles["Heading 1"].font.color.rgb = RGBColor(0xC0, 0x00, 0x00)
    house.styles["Normal"].font.name = "Arial"
    house.save(reference)
    built = CliRunner().invoke(main, ["-C", str(workspace), "build", "--format", "docx",
                                      "--output", str(tmp_path / "out")])
    assert built.exit_code == 0, built.output
    memo = docx.Document(next((tmp_path / "out").glob("*.docx")))
    assert memo.styles["Heading 1"].font.color.rgb == RGBColor(0xC0, 0x00, 0x00)
    assert memo.styles["Normal"].font.name == "Arial"
    assert [p.text for p in memo.paragraphs if p.style.name == "Heading 1"][:2] == ["Summary", "Key Points"]
    assert "House style" not in story_text(memo)


def test_init_reference_docx_in_a_workspace_adds_only_the_house_style(tmp_path):
    from click.testing import CliRunner

    from briefgen.cli import main

    workspace = tmp_path / "ws"
    runner = CliRunner()
    assert runner.invoke(main, ["init", str(workspace)]).exit_code == 0
    brief = (workspace / "brief.yaml").read_bytes()
    added = runner.invoke(main, ["init", str(workspace), "--reference-docx"])
    assert added.exit_code == 0, added.output
    assert (workspace / "templates" / "reference.docx").is_file()
    assert "brief.yaml" not in added.output and (workspace / "brief.yaml").read_bytes() == brief
    again = runner.invoke(main, ["init", str(workspace), "--reference-docx"])
    assert again.exit_code == 1 and "reference.docx: error: a house style already exists" in again.stderr


# ---- the footnotes helper ------------------------------------------------------------------------------

def test_footnotes_helper_creates_the_part_with_the_first_note_only():
    document = docx.Document()
    notes = Footnotes(document, text_size_pt=8)
    assert not [rel for rel in document.part.rels.values() if rel.reltype == RT.FOOTNOTES]
    first = document.add_paragraph("One")
    second = document.add_paragraph("Two")
    assert notes.add(first, "First note.") == 1
    assert notes.add(second, "Second & <note>.") == 2
    assert notes.count == 2
    saved = io.BytesIO()
    document.save(saved)
    data = saved.getvalue()
    assert footnote_texts(data) == {1: "First note.", 2: "Second & <note>."}
    assert '<w:footnote w:id="-1"/><w:footnote w:id="0"/>' in part_xml(data, "word/settings.xml")
    reread = open_docx(data)
    assert reread.styles["footnote text"].font.size.pt == 8
    assert reread.paragraphs[0].text == "One"


def test_footnotes_helper_replaces_a_base_documents_footnotes_part():
    document = docx.Document()
    Footnotes(document).add(document.add_paragraph("Old"), "Old note.")
    saved = io.BytesIO()
    document.save(saved)
    base = open_docx(saved.getvalue())
    Footnotes(base).add(base.add_paragraph("New"), "New note.")
    resaved = io.BytesIO()
    base.save(resaved)
    assert [rel.reltype for rel in base.part.rels.values()].count(RT.FOOTNOTES) == 1
    assert footnote_texts(resaved.getvalue()) == {1: "New note."}


def test_find_or_add_style_matches_word_names_ignoring_case():
    document = docx.Document()
    style, added = find_or_add_style(document, "footnote text", WD_STYLE_TYPE.PARAGRAPH, "Normal", builtin=True)
    assert added and style.style_id == "FootnoteText" and style.base_style.name == "Normal"
    again, added = find_or_add_style(document, "Footnote Text", WD_STYLE_TYPE.PARAGRAPH)
    assert not added and again.style_id == "FootnoteText"
    title, added = find_or_add_style(document, "Title", WD_STYLE_TYPE.PARAGRAPH)
    assert not added and title.style_id == "Title"


def test_footnotes_helper_keeps_a_house_styles_note_numbering():
    document = docx.Document()
    settings = document.settings.element
    settings.find(f"{W}compat").addprevious(etree.fromstring(
        f'<w:footnotePr xmlns:w="{W[1:-1]}"><w:numFmt w:val="lowerRoman"/></w:footnotePr>'))
    Footnotes(document).add(document.add_paragraph("One"), "Note.")
    properties = settings.find(f"{W}footnotePr")
    assert [(etree.QName(child).localname, child.get(f"{W}val") or child.get(f"{W}id")) for child in properties] == [
        ("numFmt", "lowerRoman"), ("footnote", "-1"), ("footnote", "0")]


def test_find_or_add_style_copies_words_definition_and_its_list():
    document = word_blank_document()
    bullets, added = find_or_add_style(document, "List Bullet", WD_STYLE_TYPE.PARAGRAPH, builtin=True)
    heading, _ = find_or_add_style(document, "Heading 1", WD_STYLE_TYPE.PARAGRAPH, builtin=True)
    assert added and bullets.style_id == "ListBullet" and heading.style_id == "Heading1"
    assert heading.element.find(f"{W}link") is None  # no "Heading 1 Char" it would point to
    saved = io.BytesIO()
    document.save(saved)
    assert bullet_format(saved.getvalue()) == "bullet"


def test_an_added_style_never_takes_an_id_in_use():
    document = word_blank_document()
    localised = document.styles.add_style("Überschrift", WD_STYLE_TYPE.PARAGRAPH)
    localised.element.styleId = "Heading1"
    heading, added = find_or_add_style(document, "Heading 1", WD_STYLE_TYPE.PARAGRAPH, builtin=True)
    assert added and heading.style_id == "Heading1-2" and heading.name == "Heading 1"


def test_a_memo_with_only_a_title_renders():
    document = open_docx(render_docx(Summary(Memo(title="Only a title", date=MEMO_DATE)), BUILTIN))
    assert [p.text for p in document.paragraphs] == [
        "Briefing Memorandum", f"DATE:\t{FEB_11}", "SUBJECT:\tOnly a title"]
    assert not document.tables
    assert document.core_properties.author == ""

"""The summary model as JSON: what `build --format json` writes and `show --json` prints."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from ..model import AgendaItem, Citation, Participant, Point, Recommendation, Source, Summary, When


def _date(day: dt.date | None) -> str | None:
    return day.isoformat() if day else None


def _citations(citations: list[Citation]) -> list[dict[str, Any]]:
    return [{"source": c.source, "line": c.line, "column": c.column, "quote": c.quote} for c in citations]


def _point(point: Point) -> dict[str, Any]:
    return {"text": point.text, "note": point.note, "mark": point.mark, "citations": _citations(point.citations)}


def _recommendation(recommendation: Recommendation) -> dict[str, Any]:
    return {"text": recommendation.text, "options": list(recommendation.options), "mark": recommendation.mark}


def _participant(person: Participant) -> dict[str, Any]:
    return {"name": person.name, "role": person.role, "org": person.org, "note": person.note, "mark": person.mark,
            "pronounce": person.pronounce, "bio": person.bio, "citations": _citations(person.citations)}


def _when(when: When | None) -> dict[str, Any] | None:
    if when is None:
        return None
    return {"text": when.text, "start": _date(when.start), "end": _date(when.end)}


def _agenda_item(item: AgendaItem) -> dict[str, Any]:
    return {"item": item.item, "when": _when(item.when), "where": item.where, "who": list(item.who),
            "note": item.note, "mark": item.mark, "citations": _citations(item.citations)}


def _source(source: Source) -> dict[str, Any]:
    return {"id": source.id, "number": source.number, "title": source.title, "outlet": source.outlet,
            "author": source.author, "date": _date(source.date), "url": source.url}


def summary_data(summary: Summary) -> dict[str, Any]:
    memo = summary.memo
    return {
        "memo": {
            "type": memo.type, "title": memo.title, "subject": memo.subject, "to": memo.to,
            "from": memo.from_, "through": memo.through, "date": _date(memo.date),
            "classification": memo.classification, "prepared_by": memo.prepared_by, "lang": memo.lang,
            "form": memo.form, "handling": memo.handling, "decision_by": _date(memo.decision_by),
            "subject_mark": memo.subject_mark, "summary_mark": summary.summary_mark,
            "portion_marks": summary.layout.portion_marks, "drafted_by": memo.drafted_by,
            "cleared_by": list(memo.cleared_by), "attachments": list(memo.attachments),
        },
        "summary": summary.summary,
        "recommendations": [_recommendation(r) for r in summary.recommendations],
        "key_points": [_point(p) for p in summary.key_points],
        "participants": [_participant(p) for p in summary.participants],
        "agenda": [_agenda_item(i) for i in summary.agenda],
        "challenges": [_point(p) for p in summary.challenges],
        "open_questions": [_point(p) for p in summary.open_questions],
        "talking_points": [_point(p) for p in summary.talking_points],
        "sources": [_source(s) for s in summary.sources],
    }


def render_json(summary: Summary) -> str:
    return json.dumps(summary_data(summary), ensure_ascii=False, indent=2) + "\n"

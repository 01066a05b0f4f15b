"""The minutes as data: what an approval freezes, hashes, renders and compares."""

from __future__ import annotations

import difflib

import nh3

from verbund.cooperation.content import Change, content_hash  # noqa: F401  (one hash rule)

from .models import Meeting

ALLOWED_TAGS = {"p", "strong", "em", "ul", "ol", "li", "br", "h3"}
ALLOWED_ATTRIBUTES: dict[str, set[str]] = {}


def clean_notes(text: str) -> str:
    """Rich text of a minutes note: a few tags kept, everything else (scripts, styles,
    attributes, links) removed by nh3."""
    return nh3.clean(
        text or "", tags=ALLOWED_TAGS, attributes=ALLOWED_ATTRIBUTES, strip_comments=True
    ).strip()


def plain(html: str) -> str:
    """The note's text without tags (for comparing versions word by word)."""
    return " ".join(nh3.clean(html or "", tags=set()).split())


def place_text(meeting: Meeting) -> str:
    parts = []
    if meeting.room_id:
        parts.append(f"{meeting.room.name} ({meeting.room.holder_name})")
    if meeting.address:
        parts.append(meeting.address)
    if meeting.online_url:
        parts.append(meeting.online_url)
    return " · ".join(parts)


def minutes_content(meeting: Meeting) -> dict:
    """Everything the minutes say, in plain values (the frozen snapshot)."""
    return {
        "title": meeting.title,
        "series": str(meeting.series),
        "date": meeting.date.isoformat(),
        "start_time": meeting.start_time.strftime("%H:%M"),
        "end_time": meeting.end_time.strftime("%H:%M"),
        "place": place_text(meeting),
        "confidential": meeting.confidential,
        "attendance": [
            {"name": line.name, "status": line.status, "label": str(line.get_status_display())}
            for line in meeting.attendance.all()
        ],
        "agenda": [
            {
                "position": item.position,
                "title": item.title,
                "owner": item.owner,
                "duration": item.duration_minutes,
                "notes": item.notes,
            }
            for item in meeting.agenda.all()
        ],
        "decisions": [
            {
                "number": decision.number,
                "text": decision.text,
                "item": decision.agenda_item.position if decision.agenda_item_id else None,
            }
            for decision in meeting.decisions.all()
        ],
        "actions": [
            {
                "title": action.title,
                "owner": action.owner_name,
                "due_on": action.due_on.isoformat() if action.due_on else "",
                "status": action.status,
            }
            for action in meeting.actions.all()
        ],
    }


def _word_diff(old: str, new: str) -> list[tuple[str, str]]:
    a, b = old.split(), new.split()
    segments: list[tuple[str, str]] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == "equal":
            segments.append(("equal", " ".join(a[i1:i2])))
            continue
        if op in ("delete", "replace"):
            segments.append(("delete", " ".join(a[i1:i2])))
        if op in ("insert", "replace"):
            segments.append(("insert", " ".join(b[j1:j2])))
    return segments


def compare(old: dict | None, new: dict) -> list[Change]:
    """What a correction changed: the notes of each item as word diffs, the attendance,
    decisions and action items as removed/added lines."""
    old = old or {}
    changes: list[Change] = []
    for key, label in [("title", "Titel"), ("place", "Ort")]:
        before, after = old.get(key, ""), new.get(key, "")
        changes.append(Change(label, before != after, segments=_word_diff(before, after)))
    old_items = {row["position"]: row for row in old.get("agenda", [])}
    for row in new.get("agenda", []):
        before_row = old_items.pop(row["position"], None)
        before = plain(before_row["notes"]) if before_row else ""
        after = plain(row["notes"])
        label = f"TOP {row['position']}: {row['title']}"
        changes.append(Change(label, before != after, segments=_word_diff(before, after)))
    for position, row in sorted(old_items.items()):
        before = plain(row["notes"])
        label = f"TOP {position}: {row['title']}"
        changes.append(Change(label, True, segments=[("delete", before)]))
    lists = [
        ("attendance", "Anwesenheit", lambda r: f"{r['name']}: {r['label']}"),
        ("decisions", "Beschlüsse", lambda r: f"{r['number']}. {r['text']}"),
        ("actions", "Aufgaben", lambda r: f"{r['title']} ({r['owner']}, {r['due_on'] or '–'})"),
    ]
    for key, label, render in lists:
        before = [render(r) for r in old.get(key, [])]
        after = [render(r) for r in new.get(key, [])]
        removed = [line for line in before if line not in after]
        added = [line for line in after if line not in before]
        kept = [line for line in after if line in before]
        changes.append(
            Change(label, bool(removed or added), removed=removed, added=added, kept=kept)
        )
    return changes

"""A closed board's notes as Markdown and CSV. Only what is public: private items never leave."""

from __future__ import annotations

import csv
import io

from django.utils.translation import gettext as _

from .selectors import Notes


def _md(text: str) -> str:
    """Plain text in Markdown: characters that would start markup are escaped."""
    out = []
    for char in text:
        if char in "\\`*_{}[]()<>#+-.!|~":
            out.append("\\" + char)
        else:
            out.append(char)
    return "".join(out)


def markdown(notes: Notes) -> str:
    board = notes.board
    lines = [f"# {_md(board.title)}", ""]
    if board.event_id:
        lines += [_("Lean coffee at %(event)s.") % {"event": _md(board.event.title)}, ""]
    for topic in notes.topics:
        lines += [f"## {_md(topic.title)}", ""]
        if topic.detail:
            lines += [_md(topic.detail), ""]
        lines += [_("Votes: %(n)s") % {"n": topic.vote_count}, ""]
        for capture in topic.captured:
            if capture.is_action:
                extra = []
                if capture.owner_display:
                    extra.append(_("owner: %(owner)s") % {"owner": _md(capture.owner_display)})
                if capture.due:
                    extra.append(_("due %(date)s") % {"date": capture.due.isoformat()})
                suffix = f" ({', '.join(extra)})" if extra else ""
                lines.append(f"- **{_('Action')}:** {_md(capture.text)}{suffix}")
            else:
                lines.append(f"- **{_('Insight')}:** {_md(capture.text)}")
        if topic.captured:
            lines.append("")
    if any(column.notes for column in notes.columns):
        lines += [f"## {_('Retrospective')}", ""]
        for column in notes.columns:
            lines += [f"### {column.label}", ""]
            lines += [f"- {_md(note.text)}" for note in column.notes] or [f"- {_('(none)')}"]
            lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def _cell(value: str) -> str:
    """No cell may start a spreadsheet formula."""
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


def csv_text(notes: Notes) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["section", "topic", "votes", "kind", "text", "owner", "due"])
    for topic in notes.topics:
        if not topic.captured:
            writer.writerow(["topic", _cell(topic.title), topic.vote_count, "", "", "", ""])
        for capture in topic.captured:
            writer.writerow([
                "topic", _cell(topic.title), topic.vote_count, capture.kind, _cell(capture.text),
                _cell(capture.owner_display if capture.is_action else ""), capture.due.isoformat() if capture.due else "",
            ])
    for column in notes.columns:
        for note in column.notes:
            writer.writerow(["retrospective", "", "", column.kind, _cell(note.text), "", ""])
    return out.getvalue()

"""A progress report as readable lines (the CLI prints them; the PDF export may reuse them)."""

from __future__ import annotations

from portfolio_app.pathways.results import ProgressNode
from portfolio_app.pathways.service import Report


def render(report: Report) -> list[str]:
    q = report.entry.qualification
    p = report.progress
    state = "complete" if p.satisfied else "in progress"
    when = f" on {p.completed_on.isoformat()}" if p.completed_on and p.satisfied else ""
    tag = " (example)" if q.example and "example" not in q.name.casefold() else ""
    heading = f"{q.name}{tag} [{q.id}]"
    lines = [
        heading,
        f"  {q.awarding_body}{' · ' + q.level if q.level else ''} — {p.percent:.0f}% {state}{when}",
    ]
    lines.extend(_tree(p.root, "  "))
    lines.extend(f"  Note: {note}" for note in p.notes)
    c = report.completion
    advice = report.advice
    for miss in advice.near_misses:
        lines.append(f"  Near miss ({miss.requirement}): {miss.advice}")
    if not p.satisfied:
        lines.append(f"  Shortest way to finish: {c.explanation}")
        if advice.verify:
            earn = advice.earn or ()
            lines.append(
                "    Earn: " + ("; ".join(t.title for t in earn) if earn else "nothing more")
            )
            for item in advice.verify:
                lines.append(
                    f"    Verify: #{item.holding_id} {item.title} ({item.reason}) — {item.how}"
                )
    if c.expiring_soonest:
        soonest = ", ".join(
            f"#{e.holding_id} {e.title} ({e.expires.isoformat()})" for e in c.expiring_soonest[:3]
        )
        lines.append(f"  Expiring soonest: {soonest}")
    return lines


def _tree(node: ProgressNode, indent: str) -> list[str]:
    mark = "[x]" if node.satisfied else "[ ]"
    if node.kind == "match" and node.needed == 0:  # a rule inside a credits pool
        mark = "[+]" if node.counted else "[ ]"
    lines = [f"{indent}{mark} {node.title} — {node.explanation}"]
    for child in node.children:
        lines.extend(_tree(child, indent + "    "))
    return lines

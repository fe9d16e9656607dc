"""``keepwarm show``: one person on the terminal, from the record in ``records``."""

from __future__ import annotations

from typing import Any

from rich.console import Group
from rich.text import Text

from keepwarm.cli import output
from keepwarm.contacts.queries import job_span
from keepwarm.lib.dates import MonthDay
from keepwarm.lib.words import month_day

LIFE_EVENT_WORDS = {"new_job": "new job", "home_project": "home project"}


def render(data: dict[str, Any]) -> None:
    console = output.console()
    console.print(Text(data["name"], style="bold"), Text(f"  #{data['id']}", style="dim"))
    console.print(output.fields(summary(data)))
    for title, block in sections(data):
        console.print(output.heading(title))
        console.print(block)


def summary(data: dict[str, Any]) -> list[tuple[str, Any]]:
    status = [s for s, on in (("deceased", data["deceased"]), ("archived", data["archived"])) if on]
    return [
        ("nickname", data["nickname"]),
        ("circle", data["circle"]),
        ("company", data["company"]),
        ("job title", data["job_title"]),
        ("industry", data["industry"]),
        ("city", data["city"]),
        ("birthday", month_day_label(data["birthday"])),
        ("status", ", ".join(status)),
        ("died on", data["deceased_on"]),
        ("paused until", data["paused_until"]),
        ("tags", ", ".join(data["tags"])),
        ("how we met", data["how_we_met"]),
        ("last touch", data["last_touch"]),
        ("notes", data["notes"]),
    ]


def month_day_label(iso: str | None) -> str | None:
    """ "29 February" or "14 March 1980" for the record's ``--02-29`` / ``1980-03-14``."""
    return month_day(MonthDay.parse(iso)) if iso else None


def sections(data: dict[str, Any]) -> list[tuple[str, Any]]:
    found = []
    if data["contact_points"]:
        rows = [
            [p["kind"], p["label"], p["value"], "preferred" if p["preferred"] else ""]
            for p in data["contact_points"]
        ]
        found.append(("Contact", output.table(("kind", "label", "value", ""), rows)))
    if data["addresses"] and output.plain():
        rows = [
            [a["label"], "mailing" if a["mailing"] else "", ", ".join(a["lines"])]
            for a in data["addresses"]
        ]
        found.append(("Addresses", output.table(("label", "", "address"), rows)))
    elif data["addresses"]:
        found.append(("Addresses", Group(*(address(a) for a in data["addresses"]))))
    if data["dates"]:
        found.append(
            (
                "Dates",
                output.table(
                    ("label", "date"),
                    [[d["label"], month_day_label(d["date"])] for d in data["dates"]],
                ),
            )
        )
    if data["relationships"]:
        rows = [[r["name"], r["kind"], r["person_id"]] for r in data["relationships"]]
        found.append(("Family and friends", output.table(("name", "is", "id"), rows)))
    if data["life_events"]:
        rows = [
            [e["date"], LIFE_EVENT_WORDS.get(e["kind"], e["kind"]), e["note"]]
            for e in data["life_events"]
        ]
        found.append(("Life events", output.table(("date", "event", "note"), rows)))
    if data["jobs"]:
        found.append(("Work history", jobs(data["jobs"])))
    found.append(("Recent touches", touches(data["touches"])))
    found.append(("Open follow-ups", follow_ups(data["follow_ups"])))
    return found


def jobs(items: list[dict[str, Any]]) -> Any:
    rows = [
        [j["company"], j["role"], j["industry"], job_span(j["started"], j["ended"])] for j in items
    ]
    return output.table(("company", "role", "industry", "years"), rows)


def address(item: dict[str, Any]) -> Text:
    head = item["label"] or "address"
    if item["mailing"]:
        head += " (mailing)"
    return Text(f"{head}\n", style="bold") + Text("\n".join(item["lines"]) + "\n")


def touches(items: list[dict[str, Any]]) -> Any:
    if not items:
        return Text("None yet.", style="dim")
    rows = [[t["date"], t["kind"], ", ".join(t["with"]), t["note"]] for t in items]
    return output.table(("date", "kind", "with", "note"), rows)


def follow_ups(items: list[dict[str, Any]]) -> Any:
    if not items:
        return Text("None.", style="dim")
    rows = [[f["id"], f["due"], f["status"], f["text"]] for f in items]
    return output.table(("id", "due", "status", "text"), rows)

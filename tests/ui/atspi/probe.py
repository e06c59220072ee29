"""Read the Byline window through AT-SPI, as Orca does, and print what was found as JSON.

Runs under the system's Python (``/usr/bin/python3``), which has pyatspi
(Debian's python3-pyatspi); the project's venv does not. It dumps the
window's accessible tree (role, name, description, the text of text objects),
then presses the toolbar's "Refresh All" button through the bus and records
the announcements and status-bar names that follow until the refresh is
reported finished. Then, for each toolbar button named in argv[2] (a JSON
object: button name -> the dialog's cancel button name), it presses the
button, dumps the dialog that opens, and closes it with its cancel button.
"""

from __future__ import annotations

import json
import sys
import time

import pyatspi
from gi.repository import GLib

MAX_CELLS = 60  # table and tree cells dumped per view (the visible ones come first)
FINISHED = sys.argv[1] if len(sys.argv) > 1 else "Checked"
DIALOGS: dict[str, str] = json.loads(sys.argv[2]) if len(sys.argv) > 2 else {}


def find_app(name: str, timeout: float = 20.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        desktop = pyatspi.Registry.getDesktop(0)
        for i in range(desktop.childCount):
            app = desktop.getChildAtIndex(i)
            if app is not None and app.name == name:
                return app
        time.sleep(0.2)
    raise SystemExit(f"no application named {name!r} on the accessibility bus")


def node(acc, depth: int, lines: list[str]) -> dict:
    role = acc.getRoleName()
    record = {"role": role, "name": acc.name or "", "description": acc.description or "", "children": []}
    states = acc.getState()
    record["focusable"] = states.contains(pyatspi.STATE_FOCUSABLE)
    record["focused"] = states.contains(pyatspi.STATE_FOCUSED)
    record["labelled_by"] = [
        target.name or ""
        for relation in acc.getRelationSet()
        if relation.getRelationType() == pyatspi.RELATION_LABELLED_BY
        for target in (relation.getTarget(i) for i in range(relation.getNTargets()))
        if target is not None
    ]
    text = ""
    if role in ("label", "text", "paragraph", "document frame", "document text"):
        try:
            iface = acc.queryText()
            text = iface.getText(0, -1)
        except NotImplementedError:
            text = ""
    record["text"] = text
    shown_text = f" text={text[:90]!r}" if text and text != record["name"] else ""
    desc = f" — {record['description']!r}" if record["description"] else ""
    lines.append(f"{'  ' * depth}[{role}] {record['name']!r}{desc}{shown_text}")
    count = acc.childCount
    limit = MAX_CELLS if role in ("table", "tree", "tree table", "list") else count
    for i in range(min(count, limit)):
        child = acc.getChildAtIndex(i)
        if child is not None:
            record["children"].append(node(child, depth + 1, lines))
    if count > limit:
        lines.append(f"{'  ' * (depth + 1)}… {count - limit} more")
    return record


def find(record: dict, role: str, name: str | None = None):
    if record["role"] == role and (name is None or record["name"] == name):
        yield record
    for child in record["children"]:
        yield from find(child, role, name)


def press(app, role: str, name: str) -> bool:
    """Do the first action of the object of that role and name (a toolbar button: Press)."""
    match = pyatspi.findDescendant(app, lambda a: a is not None and a.getRoleName() == role and a.name == name)
    if match is None:
        return False
    match.queryAction().doAction(0)
    return True


def main() -> int:
    app = find_app("Byline")
    lines: list[str] = []
    tree = node(app, 0, lines)
    heard: list[dict] = []

    def on_event(event) -> None:
        source = event.source.name if event.source is not None else ""
        heard.append({"type": event.type, "data": str(event.any_data or ""), "source": source})
        if FINISHED in str(event.any_data or ""):
            GLib.timeout_add(300, lambda: pyatspi.Registry.stop() or False)

    pyatspi.Registry.registerEventListener(on_event, "object:announcement", "object:property-change:accessible-name")
    refresh_button = tree_find_name(tree, "push button")
    pressed = press(app, "push button", refresh_button) if refresh_button else False
    GLib.timeout_add(15000, lambda: pyatspi.Registry.stop() or False)
    if pressed:
        pyatspi.Registry.start()
    dialogs = {button: open_dialog(app, button, cancel) for button, cancel in DIALOGS.items()}
    json.dump({"lines": lines, "tree": tree, "pressed": refresh_button if pressed else "", "heard": heard, "dialogs": dialogs}, sys.stdout)
    return 0


def dialogs_of(app) -> list:
    return [c for c in (app.getChildAtIndex(i) for i in range(app.childCount)) if c is not None and c.getRoleName() == "dialog"]


def wait_for(check, timeout: float = 10.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = check()
        if found:
            return found
        time.sleep(0.2)
    return None


def open_dialog(app, button: str, cancel: str) -> dict:
    """Press a toolbar button through the bus, dump the dialog it opens, close it with its cancel button."""
    if dialogs_of(app) or not press(app, "push button", button):
        return {}
    dialog = wait_for(lambda: (dialogs_of(app) or [None])[0])
    if dialog is None:
        return {}
    lines: list[str] = []
    record = node(dialog, 0, lines)
    record["lines"] = lines
    record["closed"] = press(dialog, "push button", cancel) and wait_for(lambda: not dialogs_of(app)) is not None
    return record


def tree_find_name(tree: dict, role: str) -> str:
    """The toolbar's Refresh All button, whatever language it speaks: the one whose description names R and F5."""
    for record in find(tree, role):
        if "(R, F5)" in record["description"]:
            return record["name"]
    return ""


if __name__ == "__main__":
    raise SystemExit(main())

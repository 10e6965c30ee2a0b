"""Edits of an lxml tree that are undone when the block ends (a journal of what each changed).

Extraction hands trafilatura the page's tree with its furniture pruned, and every other step
reads the whole page: pruning the page's own tree and undoing it afterwards spares a deep
copy of the tree. Each edit first notes what it changes (a dropped element's place and the
text its tail joins; the text and children of a tag dropped and of its parent; a tag); leaving
the ``with`` block, even on an exception, undoes the edits, the last first.
"""

from __future__ import annotations

__all__ = ["TreeEdits"]


class TreeEdits:
    """``with TreeEdits() as edits: edits.drop_tree(e); edits.drop_tag(e); edits.retag(e, "div")``."""

    def __init__(self):
        self._undo: list[tuple] = []

    def __enter__(self) -> TreeEdits:
        return self

    def __exit__(self, *exc) -> None:
        self.undo()

    def _save_children(self, element) -> None:
        self._undo.append(("children", element, element.text, [(child, child.tail) for child in element]))

    def drop_tree(self, element) -> None:
        """element.drop_tree(): the element and its content go, its tail stays in place (joined
        to the previous sibling's tail or the parent's text; the element keeps a copy)."""
        parent, previous = element.getparent(), element.getprevious()
        joined = parent.text if previous is None else previous.tail
        self._undo.append(("tree", element, parent, parent.index(element), previous, joined))
        element.drop_tree()

    def drop_tag(self, element) -> None:
        """element.drop_tag(): the tag goes, its text, children and tail stay in place."""
        self._save_children(element.getparent())
        self._save_children(element)
        element.drop_tag()

    def retag(self, element, tag: str) -> None:
        self._undo.append(("tag", element, element.tag))
        element.tag = tag

    def undo(self) -> None:
        """Every edit undone, the last first."""
        while self._undo:
            entry = self._undo.pop()
            if entry[0] == "tag":
                entry[1].tag = entry[2]
            elif entry[0] == "tree":
                _, element, parent, index, previous, joined = entry
                if previous is None:
                    parent.text = joined
                else:
                    previous.tail = joined
                parent.insert(index, element)  # its tail comes back with it
            else:
                _, element, text, children = entry
                element[:] = [child for child, _ in children]
                element.text = text
                for child, tail in children:
                    child.tail = tail

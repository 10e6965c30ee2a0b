"""Images of the article body and their captions.

Captions on these portals sit in <figcaption>, in the next row of a layout table
(SharePoint, ASP.NET editors), in an element whose class says caption/desc/note, or in an
italic paragraph just after the image; they usually end in "Ảnh: …". Captions go with
their image in `images` and are taken out of the body text.
"""

from __future__ import annotations

from urllib.parse import urljoin

from crawler.extraction.textnorm import normalize_inline

_CAPTION_CLASS = ("caption", "desc", "chuthich", "chu-thich", "note", "image_desc", "img-desc", "photo-title")
_SKIP_SRC = ("logo", "icon", "banner", "spacer", "blank", "pixel", "button", "captcha", "flag", "loading")


def _classes(element) -> str:
    return f"{element.get('class', '')} {element.get('id', '')}".lower()


def _text(element) -> str:
    return normalize_inline(element.text_content()) if element is not None else ""


class _Texts(dict):
    """element -> its text, each read once: the images of a body climb to the same blocks."""

    def __missing__(self, element) -> str:
        text = self[element] = _text(element)
        return text


def _caption_for(img, texts: _Texts) -> str:
    figure = next((a for a in img.iterancestors("figure")), None)
    if figure is not None:
        caption = figure.find(".//figcaption")
        if caption is not None:
            return _text(caption)
    # Layout table: image in one row, caption in the next.
    cell = next((a for a in img.iterancestors("td")), None)
    if cell is not None:
        row = cell.getparent()
        following = row.getnext() if row is not None else None
        if following is not None and len(_text(following)) < 400:
            return _text(following)
    # The image's block, then its next sibling.
    block = img
    while block.getparent() is not None and block.getparent().tag in ("a", "span", "strong", "b", "center", "p", "div") \
            and len(texts[block.getparent()]) < 5 + len(texts[block]):
        block = block.getparent()
    sibling = block.getnext()
    if sibling is not None and sibling.tag not in ("img", "script", "style"):
        text = _text(sibling)
        italic = sibling.tag in ("em", "i") or sibling.find(".//em") is not None or sibling.find(".//i") is not None
        if text and len(text) < 400 and (any(w in _classes(sibling) for w in _CAPTION_CLASS) or italic
                                         or "ảnh:" in text.lower()):
            return text
    return normalize_inline(img.get("title") or "")


def article_images(container, page_url: str) -> list[dict]:
    """[{url, caption}] for the content images inside the article container."""
    images, seen, texts = [], set(), _Texts()
    if container is None:
        return images
    for img in container.iter("img"):
        src = img.get("src") or img.get("data-src") or img.get("data-original") or ""
        if not src or src.startswith("data:") or any(w in src.lower() for w in _SKIP_SRC):
            continue
        width = img.get("width", "")
        if width.isdigit() and int(width) < 80:
            continue
        url = urljoin(page_url, src.strip())
        if url in seen:
            continue
        seen.add(url)
        images.append({"url": url, "caption": _caption_for(img, texts) or None})
    return images

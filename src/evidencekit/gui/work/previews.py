"""Pictures of evidence: a PDF's first page, an image thumbnail, a still from a clip."""

from __future__ import annotations

from collections import OrderedDict
from pathlib import Path

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QColor, QImage, QImageReader, QPainter

from evidencekit.domain.catalog import file_extension
from evidencekit.domain.errors import MediaError

IMAGE_TYPES = ("png", "jpg", "jpeg", "gif", "bmp", "webp", "tif", "tiff")
_CACHE_SIZE = 64
_cache: OrderedDict[tuple[str, float, int], QImage] = OrderedDict()


def preview(path: Path, file_name: str, width: int, at_s: float | None = None) -> QImage | None:
    """A picture of the file ``width`` pixels wide, or None when there is nothing to show."""
    key = (str(path), -1.0 if at_s is None else at_s, width)
    if key in _cache:
        _cache.move_to_end(key)
        return _cache[key]
    image = _make(path, file_extension(file_name), width, at_s)
    if image is not None:
        _cache[key] = image
        while len(_cache) > _CACHE_SIZE:
            _cache.popitem(last=False)
    return image


def _make(path: Path, ext: str, width: int, at_s: float | None) -> QImage | None:
    if at_s is not None:
        # Imported on first use: FFmpeg and OpenCV take a while to load at start-up.
        from evidencekit.media.stills import still_jpeg

        try:
            return QImage.fromData(still_jpeg(path, at_s, width))
        except MediaError:
            return None
    if ext == "pdf":
        return pdf_first_page(path, width)
    if ext in IMAGE_TYPES:
        return image_thumbnail(path, width)
    return None


def pdf_first_page(path: Path, width: int) -> QImage | None:
    from PySide6.QtPdf import QPdfDocument  # Qt PDF loads with the first PDF previewed

    document = QPdfDocument()
    try:
        if document.load(str(path)) != QPdfDocument.Error.None_ or document.pageCount() < 1:
            return None
        page = document.pagePointSize(0)
        if page.width() <= 0:
            return None
        height = round(width * page.height() / page.width())
        image = document.render(0, QSize(width, height))
        return None if image.isNull() else on_white(image)
    finally:
        document.close()


def on_white(image: QImage) -> QImage:
    """PDF pages are transparent where nothing is printed; paper is white."""
    paper = QImage(image.size(), QImage.Format.Format_RGB32)
    paper.fill(QColor("white"))
    painter = QPainter(paper)
    painter.drawImage(0, 0, image)
    painter.end()
    return paper


def image_thumbnail(path: Path, width: int) -> QImage | None:
    reader = QImageReader(str(path))
    reader.setAutoTransform(True)  # phone photos carry their rotation in EXIF
    size = reader.size()
    if size.isValid() and size.width() > width:
        reader.setScaledSize(size.scaled(width, 10**6, Qt.AspectRatioMode.KeepAspectRatio))
    image = reader.read()
    return None if image.isNull() else image

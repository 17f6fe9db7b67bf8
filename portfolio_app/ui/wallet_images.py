"""Badge pictures for the wallet's grid, loaded only for the tiles on screen.

A tile asks for its picture when Qt paints it; the request is queued, and on the next turn
of the event loop one background task reads and decodes the queued originals (``QImage`` is
safe off the GUI thread), scaled to the tile's size for the screen's pixel ratio.  Decoded
pictures are kept in a bounded cache; a credential whose original is not an image (JSON, JWT,
PDF) gets the status symbol instead.
"""

from __future__ import annotations

from collections import OrderedDict
from typing import Protocol

from PySide6.QtCore import QObject, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QIcon, QImage, QPixmap

from portfolio_app.ui.tasks import Runner, TaskControl, TaskResult

#: Decoded pictures kept (a few screenfuls of tiles).
CACHE_SIZE = 600
#: Originals read per background task.
BATCH = 48


class ImageSource(Protocol):
    def badge_image(self, credential_id: int) -> bytes | None: ...


def decode(data: bytes, side: int) -> QImage | None:
    """A picture scaled to fit ``side`` pixels, or None when the bytes are no picture."""
    image = QImage()
    kind = "SVG" if b"<svg" in data[:4096].lower() else None
    if not image.loadFromData(data, kind):
        return None
    return image.scaled(
        side, side, Qt.AspectRatioMode.KeepAspectRatio, Qt.TransformationMode.SmoothTransformation
    )


class BadgeImages(QObject):
    """``icon(id)`` now if known, else ``None`` and the picture is fetched; :attr:`ready`
    tells the view which credentials to repaint."""

    ready = Signal(list)

    def __init__(
        self,
        source: ImageSource,
        runner: Runner,
        size: QSize,
        ratio: float = 1.0,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._source = source
        self._runner = runner
        self._side = max(1, int(max(size.width(), size.height()) * ratio))
        self._ratio = ratio
        self._icons: OrderedDict[int, QIcon | None] = OrderedDict()
        blank = QPixmap(size * ratio)
        blank.fill(Qt.GlobalColor.transparent)
        blank.setDevicePixelRatio(ratio)
        #: What a tile shows until (or instead of) its picture: the same space, empty, so
        #: every tile lays out alike.
        self.placeholder = QIcon(blank)
        self._queued: list[int] = []
        self._asked: set[int] = set()
        self._busy = False
        self._flush = QTimer(self)
        self._flush.setSingleShot(True)
        self._flush.setInterval(0)
        self._flush.timeout.connect(self._load)

    def icon(self, credential_id: int) -> QIcon:
        """The picture, or :attr:`placeholder` while it loads or when there is none."""
        if credential_id in self._icons:
            self._icons.move_to_end(credential_id)
            return self._icons[credential_id] or self.placeholder
        if credential_id not in self._asked:
            self._asked.add(credential_id)
            self._queued.append(credential_id)
            self._flush.start()
        return self.placeholder

    def has_picture(self, credential_id: int) -> bool:
        return self._icons.get(credential_id) is not None

    def forget(self) -> None:
        """The wallet changed: pictures are read again when next shown."""
        self._icons.clear()
        self._asked.clear()
        self._queued.clear()

    def _load(self) -> None:
        if self._busy or not self._queued:
            return
        batch, self._queued = self._queued[:BATCH], self._queued[BATCH:]
        self._busy = True
        source, side = self._source, self._side

        def work(_control: TaskControl) -> list[tuple[int, QImage | None]]:
            found = []
            for credential_id in batch:
                try:
                    data = source.badge_image(credential_id)
                except Exception:
                    data = None
                found.append((credential_id, decode(data, side) if data else None))
            return found

        self._runner.start(work, self._loaded)

    def _loaded(self, result: TaskResult[list[tuple[int, QImage | None]]]) -> None:
        self._busy = False
        done = []
        for credential_id, image in result.value or []:
            icon = None
            if image is not None:
                pixmap = QPixmap.fromImage(image)
                pixmap.setDevicePixelRatio(self._ratio)  # crisp on high-DPI screens
                icon = QIcon(pixmap)
            self._icons[credential_id] = icon
            done.append(credential_id)
        while len(self._icons) > CACHE_SIZE:
            old, _ = self._icons.popitem(last=False)
            self._asked.discard(old)
        if done:
            self.ready.emit(done)
        if self._queued:
            self._flush.start()

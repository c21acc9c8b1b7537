"""Uploaded videos: size-limited, checked by content, stored under random names.

A file is kept only when its first bytes are an ISO base-media / QuickTime container
(an ``ftyp`` box, or a QuickTime atom) and PyAV then opens it and decodes a first picture.
The name the browser sent is never used for anything on disk.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path
from typing import BinaryIO

from groundup.errors import GroundupError

CHUNK = 1 << 20
QUICKTIME_ATOMS = (b"moov", b"mdat", b"wide", b"free", b"skip", b"pnot")


class UploadRefused(Exception):
    """The upload is refused: ``status`` 413 (too large) or 415 (not an MP4/MOV video)."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


def container_kind(head: bytes) -> str | None:
    """'mp4' or 'mov' when ``head`` starts like an MP4/MOV file, else None."""
    if len(head) < 12:
        return None
    box = head[4:8]
    if box == b"ftyp":
        return "mov" if head[8:12] == b"qt  " else "mp4"
    return "mov" if box in QUICKTIME_ATOMS else None


def _mb(n: int) -> str:
    return f"{n / 2**20:.0f} MB"


def copy_limited(source: BinaryIO, target: Path, max_bytes: int) -> int:
    """Copy ``source`` to ``target``; refuse (and remove ``target``) past ``max_bytes``."""
    written = 0
    try:
        with target.open("wb") as out:
            while chunk := source.read(CHUNK):
                written += len(chunk)
                if written > max_bytes:
                    raise UploadRefused(413, f"The video is larger than the {_mb(max_bytes)} limit.")
                out.write(chunk)
    except BaseException:
        target.unlink(missing_ok=True)
        raise
    return written


def probe(path: Path, max_clip_s: float) -> None:
    """PyAV opens the file and decodes a picture; the clip is not longer than ``max_clip_s``."""
    from groundup.video.reader import VideoSource

    try:
        info = VideoSource(path).info
    except GroundupError:
        raise UploadRefused(415, "This file is not a video groundup can read: upload the MP4 or MOV file "
                                 "from your phone or camera.") from None
    if info.duration_s > max_clip_s:
        raise UploadRefused(413, f"The clip is {info.duration_s:.0f} s long; upload at most {max_clip_s:.0f} s "
                                 "(five slow squats take under a minute).")


def save_upload(source: BinaryIO, folder: Path, max_bytes: int, max_clip_s: float) -> Path:
    """Store an uploaded video as ``<random>.mp4|mov`` in ``folder`` and return its path."""
    folder.mkdir(parents=True, exist_ok=True)
    stem = secrets.token_hex(16)
    part = folder / f".{stem}.part"
    size = copy_limited(source, part, max_bytes)
    try:
        if size == 0:
            raise UploadRefused(415, "The uploaded file is empty.")
        with part.open("rb") as f:
            kind = container_kind(f.read(64))
        if kind is None:
            raise UploadRefused(415, "This file is not an MP4 or MOV video (checked by its content, not its name).")
        final = folder / f"{stem}.{kind}"
        os.replace(part, final)
    except BaseException:
        part.unlink(missing_ok=True)
        raise
    try:
        probe(final, max_clip_s)
    except BaseException:
        final.unlink(missing_ok=True)
        raise
    return final

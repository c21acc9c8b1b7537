"""Stream frames from a video file with real timestamps and rotation applied.

Frames are decoded one at a time (never the whole clip in memory). Each frame
is returned as a C-contiguous RGB array in display orientation: the rotation
stored by phones is applied, an optional horizontal mirror undoes a selfie
camera, and an optional region of interest crops one panel of a split-screen.
A ``FrameSpool`` keeps a small copy of each frame on disk (JPEG), so that a
later pass reads them back without decoding the clip again.
"""

from __future__ import annotations

import copy
import os
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import av
import numpy as np

from groundup.errors import BadVideoError

MAX_DAMAGED_SHARE = 0.01  # of packets: more undecodable than this and the clip is refused
IMAGE_DEMUXERS = ("image2",)  # FFmpeg reads a still picture as a one-frame "video" through these, or "*_pipe"
IMAGE_NAMES = {"mjpeg": "JPEG", "png": "PNG", "webp": "WebP", "bmp": "BMP", "tiff": "TIFF", "gif": "GIF"}


@dataclass(frozen=True)
class Roi:
    """A crop rectangle in display pixels (after rotation)."""

    x: int
    y: int
    width: int
    height: int

    @classmethod
    def parse(cls, text: str) -> Roi:
        """Parse ``x,y,w,h`` (pixels)."""
        try:
            x, y, w, h = (int(v) for v in text.split(","))
        except ValueError:
            raise BadVideoError(f"Region of interest '{text}' must be four whole numbers x,y,width,height.") from None
        if min(x, y) < 0 or min(w, h) <= 0:
            raise BadVideoError(f"Region of interest '{text}' must have x,y >= 0 and a positive width and height.")
        return cls(x, y, w, h)


@dataclass(frozen=True)
class VideoInfo:
    """What the container says about the clip, in display orientation."""

    path: str
    width: int
    height: int
    rotation_deg: int
    nominal_fps: float
    duration_s: float
    frame_count_hint: int


@dataclass(frozen=True)
class Frame:
    """One decoded frame: its decode index, presentation time and RGB pixels."""

    index: int
    time_s: float
    rgb: np.ndarray


def _check_file(path: Path) -> None:
    if not path.exists():
        raise BadVideoError(f"No file at '{path}'.")
    if path.is_dir():
        raise BadVideoError(f"'{path}' is a folder, not a video file.")
    if path.stat().st_size == 0:
        raise BadVideoError(f"'{path}' is empty (0 bytes).")
    if not os.access(path, os.R_OK):
        raise BadVideoError(f"'{path}' cannot be read (permission denied).")


def _open_container(path: Path) -> av.container.InputContainer:
    try:
        container = av.open(str(path), mode="r")
    except (av.error.FFmpegError, UnicodeDecodeError, ValueError):
        raise BadVideoError(f"'{path}' is not a readable video file (not a video, or corrupt).") from None
    if not container.streams.video:
        kind = "audio only" if container.streams.audio else "no video stream"
        container.close()
        raise BadVideoError(f"'{path}' has {kind}; a video of the movement is needed.")
    try:
        _refuse_still_picture(container, path)
    except BadVideoError:
        container.close()
        raise
    return container


def _refuse_still_picture(container: av.container.InputContainer, path: Path) -> None:
    """A picture file (whatever its name) or a video of one frame cannot show a movement."""
    stream = container.streams.video[0]
    codec = stream.codec_context.name
    if container.format.name in IMAGE_DEMUXERS or container.format.name.endswith("_pipe"):
        kind = IMAGE_NAMES.get(codec, codec.upper())
        raise BadVideoError(f"'{path}' is a {kind} picture, not a video; film the movement as a video.")
    if stream.frames == 1:
        raise BadVideoError(f"'{path}' holds a single frame, a still picture rather than a video; "
                            "film several reps.")


def _first_frame(container: av.container.InputContainer) -> tuple[int, int | None]:
    """Rotation (0, 90, 180, 270) that turns stored frames upright, and the first frame's pts."""
    for packet in container.demux(video=0):
        try:
            for frame in packet.decode():
                rotation = round(-frame.rotation) % 360 if frame.rotation else 0
                return rotation, frame.pts if frame.pts is not None else frame.dts
        except av.error.FFmpegError:
            continue
    return 0, None


def _rotate(rgb: np.ndarray, rotation_deg: int) -> np.ndarray:
    """Rotate clockwise by ``rotation_deg`` (a multiple of 90)."""
    turns = (rotation_deg // 90) % 4
    return np.rot90(rgb, k=-turns) if turns else rgb


class VideoSource:
    """An opened video: ``info`` plus a streaming ``frames()`` iterator."""

    def __init__(self, path: str | os.PathLike, mirror: bool = False, roi: Roi | None = None,
                 max_side: int | None = None, interpolation: str = "AREA") -> None:
        self.path = Path(path)
        self.interpolation = interpolation
        _check_file(self.path)
        self.mirror = mirror
        self.roi = roi
        self.max_side = max_side
        self.spool: tuple[Path, tuple[int, int]] | None = None  # where extract_chunk keeps small frames, their size
        container = _open_container(self.path)
        try:
            self.info = self._read_info(container)
        finally:
            container.close()
        if roi and (roi.x + roi.width > self.info.width or roi.y + roi.height > self.info.height):
            raise BadVideoError(
                f"Region of interest {roi.x},{roi.y},{roi.width},{roi.height} lies outside the "
                f"{self.info.width}x{self.info.height} video."
            )

    def _read_info(self, container: av.container.InputContainer) -> VideoInfo:
        stream = container.streams.video[0]
        ctx = stream.codec_context
        if not ctx.width or not ctx.height:
            raise BadVideoError(f"'{self.path}' has a video stream without a picture size; it looks corrupt.")
        rotation, self._first_pts = _first_frame(container)
        width, height = (ctx.height, ctx.width) if rotation in (90, 270) else (ctx.width, ctx.height)
        fps = float(stream.average_rate or stream.guessed_rate or 0.0)
        duration = float(stream.duration * stream.time_base) if stream.duration and stream.time_base else 0.0
        if not duration and container.duration:
            duration = container.duration / av.time_base
        hint = stream.frames or round(duration * fps) if fps else stream.frames
        return VideoInfo(str(self.path), width, height, rotation, fps, duration, int(hint or 0))

    def resized(self, max_side: int | None, interpolation: str = "AREA") -> VideoSource:
        """The same clip read at another size (no new probe of the file)."""
        other = copy.copy(self)
        other.max_side, other.interpolation = max_side, interpolation
        return other

    def spooling(self, path: Path, max_side: int) -> VideoSource:
        """The same clip, whose pose pass keeps a copy of each frame at ``max_side`` in ``path``."""
        other = copy.copy(self)
        other.spool = (Path(path), self.resized(max_side).output_size)
        return other

    @property
    def output_size(self) -> tuple[int, int]:
        """(width, height) of the frames ``frames()`` yields."""
        w, h = (self.roi.width, self.roi.height) if self.roi else (self.info.width, self.info.height)
        scale = self._scale(w, h)
        return round(w * scale) // 2 * 2, round(h * scale) // 2 * 2

    def _scale(self, w: int, h: int) -> float:
        return min(1.0, self.max_side / max(w, h)) if self.max_side else 1.0

    def frames(self, start_s: float | None = None, end_s: float | None = None,
               first_index: int = 0) -> Iterator[Frame]:
        """Yield frames in order with their presentation time in seconds from the first frame.

        ``start_s``/``end_s`` limit the read to frames with ``start_s <= time < end_s``
        (a seek, so chunks of one clip can be read in parallel); indices count from
        ``first_index``. A few undecodable packets are skipped (timestamps keep the
        timeline right); when more than ``MAX_DAMAGED_SHARE`` of them fail the stream
        is refused as damaged rather than measured with holes.
        """
        container = _open_container(self.path)
        decoded = damaged = 0
        ranged = start_s is not None or end_s is not None
        try:
            stream = container.streams.video[0]
            stream.thread_type = "AUTO"
            time_base = stream.time_base
            if time_base is None:
                raise BadVideoError(f"'{self.path}' has a video stream without timestamps; it looks corrupt.")
            first_pts = self._first_pts
            if start_s and first_pts is not None:
                container.seek(first_pts + int(start_s / time_base), stream=stream, backward=True)
            for packet in container.demux(stream):
                try:
                    av_frames = packet.decode()
                except av.error.FFmpegError:
                    damaged += 1
                    continue
                for av_frame in av_frames:
                    pts = av_frame.pts if av_frame.pts is not None else av_frame.dts
                    if pts is None:
                        continue
                    first_pts = pts if first_pts is None else first_pts
                    time_s = float((pts - first_pts) * time_base)
                    if start_s is not None and time_s < start_s - 1e-6:
                        continue
                    if end_s is not None and time_s >= end_s - 1e-6:
                        self._check_damage(decoded, damaged, ranged)
                        return
                    yield Frame(first_index + decoded, time_s, self._to_rgb(av_frame))
                    decoded += 1
        except av.error.FFmpegError:
            damaged += 1
        finally:
            container.close()
        self._check_damage(decoded, damaged, ranged)

    def _check_damage(self, decoded: int, damaged: int, ranged: bool) -> None:
        if decoded == 0 and (damaged or not ranged):
            raise BadVideoError(f"'{self.path}' holds no decodable video frames; it looks corrupt.")
        if damaged > max(1, MAX_DAMAGED_SHARE * (decoded + damaged)):
            raise BadVideoError(f"'{self.path}' is corrupt: {damaged} pieces of its video stream could not be "
                                "decoded. Re-export or re-record the clip.")

    def _to_rgb(self, av_frame: av.VideoFrame) -> np.ndarray:
        out_w, out_h = self.output_size
        if self.roi is None and (out_w, out_h) != (self.info.width, self.info.height):
            # scale inside FFmpeg before rotation: cheaper than converting the full frame
            w, h = (out_h, out_w) if self.info.rotation_deg in (90, 270) else (out_w, out_h)
            rgb = _rotate(av_frame.to_ndarray(format="rgb24", width=w, height=h, interpolation=self.interpolation),
                          self.info.rotation_deg)
        else:
            rgb = _rotate(av_frame.to_ndarray(format="rgb24"), self.info.rotation_deg)
            if self.roi:
                r = self.roi
                rgb = rgb[r.y:r.y + r.height, r.x:r.x + r.width]
            if (rgb.shape[1], rgb.shape[0]) != (out_w, out_h):
                import cv2

                rgb = cv2.resize(np.ascontiguousarray(rgb), (out_w, out_h), interpolation=cv2.INTER_AREA)
        if self.mirror:
            rgb = rgb[:, ::-1]
        return np.ascontiguousarray(rgb)


SPOOL_JPEG_QUALITY = 95  # the annotated video is re-encoded far more coarsely: no visible loss


class FrameSpool:
    """Writes a copy of each frame it is given, resized to ``size`` (width, height), to the file ``path``.

    Each frame is a JPEG picture after its length (4 bytes); the channel order is kept as given.
    """

    def __init__(self, path: Path, size: tuple[int, int]) -> None:
        self.size = size
        self._file = open(path, "wb")  # noqa: SIM115 (closed by close())

    def add(self, frame: Frame) -> None:
        import cv2

        rgb = frame.rgb
        if (rgb.shape[1], rgb.shape[0]) != self.size:
            rgb = cv2.resize(rgb, self.size, interpolation=cv2.INTER_LINEAR)
        ok, picture = cv2.imencode(".jpg", rgb, [cv2.IMWRITE_JPEG_QUALITY, SPOOL_JPEG_QUALITY])
        if not ok:
            raise OSError(f"could not keep frame {frame.index} for drawing")
        self._file.write(len(picture).to_bytes(4, "little"))
        self._file.write(picture.data)

    def close(self) -> None:
        self._file.close()


def spooled_frames(path: Path, times_s: Sequence[float] | np.ndarray, first_index: int = 0) -> Iterator[Frame]:
    """The frames a ``FrameSpool`` wrote to ``path``, with their times, indexed from ``first_index``."""
    import cv2

    with open(path, "rb") as file:
        for k, time_s in enumerate(times_s):
            size = int.from_bytes(file.read(4), "little")
            picture = np.frombuffer(file.read(size), dtype=np.uint8)
            if size == 0 or len(picture) != size:
                raise BadVideoError(f"the frames kept from '{path}' end early; analyse the clip again")
            yield Frame(first_index + k, float(time_s), cv2.imdecode(picture, cv2.IMREAD_UNCHANGED))

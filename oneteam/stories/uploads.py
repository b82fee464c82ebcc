"""Checking and storing uploaded files: cover images and podcast audio.

Every check runs before anything is stored, and files are written only through
Django's storage API (``default_storage``), under names this module makes up,
never the uploader's. A file stored for a change that then fails is deleted.
"""

from __future__ import annotations

import uuid
import warnings

from django.core.files.storage import default_storage
from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError

MAX_COVER_BYTES = 5 * 1024 * 1024
MAX_COVER_PIXELS = 40_000_000
COVER_FORMATS = {"JPEG": ("jpg", "image/jpeg"), "PNG": ("png", "image/png"), "WEBP": ("webp", "image/webp"),
                 "GIF": ("gif", "image/gif")}
MAX_AUDIO_BYTES = 200 * 1024 * 1024


class UploadRefused(ValueError):
    """The file cannot be used; the message says why, for the person who sent it."""


def _size(upload) -> int:
    return getattr(upload, "size", None) or 0


def _megabytes(limit: int) -> str:
    return f"{limit // (1024 * 1024)} MB"


def check_cover(upload) -> tuple[str, str]:
    """The extension and content type of an acceptable cover image, or ``UploadRefused``."""
    if _size(upload) > MAX_COVER_BYTES:
        raise UploadRefused(_("The cover image must be smaller than %(limit)s") % {"limit": _megabytes(MAX_COVER_BYTES)})
    if _size(upload) == 0:
        raise UploadRefused(_("The cover image file is empty"))
    upload.seek(0)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(upload) as image:
                image_format = image.format
                width, height = image.size
                image.verify()
    except (UnidentifiedImageError, Image.DecompressionBombError, Image.DecompressionBombWarning, OSError,
            SyntaxError, ValueError):
        raise UploadRefused(_("The cover image must be a JPEG, PNG, WebP or GIF picture")) from None
    finally:
        upload.seek(0)
    if image_format not in COVER_FORMATS:
        raise UploadRefused(_("The cover image must be a JPEG, PNG, WebP or GIF picture"))
    if width * height > MAX_COVER_PIXELS:
        raise UploadRefused(_("The cover image is too large: make it smaller than 40 megapixels"))
    return COVER_FORMATS[image_format]


def _audio_type(head: bytes) -> tuple[str, str] | None:
    if head.startswith(b"ID3") or (len(head) > 1 and head[0] == 0xFF and head[1] & 0xE0 == 0xE0):
        return "mp3", "audio/mpeg"
    if head[4:8] == b"ftyp":
        return "m4a", "audio/mp4"
    if head.startswith(b"OggS"):
        return "ogg", "audio/ogg"
    if head.startswith(b"RIFF") and head[8:12] == b"WAVE":
        return "wav", "audio/wav"
    return None


def check_audio(upload) -> tuple[str, str]:
    """The extension and content type of an acceptable audio file (MP3, M4A, Ogg or WAV)."""
    if _size(upload) > MAX_AUDIO_BYTES:
        raise UploadRefused(_("The audio file must be smaller than %(limit)s") % {"limit": _megabytes(MAX_AUDIO_BYTES)})
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    found = _audio_type(head) if head else None
    if found is None:
        raise UploadRefused(_("The audio file must be an MP3, M4A, Ogg or WAV recording"))
    return found


def store(upload, folder: str, extension: str) -> str:
    """Save the upload under a new random name; returns the stored name."""
    upload.seek(0)
    return default_storage.save(f"{folder}/{uuid.uuid4().hex}.{extension}", upload)


def delete(name: str) -> None:
    if name:
        default_storage.delete(name)

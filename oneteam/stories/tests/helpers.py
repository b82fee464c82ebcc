"""Small files for upload tests, made in memory."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image


def png(name="cover.png", size=(40, 30)) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", size, (0, 98, 94)).save(buffer, format="PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def mp3(name="episode.mp3", size=4096) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, b"ID3\x04\x00\x00\x00\x00\x00\x00" + b"\x00" * size, content_type="audio/mpeg")

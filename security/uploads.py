"""Checks of an uploaded file: its type by name and content, and its size."""

from django import forms

DOCUMENT_TYPES = (".pdf", ".doc", ".docx", ".xls", ".xlsx", ".jpg", ".jpeg", ".png")
# The first bytes of the accepted types: a renamed executable is refused.
SIGNATURES = {
    ".pdf": (b"%PDF",),
    ".docx": (b"PK\x03\x04",),
    ".xlsx": (b"PK\x03\x04",),
    ".doc": (b"\xd0\xcf\x11\xe0",),
    ".xls": (b"\xd0\xcf\x11\xe0",),
    ".wps": (b"\xd0\xcf\x11\xe0", b"PK\x03\x04"),  # WPS: OLE, or zipped XML
    ".jpg": (b"\xff\xd8\xff",),
    ".jpeg": (b"\xff\xd8\xff",),
    ".png": (b"\x89PNG",),
}


def check_upload(upload, *, types=DOCUMENT_TYPES, max_mb: int = 10):
    """Raise a ValidationError naming what is wrong, or return the upload."""
    if not upload or not hasattr(upload, "size"):
        return upload
    name = upload.name.lower()
    suffix = next((t for t in types if name.endswith(t)), None)
    if suffix is None:
        raise forms.ValidationError(f"只接受 {'、'.join(types)} 格式的文件。")
    if upload.size > max_mb * 1024 * 1024:
        raise forms.ValidationError(f"文件不能超过{max_mb}MB。")
    head = upload.read(TEXT_SAMPLE_BYTES)
    upload.seek(0)
    if suffix in SIGNATURES and not head.startswith(SIGNATURES[suffix]):
        raise forms.ValidationError("文件内容与扩展名不符，请上传真实的文档或图片。")
    if suffix == ".txt" and not _is_text(head):
        raise forms.ValidationError("文件内容不是文本，请上传真实的文本文件。")
    return upload


TEXT_SAMPLE_BYTES = 4096


def _is_text(head: bytes) -> bool:
    """Plain text in UTF-8 or GB18030 (a character cut at the end of the
    sample allowed): no NUL byte, no executable or archive signature."""
    if b"\x00" in head or head.startswith((b"MZ", b"\x7fELF", b"PK\x03\x04")):
        return False
    for encoding in ("utf-8", "gb18030"):
        try:
            head.decode(encoding)
            return True
        except UnicodeDecodeError as error:
            if error.start >= len(head) - 3:  # cut inside the last character
                return True
    return False

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
    head = upload.read(8)
    upload.seek(0)
    if suffix in SIGNATURES and not head.startswith(SIGNATURES[suffix]):
        raise forms.ValidationError("文件内容与扩展名不符，请上传真实的文档或图片。")
    return upload

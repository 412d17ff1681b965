"""What an agency may upload as its return: a document of a known type, not too big,
that is what its name says (lantern.web.uploads)."""

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile

from lantern.web.uploads import UploadRefused, check_upload

MAX_UPLOAD_MB = 20
MAX_UPLOAD_BYTES = MAX_UPLOAD_MB * 1024 * 1024
ALLOWED_EXTENSIONS = ("pdf", "docx", "doc", "odt", "xlsx", "csv", "txt")


def validate_response_file(file: UploadedFile) -> None:
    """Raises ValidationError on `response_file` with a message the uploader can act on."""
    try:
        check_upload(file, allowed=ALLOWED_EXTENSIONS, max_bytes=MAX_UPLOAD_BYTES)
    except UploadRefused as refused:
        raise ValidationError({"response_file": refused.messages}) from None

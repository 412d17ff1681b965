"""What an agency may upload as its return: a document of a known type, not too big."""

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile

MAX_UPLOAD_MB = 20
MAX_UPLOAD_BYTES = MAX_UPLOAD_MB * 1024 * 1024
ALLOWED_EXTENSIONS = ("pdf", "docx", "doc", "odt", "xlsx", "csv", "txt")


def validate_response_file(file: UploadedFile) -> None:
    """Raises ValidationError on `response_file` with a message the uploader can act on."""
    name = file.name or ""
    extension = name.rpartition(".")[2].lower() if "." in name else ""
    if extension not in ALLOWED_EXTENSIONS:
        kinds = ", ".join(e.upper() for e in ALLOWED_EXTENSIONS[:-1])
        last = ALLOWED_EXTENSIONS[-1].upper()
        raise ValidationError({"response_file": f"The selected file must be a {kinds} or {last}."})
    if not file.size:
        raise ValidationError({"response_file": "The selected file is empty."})
    if file.size > MAX_UPLOAD_BYTES:
        raise ValidationError(
            {"response_file": f"The selected file must be smaller than {MAX_UPLOAD_MB}MB."}
        )

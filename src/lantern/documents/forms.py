from typing import Any

from django import forms
from django.db.models import QuerySet

from lantern.agencyrequests.forms import SearchField
from lantern.cases.models import Case, Confidentiality
from lantern.meetings.models import Meeting
from lantern.web.forms import GovukForm

from .models import DRAFT_MARKING, Document, DocumentKind
from .services import FORMATS


class VersionChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.title}, version {obj.version}"


class UploadForm(GovukForm):
    file = forms.FileField(
        label="Upload a file",
        help_text=f"A {FORMATS} file, smaller than 20MB.",
        error_messages={"required": "Select a file.", "empty": "The selected file is empty."},
    )
    title = forms.CharField(
        label="Title",
        max_length=200,
        error_messages={"required": "Enter a title for the document."},
    )
    kind = forms.ChoiceField(
        label="What kind of document is it?",
        choices=[("", "Choose a kind"), *DocumentKind.choices],
        error_messages={"required": "Choose what kind of document this is."},
    )
    is_draft = forms.BooleanField(
        label="This is an unpublished draft",
        required=False,
        help_text=f"Drafts are marked {DRAFT_MARKING} and only the people working on the "
        "case can open them.",
    )
    confidentiality = forms.ChoiceField(
        label="Marking",
        choices=Confidentiality.choices,
        widget=forms.RadioSelect,
        help_text="Drafts are always strictly confidential.",
        error_messages={"required": "Choose how the document is marked."},
    )

    def __init__(
        self,
        *args: Any,
        case: Case,
        meetings: QuerySet[Meeting] | None,
        documents: QuerySet[Document],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["confidentiality"].initial = case.confidentiality
        if meetings is not None:
            meeting = forms.ModelChoiceField(
                label="Paper for a meeting (optional)",
                queryset=meetings,
                required=False,
                help_text="Papers are shared only with the people invited to the meeting.",
            )
            meeting.empty_label = "Not a paper for a meeting"
            self.fields["meeting"] = meeting
        supersedes = VersionChoiceField(
            label="New version of (optional)", queryset=documents, required=False
        )
        supersedes.empty_label = "A new document"
        self.fields["supersedes"] = supersedes


class NameCheckAcceptForm(GovukForm):
    """One flagged passage accepted with a reason (the Business Manager only)."""

    finding = forms.CharField(widget=forms.HiddenInput)
    reason = forms.CharField(
        label="Why does this passage not identify the subject?",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="For example: “Hall” here is the town hall, not the surname. "
        "The reason is recorded with your name.",
        error_messages={"required": "Enter why this passage does not identify the subject."},
    )


DOCUMENT_SORTS = [
    ("title", "Title, newest version first"),
    ("latest", "Added, newest first"),
    ("oldest", "Added, oldest first"),
]

#: The marking filter: the two confidentiality markings, and unpublished drafts (marked
#: as drafts whatever their confidentiality).
DOCUMENT_MARKINGS = [("", "Any marking"), *Confidentiality.choices, ("draft", "Draft")]


class DocumentFilterForm(GovukForm):
    """The case's document list: search, filters and sort (all optional: blank means any)."""

    q = SearchField(help_text="Title or file name")
    kind = forms.ChoiceField(
        required=False,
        label="Kind of document",
        choices=[("", "Any kind"), *DocumentKind.choices],
        error_messages={"invalid_choice": "Choose a kind of document from the list."},
    )
    marking = forms.ChoiceField(
        required=False,
        label="Marking",
        choices=DOCUMENT_MARKINGS,
        error_messages={"invalid_choice": "Choose a marking from the list."},
    )
    latest = forms.BooleanField(required=False, label="Only the latest version of each")
    sort = forms.ChoiceField(
        required=False,
        label="Sort by",
        choices=DOCUMENT_SORTS,
        error_messages={"invalid_choice": "Choose how to sort the documents from the list."},
    )

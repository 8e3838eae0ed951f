"""Forms of the import pages: the upload, the column mapping, and the confirmation."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ..models import CustomQuestion, ImportMapping, ImportRole, Programme
from .fields import IGNORE, field_choices


class UploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Spreadsheet"),
        help_text=gettext_lazy(
            "A CSV or Excel (.xlsx) file whose first row names the columns. "
            "Mentorlab's own applications export works as it is."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx,text/csv"}),
    )
    mapping = forms.ModelChoiceField(
        label=gettext_lazy("Saved mapping"),
        queryset=ImportMapping.objects.none(),
        required=False,
        empty_label=gettext_lazy("Suggest one from the column names"),
    )

    def __init__(self, *args: Any, programme: Programme, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        mapping_field = self.fields["mapping"]
        assert isinstance(mapping_field, forms.ModelChoiceField)
        mapping_field.queryset = programme.import_mappings.all()


class MappingForm(forms.Form):
    """Which field each of the file's columns holds (`col_0`, `col_1`, … in the file's
    order, labelled with its header), and whom the file holds."""

    role = forms.ChoiceField(
        label=gettext_lazy("The file holds"),
        choices=ImportRole.choices,
        required=False,
    )

    def __init__(
        self,
        *args: Any,
        headers: list[str],
        questions: Iterable[CustomQuestion],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.headers = headers
        choices = field_choices(questions)
        for position, header in enumerate(headers):
            self.fields[f"col_{position}"] = forms.ChoiceField(
                label=header or _("Column %(number)d") % {"number": position + 1},
                choices=choices,
                required=False,
            )

    @staticmethod
    def initial_for(headers: list[str], columns: Mapping[str, str], role: str) -> dict[str, str]:
        initial = {f"col_{i}": columns.get(h, IGNORE) for i, h in enumerate(headers)}
        return {**initial, "role": role}

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        taken: dict[str, str] = {}
        for position, header in enumerate(self.headers):
            name = f"col_{position}"
            key = cleaned.get(name) or IGNORE
            if key == IGNORE:
                continue
            if key in taken:
                self.add_error(
                    name,
                    _("The column “%(column)s” already holds this.") % {"column": taken[key]},
                )
            else:
                taken[key] = header
        return cleaned

    def columns(self) -> dict[str, str]:
        return {
            header: self.cleaned_data.get(f"col_{position}") or IGNORE
            for position, header in enumerate(self.headers)
        }

    def chosen_role(self) -> str:
        return str(self.cleaned_data.get("role") or "")

    def as_hidden_values(self) -> list[tuple[str, str]]:
        """The mapping as (name, value) pairs, to carry it into the confirmation."""
        return [(name, str(self.cleaned_data.get(name) or "")) for name in self.fields]


class ConfirmForm(forms.Form):
    fingerprint = forms.CharField(widget=forms.HiddenInput, max_length=64)
    send_mail = forms.TypedChoiceField(
        label=gettext_lazy("E-mail to the new applicants"),
        choices=[
            ("yes", gettext_lazy("Send the usual “application received” e-mail")),
            ("no", gettext_lazy("Send no e-mail")),
        ],
        coerce=lambda value: value == "yes",
        initial="yes",
        widget=forms.RadioSelect,
    )


class SaveMappingForm(forms.Form):
    name = forms.CharField(
        label=gettext_lazy("Name for this mapping"),
        max_length=80,
        help_text=gettext_lazy("Saving under an existing name replaces that mapping."),
    )

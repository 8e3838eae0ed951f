"""Writes of the spreadsheet import: keeping an upload, saving a mapping, and the import.

`applicants_import` is the one place an import changes data (and where its audit entry will
be written); the page and `manage.py import_applicants` both go through it."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Mapping
from functools import partial

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from mentorlab.accounts.models import User

from .. import emails
from ..access import require_coordinator
from ..models import ImportMapping, ImportRole, ImportUpload, Programme
from .plan import CREATE, UPDATE, ImportPlan, import_plan
from .reading import Table, read_table

MAX_UPLOAD_BYTES = 10 * 1024 * 1024
# An upload is kept only for the preview; anything older was abandoned.
UPLOAD_KEPT_FOR = dt.timedelta(days=1)


def import_upload_store(
    *, programme: Programme, owner: User, filename: str, content: bytes
) -> ImportUpload:
    """Keep an uploaded file for its preview, once it is known to be readable. Clears the
    owner's abandoned uploads (they hold other people's personal data)."""
    require_coordinator(programme, owner)
    if len(content) > MAX_UPLOAD_BYTES:
        raise ValidationError(
            _("The file is larger than %(size)d MB.") % {"size": MAX_UPLOAD_BYTES // 2**20}
        )
    read_table(content)  # raises UnreadableFile with the reason
    with transaction.atomic():
        ImportUpload.objects.filter(
            owner=owner, created_at__lt=timezone.now() - UPLOAD_KEPT_FOR
        ).delete()
        return ImportUpload.objects.create(
            programme=programme,
            owner=owner,
            filename=filename[:200],
            content=content,
            sha256=hashlib.sha256(content).hexdigest(),
        )


def import_fingerprint(*, content: bytes, columns: Mapping[str, str], role: str) -> str:
    """What a preview showed: the file's bytes, the mapping and the role, as one hash. The
    confirmation carries it back; a different file or mapping gives a different one."""
    payload = json.dumps(
        {
            "file": hashlib.sha256(content).hexdigest(),
            "columns": sorted(columns.items()),
            "role": role,
        }
    )
    return hashlib.sha256(payload.encode()).hexdigest()


def import_mapping_save(
    *, programme: Programme, by: User, name: str, columns: Mapping[str, str], role: str
) -> ImportMapping:
    """Save (or replace) a named mapping for the programme's next imports."""
    require_coordinator(programme, by)
    name = name.strip()
    if not name:
        raise ValidationError({"name": _("Give the mapping a name.")})
    if role not in ImportRole.values:
        raise ValidationError({"role": _("Unknown role.")})
    mapping, _created = ImportMapping.objects.update_or_create(
        programme=programme,
        name=name,
        defaults={"columns": {h: k for h, k in columns.items() if k}, "role": role},
    )
    return mapping


def applicants_import(
    *,
    programme: Programme,
    by: User | None,
    table: Table,
    columns: Mapping[str, str],
    role: str,
    send_mail: bool = True,
) -> ImportPlan:
    """Import every row of the table, or nothing: the rows are checked again inside the
    transaction, and if any has a problem nothing is written and the plan says why.

    `by` is the coordinator on the page; None means the operator on the command line, who
    already has the database. New applicants get the usual "application received" e-mail
    after the commit, unless `send_mail` is False."""
    if by is not None:
        require_coordinator(programme, by)
    with transaction.atomic():
        plan = import_plan(programme=programme, table=table, columns=columns, role=role)
        if not plan.is_clean:
            return plan
        for row in plan.rows:
            application = row.application
            if application is None or row.action not in (CREATE, UPDATE):
                continue
            if row.user is None:
                row.user = User.objects.create_user(row.email, full_name=row.name)
            application.user = row.user
            application.save()
            application.topics.set(row.topics)
            if row.action == CREATE and send_mail:
                transaction.on_commit(partial(emails.application_received, application))
        # The audit trail's entry for this import goes here: who (`by`), which programme,
        # how many created and updated — one entry per import, inside its transaction.
    return plan


def import_upload_confirm(
    *,
    upload: ImportUpload,
    by: User,
    columns: Mapping[str, str],
    role: str,
    fingerprint: str,
    send_mail: bool,
) -> ImportPlan:
    """Import a stored upload exactly as previewed. Refuses (ValidationError) when the file
    or the mapping is not the one the preview showed. The upload is deleted once imported."""
    programme = upload.programme
    require_coordinator(programme, by)
    if upload.owner_id != by.pk:
        raise ValidationError(_("This file was uploaded by someone else."))
    content = bytes(upload.content)
    if fingerprint != import_fingerprint(content=content, columns=columns, role=role):
        raise ValidationError(
            _("The file or the mapping has changed since the preview. Check the preview again.")
        )
    plan = applicants_import(
        programme=programme,
        by=by,
        table=read_table(content),
        columns=columns,
        role=role,
        send_mail=send_mail,
    )
    if plan.is_clean:
        upload.delete()
    return plan

"""Writes of the spreadsheet import: keeping an upload, saving a mapping, and the import.

`applicants_import` is the one place an import changes data (and where its audit entry is
written); the page and `manage.py import_applicants` both go through it."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Mapping
from typing import Any

from django.contrib.auth.hashers import make_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from mentorlab.accounts.models import User
from mentorlab.audit.models import Action
from mentorlab.audit.services import audit_record

from .. import emails
from ..access import require_coordinator
from ..models import ImportMapping, ImportRole, ImportUpload, Programme
from .plan import CREATE, UPDATE, Application, ImportPlan, RowPlan, import_plan
from .reading import Table, read_table

MAX_UPLOAD_BYTES = 10 * 1024 * 1024
BATCH = 500
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
    already has the database. New applicants get the usual "application received" e-mail,
    queued in the same transaction, unless `send_mail` is False."""
    if by is not None:
        require_coordinator(programme, by)
    with transaction.atomic():
        plan = import_plan(programme=programme, table=table, columns=columns, role=role)
        if not plan.is_clean:
            return plan
        _write(plan)
        if send_mail:
            emails.applications_received(
                [
                    row.application
                    for row in plan.rows
                    if row.action == CREATE and row.application is not None
                ]
            )
        # One entry per import, inside its transaction; `by` None (the command line) is
        # recorded as the system.
        audit_record(
            action=Action.APPLICANTS_IMPORTED,
            by=by,
            target=programme,
            programme=programme,
            details={
                "role": role,
                "rows": len(plan.rows),
                "created": plan.count(CREATE),
                "updated": plan.count(UPDATE),
            },
        )
    return plan


def _write(plan: ImportPlan) -> None:
    """Write a clean plan. New people and applications go in bulk (a file may hold
    thousands); the few updated ones are saved one by one."""
    rows = [r for r in plan.rows if r.application is not None and r.action in (CREATE, UPDATE)]
    new_users = [
        User(email=r.email, full_name=r.name, password=make_password(None))
        for r in rows
        if r.user is None
    ]
    User.objects.bulk_create(new_users, batch_size=BATCH)
    by_email = {u.email: u for u in new_users}
    created: dict[type[Application], list[RowPlan]] = {}
    for row in rows:
        application = row.application
        assert application is not None
        row.user = row.user or by_email[row.email]
        application.user = row.user
        if row.action == CREATE:
            created.setdefault(type(application), []).append(row)
        else:
            application.save()
            application.topics.set(row.topics)
    for model, model_rows in created.items():
        # One model per list, which mypy cannot follow through the union.
        applications: list[Any] = [r.application for r in model_rows]
        model.objects.bulk_create(applications, batch_size=BATCH)
        through: Any = model.topics.through
        through.objects.bulk_create(
            [
                through(**{f"{model._meta.model_name}_id": r.application.pk, "topic_id": t.pk})
                for r in model_rows
                if r.application is not None
                for t in r.topics
            ],
            batch_size=BATCH,
        )


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

"""Pages: /verify/ for anyone (a PDF or a QR code's content), the published keys, and the
holder's wallet /my/licences/. Views parse, call a selector or verification, and render."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from tongban.accounts.models import Person
from tongban.accounts.selectors import organisations_of, person_of
from tongban.core.errors import DomainError
from tongban.licences import selectors, signing, verification
from tongban.licences.models import Licence, SigningKey


def verify(request: HttpRequest) -> HttpResponse:
    """A scanned QR code opens this page with ?q=…; a visitor may also upload the PDF or paste
    the code's content. No sign-in: whoever is shown a licence can check it."""
    verdict, error = None, ""
    if request.method == "POST":
        upload = request.FILES.get("pdf")
        qr = request.POST.get("qr", "").strip()
        if upload is not None and upload.size <= verification.MAX_PDF_BYTES:
            verdict = verification.verify_pdf(upload.read())
        elif upload is not None:
            error = _("文件过大。")
        elif qr:
            verdict = verification.verify_qr(qr)
        else:
            error = _("请上传证照PDF文件，或粘贴二维码内容。")
    elif request.GET.get("q"):
        verdict = verification.verify_qr(request.GET["q"])
    return render(request, "licences/verify.html", {"verdict": verdict, "error": error})


def keys(request: HttpRequest) -> JsonResponse:
    """Every signing key ever used, retired ones included, with the period it signed in."""
    published = [verification.public_key(key) for key in SigningKey.objects.all()]
    return JsonResponse(signing.key_set(published), json_dumps_params={"ensure_ascii": False})


def _person(request: HttpRequest) -> Person:
    person = person_of(request.user)
    if person is None:
        raise Http404
    return person


def _organisation(request: HttpRequest, person: Person):
    try:
        return selectors.acting_for(person, request.GET.get("for"))
    except DomainError:
        raise Http404 from None


@login_required
def wallet(request: HttpRequest) -> HttpResponse:
    person = _person(request)
    organisation = _organisation(request, person)
    return render(
        request,
        "licences/wallet.html",
        {
            "licences": selectors.wallet(person, organisation),
            "organisation": organisation,
            "organisations": [org for org, _relation in organisations_of(person)],
        },
    )


@login_required
def download(request: HttpRequest, identifier: str) -> FileResponse:
    person = _person(request)
    organisation = _organisation(request, person)
    try:
        licence: Licence = selectors.licence_in_wallet(person, identifier, organisation)
    except DomainError:
        raise Http404 from None
    return FileResponse(
        licence.pdf.open("rb"),
        content_type="application/pdf",
        as_attachment=True,
        filename=f"{licence.identifier}.pdf",
    )

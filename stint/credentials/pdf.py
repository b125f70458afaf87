"""PDFs rendered from HTML with WeasyPrint: a certificate per credential and the talent's résumé.
Each carries the verification URL as a link and as a QR code (``qrcode``, SVG, no network)."""

from __future__ import annotations

import base64
import io
from typing import Any

from django.template.loader import render_to_string

from stint.credentials import vc
from stint.credentials.resume import resume_for_user


def qr_data_uri(url: str) -> str:
    import qrcode
    import qrcode.image.svg

    image = qrcode.make(url, image_factory=qrcode.image.svg.SvgPathImage, box_size=8)
    buffer = io.BytesIO()
    image.save(buffer)
    return "data:image/svg+xml;base64," + base64.b64encode(buffer.getvalue()).decode()


def html_to_pdf(html: str) -> bytes:
    from weasyprint import HTML

    return bytes(HTML(string=html, base_url=None).write_pdf())


def certificate_pdf(credential: Any) -> bytes:
    url = vc.verify_url(credential.pk)
    payload = credential.payload
    achievement = payload["credentialSubject"]["achievement"]
    html = render_to_string(
        "credentials/pdf/certificate.html",
        {
            "credential": credential,
            "name": credential.talent.name,
            "achievement": achievement,
            "organization": achievement.get("creator", {}).get("name", ""),
            "verify_url": url,
            "qr": qr_data_uri(url),
        },
    )
    return html_to_pdf(html)


def resume_pdf(user: Any) -> bytes:
    resume = resume_for_user(user)
    html = render_to_string("credentials/pdf/resume.html", {"resume": resume})
    return html_to_pdf(html)

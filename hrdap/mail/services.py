"""Queue and deliver mail: over SMTP when configured, to the log otherwise."""
from __future__ import annotations

import logging
import smtplib
from email.message import EmailMessage

from flask import current_app, render_template
from flask_babel import force_locale

from hrdap.clock import now
from hrdap.extensions import db
from hrdap.mail.models import OutboxEmail

log = logging.getLogger(__name__)


def queue(recipient: str, template: str, language: str = "en", **context) -> OutboxEmail:
    """Render ``mail/<template>.txt`` in the recipient's language and queue it.

    The template's first line is the subject. Mails are neutral: they name no application content.
    """
    with force_locale(language):
        text = render_template(f"mail/{template}.txt", **context)
    subject, _, body = text.strip().partition("\n")
    mail = OutboxEmail(recipient=recipient, subject=subject.strip()[:200], body=body.strip() + "\n")
    db.session.add(mail)
    return mail


def deliver_pending(limit: int = 100) -> int:
    """Send queued mails; returns how many were sent (or logged). Safe to run repeatedly."""
    pending = db.session.scalars(
        db.select(OutboxEmail).where(OutboxEmail.sent_at.is_(None)).order_by(OutboxEmail.id).limit(limit)
    ).all()
    sent = 0
    for mail in pending:
        try:
            _send(mail)
        except (OSError, smtplib.SMTPException) as exc:
            mail.attempts += 1
            mail.last_error = type(exc).__name__
            log.warning("mail %s not sent: %s", mail.id, type(exc).__name__)
            continue
        mail.sent_at = now()
        mail.body = None  # its links are live until used: nothing of it is kept once it is sent
        sent += 1
    db.session.commit()
    return sent


def _send(mail: OutboxEmail) -> None:
    config = current_app.config
    if not config.get("HRDAP_MAIL_SERVER"):
        # No SMTP configured (development, demo): the log is the mailbox.
        log.info("mail to %s: %s\n%s", mail.recipient, mail.subject, mail.body)
        return
    message = EmailMessage()
    message["From"] = config["HRDAP_MAIL_SENDER"]
    message["To"] = mail.recipient
    message["Subject"] = mail.subject
    message.set_content(mail.body)
    with smtplib.SMTP(config["HRDAP_MAIL_SERVER"], config["HRDAP_MAIL_PORT"], timeout=20) as smtp:
        if config.get("HRDAP_MAIL_STARTTLS"):
            smtp.starttls()
        if config.get("HRDAP_MAIL_USERNAME"):
            smtp.login(config["HRDAP_MAIL_USERNAME"], config["HRDAP_MAIL_PASSWORD"] or "")
        smtp.send_message(message)

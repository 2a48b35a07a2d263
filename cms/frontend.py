"""The design system's one inline script, and its hash for the Content-Security-Policy.

GOV.UK Frontend marks the body `js-enabled` before the page paints, so that components hidden
until their script runs do not flash. It is the only inline script on the public site; the
policy allows exactly this text by its hash (a nonce would differ per response and so defeat
page caching). Imported by the settings: no Django imports here."""

import base64
import hashlib

JS_ENABLED_SCRIPT = (
    "document.body.className += ' js-enabled' + "
    "('noModule' in HTMLScriptElement.prototype ? ' govuk-frontend-supported' : '');"
)
JS_ENABLED_SCRIPT_HASH = (
    "'sha256-"
    + base64.b64encode(hashlib.sha256(JS_ENABLED_SCRIPT.encode()).digest()).decode()
    + "'"
)

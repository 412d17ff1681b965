"""Patterns that let a schema say what the model refuses (issue 12, item 11).

With them a body the OpenAPI document calls valid is one the API accepts: "" or "  " for
a required text, or a link Django's URLValidator would refuse, is refused by the schema
as by the model, so a client (or a fuzzer) knows beforehand that it is a 422. The 422
says it in words (lantern.api.errors), not as the pattern.
"""

#: Text that must not be blank holds a character a reader sees: neither whitespace (it is
#: stripped) nor a control character (it is cleaned out, lantern.web.text). NUL is let
#: through, to be refused in its own words (lantern.api.text). The controls are spelt out
#: as well as \s, as regex engines differ on whether U+001C to U+001F are whitespace.
VISIBLE = r"[^\s\x01-\x1f\x7f-\x9f]"
BLANK = "This field cannot be blank."

#: An http(s) link with a host as Django's URLValidator takes it (the pages check evidence
#: links with it): stricter than the validator, so a link the schema allows is never
#: refused.
LINK = r"^https?://([a-z0-9]{1,40}\.){1,3}[a-z]{2,20}(/[^\s\x01-\x1f\x7f]{0,300})?$"
NOT_A_LINK = "Enter a link that starts with https://, e.g. https://intranet.example.org/plan."

#: The words a 422 gives for each pattern a value does not match.
MESSAGES = {VISIBLE: BLANK, LINK: NOT_A_LINK}

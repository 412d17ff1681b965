"""/api/docs is Lantern's own API reference, built from the OpenAPI document (issue 12,
items 16 and 17: Swagger UI's widget failed WCAG 2.2 AA, so the page no longer uses it).

Every check reads the document /api/openapi.json serves and looks for it on the page, so
an operation, field or response added later is checked too.
"""

import html
import re

import pytest
from django.urls import reverse

from tests.factories import PartnershipFactory, UserFactory

pytestmark = pytest.mark.django_db
DOCS = "/api/docs"
METHODS = ("get", "post", "put", "patch", "delete")


@pytest.fixture
def schema(client):
    return client.get("/api/openapi.json").json()


@pytest.fixture
def page(client):
    response = client.get(DOCS)
    assert response.status_code == 200
    return response.content.decode()


def _operations(schema):
    for path, item in schema["paths"].items():
        for method in METHODS:
            if method in item:
                yield method, path, item[method]


def _section(page, operation_id):
    """The page from an operation's heading to the next operation or tag heading."""
    start = page.index(f'id="{operation_id}"')
    end = re.compile(r"<h[23][ >]").search(page, start)
    return page[start : end.start() if end else len(page)]


def _table(section, caption):
    """The table of a section whose caption starts with these words."""
    match = re.search(
        r'<table class="govuk-table"[^>]*>\s*<caption[^>]*>' + re.escape(caption) + r".*?</table>",
        section,
        re.S,
    )
    assert match, f"no table {caption!r}"
    return match.group(0)


def _row(table, name):
    """The cells of the row headed by <code>name</code>, as plain text."""
    match = re.search(
        r'<th scope="row" class="govuk-table__header">(?:<code[^>]*>)?'
        + re.escape(html.escape(name))
        + r"(?:</code>)?</th>(.*?)</tr>",
        table,
        re.S,
    )
    assert match, f"no row {name!r}"
    cells = re.findall(r"<td[^>]*>(.*?)</td>", match.group(1), re.S)
    return [html.unescape(re.sub(r"<[^>]+>", "", cell)).strip() for cell in cells]


def _resolve(schema, node):
    ref = node.get("$ref")
    return schema["components"]["schemas"][ref.rsplit("/", 1)[-1]] if ref else node


def test_every_operation_of_the_document_is_on_the_page_under_its_tag(schema, page):
    """Item 17: the reference lists every operation: method, path, summary, description."""
    operations = list(_operations(schema))
    assert len(operations) >= 10
    for method, path, operation in operations:
        tag = operation["tags"][0]
        tag_at = page.index(f">{html.escape(tag)}</h2>")
        assert page.index(f'id="{operation["operationId"]}"') > tag_at, tag
        section = _section(page, operation["operationId"])
        assert html.escape(operation["summary"]) in section
        assert f">{method.upper()}</strong>" in section
        assert f"<code>{html.escape(path)}</code>" in section
        first_words = " ".join(operation.get("description", "").split()[:4])
        assert html.escape(first_words).replace("`", "") in re.sub(r"</?code>", "", section)
        # And the contents at the top link to it.
        assert f'href="#{operation["operationId"]}"' in page


def test_every_parameter_is_listed_with_where_it_goes_and_whether_it_is_required(schema, page):
    for _, _, operation in _operations(schema):
        if not operation.get("parameters"):
            continue
        table = _table(_section(page, operation["operationId"]), "Parameters")
        for parameter in operation["parameters"]:
            cells = _row(table, parameter["name"])
            assert cells[0] == parameter["in"]
            assert cells[1] == ("Yes" if parameter.get("required") else "No")


def test_request_body_fields_are_read_through_their_refs(schema, page):
    """Item 17: each field of a $ref'd body (and of a $ref inside it) is shown, with its
    type, whether it is required, its description and its constraints."""
    bodies = 0
    for _, _, operation in _operations(schema):
        if "requestBody" not in operation:
            continue
        body_ref = operation["requestBody"]["content"]["application/json"]["schema"]
        assert "$ref" in body_ref
        body = _resolve(schema, body_ref)
        table = _table(_section(page, operation["operationId"]), "Request body")
        for name, field in body["properties"].items():
            cells = _row(table, name)
            assert cells[0] == ("Yes" if name in body.get("required", []) else "No"), name
            if field.get("description"):
                assert " ".join(field["description"].split()) in cells[2]
            if "maxLength" in field:
                assert f"{field['maxLength']} characters" in cells[2]
            inner = _resolve(schema, field)
            if "$ref" in field and "properties" in inner:
                assert cells[1] == f"object ({inner['title']})"
                for inner_name in inner["properties"]:
                    _row(table, f"{name}.{inner_name}")
        bodies += 1
    assert bodies >= 3


def test_a_nested_ref_field_and_an_enum_are_spelt_out(page):
    """The children's referral: `child` is a $ref to ChildIn, `harm` a $ref to an enum."""
    table = _table(_section(page, "referral_create"), "Request body")
    assert _row(table, "child.full_name")[0] == "Yes"
    assert _row(table, "child.address")[0] == "No"
    harm = _row(table, "harm")
    assert '"died"' in harm[2] and '"serious_harm"' in harm[2]
    # A pattern a reader would have to decode is said in words.
    assert "not blank" in _row(table, "what_happened")[2]


def test_every_response_is_listed_with_its_status_and_meaning(schema, page):
    for _, _, operation in _operations(schema):
        section = _section(page, operation["operationId"])
        table = _table(section, "Responses")
        for status, response in operation["responses"].items():
            cells = _row(table, status)
            assert cells[0] == response["description"]
            body = _resolve(schema, response["content"]["application/json"]["schema"])
            if status.startswith("2") and body.get("type") == "object":
                answer = _table(section, f"What a {status} answers")
                for name in body["properties"]:
                    _row(answer, name)


def test_error_bodies_are_described_once_and_linked(schema, page):
    """Not under every operation: once, in "Error answers", which each response links to."""
    errors = page[page.index('id="errors"') : page.index('id="tag-')]
    for status_body in ("Error", "InvalidInput", "Conflict"):
        fields = _resolve(schema, {"$ref": f"#/components/schemas/{status_body}"})["properties"]
        table = _table(errors, f"<code>{status_body}</code>")
        for name in fields:
            _row(table, name)
    section = _section(page, "case_update")
    assert 'href="#body-error"' in section
    assert 'href="#body-conflict"' in section
    assert 'id="body-conflict"' in page


def test_the_page_says_how_to_authenticate_and_links_the_document(page):
    assert "<code>Authorization: Bearer &lt;token&gt;</code>" in page
    assert "<code>lantern api-token EMAIL</code>" in page
    assert f'href="{reverse("api-1:openapi-json")}"' in page


def test_the_page_is_a_lantern_page_with_one_h1_in_main_and_its_own_title(page):
    """Item 16: the site's layout (header, footer, skip link), a unique title, one h1."""
    assert "<title>API documentation – Lantern</title>" in page
    main = page[page.index("<main") : page.index("</main>")]
    assert page.count("<h1") == main.count("<h1") == 1
    assert 'class="govuk-skip-link"' in page
    assert "swagger" not in page.lower()


def test_anyone_may_open_the_page_without_signing_in(client):
    """As before: public, no redirect to sign-in."""
    response = client.get(DOCS)
    assert response.status_code == 200
    assert b"Lantern API documentation" in response.content


def test_someone_signed_in_but_without_their_second_factor_still_reaches_it(client):
    """As before: /api/ needs no second factor, while the site's pages send them to set
    one up."""
    user = UserFactory(partnership=PartnershipFactory(require_two_factor=True))
    client.force_login(user)
    assert client.get(reverse("web:dashboard"))["Location"] == reverse("accounts:two_factor_setup")
    response = client.get(DOCS)
    assert response.status_code == 200
    assert b"Lantern API documentation" in response.content

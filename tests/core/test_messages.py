import json

from homeward.core.messages import Message, gettext_noop
from homeward.core.tabular import TabularFileError, read_table


def test_a_message_reads_in_english_and_keeps_its_template_for_translation() -> None:
    message = Message("the id %(id)s repeats row %(row)d", {"id": "A-1", "row": 2})
    assert str(message) == "the id A-1 repeats row 2"
    stored = json.loads(json.dumps(message.as_json()))
    assert stored == {"template": "the id %(id)s repeats row %(row)d",
                      "values": {"id": "A-1", "row": 2}}  # fmt: skip


def test_a_template_without_values_may_hold_a_percent_sign() -> None:
    assert str(Message("100% of the rows")) == "100% of the rows"
    assert gettext_noop("x") == "x"


def test_a_file_error_names_the_file_before_its_reason() -> None:
    try:
        read_table("список.csv", data=b"")
    except TabularFileError as exc:
        assert exc.reason.template == "the file is empty. Export the list again with its rows."
        assert str(exc) == f"список.csv: {exc.reason}"
    else:
        raise AssertionError("an empty file was read")

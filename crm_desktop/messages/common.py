"""Texts any part of the program may use: generic refusals, unknown records, interruptions."""

MESSAGES: dict[str, tuple[str, str]] = {
    # only while an area still raises sentences; tests/test_messages.py lists them
    "common.untranslated": ("{text}", "{text}"),
    "common.interrupted": (
        "已中断，没有再写入任何内容。",
        "Interrupted; nothing more was written.",
    ),
    "common.cancelled": ("已取消。", "Cancelled."),
    "common.not_available": (
        "此版本尚不支持“{name}”。",
        "'{name}' is not available in this version yet.",
    ),
    "common.unexpected": (
        "发生了意外错误：{detail}。详细信息已写入日志 {log}。",
        "An unexpected error occurred: {detail}. The details are in the log {log}.",
    ),
}

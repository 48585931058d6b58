"""Texts for trouble with the database's storage that the user can act on."""

MESSAGES: dict[str, tuple[str, str]] = {
    "storage.locked": (
        "数据库正被另一个程序（或导入）写入，等待 {seconds} 秒后仍未释放。请稍后再试。",
        "The database is being written by another program (or an import) and was still "
        "busy after {seconds} s. Try again in a moment.",
    ),
    "storage.disk_full": (
        "磁盘已满，无法写入数据库 {where}。请腾出空间后再试；没有写入任何内容。",
        "The disk is full; the database {where} cannot be written. Free some space and "
        "try again; nothing was written.",
    ),
    "storage.read_only": (
        "数据库 {where} 是只读的，无法保存。请检查文件权限或换一个文件夹。",
        "The database {where} is read-only and cannot be saved. Check the file's "
        "permissions or use another folder.",
    ),
    "storage.server_gone": (
        "与数据库服务器的连接已断开：{detail}。请检查网络后重试；没有写入任何内容。",
        "The connection to the database server was lost: {detail}. Check the network "
        "and try again; nothing was written.",
    ),
    "storage.damaged": (
        "数据库文件 {where} 已损坏：{detail}。请从备份恢复。",
        "The database file {where} is damaged: {detail}. Restore a backup.",
    ),
    "storage.io_error": (
        "读写数据库文件 {where} 时出错（{detail}）。请检查磁盘或 U 盘是否仍然连接；没有写入任何内容。",
        "The database file {where} could not be read or written ({detail}). Check that "
        "the disk or USB drive is still connected; nothing was written.",
    ),
    "storage.waiting": (
        "等待数据库… {seconds} / {total} 秒",
        "Waiting for the database… {seconds} / {total} s",
    ),
    "storage.keeps_colliding": (
        "其他用户正在同时添加记录，试了 {attempts} 次仍然冲突。请稍后再试。",
        "Other users are adding records at the same moment; it still collided after "
        "{attempts} attempts. Try again in a moment.",
    ),
}

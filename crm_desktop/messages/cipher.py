"""Texts of encryption at rest: the passphrase, encrypting and decrypting the database."""

MESSAGES: dict[str, tuple[str, str]] = {
    "cipher.unavailable": (
        "本机没有安装 SQLCipher（sqlcipher3），不能使用数据库加密。",
        "Encryption is not available on this computer: SQLCipher (sqlcipher3) is not installed.",
    ),
    "cipher.unavailable_file": (
        "{path} 是加密的数据库，但本机没有安装 SQLCipher（sqlcipher3），无法打开。",
        "{path} is an encrypted database, but SQLCipher (sqlcipher3) is not installed on "
        "this computer, so it cannot be opened.",
    ),
    "cipher.passphrase_needed": (
        "{path} 已加密，请输入数据库口令。",
        "{path} is encrypted: enter its passphrase.",
    ),
    "cipher.passphrase_needed_cli": (
        "{path} 已加密：请在环境变量 {env} 中给出数据库口令，或在终端中运行以便输入。",
        "{path} is encrypted: give its passphrase in the environment variable {env}, or run "
        "the command in a terminal to type it.",
    ),
    "cipher.wrong_passphrase": (
        "口令不对，打不开 {path}（也可能这个文件不是 crm-desktop 数据库）。",
        "Wrong passphrase: {path} does not open with it (or the file is not a crm-desktop "
        "database).",
    ),
    "cipher.wrong_passphrase_wait": (
        "口令不对。已连续输错 {count} 次，请 {seconds} 秒后再试。",
        "Wrong passphrase. {count} wrong in a row: try again in {seconds} seconds.",
    ),
    "cipher.wait": (
        "数据库口令连续输错多次，请 {seconds} 秒后再试。",
        "Too many wrong passphrases: try again in {seconds} seconds.",
    ),
    "cipher.too_short": (
        "口令至少要 {length} 个字符。",
        "The passphrase must have at least {length} characters.",
    ),
    "cipher.bad_character": (
        "口令中不能有空字符。",
        "The passphrase cannot contain a NUL character.",
    ),
    "cipher.mismatch": ("两次输入的口令不一致。", "The two passphrases differ."),
    "cipher.already_encrypted": ("数据库已经加密了。", "The database is already encrypted."),
    "cipher.not_encrypted": (
        "数据库没有加密，不需要解密。",
        "The database is not encrypted; there is nothing to decrypt.",
    ),
    "cipher.in_use": (
        "未转换：crm-desktop 窗口（进程 {pid}）正在使用此数据库。请先关闭该窗口，"
        "或在该窗口的“文件 ▸ 数据库加密…”中转换。",
        "Not converted: a crm-desktop window (process {pid}) has this database open. "
        "Close it first, or convert from its File ▸ Database encryption… menu.",
    ),
    "cipher.in_use_on": (
        "未转换：计算机 {host} 上的 crm-desktop 窗口（进程 {pid}）正在使用此数据库。请先关闭该窗口。",
        "Not converted: a crm-desktop window on {host} (process {pid}) has this database "
        "open. Close it first.",
    ),
    "cipher.in_use_program": (
        "未转换：另一个程序（例如正在进行的导入）正打开着 {path}。请等它结束后再试。",
        "Not converted: another program (an import, say) has {path} open. Try again once "
        "it is done.",
    ),
    "cipher.changed_meanwhile": (
        "未转换：转换期间另一个程序写入了 {path}。请再试一次。",
        "Not converted: another program wrote to {path} meanwhile. Try again.",
    ),
    "cipher.convert_failed": (
        "转换没有完成，数据库没有任何改动：{reason}",
        "The conversion did not finish; the database is unchanged: {reason}",
    ),
    "cipher.backup_encrypted": (
        "{path} 是加密的备份，而当前数据库没有加密：请先用同一个口令加密数据库，再恢复这个备份。",
        "{path} is an encrypted backup and this database is not encrypted: encrypt the "
        "database with the same passphrase first, then restore the backup.",
    ),
    "cipher.backup_other_passphrase": (
        "{path} 是用另一个口令加密的备份，用当前数据库的口令打不开。",
        "{path} is a backup encrypted with another passphrase; the database's passphrase "
        "does not open it.",
    ),
    "cipher.action_convert": ("加密或解密数据库", "encrypt or decrypt the database"),
    "cipher.encrypted": (
        "数据库已加密：{path}。转换前的备份（同样加密）：{backup}",
        "The database is encrypted: {path}. Backup taken before (encrypted too): {backup}",
    ),
    "cipher.decrypted": (
        "数据库已解密：{path}。转换前的备份（仍是加密的）：{backup}",
        "The database is decrypted: {path}. Backup taken before (still encrypted): {backup}",
    ),
    "cipher.plain_backups_left": (
        "注意：{folder} 中还有 {count} 个以前的备份没有加密，任何人都能读取。请删除它们，或妥善保管。",
        "Note: {count} earlier backups in {folder} are not encrypted and anyone can read "
        "them. Delete them, or keep them somewhere safe.",
    ),
    "cipher.forget_warning": (
        "请牢记口令：忘记口令就再也打不开数据库和它的备份，谁也无法找回。",
        "Remember the passphrase: without it the database and its backups can never be "
        "opened again, by anyone.",
    ),
    "cipher.failed_audit": (
        "打开数据库前口令输错 {count} 次，最后一次在 {last}",
        "{count} wrong passphrases before this opening, the last at {last}",
    ),
    # a new passphrase
    "cipher.action_rekey": ("更改数据库口令", "change the database passphrase"),
    "cipher.rekey_not_encrypted": (
        "数据库没有加密，没有口令可改：请先加密。",
        "The database is not encrypted, so it has no passphrase to change: encrypt it first.",
    ),
    "cipher.same_passphrase": (
        "新口令与现在的口令相同。",
        "The new passphrase is the same as the current one.",
    ),
    "cipher.rekeyed": (
        "数据库口令已更改：{path}。更改前的备份（用新口令加密）：{backup}",
        "The database's passphrase is changed: {path}. Backup taken before (encrypted with "
        "the new passphrase): {backup}",
    ),
    "cipher.old_key_backups_left": (
        "注意：{folder} 中以前的 {count} 个备份仍然只能用旧口令打开。在不再需要这些备份之前，请记住旧口令。",
        "Note: {count} earlier backups in {folder} still open only with the old passphrase. "
        "Remember it for as long as you may need them.",
    ),
    # a new encrypted database
    "cipher.create_exists": (
        "{path} 已经存在：要加密已有的数据库，请先打开它再加密。",
        "{path} already exists: to encrypt an existing database, open it and encrypt it.",
    ),
    "cipher.create_no_folder": (
        "文件夹 {folder} 不存在，无法在其中新建数据库。",
        "The folder {folder} does not exist, so the new database cannot be created in it.",
    ),
    "cipher.created": (
        "已新建加密的数据库：{path}。用口令才能打开它。",
        "A new encrypted database is created: {path}. It opens with its passphrase only.",
    ),
    # the command line
    "cipher.prompt": ("数据库口令：", "Database passphrase: "),
    "cipher.prompt_new": ("新口令：", "New passphrase: "),
    "cipher.prompt_repeat": ("再输入一次：", "Repeat the passphrase: "),
    "cipher.no_new_passphrase": (
        "请在环境变量 {env} 中给出新口令，或在终端中运行以便输入。",
        "Give the new passphrase in the environment variable {env}, or run the command in "
        "a terminal to type it.",
    ),
    # the window
    "cipher.ui_menu": ("数据库加密…", "Database encryption…"),
    "cipher.ui_title": ("数据库加密", "Database encryption"),
    "cipher.ui_state_plain": (
        "数据库 {path} 没有加密：拿到这个文件的人都能读取全部客户资料。",
        "The database {path} is not encrypted: anyone who has the file can read every "
        "customer's data.",
    ),
    "cipher.ui_state_encrypted": (
        "数据库 {path} 已加密：没有口令，谁也读不了其中的内容，包括它的备份。",
        "The database {path} is encrypted: without the passphrase nobody can read it, nor "
        "its backups.",
    ),
    "cipher.ui_encrypt": ("加密", "Encrypt"),
    "cipher.ui_decrypt": ("解密", "Decrypt"),
    "cipher.ui_close": ("关闭", "Close"),
    "cipher.ui_passphrase": ("口令：", "Passphrase:"),
    "cipher.ui_repeat": ("再输入一次：", "Repeat:"),
    "cipher.ui_confirm_encrypt": (
        "先备份，然后把数据库转换为加密文件。转换期间其他人不能写入。\n\n{warning}\n\n现在加密吗？",
        "The database is backed up, then converted into an encrypted file; nobody can write "
        "meanwhile.\n\n{warning}\n\nEncrypt it now?",
    ),
    "cipher.ui_confirm_decrypt": (
        "先备份，然后把数据库转换为不加密的文件：之后拿到文件的人都能读取它。\n\n现在解密吗？",
        "The database is backed up, then converted into a plain file: anyone who has it "
        "can then read it.\n\nDecrypt it now?",
    ),
    "cipher.ui_change": ("更改口令", "Change passphrase"),
    "cipher.ui_new_passphrase": ("新口令：", "New passphrase:"),
    "cipher.ui_confirm_rekey": (
        "先备份，然后把数据库改用新口令加密。转换期间其他人不能写入。\n\n"
        "以前的备份不会改变：它们仍然只能用旧口令打开。\n\n{warning}\n\n现在更改口令吗？",
        "The database is backed up, then encrypted with the new passphrase; nobody can "
        "write meanwhile.\n\nEarlier backups do not change: they still open only with the "
        "old passphrase.\n\n{warning}\n\nChange the passphrase now?",
    ),
    "cipher.ui_rekeying": ("正在更改数据库口令…", "Changing the database passphrase…"),
    "cipher.ui_backup_title": ("恢复加密的备份", "Restore an encrypted backup"),
    "cipher.ui_backup_intro": (
        "备份 {path} 已加密。请输入做这个备份时数据库的口令。",
        "The backup {path} is encrypted. Enter the passphrase the database had when it was made.",
    ),
    "cipher.ui_cancel": ("取消", "Cancel"),
    "cipher.ui_converting": ("正在转换数据库…", "Converting the database…"),
    "cipher.ui_unlock_title": ("打开加密的数据库", "Open an encrypted database"),
    "cipher.ui_unlock_intro": (
        "数据库 {path} 已加密。请输入它的口令。",
        "The database {path} is encrypted. Enter its passphrase.",
    ),
    "cipher.ui_open": ("打开", "Open"),
    "cipher.ui_quit": ("退出", "Quit"),
}

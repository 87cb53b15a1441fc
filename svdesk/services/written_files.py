"""Files written whole: under a temporary name beside the output, moved into place once
complete, so that a reader never sees half a file.

A temporary name carries the writer's computer and process id
(``.scores.svdesk-HOST-PID-1a2b3c4d.tmp.xlsx``, a letter batch's folder
``.letters.svdesk-HOST-PID-writing-xxxx``). A run that was killed leaves its temporaries
behind; the next writer into the same folder removes those whose process is gone. It never
touches one of a live process, nor one written from another computer (a shared folder),
whose processes it cannot see; and it needs no network to tell.

A full disk is said in one line, and the partial file is removed: nothing is written.

So that the next start of svdesk (not only the next write into the same folder) tidies up
after a killed run, every folder that receives a temporary is noted in a small journal in
the user's state folder (``keep_journal``, set by the command line and the window), and
``sweep_journal`` removes the stale temporaries of each folder noted there.
"""

from __future__ import annotations

import contextlib
import errno
import json
import os
import re
import secrets
import shutil
import socket
from collections.abc import Callable
from pathlib import Path

from svdesk.services.refusals import Refused

MARK = ".svdesk-"
# .<name>.svdesk-<host>-<pid>-<the rest>
_TEMPORARY = re.compile(r"^\..*\.svdesk-(?P<host>[A-Za-z0-9]+)-(?P<pid>\d+)-[^/\\]*$")


def host_tag() -> str:
    """This computer's name, as temporary names carry it (letters and digits only)."""
    return re.sub(r"[^A-Za-z0-9]", "", socket.gethostname()) or "host"


def temporary_path(output: Path, suffix: str) -> Path:
    """A fresh temporary name beside ``output``, ending in ``suffix`` (``.tmp.xlsx``)."""
    tag = f"{MARK}{host_tag()}-{os.getpid()}-{secrets.token_hex(4)}"
    note_folder(output.parent)
    return output.with_name(f".{output.stem}{tag}{suffix}")


def temporary_prefix(folder: Path) -> str:
    """The name prefix of a temporary folder beside ``folder`` (for ``tempfile.mkdtemp``)."""
    note_folder(folder.parent)
    return f".{folder.name}{MARK}{host_tag()}-{os.getpid()}-writing-"


# -- The journal of folders written into ------------------------------------------------------

# The folders noted, the most recent last; older ones fall off the end.
JOURNAL_LENGTH = 100
_journal: list[Path] = []  # where the journal file is, once the program has said so


def keep_journal(path: Path | None) -> None:
    """Note the folders written into in ``path`` from now on (None: keep no journal)."""
    _journal[:] = [] if path is None else [Path(path)]


def note_folder(folder: Path) -> None:
    """Add ``folder`` to the journal, if one is kept (a journal that cannot be written is
    no reason to stop writing the user's file)."""
    if not _journal:
        return
    journal = _journal[0]
    folders = _journal_folders(journal)
    entry = str(Path(folder).absolute())
    if folders and folders[-1] == entry:
        return
    folders = [*[f for f in folders if f != entry][-(JOURNAL_LENGTH - 1) :], entry]
    with contextlib.suppress(OSError):
        journal.parent.mkdir(parents=True, exist_ok=True)
        staged = journal.with_name(f"{journal.name}.{os.getpid()}.tmp")
        staged.write_text(json.dumps(folders, ensure_ascii=False), encoding="utf-8")
        os.replace(staged, journal)


def start_journal(path: Path) -> list[Path]:
    """At start-up: keep the journal in ``path``, and sweep the folders it names."""
    keep_journal(path)
    return sweep_journal()


def sweep_journal() -> list[Path]:
    """Remove the stale temporaries of every folder in the journal (at start-up)."""
    if not _journal:
        return []
    removed: list[Path] = []
    for folder in _journal_folders(_journal[0]):
        removed.extend(remove_stale(Path(folder)))
    return removed


def _journal_folders(journal: Path) -> list[str]:
    try:
        folders = json.loads(journal.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return []
    if not isinstance(folders, list):
        return []
    return [f for f in folders if isinstance(f, str)]


def remove_stale(folder: Path) -> list[Path]:
    """Remove the temporaries in ``folder`` that svdesk runs of this computer left when they
    were killed; returns what was removed. Those of live processes are kept."""
    removed: list[Path] = []
    host = host_tag()
    try:
        entries = list(folder.iterdir())
    except OSError:
        return removed
    for entry in entries:
        found = _TEMPORARY.match(entry.name)
        if found is None or found["host"] != host or process_alive(int(found["pid"])):
            continue
        with contextlib.suppress(OSError):
            if entry.is_dir() and not entry.is_symlink():
                shutil.rmtree(entry)
            else:
                entry.unlink()
            removed.append(entry)
    return removed


def process_alive(pid: int) -> bool:
    """Whether a process with this id is running on this computer."""
    if pid == os.getpid():
        return True
    if pid <= 0:
        return False
    if os.name == "nt":  # pragma: no cover - Windows
        return _windows_process_alive(pid)
    try:
        os.kill(pid, 0)  # signal 0: no signal sent, only whether the process exists
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # another user's process
    except OSError:
        return True  # cannot tell: keep its files
    return True


def _windows_process_alive(pid: int) -> bool:  # pragma: no cover - Windows
    import ctypes

    kernel = ctypes.windll.kernel32  # type: ignore[attr-defined]
    handle = kernel.OpenProcess(0x1000, False, pid)  # PROCESS_QUERY_LIMITED_INFORMATION
    if not handle:
        return bool(kernel.GetLastError() == 5)  # access denied: it exists
    try:
        code = ctypes.c_ulong()
        kernel.GetExitCodeProcess(handle, ctypes.byref(code))
        return bool(code.value == 259)  # STILL_ACTIVE
    finally:
        kernel.CloseHandle(handle)


def write_whole(output: Path, write: Callable[[Path], None], suffix: str) -> None:
    """Write ``output`` whole, or not at all: ``write(path)`` writes a new temporary file
    beside it, which then replaces ``output``.

    Refused in one line when the disk is full; any other ``OSError`` is the caller's to
    word. Either way nothing is left behind.
    """
    output = Path(output)
    remove_stale(output.parent)
    temporary = temporary_path(output, suffix)
    try:
        try:
            # Created here, never over an existing file, with the folder's usual
            # permissions (the umask applies).
            os.close(os.open(temporary, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o666))
            write(temporary)
            with temporary.open("rb+") as written:
                os.fsync(written.fileno())
            os.replace(temporary, output)
        except BaseException:
            temporary.unlink(missing_ok=True)
            raise
    except OSError as exc:
        if is_disk_full(exc):
            raise Refused([disk_full(output)]) from None
        raise


def is_disk_full(exc: BaseException) -> bool:
    return isinstance(exc, OSError) and exc.errno in (errno.ENOSPC, errno.EDQUOT)


def disk_full(output: Path) -> str:
    return f"the disk is full: svdesk could not write {output}; nothing was written"

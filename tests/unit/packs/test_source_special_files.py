"""Only ordinary files are read: a named pipe, a socket or a device where a pack, its
workbook or an attachment should be is refused at once, by name, without opening it
(opening a named pipe waits for a writer for ever)."""

from __future__ import annotations

import hashlib
import os
import socket
from collections.abc import Iterator
from pathlib import Path

import pytest

from svdesk.packs.source import PackAttachmentError, PackFileError, open_pack
from tests.support.timeouts import within
from tests.unit.packs.test_source import make_folder, workbook_bytes, write_zip

pytestmark = pytest.mark.skipif(
    not hasattr(os, "mkfifo"), reason="named pipes are made with os.mkfifo (not on Windows)"
)
HANG = 10  # seconds: an answer takes milliseconds; only a hang takes this long


def refused_within(path: Path) -> str:
    def open_it() -> str:
        with pytest.raises(PackFileError) as caught:
            open_pack(path)
        return str(caught.value)

    message = within(HANG, open_it, fifos=(path,))
    assert "\n" not in message
    return message


@pytest.mark.parametrize("name", ["x.xlsx", "x.zip", "x.json", "x.XLSX"])
def test_named_pipe_as_the_pack_is_refused_at_once(tmp_path: Path, name: str) -> None:
    os.mkfifo(tmp_path / name)
    message = refused_within(tmp_path / name)
    assert message.startswith(f"'{name}' is not an ordinary file (a named pipe)")


def test_socket_as_the_pack_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "s.xlsx"
    with socket.socket(socket.AF_UNIX) as server:
        try:
            server.bind(str(path))
        except OSError:
            pytest.skip("this system cannot make a socket file here")
        assert refused_within(path).startswith("'s.xlsx' is not an ordinary file (a socket)")


@pytest.mark.skipif(not os.path.exists("/dev/zero"), reason="needs /dev/zero")
def test_link_to_a_device_as_the_pack_is_refused(tmp_path: Path) -> None:
    """A device can be read without end: /dev/zero would give 100 MB of zeros first."""
    (tmp_path / "x.xlsx").symlink_to("/dev/zero")
    assert refused_within(tmp_path / "x.xlsx").startswith(
        "'x.xlsx' is not an ordinary file (a device)"
    )


def test_links_chosen_as_the_pack_are_still_followed(tmp_path: Path) -> None:
    """As before: the user picked the link, so it is the file they mean."""
    data = workbook_bytes()
    (tmp_path / "real.xlsx").write_bytes(data)
    (tmp_path / "link.xlsx").symlink_to(tmp_path / "real.xlsx")
    folder = make_folder(tmp_path)
    (tmp_path / "folder link").symlink_to(folder, target_is_directory=True)

    assert open_pack(tmp_path / "link.xlsx").workbook == data
    assert open_pack(tmp_path / "folder link").kind == "folder"


def test_named_pipe_as_a_folder_packs_workbook_is_refused(tmp_path: Path) -> None:
    folder = make_folder(tmp_path)
    (folder / "pack.xlsx").unlink()
    os.mkfifo(folder / "pack.xlsx")
    message = within(HANG, lambda: refused(folder), fifos=(folder / "pack.xlsx",))
    assert (
        message == "'pack.xlsx' in the folder 'Pack folder' is not an ordinary file (a named pipe)"
    )


def test_link_as_a_folder_packs_workbook_is_still_refused(tmp_path: Path) -> None:
    folder = make_folder(tmp_path)
    (folder / "pack.xlsx").rename(tmp_path / "elsewhere.xlsx")
    (folder / "pack.xlsx").symlink_to(tmp_path / "elsewhere.xlsx")
    assert (
        refused(folder)
        == "'pack.xlsx' in the folder 'Pack folder' is not an ordinary file (a link)"
    )


def refused(path: Path) -> str:
    with pytest.raises(PackFileError) as caught:
        open_pack(path)
    return str(caught.value)


@pytest.fixture
def unix_socket(tmp_path: Path) -> Iterator[Path]:
    folder = make_folder(tmp_path)
    path = folder / "Answers" / "s.pdf"
    with socket.socket(socket.AF_UNIX) as server:
        try:
            server.bind(str(path))
        except OSError:
            pytest.skip("this system cannot make a socket file here")
        yield path


def test_named_pipe_or_socket_as_an_attachment_is_refused_by_name(
    tmp_path: Path, unix_socket: Path
) -> None:
    folder = unix_socket.parent.parent
    os.mkfifo(folder / "Answers" / "B02.pdf")
    pack = open_pack(folder)
    fifos = (folder / "Answers" / "B02.pdf",)

    for name, kind in (("B02.pdf", "a named pipe"), ("s.pdf", "a socket")):
        expected = f"the attachment 'Answers/{name}' is not an ordinary file ({kind})"
        assert within(HANG, lambda n=name: pack.attachment_problem(f"Answers/{n}")) == expected

        def read(n: str = name) -> str:
            with pytest.raises(PackAttachmentError) as caught:
                pack.read_attachment(f"Answers/{n}")
            return str(caught.value)

        assert within(HANG, read, fifos=fifos) == expected


def test_the_digest_is_of_the_pack_as_opened(tmp_path: Path) -> None:
    """A folder's digest is its workbook's, never a stray '._pack.xlsx' beside it (a Mac's
    resource file, skipped as junk), which as a named pipe would have hung the import."""
    folder = make_folder(tmp_path)
    os.mkfifo(folder / "._pack.xlsx")
    expected = hashlib.sha256((folder / "pack.xlsx").read_bytes()).hexdigest()
    assert within(HANG, lambda: open_pack(folder).digest(), fifos=(folder / "._pack.xlsx",)) == (
        expected
    )
    (tmp_path / "p.xlsx").write_bytes(workbook_bytes())
    write_zip(tmp_path / "p.zip", {"p.xlsx": workbook_bytes(), "a.txt": b"answer"})
    for name in ("p.xlsx", "p.zip"):
        data = (tmp_path / name).read_bytes()
        assert open_pack(tmp_path / name).digest() == hashlib.sha256(data).hexdigest()

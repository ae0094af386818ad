"""SQLite history on a network mount is refused, with the reason and the way out."""

from __future__ import annotations

from pathlib import Path

import pytest

from auditor.cli import main
from auditor.store import netfs

MOUNTS = """\
/dev/sda1 / ext4 rw,relatime 0 0
proc /proc proc rw,nosuid,nodev,noexec,relatime 0 0
filer:/export/noc {share} nfs4 rw,relatime,vers=4.2 0 0
//nas/audit {smb} cifs rw,relatime 0 0
tmpfs {share}/scratch tmpfs rw 0 0
"""


def table(tmp_path: Path) -> str:
    share, smb = tmp_path / "noc", tmp_path / "my share"
    smb_field = str(smb).replace(" ", "\\040")
    return MOUNTS.format(share=share, smb=smb_field)


def test_the_deepest_mount_decides(tmp_path: Path) -> None:
    mounts = table(tmp_path)
    assert netfs.network_filesystem(tmp_path / "noc" / "h.sqlite3", mounts) == "nfs4"
    assert netfs.network_filesystem(tmp_path / "my share" / "h.sqlite3", mounts) == "cifs"
    assert netfs.network_filesystem(tmp_path / "noc" / "scratch" / "h.sqlite3", mounts) is None
    assert netfs.network_filesystem(tmp_path / "nocturne" / "h.sqlite3", mounts) is None
    assert netfs.filesystem_type(tmp_path / "local.sqlite3", mounts) == "ext4"


def test_this_machines_own_temp_folder_is_not_refused(tmp_path: Path) -> None:
    assert netfs.network_filesystem(tmp_path / "h.sqlite3") is None


def test_history_on_an_nfs_mount_is_refused_before_anything_is_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    fake = tmp_path / "mounts"
    fake.write_text(table(tmp_path))
    monkeypatch.setattr(netfs, "MOUNTS", fake)  # the OS mount table, not the transport
    (tmp_path / "noc").mkdir()
    store = tmp_path / "noc" / "history.sqlite3"
    code = main(["history", "--store", str(store)])
    err = capsys.readouterr().err
    assert code == 2, err
    assert f"{store}: on a network filesystem (nfs4)" in err
    assert "postgresql://" in err and "Traceback" not in err
    assert not store.exists()

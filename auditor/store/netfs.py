"""Is this path on a network filesystem? SQLite's history must not be.

SQLite relies on POSIX byte-range locks, which NFS, SMB and FUSE network mounts implement
loosely or not at all (https://www.sqlite.org/faq.html#q5); two machines writing one file
through such a mount corrupt it silently, and WAL mode needs shared memory that cannot cross
machines at all (https://www.sqlite.org/wal.html). The history refuses such a path up front and
points at PostgreSQL, the store meant for several machines. Linux only: elsewhere, or without
/proc, nothing is refused.
"""

from __future__ import annotations

import os
from pathlib import Path

MOUNTS = Path("/proc/self/mounts")

#: Filesystem types (the third field of /proc/self/mounts) that live on another machine.
NETWORK_FILESYSTEMS = frozenset(
    {
        "nfs",
        "nfs4",
        "cifs",
        "smb3",
        "smbfs",
        "9p",
        "afs",
        "ceph",
        "glusterfs",
        "lustre",
        "gpfs",
        "beegfs",
        "davfs",
        "fuse.sshfs",
        "fuse.glusterfs",
        "fuse.cephfs",
        "fuse.s3fs",
        "fuse.rclone",
        "fuse.gcsfuse",
    }
)


def filesystem_type(path: Path, mounts_text: str | None = None) -> str | None:
    """The type of the filesystem holding `path` (or its nearest existing parent), from the
    mount table (`mounts_text`, default /proc/self/mounts); None when it cannot be told."""
    if mounts_text is None:
        try:
            mounts_text = MOUNTS.read_text()
        except OSError:
            return None
    where = Path(os.path.realpath(path))
    best: tuple[int, str] | None = None
    for line in mounts_text.splitlines():
        fields = line.split()
        if len(fields) < 3:
            continue
        point = Path(_unescape(fields[1]))
        covers = where == point or point in where.parents
        depth = len(point.parts)
        if covers and (best is None or depth >= best[0]):  # the deepest (then the last) wins
            best = (depth, fields[2])
    return best[1] if best else None


def network_filesystem(path: Path, mounts_text: str | None = None) -> str | None:
    """The network filesystem type `path` is on, or None for a local disk."""
    kind = filesystem_type(path, mounts_text)
    return kind if kind in NETWORK_FILESYSTEMS else None


def _unescape(field: str) -> str:
    """The kernel writes a space, tab, newline and backslash in a mount point as octal."""
    for code, char in (("\\040", " "), ("\\011", "\t"), ("\\012", "\n"), ("\\134", "\\")):
        field = field.replace(code, char)
    return field

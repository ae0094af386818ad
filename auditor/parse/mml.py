"""Huawei MML framed responses (BSC6900/6910, RNC, BTS3900, core network elements).

A response looks like this (layout from Huawei's public MML references; the field and table
contents vary per command and release):

    +++    BSC6910_North        2024-03-02 10:11:12
    O&M    #1234
    %%LST VER:;%%
    RETCODE = 0  Operation succeeded.

    Version information
    -------------------
     Current Software Version  =  BSC6910V100R023C10SPC500
    (Number of results = 1)

    ---    END

The body holds `Name  =  Value` blocks (one record per blank-line separated block) or tables
(a header line whose columns are separated by two or more spaces, then rows), each optionally
under a title underlined with dashes. Long answers are split into several frames, the last
line of all but the last being `---    To be continued`. The reader is tolerant: any field
order, extra fields, odd spacing, CRLF (removed by `clean` before), missing header lines.
A non-zero `RETCODE` is kept on the report; `require_success` turns it into a `ParseError`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from auditor.errors import ParseError
from auditor.parse.text import norm_key

_HEADER = re.compile(
    r"^\s*\+\+\+\s+(?P<ne>.*?)\s*(?P<ts>\d{4}-\d{2}-\d{2}\s+\d{2}:\d{2}:\d{2})?\s*$"
)
_OM = re.compile(r"^\s*O&M\s+#\s*(\d+)")
_COMMAND = re.compile(r"^\s*%%\s*(.{0,400}?)\s*%%\s*$")
_RETCODE = re.compile(r"^\s*RETCODE\s*=\s*(-?\d+)\s*(.*)$")
_COUNT = re.compile(r"^\s*\(\s*Number of results\s*=\s*(\d+)\s*\)\s*$", re.IGNORECASE)
_END = re.compile(r"^\s*---\s+(END|To be continued)\b", re.IGNORECASE)
_DASHES = re.compile(r"^\s*-{3,}[\s-]*$")
_KV = re.compile(r"^\s*([^=\n]{1,80}?)\s*=\s*(.*)$")
_COLUMN = re.compile(r"\S+(?: \S+)*")
_SPLIT = re.compile(r"\s{2,}")


@dataclass
class MmlSection:
    """One titled block of a response body: key-value records or table rows."""

    title: str | None = None
    records: list[dict[str, str]] = field(default_factory=list)


@dataclass
class MmlReport:
    """One framed MML response. Keys in records are normalised with `norm_key`."""

    ne: str | None = None
    timestamp: str | None = None
    sequence: int | None = None
    command: str | None = None
    retcode: int | None = None
    message: str = ""
    sections: list[MmlSection] = field(default_factory=list)
    result_count: int | None = None

    @property
    def ok(self) -> bool:
        return self.retcode in (None, 0)

    def records(self) -> list[dict[str, str]]:
        return [record for section in self.sections for record in section.records]


def parse_reports(text: str) -> list[MmlReport]:
    """Every MML frame in `text` (already `clean`ed), in order; [] if there is none.

    >>> [r.command for r in parse_reports("+++ X 2024-01-01 00:00:00\\n%%LST VER:;%%\\nRETCODE = 0 ok")]
    ['LST VER:;']
    """
    builders: list[_Builder] = []
    current: _Builder | None = None
    for line in text.split("\n"):
        header = _HEADER.match(line)
        if header:
            current = _Builder(
                MmlReport(ne=header.group("ne") or None, timestamp=header.group("ts"))
            )
            builders.append(current)
            continue
        if current is None:
            if not (_COMMAND.match(line) or _RETCODE.match(line)):
                continue
            current = _Builder(MmlReport())  # a frame whose +++ header was cut off
            builders.append(current)
        current.feed(line)
    reports = []
    for builder in builders:
        builder.flush()
        builder.report.sections = [s for s in builder.report.sections if s.records]
        reports.append(builder.report)
    return reports


def require_success(report: MmlReport, wanted: str) -> None:
    """Raise `ParseError` naming the command and RETCODE when the element refused it."""
    if not report.ok:
        raise ParseError(
            f"{report.command or wanted} failed on {report.ne or 'the element'}: "
            f"RETCODE = {report.retcode} {report.message}".rstrip(),
            tip="check the MML user's command rights and that the command suits this release",
        )


def find_report(reports: list[MmlReport], command: str) -> MmlReport | None:
    """The first report for `command` (compared without spaces, `;` or case), else the first."""
    wanted = _command_key(command)
    for report in reports:
        if report.command and _command_key(report.command) == wanted:
            return report
    untagged = [r for r in reports if not r.command]
    return untagged[0] if untagged else None


def _command_key(command: str) -> str:
    return re.sub(r"[\s;]", "", command).upper().split(":", 1)[0]


class _Builder:
    """Line-by-line state machine filling one report."""

    def __init__(self, report: MmlReport) -> None:
        self.report = report
        self.section = MmlSection()
        self.record: dict[str, str] = {}
        self.columns: list[tuple[int, str]] | None = None
        self.pending_title: str | None = None
        self.ended = False

    def feed(self, line: str) -> None:
        report = self.report
        if self.ended:
            return
        if report.sequence is None and (om := _OM.match(line)):
            report.sequence = int(om.group(1))
        elif report.command is None and (cmd := _COMMAND.match(line)):
            report.command = cmd.group(1)
        elif report.retcode is None and (ret := _RETCODE.match(line)):
            report.retcode = int(ret.group(1)[:9])
            report.message = ret.group(2).strip()
        elif count := _COUNT.match(line):
            report.result_count = int(count.group(1)[:9])
            self._close_record()
            self.columns = None
        elif _END.match(line):
            self._close_record()
            self.ended = True
        elif not line.strip():
            self._close_record()
            self.columns = None
        elif _DASHES.match(line):
            if self.pending_title is not None:
                self._new_section(self.pending_title)
                self.pending_title = None
        elif report.retcode is not None:
            self._body(line)

    def _body(self, line: str) -> None:
        if self.columns is not None:
            self._row(line)
            return
        kv = _KV.match(line)
        if kv:
            self.pending_title = None
            self.record[norm_key(kv.group(1))] = kv.group(2).strip()
            return
        columns = [(m.start(), m.group(0)) for m in _COLUMN.finditer(line)]
        if len(columns) >= 2 and len(_SPLIT.split(line.strip())) >= 2:
            self._close_record()
            self.columns = columns
            self.pending_title = None
        else:
            self._close_record()
            self.pending_title = line.strip()

    def _row(self, line: str) -> None:
        assert self.columns is not None
        names = [norm_key(name) for _, name in self.columns]
        cells = _SPLIT.split(line.strip())
        if len(cells) != len(names):  # empty or wide cells: fall back to header positions
            starts = [start for start, _ in self.columns] + [len(line) + 1]
            cells = [line[starts[i] : starts[i + 1]].strip() for i in range(len(names))]
        self.section.records.append(dict(zip(names, cells, strict=False)))

    def _close_record(self) -> None:
        if self.record:
            self.section.records.append(self.record)
            self.record = {}

    def _new_section(self, title: str) -> None:
        self._close_record()
        if self.section.records or self.section.title:
            self.report.sections.append(self.section)
        self.section = MmlSection(title=title)

    def flush(self) -> None:
        """Close the open record and section at the end of the frame."""
        self._close_record()
        self.report.sections.append(self.section)

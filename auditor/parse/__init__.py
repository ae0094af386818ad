"""Shared helpers that turn raw device text into `Facts`.

The platform modules (`auditor.platforms.<family>`) own the vendor knowledge; this package owns
what every parser needs and must get right once: bounding and cleaning hostile terminal text
(`text`), reading Huawei MML frames (`mml`), running an ntc-templates template without letting
its exceptions escape (`textfsm`), and assembling a `Facts` record with a `ParseError` as the
only way to fail (`common`).
"""

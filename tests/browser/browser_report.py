"""The end-of-run summary of the browser tests (weights, axe-core, untranslated strings), printed by the
main pytest process also when the tests ran in pytest-xdist workers: each worker hands its findings over
in ``workeroutput``; tests/conftest.py registers this module as a plugin."""
from __future__ import annotations

import json

import pytest

KEY = "hrdap_browser_findings"


def pytest_sessionfinish(session):
    """In a worker: hand this process's findings to the main process."""
    findings = getattr(session.config, "_browser_findings", None)
    if findings is not None and hasattr(session.config, "workeroutput"):
        session.config.workeroutput[KEY] = json.dumps(findings.to_json())


@pytest.hookimpl(optionalhook=True)
def pytest_testnodedown(node, error):
    """In the main process: keep what a finished worker measured."""
    report = getattr(node, "workeroutput", {}).get(KEY)
    if report:
        node.config._browser_reports = getattr(node.config, "_browser_reports", []) + [json.loads(report)]


def pytest_terminal_summary(terminalreporter, config):
    """Print the weights and accessibility results measured by the browser."""
    reports = list(getattr(config, "_browser_reports", []))
    own = getattr(config, "_browser_findings", None)
    if own is not None:
        reports.append(own.to_json())
    if not reports:
        return
    from browser_audit import merge, summary_lines

    terminalreporter.section("browser: weights and accessibility")
    for line in summary_lines(merge(reports)):
        terminalreporter.write_line(line)

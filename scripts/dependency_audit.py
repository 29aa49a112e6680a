#!/usr/bin/env python3
"""Audit the installed dependencies for known vulnerabilities with pip-audit.

Exit 1 if any installed package has a known vulnerability. If the vulnerability database
cannot be reached (this workplace reaches only the package index, whose per-release JSON
with the "vulnerabilities" field is not served here), nothing could be audited: say so
plainly and exit 0 rather than fail CI or pretend the audit passed. Set AUDIT_REQUIRED=1
to make an unreachable database fail too (for a CI that has the network).
"""

import json
import os
import subprocess
import sys


def main() -> int:
    pip_audit = os.path.join(os.path.dirname(sys.executable), "pip-audit")
    service = os.environ.get("AUDIT_SERVICE", "pypi")
    result = subprocess.run(  # noqa: S603 - the venv's own pip-audit, fixed arguments
        [pip_audit, "--progress-spinner", "off", "-s", service, "-f", "json", "--skip-editable"],
        capture_output=True,
        text=True,
        check=False,
    )
    try:
        report = json.loads(result.stdout)
    except json.JSONDecodeError:
        print(result.stdout, result.stderr, sep="\n", file=sys.stderr)
        return _unreachable("pip-audit gave no report")
    dependencies = report.get("dependencies", [])
    audited = [d for d in dependencies if "skip_reason" not in d]
    vulnerable = [d for d in audited if d.get("vulns")]
    for dep in vulnerable:
        for vuln in dep["vulns"]:
            fixes = ", ".join(vuln.get("fix_versions", [])) or "no fix yet"
            print(f"VULNERABLE {dep['name']} {dep['version']}: {vuln['id']} (fixed in {fixes})")
    if vulnerable:
        return 1
    if not audited:
        return _unreachable(f"none of {len(dependencies)} dependencies could be looked up")
    skipped = len(dependencies) - len(audited)
    print(
        f"audit: {len(audited)} dependencies audited, no known vulnerabilities ({skipped} skipped)"
    )
    return 0


def _unreachable(why: str) -> int:
    print(
        f"audit SKIPPED: the vulnerability database ({os.environ.get('AUDIT_SERVICE', 'pypi')})"
        f" is not reachable from here: {why}. Nothing was audited.",
        file=sys.stderr,
    )
    return 1 if os.environ.get("AUDIT_REQUIRED") == "1" else 0


if __name__ == "__main__":
    sys.exit(main())

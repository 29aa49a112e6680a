"""EXPLAIN the queries a page runs and flag scans of large tables where an index would do.

A sequential scan is flagged when the table is large (at least LARGE_ROWS rows) and
the planner expects the scan to keep under SELECTIVE of them: a filter that picks a
few rows out of many is what an index is for. A scan that reads most of a table (all
1,000 talks of the one large conference) is the right plan and is not flagged. Nor is a
scan the planner merely preferred on cost: the query is explained again with sequential
scans disabled, and if an index on that table serves it then, the index exists.
"""

import json
from dataclasses import dataclass
from typing import Any

LARGE_ROWS = 1000
SELECTIVE = 0.2


@dataclass(frozen=True)
class SeqScan:
    table: str
    table_rows: int
    expected_rows: int
    sql: str


def table_sizes(cursor: Any) -> dict[str, int]:
    cursor.execute(
        "SELECT c.relname, c.reltuples::bigint FROM pg_class c "
        "JOIN pg_namespace n ON n.oid = c.relnamespace "
        "WHERE c.relkind = 'r' AND n.nspname = 'public'"
    )
    return {name: int(rows) for name, rows in cursor.fetchall()}


def _walk(plan: dict[str, Any]) -> list[dict[str, Any]]:
    nodes = [plan]
    for child in plan.get("Plans", []):
        nodes.extend(_walk(child))
    return nodes


def _plan(cursor: Any, sql: str) -> dict[str, Any]:
    cursor.execute("EXPLAIN (FORMAT JSON) " + sql)
    raw = cursor.fetchone()[0]
    return (json.loads(raw) if isinstance(raw, str) else raw)[0]["Plan"]


def _served_by_an_index(cursor: Any, sql: str) -> set[str]:
    """Tables an index condition narrows when the planner is told to avoid sequential
    scans (a full index scan with only a filter does not count: no index fits)."""
    cursor.execute("SET enable_seqscan = off")
    try:
        plan = _plan(cursor, sql)
    finally:
        cursor.execute("RESET enable_seqscan")
    return {
        node.get("Relation Name", "")
        for node in _walk(plan)
        if "Index Cond" in node or "Recheck Cond" in node
    }


def selective_seq_scans(cursor: Any, sql: str, sizes: dict[str, int]) -> list[SeqScan]:
    """Sequential scans in ``sql``'s plan that read a large table to keep few rows
    and that no index could replace."""
    if not sql.lstrip().upper().startswith("SELECT"):
        return []
    plan = _plan(cursor, sql)
    found = []
    for node in _walk(plan):
        if node.get("Node Type") != "Seq Scan":
            continue
        table = node.get("Relation Name", "")
        rows = sizes.get(table, 0)
        expected = int(node.get("Plan Rows", 0))
        if rows >= LARGE_ROWS and expected < rows * SELECTIVE:
            found.append(SeqScan(table, rows, expected, sql))
    if found:
        served = _served_by_an_index(cursor, sql)
        found = [scan for scan in found if scan.table not in served]
    return found

// Unit tests of the schedule editor's pure helpers: `node --test tests/js/`
// (run by tests/test_js_modules.py). The browser tests drive the rest.
import assert from "node:assert/strict";
import { test } from "node:test";

import { momentOf, placeClasses, rowOf } from "../../static/js/schedule-editor.js";

const origin = new Date("2015-02-07T08:00:00-06:00");

test("row 2 is the origin and each row is five minutes", () => {
  assert.equal(rowOf(origin, origin, 5), 2);
  assert.equal(rowOf(new Date("2015-02-07T09:00:00-06:00"), origin, 5), 14);
  assert.equal(rowOf(new Date("2015-02-07T09:02:00-06:00"), origin, 5), 14);
  assert.equal(rowOf(new Date("2015-02-07T09:03:00-06:00"), origin, 5), 15);
});

test("a row maps back to its moment, across a DST change in real minutes", () => {
  assert.equal(momentOf(14, origin, 5).toISOString(), "2015-02-07T15:00:00.000Z");
  const dst = new Date("2015-03-08T01:00:00-06:00"); // Chicago springs forward at 02:00
  assert.equal(momentOf(2 + 24, dst, 5).toISOString(), "2015-03-08T09:00:00.000Z");
});

function fakeElement(classes) {
  const names = new Set(classes);
  return {
    classList: {
      add: (...more) => more.forEach((name) => names.add(name)),
      remove: (name) => names.delete(name),
      [Symbol.iterator]: () => names.values(),
    },
    names,
  };
}

test("placing a card swaps only its grid classes", () => {
  const card = fakeElement(["ed-slot", "gr-2", "gre-8", "gc-3", "track-data", "has-conflict"]);
  placeClasses(card, 14, 20, 5);
  assert.deepEqual([...card.names].sort(), ["ed-slot", "gc-5", "gr-14", "gre-20", "has-conflict", "track-data"]);
});

test("a card without a column spans every room", () => {
  const card = fakeElement(["ed-slot", "gr-2", "gre-8", "gc-3"]);
  placeClasses(card, 4, 16, null);
  assert.deepEqual([...card.names].sort(), ["ed-slot", "gc-all", "gr-4", "gre-16"]);
});

test("availability: absent is anywhere, else inside one stretch", async () => {
  const { outsideWindows, parseWindows, unavailableRuns } = await import(
    "../../static/js/schedule-editor.js"
  );
  assert.equal(parseWindows(undefined), null);
  assert.deepEqual(parseWindows(""), []);
  const windows = parseWindows("2015-02-07T15:00:00+00:00/2015-02-07T16:00:00+00:00");
  const at = (hhmm) => new Date(`2015-02-07T${hhmm}:00-06:00`);
  assert.equal(outsideWindows(null, at("07:00"), at("08:00")), false);
  assert.equal(outsideWindows(windows, at("09:00"), at("09:30")), false);
  assert.equal(outsideWindows(windows, at("09:45"), at("10:15")), true);
  assert.equal(outsideWindows([], at("09:00"), at("09:30")), true);
  // Rows of 30 minutes from 08:00: 08:00–09:00 and 10:00–11:00 are outside 09:00–10:00.
  assert.deepEqual(unavailableRuns(windows, at("08:00"), 30, 6), [[2, 4], [6, 8]]);
  assert.deepEqual(unavailableRuns(null, at("08:00"), 30, 6), []);
});

// The schedule editor's script: pointer and keyboard editing of the server-rendered board
// (templates/talks/editor/). Every change is one call to the API's slot endpoints with
// If-Match; the board is then fetched again (and polled, with If-None-Match) so the
// server's layout and conflicts are the only ones. No inline styles: cards are placed
// with the grid classes gr-N, gre-N and gc-N (static/css/schedule-grid.css).

const MINUTE = 60_000;
const POLL_MS = 3000;
const EDGE = 48; // px from the scroller's edge where a drag scrolls it

export function rowOf(moment, origin, rowMinutes) {
  return 2 + Math.round((moment - origin) / (rowMinutes * MINUTE));
}

export function momentOf(row, origin, rowMinutes) {
  return new Date(origin.getTime() + (row - 2) * rowMinutes * MINUTE);
}

export function placeClasses(element, rowStart, rowEnd, column) {
  for (const name of [...element.classList]) {
    if (/^(gr|gre|gc)-/.test(name)) element.classList.remove(name);
  }
  element.classList.add(`gr-${rowStart}`, `gre-${rowEnd}`, column ? `gc-${column}` : "gc-all");
}

// A card's data-available: "start/end" stretches (ISO) where all its speakers said they
// can be; null when the attribute is absent (nobody said: anywhere is fine).
export function parseWindows(text) {
  if (text === undefined || text === null) return null;
  return text.split(" ").filter(Boolean).map((pair) => {
    const [start, end] = pair.split("/");
    return { start: new Date(start), end: new Date(end) };
  });
}

// The server's rule (talks/scheduling.py): inside one stretch, or outside.
export function outsideWindows(windows, start, end) {
  return windows !== null && !windows.some((w) => w.start <= start && end <= w.end);
}

// Runs of rows [first, last) outside the windows, for shading.
export function unavailableRuns(windows, origin, rowMinutes, rows) {
  const runs = [];
  if (windows === null) return runs;
  for (let row = 2; row < rows + 2; row += 1) {
    const outside = outsideWindows(windows, momentOf(row, origin, rowMinutes),
      momentOf(row + 1, origin, rowMinutes));
    const last = runs[runs.length - 1];
    if (outside && last && last[1] === row) last[1] = row + 1;
    else if (outside) runs.push([row, row + 1]);
  }
  return runs;
}

class Editor {
  constructor(root) {
    this.root = root;
    this.api = root.dataset.api;
    this.boardUrl = root.dataset.board;
    this.csrf = root.dataset.csrf;
    this.status = document.getElementById("ed-status");
    this.board = document.getElementById("ed-board");
    this.undoButton = document.getElementById("ed-undo");
    this.clock = new Intl.DateTimeFormat("en-GB", {
      timeZone: root.dataset.timezone, hour: "2-digit", minute: "2-digit", hourCycle: "h23",
    });
    this.undoStack = [];
    this.busy = false;
    this.writes = 0; // changes sent so far: a board fetched before the latest is stale
    this.drag = null;
    this.pick = null;
    this.boardEtag = null;
    this.pendingFocus = null; // the card to focus when the board next arrives
    this.timings = []; // per change: ms to the card in place, and to the server's board
    this.slowestMoveMs = 0; // the longest a pointer move took to answer while dragging
    window.scheduleEditor = this; // for the browser tests' timings
    this.bind();
    this.schedulePoll();
  }

  // The board's geometry, read afresh: the board is replaced after every change.
  get grid() { return document.getElementById("ed-grid"); }
  get scroller() { return document.getElementById("ed-scroller"); }

  geometry() {
    const grid = this.grid;
    const origin = new Date(grid.dataset.origin);
    const rowMinutes = Number(grid.dataset.rowMinutes);
    const rows = Number(grid.dataset.rows);
    // The first time mark starts at row 2 (the origin); every row after the header is
    // grid-auto-rows high (a mark spans the rows up to the next one).
    const top = grid.querySelector(".ed-time").getBoundingClientRect().top;
    const rowHeight = parseFloat(getComputedStyle(grid).gridAutoRows);
    const columns = [...grid.querySelectorAll(".ed-room")].map((el) => {
      const rect = el.getBoundingClientRect();
      return { room: el.dataset.room, column: Number(el.dataset.column), name: el.dataset.name,
        left: rect.left, right: rect.right };
    });
    return { origin, rowMinutes, rows, rowHeight, top, columns };
  }

  rowAt(y, geo) {
    const row = 2 + Math.floor((y - geo.top) / geo.rowHeight);
    return Math.max(2, Math.min(geo.rows + 1, row));
  }

  columnAt(x, geo) {
    return geo.columns.find((c) => x >= c.left && x < c.right) || null;
  }

  columnOfRoom(room, geo) {
    return geo.columns.find((c) => c.room === room) || null;
  }

  // What a card or a list item stands for.
  itemOf(element, geo) {
    if (element.classList.contains("ed-talk")) {
      const rows = Math.max(1, Math.round(Number(element.dataset.minutes) / geo.rowMinutes));
      return { kind: "talk", element, talk: element.dataset.talk, title: element.dataset.title,
        rows, speakers: element.dataset.speakers || "",
        available: parseWindows(element.dataset.available) };
    }
    const start = new Date(element.dataset.start);
    const end = new Date(element.dataset.end);
    const rowStart = rowOf(start, geo.origin, geo.rowMinutes);
    return { kind: "slot", element, id: element.dataset.slot, etag: element.dataset.etag,
      title: element.dataset.title, room: element.dataset.room, talk: element.dataset.talk,
      start, end, rowStart, rows: Math.max(1, rowOf(end, geo.origin, geo.rowMinutes) - rowStart),
      speakers: element.dataset.speakers || "", available: parseWindows(element.dataset.available) };
  }

  describe(target, geo) {
    const start = momentOf(target.rowStart, geo.origin, geo.rowMinutes);
    const end = momentOf(target.rowStart + target.rows, geo.origin, geo.rowMinutes);
    const where = target.column ? target.column.name : "all rooms";
    return `${where}, ${this.clock.format(start)} to ${this.clock.format(end)}`;
  }

  // Said with each keyboard move: the shading alone does not reach a screen reader.
  availabilityNote(item, target, geo) {
    const start = momentOf(target.rowStart, geo.origin, geo.rowMinutes);
    const end = momentOf(target.rowStart + target.rows, geo.origin, geo.rowMinutes);
    return outsideWindows(item.available || null, start, end)
      ? " Outside the speaker's availability." : "";
  }

  say(message, tone = "info") {
    this.status.textContent = message;
    this.status.className = `ed-status is-${tone}`;
  }

  // ---- writes --------------------------------------------------------------------------
  async send(method, url, body, etag) {
    const headers = { "X-CSRFToken": this.csrf, Accept: "application/json" };
    if (body) headers["Content-Type"] = "application/json";
    if (etag) headers["If-Match"] = etag;
    const response = await fetch(url, {
      method, headers, credentials: "same-origin", body: body ? JSON.stringify(body) : undefined,
    });
    let data = null;
    if (response.status !== 204 && response.status !== 304) {
      try { data = await response.json(); } catch { data = null; }
    }
    return { status: response.status, data, etag: response.headers.get("ETag") };
  }

  refusal(data) {
    if (!data) return "The server refused the change.";
    const details = Object.values(data.errors || {}).flat().join(" ");
    return details || data.message || "The server refused the change.";
  }

  slotUrl(id) { return `${this.api}${id}/`; }

  // Apply one change to the work in progress: "create", "update" or "delete".
  async apply(change, { undoing = false } = {}) {
    this.busy = true;
    this.writes += 1;
    this.root.dataset.settling = "1"; // until the server's board after this change is in
    const dropped = performance.now();
    let result;
    if (change.type === "create") {
      result = await this.send("POST", this.api, change.fields);
    } else if (change.type === "update") {
      result = await this.send("PATCH", this.slotUrl(change.id), change.fields, change.etag);
    } else {
      result = await this.send("DELETE", this.slotUrl(change.id), null, change.etag);
    }
    const ok = result.status >= 200 && result.status < 300;
    let message = [change.done, "info"];
    if (result.status === 412) {
      message = await this.explainConflict(change);
    } else if (result.status === 404 && change.id) {
      message = [`“${change.title}” was removed by someone else meanwhile; nothing was changed.`, "error"];
    } else if (!ok) {
      message = [`Not placed: ${this.refusal(result.data)}`, "error"];
    } else if (!undoing) {
      this.remember(change, result.data);
    }
    this.pendingFocus = change.focus || (result.data && String(result.data.id)) || null;
    if (ok) {
      this.settle(change, result);
    } else {
      // Refused: the server's board puts back what was moved before anything else starts.
      await this.refresh({ force: true });
    }
    this.timings.push({ type: change.type, confirmedMs: performance.now() - dropped, ok });
    this.busy = false;
    this.say(...message);
    const writes = this.writes;
    const settled = () => { if (this.writes === writes) delete this.root.dataset.settling; };
    if (ok) {
      this.refresh({ force: true }).catch(() => {}).finally(settled); // conflicts, the list
    } else {
      settled();
    }
    return ok;
  }

  // The card as the server stored it, at once; the board's refresh brings the rest.
  settle(change, result) {
    if (change.type === "delete") {
      const card = document.getElementById(`ed-slot-${change.id}`);
      if (card) card.hidden = true;
      return;
    }
    if (change.type === "create") {
      const listed = change.fields.talk &&
        this.board.querySelector(`.ed-talk[data-talk="${change.fields.talk}"]`);
      if (listed) listed.hidden = true;
      return;
    }
    const card = document.getElementById(`ed-slot-${change.id}`);
    const data = result.data;
    if (!card || !data) return;
    const geo = this.geometry();
    card.dataset.etag = result.etag || "";
    card.dataset.start = data.start;
    card.dataset.end = data.end;
    card.dataset.room = data.room === null ? "" : String(data.room);
    const start = new Date(data.start);
    const end = new Date(data.end);
    const column = data.room === null ? null : this.columnOfRoom(String(data.room), geo);
    placeClasses(card, rowOf(start, geo.origin, geo.rowMinutes), rowOf(end, geo.origin, geo.rowMinutes),
      column && column.column);
    const when = card.querySelector(".ed-when");
    if (when && when.firstChild) {
      when.firstChild.textContent = `${this.clock.format(start)}–${this.clock.format(end)}`;
    }
  }

  async explainConflict(change) {
    const { status, data } = await this.send("GET", this.slotUrl(change.id));
    if (status !== 200 || !data) {
      return [`“${change.title}” was removed by someone else meanwhile; nothing was changed.`, "error"];
    }
    const geo = this.geometry();
    const column = data.room === null ? null : this.columnOfRoom(String(data.room), geo);
    const where = column ? column.name : "all rooms";
    const start = this.clock.format(new Date(data.start));
    const end = this.clock.format(new Date(data.end));
    return [
      `Someone else changed “${data.title}” meanwhile: it is now in ${where}, ${start} to ${end}. ` +
      "Your change was not applied; the grid shows their version.",
      "error",
    ];
  }

  remember(change, data) {
    let inverse;
    if (change.type === "create") {
      inverse = { type: "delete", id: String(data.id), title: change.title, done: `Undone: “${change.title}” unscheduled again.` };
    } else if (change.type === "update") {
      inverse = { type: "update", id: change.id, title: change.title, fields: change.before,
        done: `Undone: “${change.title}” is back where it was.`, focus: change.id };
    } else {
      inverse = { type: "create", title: change.title, fields: change.before,
        done: `Undone: “${change.title}” is back on the grid.` };
    }
    this.undoStack.push(inverse);
    if (this.undoButton) this.undoButton.disabled = false;
  }

  async undo() {
    const inverse = this.undoStack.pop();
    if (this.undoButton) this.undoButton.disabled = this.undoStack.length === 0;
    if (!inverse || this.busy) return;
    if (inverse.id) {
      const card = document.getElementById(`ed-slot-${inverse.id}`);
      inverse.etag = card ? card.dataset.etag : undefined;
      if (inverse.type === "update" && !card) {
        this.say(`Cannot undo: “${inverse.title}” is not on this day any more.`, "error");
        return;
      }
    }
    await this.apply(inverse, { undoing: true });
  }

  // The change a drop or an Enter makes, from where the item is and where it goes.
  changeFor(item, target, geo) {
    const start = momentOf(target.rowStart, geo.origin, geo.rowMinutes).toISOString();
    const end = momentOf(target.rowStart + target.rows, geo.origin, geo.rowMinutes).toISOString();
    const room = target.column ? Number(target.column.room) : null;
    const place = this.describe(target, geo);
    if (item.kind === "talk") {
      return { type: "create", title: item.title, fields: { talk: item.talk, room, start, end },
        done: `Placed “${item.title}”: ${place}.` };
    }
    const before = { start: item.start.toISOString(), end: item.end.toISOString(),
      room: item.room ? Number(item.room) : null };
    if (before.start === start && before.end === end && before.room === room) return null;
    return { type: "update", id: item.id, etag: item.etag, title: item.title, focus: item.id,
      fields: { start, end, room }, before, done: `Moved “${item.title}”: ${place}.` };
  }

  unscheduleChange(item) {
    const before = { start: item.start.toISOString(), end: item.end.toISOString(),
      room: item.room ? Number(item.room) : null };
    if (item.talk) before.talk = item.talk; else before.title = item.title;
    return { type: "delete", id: item.id, etag: item.etag, title: item.title, before,
      focus: item.talk || null, done: `Unscheduled “${item.title}”.` };
  }

  // ---- the board ---------------------------------------------------------------------
  async refresh({ force = false } = {}) {
    const headers = { Accept: "text/html" };
    if (this.boardEtag && !force) headers["If-None-Match"] = this.boardEtag;
    const writes = this.writes;
    const response = await fetch(this.boardUrl, { headers, credentials: "same-origin" });
    if (response.status === 304 || !response.ok) return false;
    const html = await response.text();
    if (this.drag || this.pick) return false; // never pull the board from under a move
    // A change sent while this board was on its way: its cards carry the old ETags, and
    // the next move would be refused as if someone else had changed the slot.
    if (this.writes !== writes) return false;
    this.boardEtag = response.headers.get("ETag");
    const active = document.activeElement;
    const lost = !active || active === document.body || this.board.contains(active);
    const focusId = this.pendingFocus || (active && (active.dataset.slot || active.dataset.talk));
    this.pendingFocus = null;
    const scroll = this.scroller ? [this.scroller.scrollLeft, this.scroller.scrollTop] : null;
    this.board.innerHTML = html;
    if (scroll && this.scroller) [this.scroller.scrollLeft, this.scroller.scrollTop] = scroll;
    if (focusId && lost) {
      const again = this.board.querySelector(
        `[data-slot="${focusId}"], .ed-talk[data-talk="${focusId}"]`,
      );
      if (again) again.focus({ preventScroll: true });
    }
    return true;
  }

  schedulePoll() {
    window.setTimeout(async () => {
      if (!this.busy && !this.drag && !this.pick && document.visibilityState === "visible") {
        try { await this.refresh(); } catch { /* offline for a moment: try again later */ }
      }
      this.schedulePoll();
    }, POLL_MS);
  }

  // ---- the ghost: where the item would go -------------------------------------------
  showGhost(item, target, geo) {
    let ghost = this.grid.querySelector(".ed-ghost");
    if (!ghost) {
      ghost = document.createElement("div");
      ghost.className = "ed-ghost";
      ghost.setAttribute("aria-hidden", "true");
      this.grid.append(ghost);
    }
    placeClasses(ghost, target.rowStart, target.rowStart + target.rows, target.column && target.column.column);
    ghost.textContent = `${item.title} · ${this.describe(target, geo)}`;
    ghost.hidden = false;
    return ghost;
  }

  hideGhost() {
    const ghost = this.grid && this.grid.querySelector(".ed-ghost");
    if (ghost) ghost.remove();
  }

  // The rows outside the dragged talk's speakers' availability, as hatched bands.
  shadeAvailability(item, on, geo) {
    for (const band of this.grid.querySelectorAll(".ed-unavailable")) band.remove();
    if (!on || !item.available) return;
    for (const [first, last] of unavailableRuns(item.available, geo.origin, geo.rowMinutes, geo.rows)) {
      const band = document.createElement("div");
      band.className = "ed-unavailable";
      band.setAttribute("aria-hidden", "true");
      placeClasses(band, first, last, null);
      this.grid.append(band);
    }
  }

  shadeSpeakers(item, on) {
    const mine = new Set((item.speakers || "").split(" ").filter(Boolean));
    for (const card of this.grid.querySelectorAll(".ed-slot")) {
      const busy = on && card !== item.element &&
        (card.dataset.speakers || "").split(" ").some((id) => mine.has(id));
      card.classList.toggle("is-speaker-busy", busy);
    }
  }

  // ---- pointer ---------------------------------------------------------------------
  bind() {
    this.board.addEventListener("pointerdown", (event) => this.pointerDown(event));
    this.board.addEventListener("keydown", (event) => this.keyDown(event));
    document.addEventListener("keydown", (event) => {
      if (event.key === "Escape" && this.drag) {
        event.preventDefault();
        this.cancelDrag();
        return;
      }
      if ((event.ctrlKey || event.metaKey) && event.key === "z" && !this.pick) {
        event.preventDefault();
        this.undo();
      }
    });
    if (this.undoButton) this.undoButton.addEventListener("click", () => this.undo());
    const breakForm = document.getElementById("ed-break-form");
    if (breakForm) {
      breakForm.hidden = false;
      breakForm.addEventListener("submit", (event) => this.addBreak(event, breakForm));
    }
  }

  pointerDown(event) {
    const element = event.target.closest("button.ed-slot, button.ed-talk");
    if (!element || event.button !== 0 || this.busy || this.pick) return;
    const geo = this.geometry();
    const item = this.itemOf(element, geo);
    const resizing = Boolean(event.target.closest(".ed-resize"));
    const grabRow = item.kind === "slot" ? this.rowAt(event.clientY, geo) - item.rowStart : 0;
    this.drag = { item, geo, resizing, grabRow, x: event.clientX, y: event.clientY, started: false,
      target: null, overList: false };
    element.setPointerCapture(event.pointerId);
    const move = (e) => this.pointerMove(e);
    const up = (e) => {
      element.removeEventListener("pointermove", move);
      element.removeEventListener("pointerup", up);
      element.removeEventListener("pointercancel", up);
      this.pointerUp(e, e.type === "pointercancel");
    };
    element.addEventListener("pointermove", move);
    element.addEventListener("pointerup", up);
    element.addEventListener("pointercancel", up);
  }

  pointerMove(event) {
    const drag = this.drag;
    if (!drag) return;
    if (!drag.started) {
      if (Math.hypot(event.clientX - drag.x, event.clientY - drag.y) < 5) return;
      drag.started = true;
      drag.item.element.classList.add("is-dragging");
      this.shadeSpeakers(drag.item, true);
      this.shadeAvailability(drag.item, true, drag.geo);
    }
    drag.pointer = [event.clientX, event.clientY];
    const started = performance.now();
    this.autoScroll();
    this.track(event.clientX, event.clientY);
    this.slowestMoveMs = Math.max(this.slowestMoveMs, performance.now() - started);
  }

  track(x, y) {
    const drag = this.drag;
    const geo = this.geometry(); // the grid may have scrolled
    drag.geo = geo;
    const list = document.getElementById("ed-unscheduled").getBoundingClientRect();
    drag.overList = drag.item.kind === "slot" && !drag.resizing &&
      x >= list.left && x < list.right && y >= list.top && y < list.bottom;
    document.getElementById("ed-unscheduled").classList.toggle("is-drop-target", drag.overList);
    const item = drag.item;
    let target = null;
    if (drag.resizing) {
      const rows = Math.max(1, this.rowAt(y, geo) - item.rowStart + 1);
      target = { rowStart: item.rowStart, rows, column: item.room ? this.columnOfRoom(item.room, geo) : null };
    } else if (!drag.overList) {
      const isBreak = item.kind === "slot" && !item.room;
      const column = isBreak ? null : this.columnAt(x, geo);
      if (isBreak || column) {
        const rowStart = Math.max(2, Math.min(geo.rows + 2 - item.rows, this.rowAt(y, geo) - drag.grabRow));
        target = { rowStart, rows: item.rows, column };
      }
    }
    drag.target = target;
    if (target) this.showGhost(item, target, geo); else this.hideGhost();
  }

  autoScroll() {
    const drag = this.drag;
    if (!drag || drag.scrolling) return;
    const step = () => {
      if (!this.drag || !this.drag.pointer) { drag.scrolling = false; return; }
      const [x, y] = this.drag.pointer;
      const box = this.scroller.getBoundingClientRect();
      const dx = x < box.left + EDGE ? -12 : x > box.right - EDGE ? 12 : 0;
      const dy = y < box.top + EDGE ? -12 : y > box.bottom - EDGE ? 12 : 0;
      const inside = x >= box.left - EDGE && x <= box.right + EDGE && y >= box.top - EDGE && y <= box.bottom + EDGE;
      if ((dx || dy) && inside) {
        this.scroller.scrollBy(dx, dy);
        this.track(x, y);
        window.requestAnimationFrame(step);
      } else {
        drag.scrolling = false;
      }
    };
    drag.scrolling = true;
    window.requestAnimationFrame(step);
  }

  cancelDrag() {
    const drag = this.drag;
    document.getElementById("ed-unscheduled").classList.remove("is-drop-target");
    drag.item.element.classList.remove("is-dragging");
    this.shadeSpeakers(drag.item, false);
    this.shadeAvailability(drag.item, false);
    this.hideGhost();
    this.drag = null; // the pointer's release then does nothing
    this.say(`Cancelled: “${drag.item.title}” stays where it was.`);
  }

  async pointerUp(event, cancelled) {
    const drag = this.drag;
    if (!drag) return;
    document.getElementById("ed-unscheduled").classList.remove("is-drop-target");
    drag.item.element.classList.remove("is-dragging");
    this.shadeSpeakers(drag.item, false);
    this.shadeAvailability(drag.item, false);
    this.drag = null;
    if (!drag.started || cancelled) { this.hideGhost(); return; }
    const dropped = performance.now();
    let change = null;
    if (drag.overList) {
      change = this.unscheduleChange(drag.item);
      drag.item.element.hidden = true;
    } else if (drag.target) {
      change = this.changeFor(drag.item, drag.target, drag.geo);
      if (change) this.showInPlace(drag.item, drag.target);
    }
    this.hideGhost();
    this.timings.push({ type: "placed", placedMs: performance.now() - dropped });
    if (change) await this.apply(change);
  }

  // The card where it was dropped, before the server answers (the refresh confirms it).
  showInPlace(item, target) {
    let card = item.element;
    if (item.kind === "talk") {
      card = document.createElement("div");
      card.className = "ed-slot is-pending";
      card.setAttribute("aria-hidden", "true");
      card.textContent = item.title;
      this.grid.append(card);
    }
    placeClasses(card, target.rowStart, target.rowStart + target.rows, target.column && target.column.column);
  }

  // ---- keyboard ----------------------------------------------------------------------
  keyDown(event) {
    const element = event.target.closest("button.ed-slot, button.ed-talk");
    if (!element) return;
    if (this.pick) {
      this.pickKey(event);
      return;
    }
    if (event.key === "Enter" || event.key === " ") {
      event.preventDefault();
      if (!this.busy) this.pickUp(element);
    } else if ((event.key === "Delete" || event.key === "Backspace") && element.classList.contains("ed-slot")) {
      event.preventDefault();
      if (!this.busy) this.apply(this.unscheduleChange(this.itemOf(element, this.geometry())));
    }
  }

  pickUp(element) {
    const geo = this.geometry();
    const item = this.itemOf(element, geo);
    let target;
    if (item.kind === "talk") {
      target = { rowStart: 2, rows: item.rows, column: geo.columns[0] }; // the day's first hour
    } else {
      target = { rowStart: item.rowStart, rows: item.rows,
        column: item.room ? this.columnOfRoom(item.room, geo) : null };
    }
    this.pick = { item, target, geo };
    element.classList.add("is-picked");
    this.shadeSpeakers(item, true);
    this.shadeAvailability(item, true, geo);
    const ghost = this.showGhost(item, target, geo);
    ghost.scrollIntoView({ block: "nearest", inline: "nearest" });
    this.say(`Picked up “${item.title}”: ${this.describe(target, geo)}.` +
      `${this.availabilityNote(item, target, geo)} Arrow keys move it, ` +
      "Shift with up and down changes its length, Enter places it, Escape cancels.");
  }

  pickKey(event) {
    const { item, target, geo } = this.pick;
    const columns = geo.columns;
    const index = target.column ? columns.indexOf(target.column) : -1;
    const key = event.key;
    if (key === "Escape") {
      event.preventDefault();
      this.drop(false);
      this.say(`Cancelled: “${item.title}” stays where it was.`);
      return;
    }
    if (key === "Enter" || key === " ") {
      event.preventDefault();
      this.drop(true);
      return;
    }
    const isBreak = item.kind === "slot" && !item.room;
    if (key === "ArrowLeft" && !isBreak && index > 0) target.column = columns[index - 1];
    else if (key === "ArrowRight" && !isBreak && index < columns.length - 1) target.column = columns[index + 1];
    else if (key === "ArrowUp" && event.shiftKey) target.rows = Math.max(1, target.rows - 1);
    else if (key === "ArrowDown" && event.shiftKey) target.rows = Math.min(geo.rows + 2 - target.rowStart, target.rows + 1);
    else if (key === "ArrowUp") target.rowStart = Math.max(2, target.rowStart - 1);
    else if (key === "ArrowDown") target.rowStart = Math.min(geo.rows + 2 - target.rows, target.rowStart + 1);
    else if (key === "Tab") { event.preventDefault(); return; }
    else return;
    event.preventDefault();
    const ghost = this.showGhost(item, target, geo);
    ghost.scrollIntoView({ block: "nearest", inline: "nearest" });
    this.say(this.describe(target, geo) + this.availabilityNote(item, target, geo));
  }

  drop(place) {
    const { item, target, geo } = this.pick;
    item.element.classList.remove("is-picked");
    this.shadeSpeakers(item, false);
    this.shadeAvailability(item, false);
    this.hideGhost();
    this.pick = null;
    if (!place) return;
    const change = this.changeFor(item, target, geo);
    if (!change) { this.say(`“${item.title}” did not move.`); return; }
    const dropped = performance.now();
    this.showInPlace(item, target);
    this.timings.push({ type: "placed", placedMs: performance.now() - dropped });
    this.apply(change);
  }

  // ---- breaks across every room -------------------------------------------------------
  async addBreak(event, form) {
    event.preventDefault();
    const data = new FormData(form);
    const day = this.grid.dataset.origin.slice(0, 10);
    const offset = this.grid.dataset.origin.slice(19);
    const start = new Date(`${day}T${data.get("start")}:00${offset}`);
    const minutes = Number(data.get("minutes"));
    if (!data.get("title") || Number.isNaN(start.getTime()) || !(minutes > 0)) {
      this.say("Give the break a title, a start time and a length in minutes.", "error");
      return;
    }
    const end = new Date(start.getTime() + minutes * MINUTE);
    await this.apply({ type: "create", title: data.get("title"),
      fields: { title: data.get("title"), room: null, start: start.toISOString(), end: end.toISOString() },
      done: `Added “${data.get("title")}” across every room.` });
  }
}

// Imported by the unit tests (tests/js/) without a page: start only in a browser.
const root = typeof document === "undefined" ? null : document.getElementById("ed-editor");
if (root) new Editor(root);

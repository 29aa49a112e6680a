// The day grid's scroll cue: the server guesses how many rooms lie off to the side;
// this counts them for the real width, and again as the grid scrolls.
(function () {
  "use strict";

  function roomsOutOfView(scroller) {
    var edge = scroller.getBoundingClientRect().right;
    var hidden = 0;
    Array.prototype.forEach.call(scroller.querySelectorAll(".grid-room"), function (room) {
      if (room.getBoundingClientRect().right > edge + 1) { hidden += 1; }
    });
    return hidden;
  }

  function updateCue(scroller, cue) {
    // On a phone the grid is a list and every room is in it.
    if (scroller.scrollWidth <= scroller.clientWidth) { cue.textContent = "All rooms shown"; return; }
    var hidden = roomsOutOfView(scroller);
    cue.textContent = hidden === 0 ? "No more rooms to the right" :
      hidden + (hidden === 1 ? " more room" : " more rooms");
  }

  document.addEventListener("DOMContentLoaded", function () {
    var scroller = document.querySelector(".schedule-scroll");
    var cue = document.querySelector("[data-scroll-cue]");
    if (!scroller || !cue) { return; }
    var pending = false;
    function later() {
      if (pending) { return; }
      pending = true;
      window.requestAnimationFrame(function () { pending = false; updateCue(scroller, cue); });
    }
    scroller.addEventListener("scroll", later, { passive: true });
    window.addEventListener("resize", later);
    updateCue(scroller, cue);
  });
})();

// The now line, placed by the server, moves on while the page stays open (five-minute
// rows, as talks.views.schedule_grid lays them out); past the day's end it goes away.
(function () {
  "use strict";
  var ROW_MINUTES = 5;

  function move(line) {
    var origin = Date.parse(line.getAttribute("data-origin"));
    var lastRow = parseInt(line.getAttribute("data-last-row"), 10);
    var now = new Date();
    var row = 2 + Math.floor((now.getTime() - origin) / (ROW_MINUTES * 60000));
    if (isNaN(row) || row < 2 || row >= lastRow) { line.hidden = true; return; }
    line.className = line.className.replace(/\bgr-\d+ gre-\d+/, "gr-" + row + " gre-" + (row + 1));
    var time = line.querySelector("time");
    if (time && window.Intl) {
      time.textContent = new Intl.DateTimeFormat("en-GB", {
        hour: "2-digit", minute: "2-digit", timeZone: line.getAttribute("data-zone")
      }).format(now);
      time.setAttribute("datetime", now.toISOString().replace(/\.\d+Z$/, "Z"));
    }
  }

  document.addEventListener("DOMContentLoaded", function () {
    var line = document.querySelector("#now[data-origin]");
    if (!line) { return; }
    window.setInterval(function () { move(line); }, 60000);
  });
})();

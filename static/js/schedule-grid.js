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

// Hallway's only script: it enhances pages that work without it.
(function () {
  "use strict";

  // "I'm going" without a page reload; the form still posts normally if this fails.
  function enhanceGoingForm(form) {
    form.addEventListener("submit", function (event) {
      if (!window.fetch) { return; }
      event.preventDefault();
      var button = form.querySelector("button");
      var action = form.querySelector("input[name=action]");
      button.disabled = true;
      // getAttribute: the form's "action" input shadows the form.action property.
      fetch(form.getAttribute("action"), {
        method: "POST",
        body: new FormData(form),
        headers: { "Accept": "application/json" },
        credentials: "same-origin"
      }).then(function (response) {
        if (!response.ok) { throw new Error("HTTP " + response.status); }
        return response.json();
      }).then(function (data) {
        action.value = data.going ? "remove" : "add";
        button.textContent = data.going ? "✓ I'm going" : "I'm going";
        button.setAttribute("aria-pressed", data.going ? "true" : "false");
        button.classList.toggle("is-going", data.going);
        var count = document.querySelector("[data-going-count]");
        if (count) { count.textContent = String(data.count); }
        var label = document.querySelector("[data-going-label]");
        if (label) { label.textContent = data.label; }
        button.disabled = false;
      }).catch(function () {
        button.disabled = false;
        form.submit();
      });
    });
  }

  function showOfflineState() {
    var notice = document.getElementById("offline-notice");
    if (notice) { notice.hidden = navigator.onLine !== false; }
  }

  // Logging out forgets the pages saved for offline use: they include the personal schedule.
  function forgetOfflineCopies() {
    if (window.caches) { window.caches.delete("hallway-v1"); }
  }

  document.addEventListener("DOMContentLoaded", function () {
    Array.prototype.forEach.call(document.querySelectorAll("form[data-going-form]"), enhanceGoingForm);
    Array.prototype.forEach.call(document.querySelectorAll("form[data-logout-form]"), function (form) {
      form.addEventListener("submit", forgetOfflineCopies);
    });
    showOfflineState();
  });
  window.addEventListener("online", showOfflineState);
  window.addEventListener("offline", showOfflineState);

  if ("serviceWorker" in navigator && window.isSecureContext) {
    window.addEventListener("load", function () {
      navigator.serviceWorker.register("/sw.js", { scope: "/" }).catch(function () {});
      // Save the pages marked data-offline (the schedule's days) for a failing Wi-Fi.
      navigator.serviceWorker.ready.then(function (registration) {
        var urls = Array.prototype.map.call(
          document.querySelectorAll("a[data-offline]"), function (a) { return a.getAttribute("href"); });
        if (urls.length && registration.active) {
          registration.active.postMessage({ type: "cache-urls", urls: urls });
        }
      });
    });
    navigator.serviceWorker.addEventListener("message", function (event) {
      if (event.data && event.data.type === "served-from-cache") {
        var notice = document.getElementById("offline-notice");
        if (notice) { notice.hidden = false; }
      }
    });
  }
})();

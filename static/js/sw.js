// Hallway's service worker: conference Wi-Fi fails, so keep what was read readable.
// Static files: stale-while-revalidate. Pages (schedules, talks, the personal schedule):
// the network first, with the saved copy when the network fails or takes over 4 seconds,
// so a moved talk or a just-added "I'm going" is never hidden behind an old copy.
"use strict";
var CACHE = "hallway-v1";
var NETWORK_TIMEOUT_MS = 4000;
var OFFLINE_PATHS = [/^\/conferences\//, /^\/speakers\//, /^\/me\/schedule\/$/, /^\/static\//, /^\/$/];

self.addEventListener("install", function () { self.skipWaiting(); });
self.addEventListener("activate", function (event) {
  event.waitUntil(caches.keys().then(function (keys) {
    return Promise.all(keys.filter(function (k) { return k !== CACHE; }).map(function (k) { return caches.delete(k); }));
  }).then(function () { return self.clients.claim(); }));
});

function cacheable(request) {
  if (request.method !== "GET") { return false; }
  var url = new URL(request.url);
  if (url.origin !== self.location.origin) { return false; }
  return OFFLINE_PATHS.some(function (pattern) { return pattern.test(url.pathname); });
}

function tellPageItIsASavedCopy(event) {
  var id = event.resultingClientId || event.clientId;
  if (!id) { return; }
  self.clients.get(id).then(function (client) {
    if (client) { client.postMessage({ type: "served-from-cache" }); }
  });
}

// A page asks for the pages it links to for offline use (a conference's schedule days).
self.addEventListener("message", function (event) {
  var data = event.data || {};
  if (data.type !== "cache-urls" || !Array.isArray(data.urls)) { return; }
  var urls = data.urls.filter(function (url) {
    return cacheable(new Request(new URL(url, self.location.origin).href));
  }).slice(0, 20);
  event.waitUntil(caches.open(CACHE).then(function (cache) {
    return Promise.all(urls.map(function (url) {
      return cache.match(url).then(function (hit) { return hit || cache.add(url).catch(function () {}); });
    }));
  }));
});

self.addEventListener("fetch", function (event) {
  var request = event.request;
  if (!cacheable(request)) { return; }
  var isStatic = new URL(request.url).pathname.indexOf("/static/") === 0;
  event.respondWith(caches.open(CACHE).then(function (cache) {
    return cache.match(request).then(function (cached) {
      var network = fetch(request).then(function (response) {
        if (response.ok) { cache.put(request, response.clone()); }
        return response;
      });
      if (!cached) { return network; }
      if (isStatic) {
        // Stale-while-revalidate: the saved file now, a fresh one for next time.
        event.waitUntil(network.catch(function () {}));
        return cached;
      }
      var timeout = new Promise(function (resolve, reject) {
        setTimeout(function () { reject(new Error("slow network")); }, NETWORK_TIMEOUT_MS);
      });
      return Promise.race([network, timeout]).catch(function () {
        event.waitUntil(network.catch(function () {}));
        tellPageItIsASavedCopy(event);
        return cached;
      });
    });
  }));
});

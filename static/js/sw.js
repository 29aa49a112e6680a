// Hallway's service worker: conference Wi-Fi fails, so keep what was read readable.
// Schedules, talk pages, the personal schedule and static files: stale-while-revalidate.
"use strict";
var CACHE = "hallway-v1";
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
  event.respondWith(caches.open(CACHE).then(function (cache) {
    return cache.match(request).then(function (cached) {
      var network = fetch(request).then(function (response) {
        if (response.ok) { cache.put(request, response.clone()); }
        return response;
      });
      if (!cached) { return network; }
      // Prefer the network when it answers; the saved copy when it does not.
      return network.catch(function () {
        if (event.clientId) {
          self.clients.get(event.clientId).then(function (client) {
            if (client) { client.postMessage({ type: "served-from-cache" }); }
          });
        }
        return cached;
      });
    });
  }));
});

// keepwarm's service worker, served at the root (its scope: the whole site) by
// keepwarm.web.views.pwa.service_worker with what keepwarm.web.installable
// says: the version of the static files, which pages to keep.
//
// - Static files: cache-first, in a cache named after their version (a new
//   version is a new worker, which drops the old caches).
// - The pages of CONFIG.pages (home, plan, people, quick log): network-first,
//   kept on each successful visit (without the one-off messages), shown from
//   the device when the network fails or is slow.
// - Any other page: the network; with no signal, the offline page.
// - Never kept: POSTs, the API, htmx fragments, sign-in and sign-out, photos.
//   A signed-out page tells the worker to forget the kept pages.
"use strict";

const CONFIG = {{ config|safe }};
const STATIC_CACHE = "keepwarm-static-" + CONFIG.version;
const PAGE_CACHE = "keepwarm-pages-" + CONFIG.version;
const NETWORK_WAIT = 4000; // ms a kept page waits for the network before the copy shows
const MESSAGES = /<!--messages-->[\s\S]*?<!--\/messages-->/;

self.addEventListener("install", (event) => {
  event.waitUntil(
    (async () => {
      const assets = await caches.open(STATIC_CACHE);
      await assets.addAll(CONFIG.assets);
      await fill();
      await self.skipWaiting();
    })()
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    (async () => {
      const mine = [STATIC_CACHE, PAGE_CACHE];
      for (const name of await caches.keys()) {
        if (name.startsWith("keepwarm-") && !mine.includes(name)) await caches.delete(name);
      }
      await self.clients.claim();
    })()
  );
});

self.addEventListener("message", (event) => {
  const what = event.data && event.data.type;
  if (what === "signed-out") event.waitUntil(forget());
  else if (what === "signed-in") event.waitUntil(fill());
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (url.pathname.startsWith(CONFIG.static)) {
    event.respondWith(staticFile(request));
  } else if (request.mode === "navigate") {
    event.respondWith(page(event, url));
  }
  // Anything else (the API, htmx fragments, photos): the network alone.
});

async function staticFile(request) {
  const cache = await caches.open(STATIC_CACHE);
  const kept = await cache.match(request, { ignoreVary: true });
  if (kept) return kept;
  const response = await fetch(request);
  if (response.ok && response.type === "basic") await cache.put(request, response.clone());
  return response;
}

async function page(event, url) {
  const cache = await caches.open(PAGE_CACHE);
  const keptPage = CONFIG.pages.includes(url.pathname);
  const network = fetch(event.request);
  if (keptPage && url.search === "") {
    event.waitUntil(network.then((response) => keep(cache, url.pathname, response)).catch(() => {}));
  }
  const copy = keptPage ? await cache.match(url.pathname, { ignoreVary: true }) : undefined;
  try {
    const response = await (copy ? soon(network, NETWORK_WAIT) : network);
    return response.status >= 500 && copy ? copy : response;
  } catch (error) {
    return copy || (await cache.match(CONFIG.offline, { ignoreVary: true })) || Response.error();
  }
}

// The network's answer, or a failure after `wait` ms (the kept copy shows instead).
function soon(network, wait) {
  return Promise.race([
    network,
    new Promise((_, reject) => setTimeout(() => reject(new Error("slow")), wait)),
  ]);
}

// Keep a page as the user saw it, less the one-off messages at its top.
async function keep(cache, path, response) {
  const type = response.headers.get("Content-Type") || "";
  if (!response.ok || response.type !== "basic" || response.redirected || !type.startsWith("text/html")) {
    return;
  }
  const html = (await response.clone().text()).replace(MESSAGES, "");
  const headers = new Headers(response.headers);
  headers.delete("Content-Length");
  headers.delete("Content-Encoding");
  await cache.put(path, new Response(html, { status: 200, headers: headers }));
}

// The offline page and the pages fetched as the worker installs, where missing.
async function fill() {
  const cache = await caches.open(PAGE_CACHE);
  for (const path of [CONFIG.offline, ...CONFIG.install]) {
    if (await cache.match(path, { ignoreVary: true })) continue;
    try {
      const response = await fetch(path, {
        credentials: "same-origin",
        redirect: "manual",
        headers: { [CONFIG.header]: "1" },
      });
      await keep(cache, path, response);
    } catch (error) {
      // No signal as it installs: kept on the next visit instead.
    }
  }
}

// Signed out: no page of the account stays on the device.
async function forget() {
  const cache = await caches.open(PAGE_CACHE);
  for (const request of await cache.keys()) {
    if (new URL(request.url).pathname !== CONFIG.offline) await cache.delete(request);
  }
}

/**
 * The service worker: serves the app shell from the precache so that Relais opens with
 * no network, and nothing else. API answers hold personal data: no route below matches
 * /api, so they always go to the network and are never stored in a cache.
 * Updates wait for the user (registerType 'prompt'): the page sends SKIP_WAITING.
 */
import { clientsClaim } from 'workbox-core'
import { cleanupOutdatedCaches, createHandlerBoundToURL, precacheAndRoute } from 'workbox-precaching'
import { NavigationRoute, registerRoute } from 'workbox-routing'

declare let self: ServiceWorkerGlobalScope

precacheAndRoute(self.__WB_MANIFEST)
cleanupOutdatedCaches()

// Every navigation gets the precached shell (the router draws the screen), except the
// server's own paths: those must reach the server or fail, never show the app.
registerRoute(
  new NavigationRoute(createHandlerBoundToURL('index.html'), {
    denylist: [/^\/api(\/|$)/, /^\/healthz(\/|$|\?)/],
  }),
)

self.addEventListener('message', (event: ExtendableMessageEvent) => {
  const data: unknown = event.data
  if (typeof data === 'object' && data !== null && (data as { type?: unknown }).type === 'SKIP_WAITING') {
    void self.skipWaiting()
  }
})

// Only matters on the very first install (no older worker): the open page is
// controlled at once, so it works offline without a reload. An update still waits.
clientsClaim()

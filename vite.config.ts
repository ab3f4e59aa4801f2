/**
 * Builds the app into dist/ with its service worker (src/sw.ts, injectManifest) and web
 * app manifest. The worker is registered by the app itself (src/app/update-prompt.tsx)
 * so that an update waits for the user's "Update" instead of reloading under a form.
 */
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import react from '@vitejs/plugin-react'
import { defineConfig } from 'vite'
import { VitePWA } from 'vite-plugin-pwa'
import { precompress } from './scripts/build/precompress.ts'
import { preloadFirstScreen } from './scripts/build/preload-first-screen.ts'

const { version } = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8')) as { version: string }
const THEME_COLOUR = '#0f4c5c'

export default defineConfig({
  resolve: { alias: { '@': fileURLToPath(new URL('./src', import.meta.url)) } },
  // reported to the server with each push (sync-protocol.md, appVersion)
  define: { 'import.meta.env.VITE_APP_VERSION': JSON.stringify(version) },
  build: {
    outDir: 'dist',
    sourcemap: true,
    rolldownOptions: {
      output: {
        // the big libraries in chunks of their own: cached across releases that change only the app
        codeSplitting: {
          groups: [
            { name: 'react', test: /node_modules[\\/](react|react-dom|scheduler)[\\/]/ },
            { name: 'dexie', test: /node_modules[\\/]dexie[\\/]/ },
            // zod's setting travels in zod's own chunk: every schema built anywhere comes after it
            { name: 'zod', test: /node_modules[\\/]zod[\\/]|src[\\/]shared[\\/]zod-without-eval/ },
          ],
        },
      },
      // how long plugins took on this machine (precompress under load) is not a problem of the build
      checks: { bundlerTimings: false },
    },
  },
  server: { proxy: { '/api': 'http://127.0.0.1:8080', '/healthz': 'http://127.0.0.1:8080' } },
  plugins: [
    react(),
    // the first screen's code is fetched with the small entry, not after it runs
    preloadFirstScreen('src/app/start.tsx'),
    VitePWA({
      strategies: 'injectManifest',
      srcDir: 'src',
      filename: 'sw.ts',
      registerType: 'prompt',
      injectRegister: false,
      includeAssets: ['favicon.svg', 'apple-touch-icon-180x180.png'],
      manifest: {
        name: 'Relais',
        short_name: 'Relais',
        description: 'Enregistrement MRRM et comptage des flux DTM, hors ligne',
        lang: 'fr',
        theme_color: THEME_COLOUR,
        background_color: '#ffffff',
        start_url: '/',
        scope: '/',
        display: 'standalone',
        orientation: 'portrait',
        icons: [
          { src: 'pwa-192x192.png', sizes: '192x192', type: 'image/png' },
          { src: 'pwa-512x512.png', sizes: '512x512', type: 'image/png' },
          { src: 'maskable-icon-512x512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
        ],
      },
      injectManifest: {
        // The plugin adds the manifest, its icons and includeAssets to the precache
        // itself: PNGs here would list those twice. Source maps stay out.
        globPatterns: ['**/*.{js,css,html,woff2}'],
        globIgnores: ['**/*.map'],
        // a classic script, as registered (update-prompt.tsx): one file, no imports
        rollupFormat: 'iife',
      },
    }),
    // last: after the service worker is written
    precompress(),
  ],
})

/**
 * A Vite plugin that writes a `.br` and a `.gz` beside every text file of the build
 * (scripts, styles, HTML, the manifest, the service worker) once everything, the service
 * worker included, is written. The server sends them as they are (static.ts,
 * preCompressed): on a 2G link the app's first load is its brotli size, and no request
 * pays for compressing it again.
 */
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { brotliCompressSync, constants, gzipSync } from 'node:zlib'
import type { Plugin } from 'vite'

const TEXT = /\.(js|mjs|css|html|json|webmanifest|svg|txt)$/
/** Smaller files gain nothing worth a second request path. */
const MIN_BYTES = 1024

function* files(dir: string): Generator<string> {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name)
    if (statSync(path).isDirectory()) yield* files(path)
    else yield path
  }
}

export function precompress(): Plugin {
  let outDir = 'dist'
  return {
    name: 'relais-precompress',
    apply: 'build',
    enforce: 'post',
    configResolved(config) {
      outDir = config.build.outDir
    },
    closeBundle: {
      order: 'post',
      sequential: true,
      handler() {
        for (const path of files(outDir)) {
          if (!TEXT.test(path)) continue
          const bytes = readFileSync(path)
          if (bytes.length < MIN_BYTES) continue
          writeFileSync(`${path}.gz`, gzipSync(bytes, { level: 9 }))
          const brotli = brotliCompressSync(bytes, {
            params: {
              [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
              [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length,
            },
          })
          writeFileSync(`${path}.br`, brotli)
        }
      },
    },
  }
}

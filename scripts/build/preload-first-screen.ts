/**
 * A Vite plugin that lists the first screen's code in index.html as `modulepreload` links.
 * The entry (src/app/main.ts) is kept small so that it runs at once and a locked phone's
 * plain unlock form is painted before React is evaluated; it then imports the first
 * screen (src/app/start.tsx) dynamically. Without these links the browser would only
 * learn of that code once the entry ran: over a slow link, a round trip later. With them
 * it fetches both at once, and evaluates each in turn.
 */
import type { Plugin } from 'vite'
import type { OutputBundle, OutputChunk } from 'rolldown'

export function preloadFirstScreen(module: string): Plugin {
  return {
    name: 'relais-preload-first-screen',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      handler(_html, { bundle }) {
        if (!bundle) return []
        const first = Object.values(bundle).find(
          (output): output is OutputChunk =>
            output.type === 'chunk' && output.facadeModuleId?.endsWith(module) === true,
        )
        if (!first) throw new Error(`preload-first-screen: no chunk for ${module}`)
        // the entry is in the page already, as its script
        const entries = new Set(
          Object.values(bundle).flatMap((o) => (o.type === 'chunk' && o.isEntry ? [o.fileName] : [])),
        )
        const files = [...chunkWithImports(first, bundle)].filter((file) => !entries.has(file))
        return files.map((file) => ({
          tag: 'link',
          attrs: { rel: 'modulepreload', crossorigin: true, href: `/${file}` },
          injectTo: 'head',
        }))
      },
    },
  }
}

/** A chunk's file and those of the chunks it imports statically, at any depth. */
function chunkWithImports(chunk: OutputChunk, bundle: OutputBundle, seen = new Set<string>()): Set<string> {
  if (seen.has(chunk.fileName)) return seen
  seen.add(chunk.fileName)
  for (const file of chunk.imports) {
    const imported = bundle[file]
    if (imported?.type === 'chunk') chunkWithImports(imported, bundle, seen)
  }
  return seen
}

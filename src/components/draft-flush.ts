/**
 * Forms that keep a draft register how to write it now. Before anything that reloads
 * the page (applying an app update), the app flushes them all so no typing is lost.
 */
type Flush = () => Promise<void>

const flushes = new Set<Flush>()

export function registerDraftFlush(flush: Flush): () => void {
  flushes.add(flush)
  return () => flushes.delete(flush)
}

/** Writes every open form's pending draft; resolves once all are stored. */
export async function flushAllDrafts(): Promise<void> {
  await Promise.all([...flushes].map((flush) => flush().catch(() => undefined)))
}

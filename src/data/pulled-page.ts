/**
 * A pull page read from the server's text as the HTTP transport reads any answer:
 * leniently (the shared `pulledPageSchema`), so that a newer server's entity or field
 * never makes the page unreadable. A new phone's pages are read in a pull worker
 * (pull-worker-handler.ts), a small page on the page's thread (pull-workers.ts).
 */
import { pulledPageSchema, type PulledPage } from '@/shared/schemas/sync'

/** Where a pull goes on from after a page, and how many changes the page holds. */
export interface PageHeader {
  cursor: string
  more: boolean
  changes: number
}

/** The page in `text`; undefined when it is not one (a network's login page, a cut answer). */
export function readPulledPage(text: string): PulledPage | undefined {
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch {
    return undefined
  }
  const page = pulledPageSchema.safeParse(json)
  return page.success ? page.data : undefined
}

export const headerOf = ({ cursor, more, changes }: PulledPage): PageHeader => ({
  cursor,
  more,
  changes: changes.length,
})

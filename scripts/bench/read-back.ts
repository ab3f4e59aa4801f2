/**
 * Reads every record back through pull, as another device would (an admin signed in
 * elsewhere), and checks that each record pushed is on the server exactly once: once in
 * the pull, at rev 1, not deleted, and nothing else.
 */
import type { PullResponse } from '../../src/shared/schemas/sync'

const PAGE = 1000

export async function readBack(url: URL, token: string, expectedIds: string[]): Promise<{ pages: number }> {
  const seen = new Map<string, number>()
  let cursor: string | undefined
  let pages = 0
  const maxPages = Math.ceil(expectedIds.length / PAGE) + 10
  for (let more = true; more; pages++) {
    if (pages >= maxPages) throw new Error(`read-back: still more after ${pages} pages`)
    const query = new URLSearchParams({ limit: String(PAGE), ...(cursor ? { since: cursor } : {}) })
    const res = await fetch(new URL(`/api/v1/sync/pull?${query}`, url), {
      headers: { authorization: `Bearer ${token}` },
    })
    if (!res.ok) throw new Error(`read-back: pull answered ${res.status} ${await res.text()}`)
    const page = (await res.json()) as PullResponse
    for (const change of page.changes) {
      if (change.entity !== 'registration' || change.deleted || change.rev !== 1) {
        throw new Error(`read-back: unexpected change ${JSON.stringify({ ...change, data: undefined })}`)
      }
      seen.set(change.recordId, (seen.get(change.recordId) ?? 0) + 1)
    }
    cursor = page.cursor
    more = page.more
  }
  const twice = [...seen.values()].filter((n) => n > 1).length
  const missing = expectedIds.filter((id) => !seen.has(id)).length
  const extra = seen.size - (expectedIds.length - missing)
  if (twice > 0 || missing > 0 || extra > 0) {
    throw new Error(`read-back: ${missing} missing, ${twice} more than once, ${extra} not pushed`)
  }
  return { pages }
}

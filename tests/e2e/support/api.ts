/** Asks the real server what it holds, the way an independent client would (sync-protocol.md). */
import { randomUUID } from 'node:crypto'
import type { Change } from '@/shared/schemas/sync'

export async function signInOverApi(url: string, username: string, password: string): Promise<string> {
  const res = await fetch(`${url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password, deviceId: randomUUID() }),
  })
  if (!res.ok) throw new Error(`login failed: ${res.status} ${await res.text()}`)
  const body = (await res.json()) as { token: string }
  return body.token
}

/** Every change the server holds, following the pull cursor to the end. */
export async function pullEverything(url: string, token: string): Promise<Change[]> {
  const changes: Change[] = []
  let cursor: string | undefined
  for (;;) {
    const query = new URLSearchParams({ limit: '100', ...(cursor ? { since: cursor } : {}) })
    const res = await fetch(`${url}/api/v1/sync/pull?${query}`, { headers: { authorization: `Bearer ${token}` } })
    if (!res.ok) throw new Error(`pull failed: ${res.status} ${await res.text()}`)
    const page = (await res.json()) as { changes: Change[]; cursor: string; more: boolean }
    changes.push(...page.changes)
    cursor = page.cursor
    if (!page.more) return changes
  }
}

/** The pull asks for the user's sites as they are now and removes the records of the others (data/lost-sites.ts). */
import { describe, expect, it } from 'vitest'
import { saveRecord } from '@/data/records'
import { getSyncStatus } from '@/data/sync-status'
import type { Access } from '@/shared/schemas/access'
import { pullChanges } from '@/sync/pull-run'
import type { Outcome } from '@/sync/transport'
import { namedRegistration } from '../helpers/records'
import { freshDb } from '../data/fixtures'
import { stubServer } from './stubs'

describe('pullChanges and lost sites', () => {
  const arlit = namedRegistration({ siteCode: 'ARL-TC' })
  const agadez = namedRegistration({ siteCode: 'AGZ-TC' })
  const page = {
    changes: [arlit, agadez].map((data) => ({
      entity: 'registration',
      recordId: data.id,
      rev: 1,
      deleted: false,
      data,
    })),
    cursor: 'c1',
    more: false,
  }

  async function pullWith(access: Outcome<Access> | undefined) {
    const db = freshDb()
    const server = stubServer()
    server.pages.push(page)
    const transport = access ? { ...server.transport, fetchAccess: async () => access } : server.transport
    expect(await pullChanges({ db, transport })).toMatchObject({ ok: true })
    return (await db.registrations.toCollection().primaryKeys()).sort()
  }

  it('removes the records of a site the user no longer has', async () => {
    const access: Outcome<Access> = { ok: true, value: { id: 'u1', role: 'registrar', sites: ['AGZ-TC'] } }
    expect(await pullWith(access)).toEqual([agadez.id])
  })

  it('keeps everything for an admin, an older server, or when the question fails', async () => {
    const both = [arlit.id, agadez.id].sort()
    expect(await pullWith({ ok: true, value: { id: 'a', role: 'admin', sites: [] } })).toEqual(both)
    expect(await pullWith(undefined)).toEqual(both)
    const failure = { kind: 'http' as const, status: 404, error: 'not_found', message: 'Not found' }
    expect(await pullWith({ ok: false, failure })).toEqual(both)
  })

  it("keeps the user's sites as the server has them, for the forms to offer", async () => {
    const db = freshDb()
    const server = stubServer()
    const access: Outcome<Access> = { ok: true, value: { id: 'u1', role: 'registrar', sites: ['AGZ-TC'] } }
    await pullChanges({ db, transport: { ...server.transport, fetchAccess: async () => access } })
    expect((await getSyncStatus(db)).sites).toEqual(['AGZ-TC'])
  })

  it('never removes a record the user is still saving', async () => {
    const db = freshDb()
    const mine = namedRegistration({ siteCode: 'ARL-TC' })
    await saveRecord(db, 'registration', mine)
    const server = stubServer()
    const access: Outcome<Access> = { ok: true, value: { id: 'u1', role: 'registrar', sites: ['AGZ-TC'] } }
    await pullChanges({ db, transport: { ...server.transport, fetchAccess: async () => access } })
    expect(await db.registrations.get(mine.id)).toBeDefined()
  })
})

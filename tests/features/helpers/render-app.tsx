/**
 * Renders the whole app, signed in, on a fresh per-user IndexedDB (fake-indexeddb) with
 * the Niger sites, a stubbed sync engine and no network: journeys go through the real
 * screens and the real data layer.
 */
import { render } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { MemoryRouter } from 'react-router'
import { vi } from 'vitest'
import { App } from '@/app/app'
// loaded ahead, as the built app does after its first paint: a journey's first screen does not wait for it
import '@/app/signed-in-app'
import type { AppServices, SyncHandle } from '@/app/services'
import { openUserDb, type RelaisDb } from '@/data/db'
import { eraseIfNothingWaits } from '@/data/left-behind'
import { replaceSites } from '@/data/sites'
import { setLanguage } from '@/i18n/i18n'
import type { Language } from '@/i18n/languages'
import { isLocked, type LockedSession, type Session } from '@/session/session'
import type { Role } from '@/shared/schemas/auth'
import type { Site } from '@/shared/schemas/site'

export const SITES: Site[] = [
  {
    code: 'AGZ-TC',
    name: 'Agadez transit centre',
    kind: 'transit_centre',
    adm1: 'Agadez',
    lat: 16.97,
    lon: 7.99,
    active: true,
  },
  {
    code: 'ARL-TC',
    name: 'Arlit transit centre',
    kind: 'transit_centre',
    adm1: 'Agadez',
    lat: 18.74,
    lon: 7.39,
    active: true,
  },
  {
    code: 'ARL-FMP',
    name: 'Arlit flow monitoring point',
    kind: 'fmp',
    adm1: 'Agadez',
    lat: 18.74,
    lon: 7.39,
    active: true,
  },
  {
    code: 'MAD-FMP',
    name: 'Madama flow monitoring point',
    kind: 'fmp',
    adm1: 'Agadez',
    lat: 21.95,
    lon: 13.65,
    active: true,
  },
]

let userSeq = 0

export function fakeSession(role: Role, sites: string[]): Session {
  userSeq += 1
  return {
    user: { id: `user-${Date.now()}-${userSeq}`, username: `agent${userSeq}`, name: 'Aïcha Moussa', role, sites },
    token: 'token-1',
    expiresAt: new Date(Date.now() + 86_400_000).toISOString(),
    deviceId: '01890000-0000-7000-8000-000000000001',
  }
}

/** A registrar's session, and the same session locked (as a cold start finds it). */
export function lockedPhone(): { unlocked: Session; locked: LockedSession } {
  const unlocked = fakeSession('registrar', ['AGZ-TC'])
  return {
    unlocked,
    locked: { locked: true, user: unlocked.user, deviceId: unlocked.deviceId, attemptsLeft: 10 },
  }
}

/** A promise released by hand: the rest of the app arriving when the test says. */
export function later(): { promise: Promise<void>; release(): void } {
  let release!: () => void
  const promise = new Promise<void>((resolve) => (release = resolve))
  return { promise, release }
}

export interface RenderAppOptions {
  path?: string
  role?: Role
  /** The user's sites; by default one transit centre and one FMP (so both are preselected). */
  sites?: string[]
  lang?: Language
  /** null: nobody is signed in on this phone; a LockedSession: the unlock screen. */
  session?: Session | LockedSession | null
  signIn?: AppServices['signIn']
  unlock?: AppServices['unlock']
  /** Minutes without input before the app locks (default 5). */
  idleLockMinutes?: number
  /** What navigator.storage.estimate() says (default: unknown). */
  storage?: { usage: number; quota: number }
  /** What navigator.storage.persisted() says (default: unknown). */
  persisted?: boolean
  /** Days a closed case stays on the phone (default 90). */
  retentionDays?: number
  /** Runs on the user's database before the first render (seed records, a status…). */
  seed?: (db: RelaisDb) => Promise<void>
  /**
   * As the built app starts: the session given as read at start, and the services only
   * once this resolves (their code loads after the first screen).
   */
  servicesLoaded?: Promise<void>
  /** Called each time the app asks for its services (with `servicesLoaded`). */
  servicesRequested?: () => void
  /** 'browser': no test router, the app's own on jsdom's address (`path`), as in the built app. */
  router?: 'memory' | 'browser'
}

export async function renderApp(options: RenderAppOptions = {}) {
  const { path = '/', role = 'registrar', sites = ['AGZ-TC', 'ARL-FMP'], lang = 'en' } = options
  await setLanguage(lang)
  const session = options.session === undefined ? fakeSession(role, sites) : options.session
  const db = openUserDb(session?.user.id ?? 'nobody')
  await replaceSites(db, SITES)
  await options.seed?.(db)
  const engine = {
    syncNow: vi.fn<SyncHandle['syncNow']>(async () => undefined),
    stop: vi.fn<SyncHandle['stop']>(),
  }
  const services: AppServices = {
    currentSession: vi.fn(async () => session),
    signIn: options.signIn ?? vi.fn(async () => (session && !isLocked(session) ? session : fakeSession(role, sites))),
    unlock: options.unlock ?? vi.fn(async () => ({ ok: false, reason: 'wrong_passphrase', attemptsLeft: 9 }) as const),
    lock: vi.fn(async () => undefined),
    idleLockMinutes: vi.fn(async () => options.idleLockMinutes ?? 5),
    afterUnlock: vi.fn(async () => undefined),
    retentionDays: vi.fn(async () => options.retentionDays ?? 90),
    saveIdleLockMinutes: vi.fn(async () => undefined),
    saveRetentionDays: vi.fn(async () => undefined),
    storageEstimate: vi.fn(async () => options.storage ?? null),
    storagePersisted: vi.fn(async () => options.persisted ?? null),
    signOut: vi.fn(async () => undefined),
    changePassphrase: vi.fn(async () => undefined),
    markNeedsSignIn: vi.fn(async () => undefined),
    openDb: openUserDb,
    eraseUserData: vi.fn(async () => undefined),
    // the real check and erase, on the test's database
    eraseIfNothingWaits: vi.fn(async (userId: string) => (await eraseIfNothingWaits(openUserDb(userId))).erased),
    startSync: vi.fn(() => engine),
  }
  const user = userEvent.setup()
  const app = options.servicesLoaded ? (
    <App
      services={() => {
        options.servicesRequested?.()
        return options.servicesLoaded!.then(() => services)
      }}
      initialSession={session}
    />
  ) : (
    <App services={services} />
  )
  if (options.router === 'browser') window.history.replaceState(null, '', path)
  const view = render(options.router === 'browser' ? app : <MemoryRouter initialEntries={[path]}>{app}</MemoryRouter>)
  return { ...view, user, db, session, services, engine }
}

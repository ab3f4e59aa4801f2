/**
 * A new tally (route /tally), made for a convoy: the flow monitoring point is chosen
 * once and remembered on this phone; after a save the next tally opens at once with
 * the same route ("same as last"), the counts empty. The route of the last tally saved
 * today comes back when the screen is opened again.
 */
import { useCallback, useEffect, useRef, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { useDb } from '@/components/app-context'
import { siteDay } from '@/components/dates'
import { useDraft } from '@/components/use-draft'
import { useMySites } from '@/components/use-records'
import type { RelaisDb } from '@/data/db'
import { talliesOnDay } from '@/data/flow-days'
import { addRecord } from '@/data/records'
import { loadTallyPrefs, saveTallyPrefs, type TallyPrefs } from '@/data/tally-prefs'
import type { FlowCount } from '@/shared/schemas/flow-count'
import type { Site } from '@/shared/schemas/site'
import { newId } from '@/shared/ids'
import { TallyEditor } from './tally-editor'
import { useRecentTallies } from './use-recent-tallies'
import { ROUTE_FIELDS, newTallyValues, parseTallyDraft, routeOf, tallyToValues, type TallyValues } from './tally-values'

export const TALLY_DRAFT_KEY = 'flowCount:new'

export function TallyForm() {
  const { t } = useTranslation()
  const db = useDb()
  const sites = useMySites('fmp')
  const [prefs, setPrefs] = useState<TallyPrefs | null>(null)

  useEffect(() => {
    let cancelled = false
    loadTallyPrefs(db)
      .catch(() => ({})) // prefs that cannot be read are only a convenience lost
      .then((loaded) => !cancelled && setPrefs(loaded))
    return () => {
      cancelled = true
    }
  }, [db])

  if (!prefs || !sites) return <p role="status">{t('app.loading')}</p>
  return <NewTally sites={sites} prefs={prefs} />
}

function NewTally({ sites, prefs }: { sites: Site[]; prefs: TallyPrefs }) {
  const { t } = useTranslation()
  const db = useDb()
  const recent = useRecentTallies()
  // what the screen opens with, decided once
  const [start] = useState(() => {
    const only = sites.length === 1 ? sites[0]?.code : undefined
    const siteCode = only ?? (sites.some((s) => s.code === prefs.siteCode) ? (prefs.siteCode ?? '') : '')
    const last = prefs.last
    const lastRoute = last && last.day === siteDay() && last.siteCode === siteCode ? last.route : undefined
    return { siteCode, lastRoute }
  })
  // what this phone remembers, as last written (read and written in handlers only)
  const remembered = useRef(prefs)
  const opening = useCallback((): TallyValues => newTallyValues(start.siteCode, start.lastRoute), [start])
  const draft = useDraft<TallyValues>(TALLY_DRAFT_KEY, opening, parseTallyDraft)
  /** After a discard: the point chosen last, and today's last route there. */
  const startValues = (): TallyValues => {
    const siteCode = sites.some((s) => s.code === remembered.current.siteCode)
      ? (remembered.current.siteCode ?? '')
      : start.siteCode
    const last = remembered.current.last
    return newTallyValues(
      siteCode,
      last && last.day === siteDay() && last.siteCode === siteCode ? last.route : undefined,
    )
  }
  const base = useCallback(() => ({ id: newId(), now: new Date() }), [])

  const remember = useCallback(
    (next: TallyPrefs) => {
      // a convoy's tallies share the point and the route: nothing new to write
      if (samePrefs(remembered.current, next)) return
      remembered.current = next
      void saveTallyPrefs(db, next).catch(() => undefined) // a convenience: never in the way of a save
    },
    [db],
  )
  const onSiteChange = useCallback((siteCode: string) => remember({ ...remembered.current, siteCode }), [remember])

  async function save(tally: FlowCount) {
    // a new tally, its id drawn with the form: added, never put over another
    await addRecord(db, 'flowCount', tally)
    const route = routeOf(tallyToValues(tally))
    remember({ siteCode: tally.siteCode, last: { siteCode: tally.siteCode, day: siteDay(), route } })
    return { next: newTallyValues(tally.siteCode, route), lastRoute: route, dayNumber: talliesOfItsDay(db, tally) }
  }

  if (!draft.loaded) return <p role="status">{t('app.loading')}</p>
  return (
    <TallyEditor
      title={t('tally.title')}
      draft={draft}
      base={base}
      sites={sites}
      recent={recent}
      lastRoute={start.lastRoute}
      startValues={startValues}
      onSave={save}
      onSiteChange={onSiteChange}
      discardLabel={t('registration.discardDraft')}
    />
  )
}

/**
 * How many tallies this phone holds at the tally's point on its day (the site's), itself
 * included: its number of the day, the same after a reload or an unlock.
 */
function talliesOfItsDay(db: RelaisDb, tally: FlowCount): Promise<number> {
  return talliesOnDay(db, tally.siteCode, siteDay(new Date(tally.observedAt)))
}

function samePrefs(a: TallyPrefs, b: TallyPrefs): boolean {
  if (a.siteCode !== b.siteCode || a.last?.siteCode !== b.last?.siteCode || a.last?.day !== b.last?.day) return false
  const [x, y] = [a.last?.route, b.last?.route]
  return x === y || (x !== undefined && y !== undefined && ROUTE_FIELDS.every((f) => x[f] === y[f]))
}

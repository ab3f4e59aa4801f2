/**
 * Corrects or deletes a tally (route tally/:id): only one of today at the flow
 * monitoring point (Africa/Niamey, whatever the phone's time zone), at one of the
 * user's points, or one the server refused (any day): a new one it never took, its day
 * too; a refused correction of a sent one, on its day. A correction is a new version of
 * the tally, a deletion a `delete` mutation; both go through the outbox like any other change.
 */
import { useCallback, useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { Link, useNavigate, useParams } from 'react-router'
import { useDb } from '@/components/app-context'
import { siteDay } from '@/components/dates'
import { useDraft } from '@/components/use-draft'
import { useMySites } from '@/components/use-records'
import { deleteRecord } from '@/data/delete-record'
import { getRecord, saveRecord, type LocalRecord } from '@/data/records'
import type { FlowCount } from '@/shared/schemas/flow-count'
import { changedFields } from '@/shared/schemas/sync'
import type { Site } from '@/shared/schemas/site'
import { DeleteTally } from './delete-tally'
import { TallyEditor } from './tally-editor'
import { useRecentTallies } from './use-recent-tallies'
import { parseTallyDraft, tallyToValues, type TallyValues } from './tally-values'

export const editDraftKey = (id: string) => `flowCount:edit:${id}`

export function TallyEdit() {
  const { t } = useTranslation()
  const db = useDb()
  const { id = '' } = useParams()
  const sites = useMySites('fmp')
  const [found, setFound] = useState<LocalRecord<'flowCount'> | null | undefined>(undefined)
  const tally = found === undefined ? undefined : (found?.data ?? null)

  useEffect(() => {
    let cancelled = false
    getRecord(db, 'flowCount', id)
      .then((record) => !cancelled && setFound(record ?? null))
      .catch(() => !cancelled && setFound(null))
    return () => {
      cancelled = true
    }
  }, [db, id])

  if (tally === undefined || !sites) return <p role="status">{t('app.loading')}</p>
  // a refused change waits on this phone to be fixed, whatever its day: a tally the server
  // never took (e.g. dated by a phone set days ahead) is in no figure yet, so its day may
  // change too; a refused correction of a sent tally stays on its day, as any correction
  const refused = found?.state === 'rejected'
  const neverTaken = refused && found.syncedRev === 0
  const reason =
    tally === null || !sites.some((s) => s.code === tally.siteCode)
      ? 'tally.notHere'
      : !refused && siteDay(new Date(tally.observedAt)) !== siteDay()
        ? 'tally.onlyTodayCorrect'
        : null
  if (reason || !tally) {
    return (
      <section>
        <h1>{t('tally.editTitle')}</h1>
        <p>{t(reason ?? 'tally.notHere')}</p>
        <Link to="/today" className="standalone-link">
          {t('home.today')}
        </Link>
      </section>
    )
  }
  // deleting a sent tally of another day is what the rule above forbids: Problems discards the refused change
  const deletable = neverTaken || siteDay(new Date(tally.observedAt)) === siteDay()
  return <EditTally key={tally.id} tally={tally} sites={sites} anyDay={neverTaken} deletable={deletable} />
}

interface EditTallyProps {
  tally: FlowCount
  sites: Site[]
  /** Its day may change too (a tally the server never took). */
  anyDay: boolean
  deletable: boolean
}

function EditTally({ tally, sites, anyDay, deletable }: EditTallyProps) {
  const { t } = useTranslation()
  const db = useDb()
  const navigate = useNavigate()
  const recent = useRecentTallies()
  const startValues = useCallback((): TallyValues => tallyToValues(tally), [tally])
  const draft = useDraft<TallyValues>(editDraftKey(tally.id), startValues, parseTallyDraft)
  const base = useCallback(
    () => ({
      id: tally.id,
      createdAt: tally.createdAt,
      observedAt: tally.observedAt,
      now: new Date(),
      onlyDay: anyDay ? undefined : siteDay(new Date(tally.observedAt)),
    }),
    [tally, anyDay],
  )

  async function save(corrected: FlowCount) {
    // nothing changed: nothing saved, and nothing said to be
    const changed = changedFields({ ...tally, updatedAt: '' }, { ...corrected, updatedAt: '' }).length > 0
    if (changed) await saveRecord(db, 'flowCount', corrected)
    await draft.clear()
    void navigate('/today', changed ? { state: { saved: 'flowCount' } } : undefined)
  }

  async function remove() {
    await deleteRecord(db, 'flowCount', tally.id)
    await draft.clear()
    void navigate('/today', { state: { deleted: 'flowCount' } })
  }

  if (!draft.loaded) return <p role="status">{t('app.loading')}</p>
  return (
    <TallyEditor
      title={t('tally.editTitle')}
      draft={draft}
      base={base}
      sites={sites}
      recent={recent}
      startValues={startValues}
      onSave={save}
      discardLabel={t('registration.discardChanges')}
    >
      {deletable && <DeleteTally tally={tally} onDelete={remove} />}
    </TallyEditor>
  )
}

/**
 * "Possible duplicates" in Problems (supervisors and admins): pairs of cases at their
 * sites that may be one person (duplicate-pair.tsx: side by side, merged or marked "not
 * the same person"), and recent merges undone. Refusals come in the user's words, never
 * as codes. Once an action is done its pair or merge leaves the list, and focus goes to
 * the notice that says so; after "not the same person" the notice offers Undo, which
 * brings the pair back. A refused undo takes focus to what went wrong.
 */
import { useEffect, useRef, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { formatDay } from '@/components/dates'
import { useReloadWhenOnline } from '@/components/use-reload-when-online'
import type { DuplicatePair, RecentMerge } from '@/shared/schemas/duplicates'
import { PairCard, personLabel } from './duplicate-pair'
import { duplicateProblemKey } from './problem-words'
import { useDuplicates } from './use-duplicates'

export function DuplicatesSection() {
  const { t, i18n } = useTranslation()
  const lang = i18n.resolvedLanguage ?? 'fr'
  const { api, state, reload } = useDuplicates()
  // offline, the screen's notice says so; this list loads again by itself too when the link is back
  useReloadWhenOnline(state.status === 'problem' && state.problem.kind === 'offline', reload)
  // a new object per message: the same words twice still take focus
  const [notice, setNotice] = useState<{ text: string; distinct?: DuplicatePair }>()
  const [undoProblem, setUndoProblem] = useState<{ text: string }>()
  const [distinctProblem, setDistinctProblem] = useState<{ text: string }>()
  const [busy, setBusy] = useState(false)
  const noticeLine = useRef<HTMLParagraphElement>(null)
  const undoProblemLine = useRef<HTMLParagraphElement>(null)
  const distinctProblemLine = useRef<HTMLParagraphElement>(null)
  useEffect(() => {
    if (notice) noticeLine.current?.focus()
  }, [notice])
  useEffect(() => {
    if (undoProblem) undoProblemLine.current?.focus()
  }, [undoProblem])
  useEffect(() => {
    if (distinctProblem) distinctProblemLine.current?.focus()
  }, [distinctProblem])

  if (state.status === 'hidden') return null
  /** `distinct`: the pair just marked "not the same person", which the notice offers to undo. */
  const done = (message: string, distinct?: DuplicatePair) => {
    setNotice({ text: message, distinct })
    setDistinctProblem(undefined)
    reload()
  }
  const undoDistinct = async (pair: DuplicatePair) => {
    setBusy(true)
    setDistinctProblem(undefined)
    const answer = await api.undoDistinct({ aId: pair.a.id, bId: pair.b.id })
    setBusy(false)
    if (answer.ok) done(t('problems.duplicates.distinctUndone', { a: personLabel(pair.a), b: personLabel(pair.b) }))
    else setDistinctProblem({ text: t(duplicateProblemKey(answer.problem)) })
  }
  const undo = async (merge: RecentMerge) => {
    setBusy(true)
    setUndoProblem(undefined)
    const answer = await api.undo({ mergeId: merge.mergeId })
    setBusy(false)
    if (answer.ok) done(t('problems.duplicates.undone', { merged: merge.mergeCaseNumber ?? merge.mergeId }))
    else setUndoProblem({ text: t(duplicateProblemKey(answer.problem)) })
  }

  const marked = notice?.distinct
  return (
    <section aria-labelledby="duplicates-title" className="duplicates">
      <h2 id="duplicates-title">{t('problems.duplicates.title')}</h2>
      <p>{t('problems.duplicates.intro')}</p>
      {notice && (
        <p className="notice" role="status" tabIndex={-1} ref={noticeLine}>
          {notice.text}
          {marked && (
            <>
              {' '}
              <button type="button" disabled={busy} onClick={() => void undoDistinct(marked)}>
                {t('problems.duplicates.undoDistinct')}
              </button>
            </>
          )}
        </p>
      )}
      {distinctProblem && (
        <p className="form-problem" role="alert" tabIndex={-1} ref={distinctProblemLine}>
          <span aria-hidden="true">⚠ </span>
          {distinctProblem.text}
        </p>
      )}
      {state.status === 'loading' && <p>{t('problems.loading')}</p>}
      {state.status === 'problem' && (
        <p className="form-problem">
          <span aria-hidden="true">⚠ </span>
          {/* offline, the screen's own message above already says why: not the same sentence twice */}
          {t(state.problem.kind === 'offline' ? 'problems.duplicates.offline' : duplicateProblemKey(state.problem))}
        </p>
      )}
      {state.status === 'ok' && (
        <>
          {state.list.pairs.length === 0 ? (
            <p>{t('problems.duplicates.none')}</p>
          ) : (
            state.list.pairs.map((pair) => (
              <PairCard
                key={`${pair.a.id}|${pair.b.id}`}
                pair={pair}
                merge={(keep, merged) => api.merge({ keepId: keep.id, mergeId: merged.id })}
                markDistinct={() => api.markDistinct({ aId: pair.a.id, bId: pair.b.id })}
                onDone={(message, undoable) => done(message, undoable ? pair : undefined)}
              />
            ))
          )}
          {state.list.merges.length > 0 && (
            <>
              <h3>{t('problems.duplicates.recentMerges')}</h3>
              {undoProblem && (
                <p className="form-problem" role="alert" tabIndex={-1} ref={undoProblemLine}>
                  <span aria-hidden="true">⚠ </span>
                  {undoProblem.text}
                </p>
              )}
              <ul className="recent-merges">
                {state.list.merges.map((merge) => (
                  <li key={merge.mergeId}>
                    {t('problems.duplicates.mergeLine', {
                      merged: merge.mergeCaseNumber ?? merge.mergeId,
                      kept: merge.keepCaseNumber ?? merge.keepId,
                      day: formatDay(merge.mergedAt, lang),
                      name: merge.mergedBy.name,
                    })}{' '}
                    <button type="button" disabled={busy} onClick={() => void undo(merge)}>
                      {t('problems.duplicates.undo')}
                    </button>
                  </li>
                ))}
              </ul>
            </>
          )}
        </>
      )}
    </section>
  )
}

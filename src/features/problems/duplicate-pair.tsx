/**
 * One pair of possible duplicates: the two cases side by side with what tells people
 * apart, merged (the supervisor chooses which case to keep, then confirms) or marked "not
 * the same person" (after a confirmation too; the notice then offers to undo it,
 * duplicates-section.tsx). Each choice opens on its question, Cancel gives focus back to
 * the button that opened it, and a refusal takes it to what went wrong (the button that
 * sent was disabled meanwhile).
 */
import { useEffect, useId, useRef, useState, type ReactNode } from 'react'
import { Trans, useTranslation } from 'react-i18next'
import { useCodeLabel } from '@/components/code-options'
import { useCountryName } from '@/components/country-select'
import { formatDay } from '@/components/dates'
import { useSites } from '@/components/use-records'
import type { DuplicatePair, DuplicatePerson } from '@/shared/schemas/duplicates'
import type { AdminResult } from '@/sync/admin-api'
import { duplicateProblemKey } from './problem-words'

type Labelled = { caseNumber: string | null; givenName: string; familyName: string }

export const personLabel = (p: Labelled) => p.caseNumber ?? `${p.givenName} ${p.familyName}`

/**
 * A person named inside a sentence: isolated from the sentence's direction (a Latin name
 * or number in Arabic), and a case number kept whole on one line, not wrapped at a hyphen.
 * The translation places it with a tag around the name (`<first>{{a}}</first>`).
 */
const personInSentence = (p: Labelled) => (p.caseNumber ? <bdi className="case-number" dir="ltr" /> : <bdi />)

interface PairProps {
  pair: DuplicatePair
  merge(keep: DuplicatePerson, merged: DuplicatePerson): Promise<AdminResult<unknown>>
  markDistinct(): Promise<AdminResult<unknown>>
  /** `undoable`: the pair was marked "not the same person", which the notice offers to undo. */
  onDone(message: string, undoable?: boolean): void
}

type Step = 'idle' | 'choose' | 'distinct'

export function PairCard({ pair, merge, markDistinct, onDone }: PairProps) {
  const { t } = useTranslation()
  const id = useId()
  const [step, setStep] = useState<Step>('idle')
  const [keepId, setKeepId] = useState<string>()
  // a new object per refusal: the same words twice still take focus
  const [problem, setProblem] = useState<{ text: string }>()
  const [busy, setBusy] = useState(false)
  const { a, b } = pair
  const legend = useRef<HTMLLegendElement>(null)
  const distinctQuestion = useRef<HTMLParagraphElement>(null)
  const mergeButton = useRef<HTMLButtonElement>(null)
  const distinctButton = useRef<HTMLButtonElement>(null)
  const problemLine = useRef<HTMLParagraphElement>(null)
  const lastStep = useRef(step)
  // each choice opens on its question; Cancel goes back to the button that opened it
  useEffect(() => {
    if (step === 'choose') legend.current?.focus()
    else if (step === 'distinct') distinctQuestion.current?.focus()
    else if (lastStep.current !== 'idle')
      (lastStep.current === 'choose' ? mergeButton : distinctButton).current?.focus()
    lastStep.current = step
  }, [step])
  useEffect(() => {
    if (problem) problemLine.current?.focus()
  }, [problem])

  const act = async (work: () => Promise<AdminResult<unknown>>, message: string, undoable = false) => {
    setBusy(true)
    setProblem(undefined)
    const answer = await work()
    setBusy(false)
    if (answer.ok) onDone(message, undoable)
    else setProblem({ text: t(duplicateProblemKey(answer.problem)) })
  }
  const confirmMerge = () => {
    if (keepId === undefined) return setProblem({ text: t('problems.duplicates.chooseKeep') })
    const [keep, merged] = keepId === a.id ? [a, b] : [b, a]
    void act(
      () => merge(keep, merged),
      t('problems.duplicates.merged', { merged: personLabel(merged), kept: personLabel(keep) }),
    )
  }

  return (
    <article className="problem-item duplicate-pair" aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`}>
        <span aria-hidden="true">≈ </span>
        <Trans
          i18nKey="problems.duplicates.pairTitle"
          values={{ a: personLabel(a), b: personLabel(b) }}
          components={{ first: personInSentence(a), second: personInSentence(b) }}
        />
      </h3>
      <p>
        {pair.flagged && t('problems.duplicates.flagged')}
        {pair.flagged && pair.score !== null && ' · '}
        {pair.score !== null && t('problems.duplicates.score', { percent: Math.round(pair.score * 100) })}
      </p>
      <div className="duplicate-sides">
        <PersonFacts person={a} />
        <PersonFacts person={b} />
      </div>
      {!pair.sameSite && <p>{t('problems.duplicates.transferFirst')}</p>}
      {step === 'choose' ? (
        <fieldset>
          <legend tabIndex={-1} ref={legend}>
            {t('problems.duplicates.whichToKeep')}
          </legend>
          {[a, b].map((person) => (
            <label key={person.id} className="choice">
              <input
                type="radio"
                name={`${id}-keep`}
                checked={keepId === person.id}
                onChange={() => setKeepId(person.id)}
              />
              <Trans
                i18nKey="problems.duplicates.keep"
                values={{ case: personLabel(person) }}
                components={{ case: personInSentence(person) }}
              />
            </label>
          ))}
          <p>{t('problems.duplicates.mergeExplained')}</p>
          <button type="button" disabled={busy} onClick={confirmMerge}>
            {t('problems.duplicates.confirmMerge')}
          </button>{' '}
          <button type="button" disabled={busy} onClick={() => setStep('idle')}>
            {t('problems.duplicates.cancel')}
          </button>
        </fieldset>
      ) : step === 'distinct' ? (
        <div role="group" aria-label={t('problems.duplicates.notSame')}>
          <p tabIndex={-1} ref={distinctQuestion}>
            <Trans
              i18nKey="problems.duplicates.distinctQuestion"
              values={{ a: personLabel(a), b: personLabel(b) }}
              components={{ first: personInSentence(a), second: personInSentence(b) }}
            />
          </p>
          <button
            type="button"
            disabled={busy}
            onClick={() =>
              void act(
                markDistinct,
                t('problems.duplicates.markedDistinct', { a: personLabel(a), b: personLabel(b) }),
                true,
              )
            }
          >
            {t('problems.duplicates.confirmDistinct')}
          </button>{' '}
          <button type="button" disabled={busy} onClick={() => setStep('idle')}>
            {t('problems.duplicates.cancel')}
          </button>
        </div>
      ) : (
        <p>
          <button type="button" ref={mergeButton} disabled={busy || !pair.sameSite} onClick={() => setStep('choose')}>
            {t('problems.duplicates.merge')}
          </button>{' '}
          <button type="button" ref={distinctButton} disabled={busy} onClick={() => setStep('distinct')}>
            {t('problems.duplicates.notSame')}
          </button>
        </p>
      )}
      {problem && (
        <p className="form-problem" role="alert" tabIndex={-1} ref={problemLine}>
          <span aria-hidden="true">⚠ </span>
          {problem.text}
        </p>
      )}
    </article>
  )
}

function PersonFacts({ person }: { person: DuplicatePerson }) {
  const { t, i18n } = useTranslation()
  const lang = i18n.resolvedLanguage ?? 'fr'
  const codeLabel = useCodeLabel()
  const countryName = useCountryName()
  const sites = useSites()
  const facts: [string, ReactNode][] = [
    [
      t('problems.duplicates.caseNumber'),
      person.caseNumber ? <bdi dir="ltr">{person.caseNumber}</bdi> : t('problems.duplicates.noCaseNumber'),
    ],
    [t('problems.duplicates.name'), `${person.givenName} ${person.familyName}`],
    ...(person.aliases.length > 0
      ? [[t('problems.duplicates.aliases'), person.aliases.join(', ')] as [string, ReactNode]]
      : []),
    [t('problems.duplicates.siteLabel'), sites?.find((s) => s.code === person.siteCode)?.name ?? person.siteCode],
    [t('problems.duplicates.sex'), codeLabel('sex', person.sex)],
    [
      t('problems.duplicates.birth'),
      person.dateOfBirthEstimated
        ? t('problems.duplicates.birthEstimated', { year: person.dateOfBirth.slice(0, 4) })
        : formatDay(person.dateOfBirth, lang),
    ],
    [t('problems.duplicates.nationality'), countryName(person.nationality)],
    [t('problems.duplicates.registeredOn'), formatDay(person.registeredOn, lang)],
    [
      t('problems.duplicates.sharing'),
      person.consentSharing ? t('problems.duplicates.sharingYes') : t('problems.duplicates.sharingNo'),
    ],
  ]
  return (
    <dl className="duplicate-side" aria-label={personLabel(person)}>
      {facts.map(([term, value]) => (
        <div key={term}>
          <dt>{term}</dt>
          <dd>{value}</dd>
        </div>
      ))}
    </dl>
  )
}

/**
 * The tally form itself, for a new tally or a correction: the route, the counts on
 * steppers with the running total always in view, every problem at its field, and the
 * draft kept on every change. A new tally's screen gets the next tally back from
 * `onSave` and opens it at once, its route carried over, with the save announced and
 * shown in the bar at the bottom (the form's top is out of view after a save).
 */
import { useCallback, useEffect, useMemo, useRef, useState, type FormEvent, type ReactNode } from 'react'
import { useTranslation } from 'react-i18next'
import { Link } from 'react-router'
import { ClockWarning } from '@/components/clock-warning'
import { formatDay, siteDay } from '@/components/dates'
import { DiscardDraft } from '@/components/discard-draft'
import { takeEnterInField } from '@/components/enter-in-field'
import type { SummaryItem } from '@/components/error-summary'
import { sayMessage } from '@/components/field-message'
import { FormStatus } from '@/components/form-status'
import { SavedNotice } from '@/components/saved-notice'
import type { Draft } from '@/components/use-draft'
import { isQuotaError } from '@/data/storage-errors'
import type { FlowCount } from '@/shared/schemas/flow-count'
import type { Site } from '@/shared/schemas/site'
import { CountFields } from './count-fields'
import { frequentChoices } from './frequent-choices'
import { RouteFields, fieldId } from './route-fields'
import { SaveButton, type SaveButtonHandle } from './save-button'
import { buildTally, tallyValuesSchema, type TallyBase } from './tally-checks'
import { summaryItems } from './tally-summary'
import { ROUTE_FIELDS, type CountField, type TallyRoute, type TallyValues } from './tally-values'
import { useBarPadding } from './use-bar-padding'
import { useTally } from './use-tally'
import './tally.css'

const TOP_FIELDS = ['siteCode', 'observedAt', ...ROUTE_FIELDS] as const
type TopField = (typeof TOP_FIELDS)[number]

interface TallyEditorProps {
  title: string
  draft: Draft<TallyValues>
  /** Stable: the id and times of the tally being made or corrected. */
  base: () => TallyBase
  sites: readonly Site[]
  /** Tallies on this phone, to offer each point's usual answers first. */
  recent: readonly FlowCount[]
  lastRoute?: TallyRoute | undefined
  /** The values a discard goes back to. */
  startValues(): TallyValues
  /**
   * Saves the tally; a new tally's screen answers the next tally's values, and the saved
   * tally's number of its day (read after the save). Throws when storage fails.
   */
  onSave(tally: FlowCount): Promise<{ next: TallyValues; lastRoute: TallyRoute; dayNumber: Promise<number> } | void>
  onSiteChange?(siteCode: string): void
  discardLabel: string
  /** Further actions (e.g. delete), under the form. */
  children?: ReactNode
}

export function TallyEditor(props: TallyEditorProps) {
  const { t, i18n } = useTranslation()
  const { draft, base } = props
  const { form, values, issues, numbers, total, setField, nationalities } = useTally(draft, base)
  const { formState } = form
  const saveButton = useRef<SaveButtonHandle>(null)
  const saving = useRef(false)
  const [problem, setProblem] = useState<string | null>(null)
  /**
   * The last save, said once its number of the day is known (null: it could not be read);
   * `day`: the tally's day when it is not today (a late entry), whose tallies `n` counts.
   */
  const [saved, setSaved] = useState<{ n: number | null; people: number; day: string | null } | null>(null)
  // saves made here: each moves focus to the next tally, and only the last one's number is said
  const [saves, setSaves] = useState(0)
  const lastSave = useRef(0)
  // each tally opened after a save starts with its route folded again (RouteFields' `round`);
  // a discard starts the route's fields afresh (their key)
  const [round, setRound] = useState(0)
  const [discards, setDiscards] = useState(0)
  const [lastRoute, setLastRoute] = useState(props.lastRoute)
  const firstPlus = useRef<HTMLButtonElement>(null)
  const footer = useRef<HTMLDivElement>(null)
  useBarPadding(footer)
  // worked out when the point changes, never per keystroke
  const frequent = useMemo(() => frequentChoices(props.recent, values.siteCode), [props.recent, values.siteCode])

  const topError = (field: TopField): string | undefined => {
    const key = formState.errors[field]?.message
    return key ? sayMessage(t, key) : undefined
  }
  const formProblem =
    problem ?? (draft.storageFull ? 'form.storageFull' : formState.errors.root?.form ? 'form.invalid' : null)
  const problems: SummaryItem[] = summaryItems(
    t,
    issues,
    (field) => formState.errors[field as TopField]?.message,
    TOP_FIELDS,
    values,
  )

  /**
   * Save (the Save button, or Enter in a field): a tally with no problem, none shown, is
   * saved at once; otherwise react-hook-form's submit runs the same checks and shows their
   * messages at their fields. (Its submit draws the whole form twice, submitting then
   * submitted, before the save could start.)
   */
  function trySave() {
    const shape = tallyValuesSchema.safeParse(form.getValues())
    const shown = Object.keys(form.formState.errors).length > 0
    const built = shape.success && !shown ? buildTally(shape.data, base()) : undefined
    if (built?.ok) void save(built.data)
    else void form.handleSubmit(onValid)()
  }

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault()
    trySave()
  }

  async function onValid(typed: TallyValues) {
    const built = buildTally(typed, base())
    if (built.ok) await save(built.data) // else: the resolver said the same just before
  }

  async function save(tally: FlowCount) {
    // a second tap while a save runs saves nothing twice (the button looks the same during a quick save)
    if (saving.current) return
    saving.current = true
    saveButton.current?.setSaving(true)
    if (problem !== null) setProblem(null)
    let answer: Awaited<ReturnType<TallyEditorProps['onSave']>>
    try {
      answer = await props.onSave(tally)
    } catch (error) {
      // the schema was checked: this is storage failing (full, blocked); nothing typed is lost
      setProblem(isQuotaError(error) ? 'form.storageFull' : 'form.invalid')
      return
    } finally {
      saving.current = false
      saveButton.current?.setSaving(false)
    }
    if (!answer) return
    // the next tally, at once: the route carried over, the counts empty
    form.reset(answer.next)
    // after the reset, so that the carried-over route is not a draft; not awaited: the next
    // tally opens in the same render as the reset (a draft left behind only holds the route)
    void draft.clear().catch(() => undefined)
    setLastRoute(answer.lastRoute)
    setRound((r) => r + 1)
    setSaves((n) => n + 1)
    setSaved(null) // the last save's notice would show again on the reset form meanwhile
    const save = ++lastSave.current
    // a late entry's number counts its own day's tallies: "Tally 3" alone would read as today's third
    const day = siteDay(new Date(tally.observedAt))
    const otherDay = day === siteDay() ? null : day
    const said = (n: number | null) => save === lastSave.current && setSaved({ n, people: tally.total, day: otherDay })
    void answer.dayNumber.then(said, () => said(null))
  }

  // the next tally's first + once it is drawn (focusing before would lay out the old form too)
  useEffect(() => {
    if (saves > 0) firstPlus.current?.focus()
  }, [saves])

  const setCount = useCallback((field: CountField, value: string) => setField(`counts.${field}`, value), [setField])
  const { onSiteChange } = props
  // stable, so that the route's long country lists are not drawn again at each tap
  const setTop = useCallback(
    (field: TopField, value: string) => {
      setField(field, value)
      // the monitor's own time: kept at the save
      if (field === 'observedAt') setField('timeSet', true)
      if (field === 'siteCode') onSiteChange?.(value)
    },
    [setField, onSiteChange],
  )

  async function discard() {
    form.reset(props.startValues())
    await draft.clear()
    setProblem(null)
    setRound((r) => r + 1)
    setDiscards((d) => d + 1)
  }

  return (
    <form
      className="record-form tally"
      onSubmit={submit}
      onKeyDown={(event) => takeEnterInField(event) && trySave()}
      noValidate
      aria-labelledby="tally-title"
    >
      <div className="tally-head">
        <h1 id="tally-title">{props.title}</h1>
        <Link to="/today" className="standalone-link">
          {t('home.today')}
        </Link>
      </div>
      <ClockWarning />
      <FormStatus
        draftRestored={draft.restored}
        summary={formState.submitCount > 0 ? problems : []}
        attempt={formState.submitCount}
        problem={formProblem}
      />

      <RouteFields
        key={discards}
        round={round}
        sites={props.sites}
        values={values}
        set={setTop}
        errorOf={topError}
        frequent={frequent}
        lastRoute={lastRoute}
      />

      <CountFields
        counts={values.counts}
        nationalities={values.nationalities}
        setCount={setCount}
        nationality={nationalities}
        issues={issues}
        unknownRemainder={numbers?.unknownRemainder ?? null}
        usualNationalities={frequent.nationalities}
        firstPlusRef={firstPlus}
      />

      <div className="tally-footer" ref={footer}>
        {/* in the bar always in view, where the monitor is after a save (the form's top is
            scrolled away); until the next tally is begun */}
        <SavedNotice
          show={saved !== null && !formState.isDirty}
          message={
            saved
              ? t(savedKey(saved.n !== null, saved.day !== null), {
                  n: saved.n,
                  people: t('tally.peopleCount', { count: saved.people }),
                  day: saved.day && formatDay(saved.day, i18n.language),
                })
              : undefined
          }
        />
        <output className="running-total" aria-live="polite" htmlFor={fieldId('men')}>
          {t('tally.total', { count: total })}
        </output>
        <div className="tally-to-fix" aria-live="polite">
          {problems[0] && (
            <button type="button" className="link-button" onClick={() => focusField(problems[0]?.id)}>
              <span aria-hidden="true">⚠ </span>
              {t('tally.toFix', { count: problems.length })}
            </button>
          )}
        </div>
        <SaveButton ref={saveButton} label={t('tally.save')} onSave={trySave} />
      </div>
      {(formState.isDirty || draft.restored) && <DiscardDraft label={props.discardLabel} onDiscard={discard} />}
      {props.children}
    </form>
  )
}

function focusField(id: string | undefined) {
  const el = id ? document.getElementById(id) : null
  el?.scrollIntoView?.({ block: 'center' })
  el?.focus()
}

/** The saved notice's sentence: numbered when the number could be read, naming the day when it is not today. */
function savedKey(numbered: boolean, otherDay: boolean) {
  if (otherDay) return numbered ? 'tally.savedNextOfDay' : 'tally.savedNextUnnumberedOfDay'
  return numbered ? 'tally.savedNext' : 'tally.savedNextUnnumbered'
}

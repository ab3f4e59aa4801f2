/**
 * The tally's numbers: the four sex/age counts, the "of which" counts and the
 * nationalities, each on steppers. Every problem stands at the field it concerns; a
 * problem of a group (no one counted, nationalities above the total) stands under the
 * group and every field of it points to it (aria-describedby).
 */
import { memo, useEffect, useRef, type Ref } from 'react'
import { useTranslation } from 'react-i18next'
import { CountrySelect } from '@/components/country-select'
import { sayMessage } from '@/components/field-message'
import { CountStepper } from './count-stepper'
import { fieldId } from './route-fields'
import { countPath, nationalityPath, type TallyIssues } from './tally-checks'
import { OF_WHICH_FIELDS, PEOPLE_FIELDS, type CountField, type NationalityRow } from './tally-values'

export const PEOPLE_ERROR_ID = 'tally-people-error'
export const NATIONALITIES_ERROR_ID = 'tally-nationalities-error'

export interface NationalityActions {
  add(): void
  update(index: number, patch: Partial<NationalityRow>): void
  remove(index: number): void
}

interface CountFieldsProps {
  counts: Record<CountField, string>
  nationalities: NationalityRow[]
  setCount(field: CountField, value: string): void
  nationality: NationalityActions
  issues: TallyIssues
  unknownRemainder: number | null
  /** This point's usual nationalities, offered first. */
  usualNationalities: readonly string[]
  firstPlusRef?: Ref<HTMLButtonElement>
}

// drawn again only when the counts or their problems change, not when a save starts or the
// form's state moves (hence `setCount` stable)
export const CountFields = memo(function CountFields(props: CountFieldsProps) {
  const { t } = useTranslation()
  const { counts, nationalities, setCount, issues } = props
  const peopleError = issues['root.people']
  const sumError = issues['root.nationalities']
  const message = (key: string | undefined) => (key ? sayMessage(t, key) : undefined)
  // "Add a nationality" stays where it was, below the new row: focus moves to the row's
  // nationality picker, the next thing to fill
  const added = useRef<number | null>(null)
  useEffect(() => {
    if (added.current === null || added.current >= nationalities.length) return
    document.getElementById(fieldId(`nationality-${added.current}`))?.focus()
    added.current = null
  }, [nationalities.length])
  function addNationality() {
    added.current = nationalities.length
    props.nationality.add()
  }

  return (
    <>
      <fieldset className={`steppers${peopleError ? ' has-error' : ''}`}>
        <legend>{t('tally.people')}</legend>
        {peopleError && <GroupError id={PEOPLE_ERROR_ID} message={t(peopleError)} />}
        {PEOPLE_FIELDS.map((f, i) => (
          <CountStepper
            key={f}
            id={fieldId(f)}
            label={t(`tally.${f}`)}
            value={counts[f]}
            onChange={(v) => setCount(f, v)}
            error={message(issues[countPath(f)])}
            describedBy={peopleError ? [PEOPLE_ERROR_ID] : []}
            plusRef={i === 0 ? props.firstPlusRef : undefined}
          />
        ))}
      </fieldset>

      <fieldset className="steppers">
        <legend>{t('tally.ofWhich')}</legend>
        {OF_WHICH_FIELDS.map((f) => (
          <CountStepper
            key={f}
            id={fieldId(f)}
            label={t(`tally.${f}`)}
            value={counts[f]}
            onChange={(v) => setCount(f, v)}
            error={message(issues[countPath(f)])}
          />
        ))}
      </fieldset>

      <fieldset className={`nationalities${sumError ? ' has-error' : ''}`}>
        <legend>{t('tally.nationalities')}</legend>
        {nationalities.map((row, i) => (
          <NationalityFields
            key={i}
            index={i}
            country={row.country}
            count={row.count}
            countryError={message(issues[nationalityPath(i, 'country')])}
            countError={message(issues[nationalityPath(i, 'count')])}
            sumError={sumError !== undefined}
            usual={props.usualNationalities}
            actions={props.nationality}
          />
        ))}
        {sumError ? (
          <GroupError id={NATIONALITIES_ERROR_ID} message={t(sumError)} />
        ) : (
          props.unknownRemainder !== null && (
            <p className="unknown-remainder">{t('tally.unknownRemainder', { count: props.unknownRemainder })}</p>
          )
        )}
        <button type="button" id="tally-add-nationality" onClick={addNationality}>
          <span aria-hidden="true">+ </span>
          {t('tally.addNationality')}
        </button>
      </fieldset>
    </>
  )
})

interface NationalityFieldsProps {
  index: number
  // text, not the row: the form's values are copied at every change
  country: string
  count: string
  countryError: string | undefined
  countError: string | undefined
  /** The nationalities add up to more than the total: the message under the group concerns this count. */
  sumError: boolean
  usual: readonly string[]
  actions: NationalityActions
}

/** One nationality row; drawn again only when its own props change (its country list is long). */
const NationalityFields = memo(function NationalityFields(props: NationalityFieldsProps) {
  const { t } = useTranslation()
  const { index: i, actions } = props
  const n = i + 1
  return (
    <div className="nationality-row">
      <CountrySelect
        id={fieldId(`nationality-${i}`)}
        label={t('tally.nationalityN', { n })}
        value={props.country}
        onChange={(country) => actions.update(i, { country })}
        error={props.countryError}
        preferred={props.usual}
        preferredLabel={t('tally.usualHere')}
      />
      <CountStepper
        id={fieldId(`nationality-count-${i}`)}
        label={t('tally.countN', { n })}
        value={props.count}
        onChange={(count) => actions.update(i, { count })}
        error={props.countError}
        describedBy={props.sumError ? [NATIONALITIES_ERROR_ID] : []}
      />
      <button type="button" className="remove" onClick={() => actions.remove(i)}>
        <span aria-hidden="true">✕ </span>
        {t('tally.removeNationality', { n })}
      </button>
    </div>
  )
})

function GroupError({ id, message }: { id: string; message: string }) {
  return (
    <p className="field-error" id={id}>
      <span aria-hidden="true">⚠ </span>
      {message}
    </p>
  )
}

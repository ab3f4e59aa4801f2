/**
 * Where and how a group travels: the flow monitoring point, the time, and the route
 * (direction, transport, departure, destination, type of flow). A route carried over
 * from the last tally shows folded as "Same as last", one tap to change or clear it.
 * Countries and towns offer this point's usual answers first.
 */
import { memo, useCallback, useRef, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { useCodeOptions } from '@/components/code-options'
import { CountrySelect } from '@/components/country-select'
import { RadioGroup, SelectField, TextField } from '@/components/form-fields'
import type { Site } from '@/shared/schemas/site'
import type { FrequentChoices } from './frequent-choices'
import { SameAsLast } from './same-as-last'
import {
  ROUTE_FIELDS,
  emptyRoute,
  routeOf,
  sameRoute,
  type RouteField,
  type TallyRoute,
  type TallyValues,
} from './tally-values'
import { TownField } from './town-field'

export const fieldId = (path: string) => `tally-${path}`

// a country list is long: drawn again only when its own props change
const UsualCountrySelect = memo(CountrySelect)

interface RouteFieldsProps {
  sites: readonly Site[]
  values: TallyValues
  set(field: 'siteCode' | 'observedAt' | RouteField, value: string): void
  errorOf(field: 'siteCode' | 'observedAt' | RouteField): string | undefined
  frequent: FrequentChoices
  /** The last tally's route, offered folded when the values still hold it. */
  lastRoute?: TallyRoute | undefined
  /** One more at each tally opened: the route, unfolded in an earlier one, is folded again. */
  round: number
}

export function RouteFields({ sites, values, set, errorOf, frequent, lastRoute, round }: RouteFieldsProps) {
  const { t } = useTranslation()
  // unfolded in this round only (drawn again rather than anew: the next tally opens sooner)
  const [openIn, setOpenIn] = useState<number | null>(null)
  const open = openIn === round
  const directionRef = useRef<HTMLDivElement>(null)
  const directions = useCodeOptions('direction')
  const transports = useCodeOptions('transport')
  const flowTypes = useCodeOptions('flowType')
  const setDeparture = useCallback((v: string) => set('departureCountry', v), [set])
  const setDestination = useCallback((v: string) => set('destinationCountry', v), [set])
  const folded =
    !open && lastRoute !== undefined && sameRoute(routeOf(values), lastRoute) && ROUTE_FIELDS.every((f) => !errorOf(f))

  function unfold(clear: boolean) {
    if (clear) for (const [field, value] of Object.entries(emptyRoute())) set(field as RouteField, value)
    setOpenIn(round)
    // the first route field, once drawn
    setTimeout(() => directionRef.current?.querySelector('input')?.focus(), 0)
  }

  return (
    <section aria-labelledby="tally-where" className="tally-route">
      <h2 id="tally-where" className="visually-hidden">
        {t('tally.where')}
      </h2>
      {sites.length === 0 && <p className="notice">{t('tally.noSite')}</p>}
      <SelectField
        id={fieldId('siteCode')}
        label={t('tally.fmp')}
        value={values.siteCode}
        onChange={(v) => set('siteCode', v)}
        options={sites.map((s) => ({ value: s.code, label: s.name }))}
        error={errorOf('siteCode')}
        required
      />
      <TextField
        id={fieldId('observedAt')}
        label={t('tally.observedAt')}
        type="datetime-local"
        value={values.observedAt}
        onChange={(v) => set('observedAt', v)}
        error={errorOf('observedAt')}
        required
      />
      {folded ? (
        <SameAsLast route={lastRoute} onChange={() => unfold(false)} onClear={() => unfold(true)} />
      ) : (
        <>
          <div ref={directionRef}>
            <RadioGroup
              id={fieldId('direction')}
              label={t('tally.direction')}
              value={values.direction}
              onChange={(v) => set('direction', v)}
              options={directions}
              error={errorOf('direction')}
              required
              inline
            />
          </div>
          <SelectField
            id={fieldId('transport')}
            label={t('tally.transport')}
            value={values.transport}
            onChange={(v) => set('transport', v)}
            options={transports}
            error={errorOf('transport')}
            required
          />
          <UsualCountrySelect
            id={fieldId('departureCountry')}
            label={t('tally.departureCountry')}
            value={values.departureCountry}
            onChange={setDeparture}
            error={errorOf('departureCountry')}
            preferred={frequent.departureCountries}
            preferredLabel={t('tally.usualHere')}
            required
          />
          <TownField
            id={fieldId('departureTown')}
            label={t('tally.departureTown')}
            value={values.departureTown}
            onChange={(v) => set('departureTown', v)}
            error={errorOf('departureTown')}
            towns={frequent.towns[values.departureCountry]}
          />
          <UsualCountrySelect
            id={fieldId('destinationCountry')}
            label={t('tally.destinationCountry')}
            value={values.destinationCountry}
            onChange={setDestination}
            error={errorOf('destinationCountry')}
            preferred={frequent.destinationCountries}
            preferredLabel={t('tally.usualHere')}
            required
          />
          <TownField
            id={fieldId('destinationTown')}
            label={t('tally.destinationTown')}
            value={values.destinationTown}
            onChange={(v) => set('destinationTown', v)}
            error={errorOf('destinationTown')}
            towns={frequent.towns[values.destinationCountry]}
          />
          <SelectField
            id={fieldId('flowType')}
            label={t('tally.flowType')}
            value={values.flowType}
            onChange={(v) => set('flowType', v)}
            options={flowTypes}
            error={errorOf('flowType')}
            required
          />
        </>
      )}
    </section>
  )
}

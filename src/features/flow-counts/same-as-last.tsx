/**
 * The last tally's route carried over to the next one, folded into one line
 * ("Same as last"), with one tap to change it or to clear it.
 */
import { useTranslation } from 'react-i18next'
import { useCodeLabel } from '@/components/code-options'
import { useCountryName } from '@/components/country-select'
import { forwardArrow } from '@/i18n/languages'
import type { TallyRoute } from './tally-values'

/** The last tally's route in one line, with Change and Clear. */
export function SameAsLast({ route, onChange, onClear }: { route: TallyRoute; onChange(): void; onClear(): void }) {
  const { t, i18n } = useTranslation()
  const codeLabel = useCodeLabel()
  const countryName = useCountryName()
  const place = (country: string, town: string) => (town ? `${countryName(country)} (${town})` : countryName(country))
  return (
    <div className="same-as-last" role="group" aria-labelledby="same-as-last-title">
      <h3 id="same-as-last-title">
        <span aria-hidden="true">↺ </span>
        {t('tally.sameAsLast')}
      </h3>
      <p className="same-as-last-route">
        {codeLabel('direction', route.direction)} · {codeLabel('transport', route.transport)} ·{' '}
        {place(route.departureCountry, route.departureTown)} {forwardArrow(i18n.resolvedLanguage ?? 'fr')}{' '}
        {place(route.destinationCountry, route.destinationTown)} · {codeLabel('flowType', route.flowType)}
      </p>
      <div className="same-as-last-actions">
        <button type="button" onClick={onChange}>
          {t('tally.changeRoute')}
        </button>
        <button type="button" onClick={onClear}>
          {t('tally.clearRoute')}
        </button>
      </div>
    </div>
  )
}

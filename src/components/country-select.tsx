/**
 * A searchable country list: a search box narrows a native select (which cheap phones
 * draw as their own big picker). Countries frequent in Niger come first.
 */
import { useMemo, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { countryName, countryOptions, foldForSearch } from '@/i18n/countries'
import { SelectField, type Option } from './form-fields'

interface CountrySelectProps {
  id: string
  label: string
  value: string
  onChange(code: string): void
  error?: string | undefined
  required?: boolean
  /** Codes to offer first, most frequent first (e.g. a site's usual choices), under `preferredLabel`. */
  preferred?: readonly string[] | undefined
  preferredLabel?: string | undefined
}

export function CountrySelect({
  id,
  label,
  value,
  onChange,
  error,
  required,
  preferred,
  preferredLabel,
}: CountrySelectProps) {
  const { t, i18n } = useTranslation()
  const [query, setQuery] = useState('')
  const lang = i18n.resolvedLanguage ?? 'fr'
  const groups = useMemo(() => {
    const { frequent, others } = countryOptions(lang)
    const q = foldForSearch(query.trim())
    const keep = (o: { code: string; name: string }) =>
      o.code === value || !q || foldForSearch(o.name).includes(q) || o.code.toLowerCase() === q
    const toOption = (o: { code: string; name: string }): Option => ({ value: o.code, label: o.name })
    const first = new Set(preferred ?? [])
    const rest = (list: { code: string; name: string }[]) => list.filter((o) => !first.has(o.code) && keep(o))
    const preferredOptions = [...first].map((code) => ({
      code,
      name: countryName(code, lang, t('form.unknownCountry')),
    }))
    return [
      { label: preferredLabel ?? t('form.frequent'), options: preferredOptions.filter(keep).map(toOption) },
      { label: t('form.frequent'), options: rest(frequent).map(toOption) },
      { label: t('form.allCountries'), options: rest(others).map(toOption) },
    ].filter((g) => g.options.length > 0)
  }, [lang, query, value, t, preferred, preferredLabel])

  return (
    <SelectField
      id={id}
      label={label}
      value={value}
      onChange={onChange}
      options={[]}
      groups={groups}
      error={error}
      required={required}
    >
      <input
        type="search"
        className="country-search"
        aria-label={t('form.searchIn', { label })}
        placeholder={t('form.search')}
        value={query}
        onChange={(e) => setQuery(e.target.value)}
        autoComplete="off"
      />
    </SelectField>
  )
}

/** A country's name in the interface language. */
export function useCountryName(): (code: string) => string {
  const { t, i18n } = useTranslation()
  const lang = i18n.resolvedLanguage ?? 'fr'
  return (code) => countryName(code, lang, t('form.unknownCountry'))
}

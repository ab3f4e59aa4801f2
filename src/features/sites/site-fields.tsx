/** The fields of a site, for the new-site and edit forms; the code is shown but fixed once created. */
import { Trans, useTranslation } from 'react-i18next'
import { sayMessage } from '@/components/field-message'
import { SelectField, TextField } from '@/components/form-fields'
import { useFormatNumber } from '@/components/use-format-number'
import { SITE_KINDS } from '@/shared/schemas/codes'
import { NIGER_BOUNDS } from '@/shared/schemas/site'
import type { SiteErrors, SiteField, SiteValues } from './site-values'

/** Niger's eight regions (adm1), as the seed sites name them. */
export const NIGER_REGIONS = ['Agadez', 'Diffa', 'Dosso', 'Maradi', 'Niamey', 'Tahoua', 'Tillabéri', 'Zinder'] as const

interface SiteFieldsProps {
  idPrefix: string
  values: SiteValues
  errors: SiteErrors
  onChange<K extends keyof SiteValues>(field: K, value: SiteValues[K]): void
  /** Editing: the code is the key every record carries, it never changes. */
  codeFixed?: boolean
}

export const siteFieldId = (prefix: string, field: SiteField) => `${prefix}-${field}`

export function SiteFields({ idPrefix, values, errors, onChange, codeFixed }: SiteFieldsProps) {
  const { t } = useTranslation()
  // the bounds with the language's decimal mark, as its example has it (11,5 in French)
  const decimal = useFormatNumber()
  const id = (field: SiteField) => siteFieldId(idPrefix, field)
  const err = (field: SiteField) => (errors[field] ? sayMessage(t, errors[field]) : undefined)
  const regions: string[] = [...NIGER_REGIONS]
  // a site saved with another spelling keeps it selectable
  if (values.adm1 && !regions.includes(values.adm1)) regions.push(values.adm1)
  return (
    <>
      {codeFixed ? (
        <p className="record-meta">
          <Trans i18nKey="sites.codeIs" values={{ code: values.code }} components={{ code: <strong /> }} /> ·{' '}
          {t('sites.codeFixedHint')}
        </p>
      ) : (
        <TextField
          id={id('code')}
          label={t('sites.code')}
          hint={t('sites.codeHint')}
          value={values.code}
          onChange={(v) => onChange('code', v)}
          error={err('code')}
          autoComplete="off"
          required
        />
      )}
      <TextField
        id={id('name')}
        label={t('sites.name')}
        hint={t('sites.nameHint')}
        value={values.name}
        onChange={(v) => onChange('name', v)}
        error={err('name')}
        autoComplete="off"
        required
      />
      <SelectField
        id={id('kind')}
        label={t('sites.kind')}
        value={values.kind}
        onChange={(v) => onChange('kind', v as SiteValues['kind'])}
        options={SITE_KINDS.map((kind) => ({ value: kind, label: t(`codes.siteKind.${kind}`) }))}
        error={err('kind')}
        required
      />
      <SelectField
        id={id('adm1')}
        label={t('sites.adm1')}
        value={values.adm1}
        onChange={(v) => onChange('adm1', v)}
        options={regions.map((region) => ({ value: region, label: region }))}
        error={err('adm1')}
        required
      />
      <TextField
        id={id('lat')}
        label={t('sites.lat')}
        hint={t('sites.latHint', { min: decimal(NIGER_BOUNDS.minLat), max: decimal(NIGER_BOUNDS.maxLat) })}
        value={values.lat}
        onChange={(v) => onChange('lat', v)}
        error={err('lat')}
        inputMode="text"
        autoComplete="off"
      />
      <TextField
        id={id('lon')}
        label={t('sites.lon')}
        hint={t('sites.lonHint', { min: decimal(NIGER_BOUNDS.minLon), max: decimal(NIGER_BOUNDS.maxLon) })}
        value={values.lon}
        onChange={(v) => onChange('lon', v)}
        error={err('lon')}
        inputMode="text"
        autoComplete="off"
      />
    </>
  )
}

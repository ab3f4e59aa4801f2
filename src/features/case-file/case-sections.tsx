/**
 * The parts of the case file as the registration form's steps name them, each with what
 * it holds and a link to edit it at its step. An anonymous case has no household,
 * journey or return to show.
 */
import type { ReactNode } from 'react'
import { useTranslation } from 'react-i18next'
import { Link } from 'react-router'
import { useCodeLabel } from '@/components/code-options'
import { useCountryName } from '@/components/country-select'
import { formatDay } from '@/components/dates'
import { useFormatNumber } from '@/components/use-format-number'
import type { LocalRecord } from '@/data/records'
import type { CASE_SECTIONS } from '@/shared/schemas/codes'
import { useHousehold } from './household'
import { HouseholdList } from './household-list'

type Section = Exclude<(typeof CASE_SECTIONS)[number], 'status'>
type Facts = [label: string, value: ReactNode][]

interface Props {
  record: LocalRecord<'registration'>
  /** the case's events: its household events say where members the phone cannot see went */
  events: readonly LocalRecord<'caseEvent'>[]
  siteName(code: string): string
}

export function CaseSections({ record, events, siteName }: Props) {
  const { t, i18n } = useTranslation()
  const codeLabel = useCodeLabel()
  const country = useCountryName()
  const lang = i18n.resolvedLanguage ?? 'fr'
  const formatNumber = useFormatNumber()
  const count = (n: number | undefined) => (n === undefined ? undefined : formatNumber(n))
  const day = (d: string | undefined) => (d ? formatDay(d, lang) : undefined)
  const separator = t('app.listSeparator')
  const yesNo = (b: boolean | undefined) => (b === undefined ? undefined : b ? t('form.yes') : t('form.no'))
  const list = (values: readonly string[] | undefined, label: (v: string) => string) =>
    values && values.length > 0 ? values.map(label).join(separator) : undefined
  const p = record.data
  const household = useHousehold(record, events)
  const travellingWith = household.members.length + household.merged.length + household.unseen.length > 0

  const sections: [Section, Facts][] = []
  sections.push([
    'consent',
    [
      [t('caseFile.fields.consentProcessing'), yesNo(p.consentProcessing)],
      [t('caseFile.fields.consentSharing'), yesNo(p.consentSharing)],
      [
        t('caseFile.fields.consentGivenBy'),
        p.consentProcessing ? codeLabel('consentGiver', p.consentGivenBy ?? 'person') : undefined,
      ],
      [t('caseFile.fields.consentDate'), day(p.consentDate)],
    ],
  ])
  if (p.consentProcessing) {
    const doc = p.document
    sections.push([
      'identity',
      [
        [t('caseFile.fields.name'), `${p.givenName} ${p.familyName}`],
        [t('caseFile.fields.aliases'), list(p.aliases, (a) => a)],
        [t('caseFile.sex'), codeLabel('sex', p.sex)],
        [
          t('caseFile.fields.dateOfBirth'),
          p.dateOfBirthEstimated ? t('caseFile.fields.estimated', { date: day(p.dateOfBirth) }) : day(p.dateOfBirth),
        ],
        [t('caseFile.nationality'), country(p.nationality)],
        [
          t('caseFile.fields.birthPlace'),
          [p.placeOfBirth, p.countryOfBirth && country(p.countryOfBirth)].filter(Boolean).join(separator) || undefined,
        ],
        [t('caseFile.fields.languages'), list(p.languages, (l) => l)],
        [t('caseFile.fields.maritalStatus'), p.maritalStatus && codeLabel('maritalStatus', p.maritalStatus)],
        [t('caseFile.fields.educationLevel'), p.educationLevel && codeLabel('educationLevel', p.educationLevel)],
        [t('caseFile.fields.occupation'), p.occupation],
        // a phone or document number reads left to right in Arabic too (else "+227 96…" shows reversed)
        [t('caseFile.fields.phone'), p.phone && <bdi dir="ltr">{p.phone}</bdi>],
        [
          t('caseFile.fields.document'),
          doc && (
            <>
              {codeLabel('documentType', doc.type)}
              {doc.number && (
                <>
                  {' · '}
                  <bdi dir="ltr">{doc.number}</bdi>
                </>
              )}
              {doc.expiresOn && ` · ${day(doc.expiresOn)}`}
            </>
          ),
        ],
      ],
    ])
    sections.push([
      'household',
      [
        [
          t('caseFile.fields.relationship'),
          p.household && codeLabel('householdRelationship', p.household.relationship),
        ],
        [
          t('caseFile.fields.travellingWith'),
          travellingWith ? <HouseholdList household={household} siteName={siteName} /> : undefined,
        ],
      ],
    ])
    const m = p.migration
    sections.push([
      'journey',
      [
        [
          t('caseFile.fields.origin'),
          m && [m.originTown, m.originCountry && country(m.originCountry)].filter(Boolean).join(separator),
        ],
        [t('caseFile.fields.leftHomeOn'), day(m?.leftHomeOn)],
        [t('caseFile.fields.transitCountries'), list(m?.transitCountries, country)],
        [t('caseFile.fields.monthsInLibya'), count(m?.monthsInLibya)],
        [t('caseFile.fields.monthsInAlgeria'), count(m?.monthsInAlgeria)],
        [t('caseFile.fields.reasonsForLeaving'), list(m?.reasonsForLeaving, (r) => codeLabel('reasonForLeaving', r))],
        [t('caseFile.fields.intendedDestination'), m?.intendedDestination && country(m.intendedDestination)],
        [t('caseFile.fields.intentionNow'), m?.intentionNow && codeLabel('intention', m.intentionNow)],
        [t('caseFile.fields.abuseEnRoute'), list(m?.abuseEnRoute, (a) => codeLabel('abuse', a))],
      ],
    ])
  } else {
    sections.push([
      'identity',
      [
        [t('caseFile.sex'), codeLabel('sex', p.sex)],
        [t('caseFile.ageLabel'), codeLabel('ageGroup', p.ageGroup)],
        [t('caseFile.nationality'), country(p.nationality)],
      ],
    ])
  }
  sections.push([
    'vulnerabilities',
    [
      [
        t('caseFile.fields.vulnerabilities'),
        list(p.vulnerabilities, (v) => codeLabel('vulnerability', v)) ?? t('caseFile.fields.none'),
      ],
    ],
  ])
  if (p.consentProcessing) {
    const a = p.avrr
    // no return recorded is the answer "No" to the registration's question, and says so
    sections.push([
      'avrr',
      a
        ? [
            [t('registration.avrr'), t('form.yes')],
            [t('caseFile.fields.avrrCategory'), codeLabel('avrrCategory', a.category)],
            [t('caseFile.fields.voluntarinessSigned'), yesNo(a.voluntarinessSigned)],
            [t('caseFile.fields.travelDocument'), codeLabel('travelDocumentStatus', a.travelDocumentStatus)],
            [t('caseFile.fields.fitToTravel'), yesNo(a.fitToTravel)],
            [t('caseFile.fields.travelReadyOn'), day(a.travelReadyOn)],
            [
              t('caseFile.fields.destination'),
              [a.destinationTown, country(a.destinationCountry)].filter(Boolean).join(separator),
            ],
            [t('caseFile.fields.reintegrationCounselling'), yesNo(a.reintegrationCounselling)],
          ]
        : [[t('registration.avrr'), t('form.no')]],
    ])
  }

  return (
    <section aria-labelledby="sections-title" className="case-sections">
      <h2 id="sections-title">{t('caseFile.sectionsTitle')}</h2>
      {sections.map(([section, facts]) => {
        const shown = facts.filter(([, value]) => value !== undefined && value !== '')
        const title = codeLabel('caseSection', section)
        return (
          <section key={section} aria-labelledby={`section-${section}`} className="case-section">
            <div className="case-section-head">
              <h3 id={`section-${section}`}>{title}</h3>
              <Link to={`/cases/${record.id}/edit?step=${section}`} className="button">
                {t('caseFile.edit')} <span className="visually-hidden">{title}</span>
              </Link>
            </div>
            {shown.length === 0 ? (
              <p className="hint">{t('caseFile.fields.empty')}</p>
            ) : (
              <dl>
                {shown.map(([label, value]) => (
                  <div key={label}>
                    <dt>{label}</dt>
                    <dd>{value}</dd>
                  </div>
                ))}
              </dl>
            )}
          </section>
        )
      })}
    </section>
  )
}

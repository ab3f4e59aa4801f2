/**
 * Exports (supervisors and admins): choose what (the daily FMP figures, registrations
 * per centre, or one kind of record), the format, the sites and the days (required for
 * figures, last 30 days by default; optional for records, every date when empty, each
 * kind by its own date); records may include personal data, said clearly to be
 * audited. The file is made by the server from what phones have sent, so this screen
 * needs a connection.
 */
import { useId, useRef, useState, type FormEvent } from 'react'
import { useTranslation } from 'react-i18next'
import { useSession } from '@/components/app-context'
import { useBrowserOnline } from '@/components/use-online'
import { useSites } from '@/components/use-records'
import { mayUseSite } from '@/shared/roles'
import { SITE_KINDS } from '@/shared/schemas/codes'
import { siteDay } from '@/shared/site-time'
import {
  choiceKey,
  choiceOf,
  EXPORT_CHOICES,
  EXPORT_FORMATS,
  exportUrl,
  type ExportChoice,
  type ExportFormat,
} from './export-choices'
import { codebookCsv } from './codebook'
import { saveBlob } from './download-export'
import { checkExportForm, type ExportFormErrors } from './export-form'
import { ExportStatus } from './export-status'
import { useExportDownload } from './use-export-download'
import './exports.css'
import { BusyButton } from '@/components/busy-button'

const DAY_MS = 24 * 60 * 60 * 1000

export function ExportsScreen() {
  const { t, i18n } = useTranslation()
  const { user } = useSession()
  const id = useId()
  const sites = useSites()?.filter((site) => mayUseSite(user, site.code))
  // grouped by kind: transit centres, then flow monitoring points, then information points
  const ordered = SITE_KINDS.flatMap((kind) => (sites ?? []).filter((site) => site.kind === kind))
  const [key, setKey] = useState(choiceKey(EXPORT_CHOICES[0]!))
  const choice = choiceOf(key) ?? EXPORT_CHOICES[0]!
  const [format, setFormat] = useState<ExportFormat>('csv')
  const [unticked, setUnticked] = useState<string[]>([])
  const [from, setFrom] = useState(() => siteDay(new Date(Date.now() - 29 * DAY_MS)))
  const [to, setTo] = useState(() => siteDay())
  // records: no days, every date (what an export held before it could be limited)
  const [recordFrom, setRecordFrom] = useState('')
  const [recordTo, setRecordTo] = useState('')
  const [personal, setPersonal] = useState(false)
  const [errors, setErrors] = useState<ExportFormErrors>({})
  const download = useExportDownload()
  const online = useBrowserOnline()
  const running = download.state.status === 'running'
  const downloadButton = useRef<HTMLButtonElement>(null)
  // Cancel leaves with the progress it stood in: the focus goes back to Download, not to the page's start
  const cancel = () => {
    download.cancel()
    downloadButton.current?.focus()
  }

  const ticked = (sites ?? []).map((site) => site.code).filter((code) => !unticked.includes(code))
  // nothing unticked (the list may still be loading): every site of the user, the server's default
  const allTicked = unticked.length === 0
  const entity = choice.kind === 'entity'
  const registrations = choice.kind === 'entity' && choice.entity === 'registration'

  const submit = (event: FormEvent) => {
    event.preventDefault()
    if (running) return
    const days = entity ? { from: recordFrom, to: recordTo } : { from, to }
    // a day half typed: the browser gives the field as empty, which must not pass for "every date"
    const unreadable = { from: badInput(`${id}-from`), to: badInput(`${id}-to`) }
    const found = checkExportForm({ choice, ...days, noSites: !allTicked && ticked.length === 0, unreadable })
    setErrors(found)
    if (Object.keys(found).length > 0) {
      document.getElementById(found.sites ? `${id}-sites` : found.from ? `${id}-from` : `${id}-to`)?.focus()
      return
    }
    const path = exportUrl({
      choice,
      format,
      // every one of the user's sites: the server's default, which also covers a site added since
      sites: allTicked ? undefined : ticked,
      ...days,
      ...(entity ? { personal } : {}),
      // the seed sites are stored in English: another language has them named in it
      lang: i18n.resolvedLanguage === 'en' ? undefined : i18n.resolvedLanguage,
    })
    void download.start(path, fallbackName(choice, format))
  }

  const label = (c: ExportChoice) =>
    c.kind === 'entity' ? t(`exports.entity.${c.entity}`) : t(`exports.aggregate.${c.aggregate}`)
  const choiceRadio = (c: ExportChoice) => (
    <label key={choiceKey(c)} className="choice export-choice">
      <input
        type="radio"
        name={`${id}-what`}
        value={choiceKey(c)}
        checked={choiceKey(c) === key}
        onChange={() => {
          setKey(choiceKey(c))
          setErrors({})
          // "Saved: …" or a problem was about the export chosen before
          if (!running) download.reset()
        }}
      />
      <span>
        <span className="choice-name">{label(c)}</span>
        {c.kind === 'aggregate' && <span className="hint">{t(`exports.aggregateHint.${c.aggregate}`)}</span>}
      </span>
    </label>
  )

  return (
    <section aria-labelledby="exports-title" className="admin exports">
      <h1 id="exports-title">{t('exports.title')}</h1>
      <p className="hint">{t('exports.intro')}</p>
      {/* offline, said as the other server screens say it as they open, not only once Download fails */}
      {!online && download.state.status !== 'problem' && (
        <p className="notice" role="status">
          <span className="offline-word">
            <span aria-hidden="true">○ </span>
            {t('exports.problems.offline')}
          </span>{' '}
          {t('exports.offlineBefore')}
        </p>
      )}
      <form onSubmit={submit} noValidate>
        <fieldset className="choice-group">
          <legend>{t('exports.what')}</legend>
          <fieldset className="choice-group">
            <legend>{t('exports.figures')}</legend>
            {EXPORT_CHOICES.filter((c) => c.kind === 'aggregate').map(choiceRadio)}
          </fieldset>
          <fieldset className="choice-group">
            <legend>{t('exports.records')}</legend>
            {EXPORT_CHOICES.filter((c) => c.kind === 'entity').map(choiceRadio)}
          </fieldset>
        </fieldset>

        <fieldset className="choice-group inline">
          <legend>{t('exports.format')}</legend>
          {EXPORT_FORMATS.map((f) => (
            <label key={f} className="choice">
              <input
                type="radio"
                name={`${id}-format`}
                value={f}
                checked={format === f}
                onChange={() => setFormat(f)}
              />
              <span>{t(`exports.formats.${f}`)}</span>
            </label>
          ))}
        </fieldset>

        <fieldset
          className={`choice-group${errors.sites ? ' has-error' : ''}`}
          aria-describedby={`${id}-sites-hint${errors.sites ? ` ${id}-sites-error` : ''}`}
        >
          <legend>{t('exports.sites')}</legend>
          <p className="hint" id={`${id}-sites-hint`}>
            {t('exports.sitesHint')}
          </p>
          {errors.sites && (
            <p className="field-error" id={`${id}-sites-error`}>
              <span aria-hidden="true">⚠ </span>
              {t(`exports.errors.${errors.sites}`)}
            </p>
          )}
          {sites === undefined && <p role="status">{t('app.loading')}</p>}
          {ordered.map((site, i) => (
            <label key={site.code} className="choice">
              <input
                type="checkbox"
                id={i === 0 ? `${id}-sites` : undefined}
                checked={!unticked.includes(site.code)}
                onChange={(e) =>
                  setUnticked((list) =>
                    e.target.checked ? list.filter((code) => code !== site.code) : [...list, site.code],
                  )
                }
              />
              <span>
                {site.name}
                {!site.active && ` (${t('exports.siteClosed')})`}
              </span>
            </label>
          ))}
        </fieldset>

        <div className="export-dates">
          <p className="hint" id={`${id}-dates-hint`}>
            {choice.kind === 'entity'
              ? `${t(`exports.recordDate.${choice.entity}`)} ${t('exports.recordDatesHint')}`
              : t('exports.datesHint')}
            {/* the server reads such a range as whole months, so that a day's rows cannot single anyone out */}
            {registrations && !personal && ` ${t('exports.registrationMonths')}`}
          </p>
          <DateField
            id={`${id}-from`}
            label={t('exports.from')}
            value={entity ? recordFrom : from}
            onChange={entity ? setRecordFrom : setFrom}
            error={errors.from && t(`exports.errors.${errors.from}`)}
            hintId={`${id}-dates-hint`}
          />
          <DateField
            id={`${id}-to`}
            label={t('exports.to')}
            value={entity ? recordTo : to}
            onChange={entity ? setRecordTo : setTo}
            error={errors.to && t(`exports.errors.${errors.to}`)}
            hintId={`${id}-dates-hint`}
          />
        </div>

        {entity && (
          <div className={`personal-choice${personal ? ' is-on' : ''}`}>
            <label className="choice">
              <input
                type="checkbox"
                checked={personal}
                aria-describedby={`${id}-personal-hint`}
                onChange={(e) => setPersonal(e.target.checked)}
              />
              <span className="choice-name">{t('exports.personal')}</span>
            </label>
            <p className="hint" id={`${id}-personal-hint`}>
              {t(registrations ? 'exports.personalHintRegistration' : 'exports.personalHint')}
            </p>
            {personal && (
              <p className="personal-warning" role="note">
                <span aria-hidden="true">⚠ </span>
                {t('exports.personalWarning')}
              </p>
            )}
          </div>
        )}

        <BusyButton ref={downloadButton} type="submit" className="primary" busy={running}>
          {personal && entity ? t('exports.downloadPersonal') : t('exports.download')}
        </BusyButton>
      </form>
      <ExportStatus state={download.state} onCancel={cancel} onRetry={download.retry} />
      <Codebook />
    </section>
  )
}

interface DateFieldProps {
  id: string
  label: string
  value: string
  onChange(value: string): void
  error: string | undefined
  hintId: string
}

function DateField({ id, label, value, onChange, error, hintId }: DateFieldProps) {
  return (
    <div className={`field${error ? ' has-error' : ''}`}>
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        type="date"
        value={value}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${hintId} ${id}-error` : hintId}
        onChange={(e) => onChange(e.target.value)}
      />
      {error && (
        <p className="field-error" id={`${id}-error`}>
          <span aria-hidden="true">⚠ </span>
          {error}
        </p>
      )}
    </div>
  )
}

/** Whether a date field holds what the browser could not read as a day (it then gives its value as empty). */
function badInput(id: string): boolean {
  const input = document.getElementById(id)
  return input instanceof HTMLInputElement && input.validity.badInput
}

/** The file's name should the server give none. */
function fallbackName(choice: ExportChoice, format: ExportFormat): string {
  const what = choice.kind === 'entity' ? choice.entity : choice.aggregate
  return `relais-${what}-${siteDay()}.${format}`
}

/** The codebook of the coded values (codebook.ts), made here from the app's translations. */
function Codebook() {
  const { t, i18n } = useTranslation()
  const save = () =>
    saveBlob(
      new Blob([codebookCsv(t)], { type: 'text/csv;charset=utf-8' }),
      `relais-codebook-${i18n.resolvedLanguage ?? 'fr'}.csv`,
    )
  return (
    <section aria-labelledby="codebook-title" className="codebook">
      <h2 id="codebook-title">{t('exports.codebook.title')}</h2>
      <p className="hint">{t('exports.codebook.hint')}</p>
      <button type="button" onClick={save}>
        {t('exports.codebook.download')}
      </button>
    </section>
  )
}

/** The case's timeline, newest first: what happened, who did it and when, in the user's words. */
import { useTranslation } from 'react-i18next'
import { useCodeLabel } from '@/components/code-options'
import { formatDay, formatSiteTime } from '@/components/dates'
import { RecordState } from '@/components/record-state'
import { useStaffName } from '@/components/use-staff'
import { forwardArrow } from '@/i18n/languages'
import { isKnownEventKind } from '@/shared/schemas/case-event'
import type { Referral } from '@/shared/schemas/referral'
import type { CaseFile } from '@/data/case-file'
import { timelineEntries, type CasePart, type TimelineEntry } from './timeline-entries'
import { providerToShow } from './assistance-provider'

/** `siteName`: a centre's name from its code (the page has the sites already). */
export function Timeline({ file, siteName: nameOf }: { file: CaseFile; siteName(code: string): string }) {
  const { t, i18n } = useTranslation()
  const codeLabel = useCodeLabel()
  const lang = i18n.resolvedLanguage ?? 'fr'
  const arrow = forwardArrow(lang)
  const siteName = (code: string | undefined) => (code ? nameOf(code) : '')
  // the same names on every phone of the site: the staff directory synced with the sites
  const who = useStaffName()
  const partner = (r: Referral) => r.partnerName ?? codeLabel('referralTarget', r.to)
  const status = (s: string | undefined) => (s ? codeLabel('caseStatus', s) : '')
  const partName = (part: CasePart) =>
    part.entity === 'assistance'
      ? t('caseFile.timeline.assistancePart', { type: codeLabel('assistanceType', part.record.type) })
      : t('caseFile.timeline.referralPart', { partner: partner(part.record) })

  function describe(entry: TimelineEntry): { what: string; detail?: string } {
    switch (entry.what) {
      case 'registered':
        return { what: t('caseFile.timeline.registered') }
      case 'assistance': {
        const a = entry.assistance
        return {
          what: t('caseFile.timeline.assistance'),
          detail: t('caseFile.timeline.assistanceDetail', {
            type: codeLabel('assistanceType', a.type),
            quantity: a.quantity,
            provider: providerToShow(a.provider, t('caseFile.iom')),
          }),
        }
      }
      case 'referral': {
        const r = entry.referral
        return {
          what: t('caseFile.timeline.referral'),
          detail: t('caseFile.timeline.referralDetail', {
            partner: partner(r),
            urgency: codeLabel('urgency', r.urgency),
          }),
        }
      }
      case 'event': {
        const e = entry.event
        // a kind a newer version of Relais wrote: said in general words, never as its code
        if (!isKnownEventKind(e.kind)) return { what: t('caseFile.timeline.newerKind') }
        const what = codeLabel('caseEventKind', e.kind)
        // a supervisor's correction of why a case closed: it stayed closed (status-form.tsx)
        if (e.kind === 'status_changed' && e.fromStatus === 'closed' && e.toStatus === 'closed') {
          const reason = e.closureReason ? codeLabel('closureReason', e.closureReason) : undefined
          return { what: t('caseFile.timeline.closureCorrected'), ...(reason ? { detail: reason } : {}) }
        }
        if (e.kind === 'status_changed' || e.kind === 'reopened') {
          const change = `${status(e.fromStatus)} ${arrow} ${status(e.toStatus)}`
          const reason = e.closureReason ? ` (${codeLabel('closureReason', e.closureReason)})` : ''
          return { what, detail: change + reason }
        }
        if (e.kind === 'transferred' || e.kind === 'household_member_transferred') {
          return { what, detail: `${siteName(e.fromSite)} ${arrow} ${siteName(e.toSite)}` }
        }
        // this case moved on to toSite; the member stayed at fromSite
        if (e.kind === 'household_member_stayed') return { what, detail: siteName(e.fromSite) }
        if (e.kind === 'referral_updated' && entry.referral) return { what, detail: partner(entry.referral) }
        if (e.kind === 'conflict_resolved' && e.choice) {
          const how = t(`caseFile.timeline.conflictChoice.${e.choice}`)
          return {
            what,
            detail: entry.part ? t('caseFile.timeline.resolvedPart', { part: partName(entry.part), how }) : how,
          }
        }
        if (e.kind === 'edited' && e.sections?.length) {
          return { what, detail: e.sections.map((s) => codeLabel('caseSection', s)).join(t('app.listSeparator')) }
        }
        return { what }
      }
    }
  }

  const entries = timelineEntries(file)
  return (
    <section aria-labelledby="timeline-title" className="timeline">
      <h2 id="timeline-title">{t('caseFile.timelineTitle')}</h2>
      <ol aria-labelledby="timeline-title">
        {entries.map((entry) => {
          const { what, detail } = describe(entry)
          const when = entry.when.dateOnly
            ? formatDay(entry.when.at, lang)
            : `${formatDay(entry.when.at, lang)} ${formatSiteTime(entry.when.at)}`
          return (
            <li key={entry.key} className="timeline-entry">
              <span className="timeline-what">
                {detail === undefined ? what : t('caseFile.timeline.withDetail', { what, detail })}
              </span>{' '}
              <span className="timeline-meta">
                —{' '}
                {entry.who === undefined ? (
                  <time dateTime={entry.when.at}>{when}</time>
                ) : (
                  <>
                    {/* apart from the line's direction: a Latin name in Arabic stays whole */}
                    <bdi>{who(entry.who)}</bdi>
                    {t('app.listSeparator')}
                    <time dateTime={entry.when.at}>{when}</time>
                  </>
                )}
              </span>
              {entry.attention && (
                <>
                  {' '}
                  <RecordState record={entry.attention} />
                </>
              )}
            </li>
          )
        })}
      </ol>
    </section>
  )
}

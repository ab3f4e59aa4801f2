/**
 * One entry of the Problems list: what kind of problem, which record (its case or when it
 * was made, record-subject.tsx; site, phone, author, when) and why, in the user's words. A refused or unreadable record's content
 * is not on the server, so none is shown; a conflict offers its choice field by field;
 * work sent after its author lost the site is accepted or discarded (lost-site-work.tsx);
 * a change refused from a phone since revoked is closed by a supervisor (revoked-refusal.tsx).
 */
import { useTranslation } from 'react-i18next'
import { formatDay, formatSiteTime } from '@/components/dates'
import { rejectionReasons } from '@/components/rejection-reasons'
import { useSites } from '@/components/use-records'
import { useStaffName } from '@/components/use-staff'
import type { FieldError } from '@/shared/schemas/sync'
import { ConflictChoice } from './conflict-choice'
import { LostSiteWork } from './lost-site-work'
import { phoneLine, useSubjectText, useSubjectWords } from './record-subject'
import { RevokedRefusal } from './revoked-refusal'
import type { ProblemItem } from './use-problems'

/** What settled an entry, for the screen's notice: each says what every phone now gets, if anything. */
export type Settled = 'resolved' | 'accepted' | 'discarded' | 'closed'

interface Props {
  item: ProblemItem
  /** `what` names the record in plain text, for the notice that it was settled. */
  onResolved(key: string, how: Settled, what: string): void
}

export function ProblemEntry({ item, onResolved }: Props) {
  const { t, i18n } = useTranslation()
  const lang = i18n.resolvedLanguage ?? 'fr'
  const sites = useSites()
  const staffName = useStaffName()
  const subjectWords = useSubjectWords()
  const subjectText = useSubjectText()
  const when = (iso: string) => t('problems.when', { day: formatDay(iso, lang), time: formatSiteTime(iso) })
  const siteLine = (code: string | null) =>
    code === null
      ? t('problems.noSite')
      : t('problems.site', { site: sites?.find((s) => s.code === code)?.name ?? code })
  const headingId = `problem-${item.key.replace(/[^\w-]/g, '-')}`
  const entity = item.kind === 'conflict' ? item.conflict.entity : item.record.entity
  const recordId = item.kind === 'conflict' ? item.conflict.recordId : item.record.recordId
  const subject = item.kind === 'conflict' ? item.conflict.subject : item.record.subject
  const about = subject && subjectWords(entity, subject)
  const settle = (how: Settled) => onResolved(item.key, how, subjectText(entity, subject))
  return (
    <article className={`problem-item is-${item.kind}`} aria-labelledby={headingId}>
      <h2 id={headingId}>
        <span className="problem-kind">
          <span aria-hidden="true">⚠ </span>
          {t(`problems.kind.${item.kind}`)}
        </span>
        {' · '}
        {t(`problems.entity.${entity}`)}
        {about && (
          <>
            {' '}
            <span className="problem-subject">{about}</span>
          </>
        )}
      </h2>
      <ul className="problem-facts">
        {/* an older server says nothing of what the record is: its id is all there is */}
        {subject === undefined && <li>{t('problems.record', { id: recordId })}</li>}
        {subject && !about && <li>{t('problems.about.unknown')}</li>}
        {item.kind === 'refused' && (
          <>
            <li>{siteLine(item.record.siteCode)}</li>
            <li>{phoneLine(t, item.record.deviceName, item.record.user.name)}</li>
            <li>{t('problems.by', { name: item.record.user.name })}</li>
            <li>{t('problems.refusedAt', { when: when(item.record.rejectedAt) })}</li>
          </>
        )}
        {item.kind === 'quarantined' && (
          <>
            <li>{siteLine(item.record.siteCode)}</li>
            <li>{phoneLine(t, item.record.deviceName, staffName(item.record.userId))}</li>
            <li>{t('problems.by', { name: staffName(item.record.userId) })}</li>
            <li>{t('problems.foundAt', { when: when(item.record.foundAt) })}</li>
          </>
        )}
        {item.kind === 'conflict' && (
          <>
            <li>{siteLine(item.conflict.siteCode)}</li>
            <li>{phoneLine(t, item.conflict.incoming.deviceName, item.conflict.incoming.user.name)}</li>
            <li>{t('problems.sentAt', { when: when(item.conflict.incoming.at ?? item.conflict.createdAt) })}</li>
          </>
        )}
      </ul>
      {item.kind === 'conflict' ? (
        <ConflictChoice conflict={item.conflict} onResolved={() => settle('resolved')} />
      ) : item.kind === 'refused' && item.record.kind === 'lost_site' ? (
        <LostSiteWork
          record={item.record}
          about={about}
          onDecided={(what) => settle(what === 'accept' ? 'accepted' : 'discarded')}
        />
      ) : item.kind === 'refused' && item.record.deviceRevoked ? (
        <>
          <Reasons errors={item.record.errors} />
          {/* a revoked phone erases itself: nobody can fix the record there, a supervisor closes it */}
          <RevokedRefusal record={item.record} onClosed={() => settle('closed')} />
        </>
      ) : (
        <>
          <Reasons errors={item.record.errors} />
          <p>
            {item.kind !== 'refused'
              ? t('problems.quarantinedDetail')
              : t('problems.refusedDetail', { name: item.record.user.name })}
          </p>
        </>
      )}
    </article>
  )
}

function Reasons({ errors }: { errors: readonly FieldError[] }) {
  const { t } = useTranslation()
  return (
    <ul className="problem-reasons">
      {rejectionReasons(t, errors).map((reason) => (
        <li key={reason}>{reason}</li>
      ))}
    </ul>
  )
}

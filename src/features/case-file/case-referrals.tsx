/** This case's referrals with their status, and a way to record each one's outcome. */
import { useEffect, useRef, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { useCodeLabel } from '@/components/code-options'
import { formatDay } from '@/components/dates'
import { RecordState } from '@/components/record-state'
import type { LocalRecord } from '@/data/records'
import { ReferralUpdateForm } from './referral-update-form'

interface Props {
  record: LocalRecord<'registration'>
  referrals: LocalRecord<'referral'>[]
  /** false once the case has moved to a centre the user does not work at */
  canUpdate: boolean
  /**
   * The referral whose outcome form opens again with its kept typing (the case's first
   * opening after a reload: panel-draft.ts). It takes focus, unless the page gives it to a
   * panel typed after it (the page's effects run after this section's).
   */
  reopen?: string | null
  onSaved(): void
}

export function CaseReferrals({ record, referrals, canUpdate, reopen = null, onSaved }: Props) {
  const { t, i18n } = useTranslation()
  const codeLabel = useCodeLabel()
  const lang = i18n.resolvedLanguage ?? 'fr'
  const [open, setOpen] = useState<string | null>(null)
  const [reopened, setReopened] = useState(reopen)
  if (reopen !== reopened) {
    setReopened(reopen)
    if (reopen) setOpen(reopen)
  }
  // the button or the form that had focus goes as the other comes: an opened form takes
  // focus (its title); cancelled, the referral's button takes it back; saved, the section's
  // title (a completed or declined referral has no button any more), not the page's start
  const closedBy = useRef<{ id: string; saved: boolean } | null>(null)
  useEffect(() => {
    if (open) document.getElementById(`referral-update-${open}-title`)?.focus()
    else if (closedBy.current) {
      const { id, saved } = closedBy.current
      closedBy.current = null
      document.getElementById(saved ? 'case-referrals-title' : `referral-update-open-${id}`)?.focus()
    }
  }, [open])
  if (referrals.length === 0) return null
  const sorted = [...referrals].sort((a, b) => b.data.sentOn.localeCompare(a.data.sentOn))
  return (
    <section aria-labelledby="case-referrals-title" className="case-referrals">
      <h2 id="case-referrals-title" tabIndex={-1}>
        {t('caseFile.referralsTitle')}
      </h2>
      <ul>
        {sorted.map((referral) => {
          const r = referral.data
          const partner = r.partnerName ?? codeLabel('referralTarget', r.to)
          const closed = r.status === 'completed' || r.status === 'declined'
          return (
            <li key={referral.id} className="record-row">
              <p className="record-title">
                {partner} · {codeLabel('urgency', r.urgency)}
              </p>
              <p className="record-meta">
                {/* "Pending since …", the day said once when it has waited since it was sent */}
                {t(
                  r.status !== 'pending'
                    ? 'caseFile.referral.statusLine'
                    : r.statusOn === r.sentOn
                      ? 'caseFile.referral.pendingSinceSent'
                      : 'caseFile.referral.pendingSince',
                  {
                    status: codeLabel('referralStatus', r.status),
                    date: formatDay(r.statusOn, lang),
                    sent: formatDay(r.sentOn, lang),
                  },
                )}
              </p>
              {r.outcomeNotes && <p className="record-meta">{r.outcomeNotes}</p>}
              <RecordState record={referral} />
              {canUpdate &&
                !closed &&
                (open === referral.id ? (
                  <ReferralUpdateForm
                    record={record}
                    referral={referral}
                    onSaved={() => {
                      closedBy.current = { id: referral.id, saved: true }
                      setOpen(null)
                      onSaved()
                    }}
                    onCancel={() => {
                      closedBy.current = { id: referral.id, saved: false }
                      setOpen(null)
                    }}
                  />
                ) : (
                  <p>
                    <button
                      type="button"
                      id={`referral-update-open-${referral.id}`}
                      onClick={() => setOpen(referral.id)}
                    >
                      {t('caseFile.referral.update')} <span className="visually-hidden">{partner}</span>
                    </button>
                  </p>
                ))}
            </li>
          )
        })}
      </ul>
    </section>
  )
}

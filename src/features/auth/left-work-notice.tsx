/**
 * On the sign-in screen: the records that users who signed out left waiting on this phone
 * (session.ts, signOut), by whose they are, and when they go: at that user's next sign-in
 * here, not with another account (each user's records are in their own encrypted
 * database, sent by their own sync). Counts and the user's name only, never a record.
 */
import { useTranslation } from 'react-i18next'
import type { LeftWork } from '@/session/session-types'

export function LeftWorkNotice({ left }: { left: readonly LeftWork[] }) {
  const { t } = useTranslation()
  if (left.length === 0) return null
  return (
    <div className="notice" role="status">
      {left.map(({ userId, name, records, attention }) => (
        <p key={userId}>
          <span aria-hidden="true">○ </span>
          {[
            records > 0 ? t('auth.leftWork', { count: records, name }) : '',
            attention > 0 ? t('auth.leftAttention', { count: attention, name }) : '',
          ]
            .filter(Boolean)
            .join(' ')}
        </p>
      ))}
    </div>
  )
}

/** A link to Needs attention, shown only while some record needs it (home's tile). */
import { useLiveQuery } from 'dexie-react-hooks'
import { useTranslation } from 'react-i18next'
import { Link } from 'react-router'
import { useDb } from '@/components/app-context'
import { attentionCount } from '@/data/attention'

export function AttentionTile() {
  const { t } = useTranslation()
  const db = useDb()
  const count = useLiveQuery(() => attentionCount(db), [db]) ?? 0
  if (count === 0) return null
  return (
    <li>
      <Link to="/attention" className="tile attention-tile">
        <span aria-hidden="true">⚠ </span>
        {t('attention.link', { count })}
      </Link>
    </li>
  )
}

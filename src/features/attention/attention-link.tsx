/** A link to Needs attention, shown only while some record needs it (home's tile). */
import { useTranslation } from 'react-i18next'
import { Link } from 'react-router'
import { useAttentionCount } from './use-attention-count'

export function AttentionTile() {
  const { t } = useTranslation()
  const count = useAttentionCount() ?? 0
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

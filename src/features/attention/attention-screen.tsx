/**
 * Needs attention (route `attention`): every record on this phone the server refused,
 * with the reason in the user's words, and every conflict the phone knows of. Reached
 * from the sync panel and from home while the count is above zero.
 */
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { AttentionEntry, type Outcome } from './attention-item'
import { useAttention } from './use-attention'
import './attention.css'

const NOTICES: Record<Outcome, string> = {
  restored: 'attention.restored',
  removed: 'attention.removed',
  changed: 'attention.changed',
  hidden: 'attention.hidden',
}

export function AttentionScreen() {
  const { t } = useTranslation()
  const items = useAttention()
  const [notice, setNotice] = useState<Outcome | null>(null)
  return (
    <section aria-labelledby="attention-title" className="attention">
      <h1 id="attention-title">{t('attention.title')}</h1>
      <p>{t('attention.intro')}</p>
      {notice && (
        <p className="notice" role="status">
          {t(NOTICES[notice])}
        </p>
      )}
      {items === undefined ? (
        <p>{t('attention.loading')}</p>
      ) : items.length === 0 ? (
        <p>{t('attention.none')}</p>
      ) : (
        items.map((item) => <AttentionEntry key={`${item.entity}:${item.recordId}`} item={item} onDone={setNotice} />)
      )}
    </section>
  )
}

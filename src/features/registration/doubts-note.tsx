/**
 * Answers to check again, said beside them and on the review: a word, never a problem
 * that stops the save (answer-doubts.ts).
 */
import { useTranslation } from 'react-i18next'
import { useWatch } from 'react-hook-form'
import { ANSWER_DOUBT_FIELDS, answerDoubts, type AnswerDoubt, type AnswerDoubtValues } from './answer-doubts'
import { FIELDS } from './field-labels'
import type { RegistrationValues } from './registration-values'

export function DoubtsNote({ items }: { items: readonly string[] }) {
  const { t } = useTranslation()
  if (items.length === 0) return null
  return (
    <div className="notice doubts" role="note" aria-label={t('registration.doubts.title')}>
      <ul>
        {items.map((item) => (
          <li key={item}>{item}</li>
        ))}
      </ul>
    </div>
  )
}

/** The doubts about these answers (every answer without `fields`), in words, as the form's values stand. */
export function AnswerDoubts({ fields }: { fields?: readonly AnswerDoubt['field'][] }) {
  const { t } = useTranslation()
  const watched = useWatch<RegistrationValues, typeof ANSWER_DOUBT_FIELDS>({ name: ANSWER_DOUBT_FIELDS })
  const values = Object.fromEntries(ANSWER_DOUBT_FIELDS.map((field, i) => [field, watched[i]])) as AnswerDoubtValues
  const doubts = answerDoubts(values).filter((d) => !fields || fields.includes(d.field))
  const items = doubts.map((d) => t(`registration.doubts.${d.reason}`, { field: t(FIELDS[d.field]?.label ?? d.field) }))
  return <DoubtsNote items={items} />
}

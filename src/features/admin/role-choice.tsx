/** The role as radios, each with one line on what it may do. */
import { useTranslation } from 'react-i18next'
import { ROLES } from '@/shared/schemas/codes'
import type { Role } from '@/shared/schemas/auth'

interface RoleChoiceProps {
  id: string
  value: Role | ''
  onChange(role: Role): void
  error?: string | undefined
}

export function RoleChoice({ id, value, onChange, error }: RoleChoiceProps) {
  const { t } = useTranslation()
  return (
    <fieldset
      className={`field choice-group${error ? ' has-error' : ''}`}
      aria-describedby={error ? `${id}-error` : undefined}
    >
      <legend>{t('admin.users.role')}</legend>
      {error && (
        <p className="field-error" id={`${id}-error`}>
          <span aria-hidden="true">⚠ </span>
          {error}
        </p>
      )}
      {ROLES.map((role, i) => {
        const inputId = i === 0 ? id : `${id}-${role}`
        return (
          <label key={role} className="choice role-choice">
            <input
              type="radio"
              id={inputId}
              name={id}
              value={role}
              checked={value === role}
              onChange={() => onChange(role)}
              aria-invalid={error ? true : undefined}
              aria-describedby={`${inputId}-about`}
              // aria-required is not allowed on a fieldset (group): each radio says it natively
              required
            />
            <span>
              <span className="role-name">{t(`codes.role.${role}`)}</span>
              <span className="hint" id={`${inputId}-about`}>
                {t(`admin.roleAbout.${role}`)}
              </span>
            </span>
          </label>
        )
      })}
    </fieldset>
  )
}

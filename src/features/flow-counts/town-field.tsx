/** A town typed freely, with the towns already met at this point for that country suggested (a datalist). */

interface TownFieldProps {
  id: string
  label: string
  value: string
  onChange(value: string): void
  error?: string | undefined
  towns?: readonly string[] | undefined
}

export function TownField({ id, label, value, onChange, error, towns }: TownFieldProps) {
  const listId = `${id}-towns`
  return (
    <div className={`field${error ? ' has-error' : ''}`}>
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        name={id}
        type="text"
        autoComplete="off"
        list={towns && towns.length > 0 ? listId : undefined}
        value={value}
        onChange={(e) => onChange(e.target.value)}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${id}-error` : undefined}
      />
      {towns && towns.length > 0 && (
        <datalist id={listId}>
          {towns.map((town) => (
            <option key={town} value={town} />
          ))}
        </datalist>
      )}
      {error && (
        <p className="field-error" id={`${id}-error`}>
          <span aria-hidden="true">⚠ </span>
          {error}
        </p>
      )}
    </div>
  )
}

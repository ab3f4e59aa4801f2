/** The display part of Settings: the high-contrast theme, applied as soon as it is ticked. */
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { setContrast, storedContrast } from './contrast'

export function ContrastSetting() {
  const { t } = useTranslation()
  const [high, setHigh] = useState(() => storedContrast() === 'high')
  return (
    <section aria-labelledby="display-title">
      <h2 id="display-title">{t('settings.display.title')}</h2>
      <div className="field">
        <label className="choice">
          <input
            type="checkbox"
            checked={high}
            aria-describedby="display-contrast-hint"
            onChange={(e) => {
              setHigh(e.target.checked)
              setContrast(e.target.checked ? 'high' : 'standard')
            }}
          />
          <span>{t('settings.display.highContrast')}</span>
        </label>
        <p className="hint" id="display-contrast-hint">
          {t('settings.display.highContrastHint')}
        </p>
      </div>
    </section>
  )
}

/**
 * A screen whose code could not be loaded (offline before the app was ever stored on
 * this phone) says so and offers to try again, instead of leaving the page blank; the
 * rest of the app stays usable.
 */
import { Component, type ReactNode } from 'react'
import { useTranslation } from 'react-i18next'

interface State {
  failed: boolean
}

export class ScreenBoundary extends Component<{ children: ReactNode; path: string }, State> {
  override state: State = { failed: false }

  static getDerivedStateFromError(): State {
    return { failed: true }
  }

  override componentDidUpdate(previous: { path: string }): void {
    // another screen: let it try
    if (this.state.failed && previous.path !== this.props.path) this.setState({ failed: false })
  }

  override render() {
    return this.state.failed ? <ScreenUnavailable /> : this.props.children
  }
}

function ScreenUnavailable() {
  const { t } = useTranslation()
  return (
    <section role="alert">
      <h1>{t('app.screenUnavailable')}</h1>
      <p>{t('app.screenUnavailableHint')}</p>
      {/* a failed load is remembered by the page: only a reload fetches it again */}
      <button type="button" className="button primary" onClick={() => window.location.reload()}>
        {t('app.tryAgain')}
      </button>
    </section>
  )
}

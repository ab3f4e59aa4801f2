import '@testing-library/jest-dom/vitest'
import { cleanup, configure } from '@testing-library/react'
import { afterEach } from 'vitest'

// findBy…/waitFor wait for what a screen does after IndexedDB answers (fake-indexeddb):
// on a loaded CI machine, with every suite running at once, that can take more than
// Testing Library's default second. A screen that never shows it still fails.
configure({ asyncUtilTimeout: 5000 })

afterEach(() => cleanup())

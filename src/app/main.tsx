import './zod-without-eval'
import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { BrowserRouter } from 'react-router'
import { App } from './app'
import { registerServiceWorker } from './update-prompt'
import './styles.css'

const root = document.getElementById('root')
if (!root) throw new Error('index.html has no #root')

createRoot(root).render(
  <StrictMode>
    <BrowserRouter>
      <App updates={registerServiceWorker()} />
    </BrowserRouter>
  </StrictMode>,
)

/**
 * Every test file runs: each file named `*.test.ts(x)` under tests/ belongs to exactly one
 * of Vitest's projects. A file no project includes (a `.test.ts` where its folder's
 * project takes `.test.tsx`, a new folder) would never run, and nothing would say so; a
 * file in two projects would run twice.
 */
import { readdirSync } from 'node:fs'
import { matchesGlob } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import config from '../../vitest.config'

interface Project {
  test: { name: string; include: string[]; exclude?: string[] }
}

const root = fileURLToPath(new URL('../..', import.meta.url))
const projects = (config.test?.projects ?? []) as Project[]

const testFiles = readdirSync(`${root}/tests`, { recursive: true, encoding: 'utf8' })
  .filter((file) => /\.test\.tsx?$/.test(file))
  .map((file) => `tests/${file.split('\\').join('/')}`)
  .sort()

const projectsOf = (file: string) =>
  projects
    .filter(
      ({ test }) =>
        test.include.some((glob) => matchesGlob(file, glob)) &&
        !(test.exclude ?? []).some((glob) => matchesGlob(file, glob)),
    )
    .map(({ test }) => test.name)

describe("Vitest's projects", () => {
  it('find test files to check', () => {
    expect(projects.length).toBeGreaterThan(1)
    expect(testFiles).toContain('tests/repo/test-projects.test.ts')
  })

  it('take every test file exactly once', () => {
    const strays = testFiles
      .map((file) => ({ file, projects: projectsOf(file) }))
      .filter(({ projects }) => projects.length !== 1)
    expect(strays).toEqual([])
  })
})

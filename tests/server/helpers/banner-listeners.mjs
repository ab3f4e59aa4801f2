// Preloaded into a server process by process.test.ts: just before the banner, writes on
// stdout (so that the line comes before the banner, on the same pipe) how many listeners
// SIGTERM and SIGINT have then. Whoever reads the banner may stop the server at once, so
// both must already be heard.
const write = process.stdout.write.bind(process.stdout)
process.stdout.write = (chunk, ...rest) => {
  if (String(chunk).includes('Relais is running at')) {
    write(
      `listeners at the banner: SIGTERM ${process.listenerCount('SIGTERM')}, SIGINT ${process.listenerCount('SIGINT')}\n`,
    )
  }
  return write(chunk, ...rest)
}

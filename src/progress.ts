// Ingest progress on stderr: a bar on a terminal, a few plain lines otherwise (CI logs).
import cliProgress from 'cli-progress';

export function progressReporter(label: string, stream: NodeJS.WriteStream = process.stderr): { update: (done: number, total: number) => void; stop: () => void } {
  if (stream.isTTY) {
    const bar = new cliProgress.SingleBar(
      { format: `${label} [{bar}] {value}/{total} paragraphs · {eta_formatted} left`, stream, hideCursor: true, clearOnComplete: false },
      cliProgress.Presets.shades_classic,
    );
    let started = false;
    return {
      update(done, total) {
        if (!started) {
          bar.start(total, done);
          started = true;
        } else bar.update(done);
      },
      stop: () => started && bar.stop(),
    };
  }
  let lastQuarter = -1;
  return {
    update(done, total) {
      const quarter = total ? Math.floor((done / total) * 4) : 4;
      if (quarter !== lastQuarter) {
        lastQuarter = quarter;
        stream.write(`${label}: ${done}/${total} paragraphs\n`);
      }
    },
    stop: () => undefined,
  };
}

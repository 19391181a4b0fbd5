// Plain-text tables and number formats for the printed report.

export function table(headers: string[], rows: string[][]): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  // Text columns (the first) left-aligned, numbers right-aligned.
  const line = (cells: string[]) =>
    cells.map((c, i) => (i === 0 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join('  ');
  return [line(headers), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

export function ms(value: number): string {
  if (!Number.isFinite(value)) return 'n/a';
  return value >= 1000 ? `${(value / 1000).toFixed(2)} s` : `${value.toFixed(value >= 100 ? 0 : 1)} ms`;
}

export function x(value: number): string {
  return Number.isFinite(value) ? value.toFixed(2) : 'n/a';
}

export function rate(value: number): string {
  return Number.isFinite(value) ? `${value.toFixed(1)} tok/s` : 'n/a';
}

export function mb(value: number): string {
  return `${Math.round(value)} MB`;
}

export function size(region: { width: number; height: number }): string {
  return `${region.width}x${region.height}`;
}

/** os.loadavg() values, as printed beside the timings they may skew. */
export function loads(values: number[]): string {
  return values.map((v) => v.toFixed(2)).join(' ');
}

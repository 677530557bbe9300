// Numbers in sentences, written one way everywhere: the summary's answers, the dashboard's cards and
// the CLI's text say "1,717" and "97%" for the same figure (locale-independent, so a report reads the
// same on every machine). Lives in lib/model because every layer that prints may import it.

/** 2000 → "2,000"; -1234.4 → "-1,234". */
export function fmtInt(n: number): string {
  const grouped = String(Math.round(Math.abs(n))).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return n < 0 && Math.round(Math.abs(n)) !== 0 ? `-${grouped}` : grouped;
}

/** 0.9734 → "97%"; never "0%" or "100%" for a share that is not exactly that ("<1%", ">99%"). */
export function fmtPct(ratio: number): string {
  const p = ratio * 100;
  if (p <= 0) return '0%';
  if (p >= 100) return '100%';
  const r = Math.round(p);
  if (r === 0) return '<1%';
  if (r === 100) return '>99%';
  return `${r}%`;
}

/** What one benchmark section found: tables of figures, goals met or missed, and what limits them. */
export interface Table {
  readonly caption?: string;
  readonly columns: readonly string[];
  readonly rows: readonly (readonly string[])[];
}

export interface Verdict {
  readonly goal: string;
  /** `undefined`: not measured (the part of the app it needs is missing, or the section failed). */
  readonly met: boolean | undefined;
  readonly detail: string;
}

export interface SectionResult {
  readonly title: string;
  readonly tables: readonly Table[];
  readonly verdicts: readonly Verdict[];
  readonly notes: readonly string[];
}

export interface Machine {
  readonly cpus: number;
  readonly cpuModel: string;
  readonly memory: string;
  readonly node: string;
  readonly os: string;
  readonly date: string;
  /** 1-minute load average when the run started: other work on the machine skews every figure. */
  readonly loadAverage: string;
}

export interface RunInfo {
  readonly machine: Machine;
  readonly quick: boolean;
  readonly seconds: number;
  readonly reproduce: readonly string[];
}

function verdictMark(v: Verdict): string {
  if (v.met === undefined) return 'NOT MEASURED';
  return v.met ? 'met' : 'MISSED';
}

function pad(text: string, width: number): string {
  return text + ' '.repeat(Math.max(0, width - [...text].length));
}

/** A table as aligned plain text for the terminal. */
export function textTable(table: Table): string {
  const all = [table.columns, ...table.rows];
  const widths = table.columns.map((_, i) => Math.max(...all.map((row) => [...(row[i] ?? '')].length)));
  const line = (row: readonly string[]): string => row.map((cell, i) => pad(cell, widths[i] ?? 0)).join('  ').trimEnd();
  const rule = widths.map((w) => '-'.repeat(w)).join('  ');
  return [...(table.caption ? [table.caption] : []), line(table.columns), rule, ...table.rows.map(line)].join('\n');
}

/** One section for the terminal. */
export function textSection(section: SectionResult): string {
  const parts = [`== ${section.title} ==`, ...section.tables.map(textTable)];
  for (const v of section.verdicts) parts.push(`goal ${verdictMark(v)}: ${v.goal} — ${v.detail}`);
  for (const note of section.notes) parts.push(`note: ${note}`);
  return parts.join('\n\n');
}

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

function markdownTable(table: Table): string {
  const lines = [
    `| ${table.columns.map(cell).join(' | ')} |`,
    `| ${table.columns.map(() => '---').join(' | ')} |`,
    ...table.rows.map((row) => `| ${row.map(cell).join(' | ')} |`),
  ];
  return [...(table.caption ? [`*${table.caption}*`, ''] : []), ...lines].join('\n');
}

function markdownSection(section: SectionResult): string {
  const parts = [`## ${section.title}`, ...section.tables.map(markdownTable)];
  if (section.verdicts.length > 0) {
    parts.push(section.verdicts.map((v) => `- **Goal ${verdictMark(v)}** — ${v.goal}: ${v.detail}`).join('\n'));
  }
  if (section.notes.length > 0) parts.push(section.notes.map((n) => `- ${n}`).join('\n'));
  return parts.join('\n\n');
}

/** The summary of every goal, first thing in the document. */
function goalSummary(sections: readonly SectionResult[]): string {
  const rows = sections.flatMap((s) => s.verdicts.map((v) => [s.title, v.goal, verdictMark(v), v.detail]));
  return markdownTable({ columns: ['section', 'goal', 'result', 'measured'], rows });
}

/** docs/BENCHMARKS.md: goals first, then each section's figures, the machine and how to reproduce. */
export function markdownReport(sections: readonly SectionResult[], run: RunInfo): string {
  const m = run.machine;
  return [
    '# Benchmarks',
    '',
    `Written by \`npm run bench\` on ${m.date}${run.quick ? ' in QUICK mode (few samples: indicative only)' : ''}; the run took ${Math.round(run.seconds)} s. ` +
      'Figures are medians (p50) and nearest-rank 99th percentiles (p99: the maximum when there are fewer than 100 samples). ' +
      'Where a goal is missed this file says so and what limits it; the benchmarks are not tuned to pass.',
    ...(Number.parseFloat(m.loadAverage) > m.cpus / 2
      ? ['', `**The machine was busy during this run** (load average ${m.loadAverage} on ${m.cpus} CPUs at the start): other work competed for the CPUs, which inflates the times, the p99s most. Re-run on an idle machine for cleaner figures.`]
      : []),
    '',
    '## Goals',
    '',
    goalSummary(sections),
    '',
    '## Machine',
    '',
    markdownTable({
      columns: ['CPUs (nproc)', 'CPU model', 'memory', 'Node.js', 'OS', 'load average at start (1 min)'],
      rows: [[String(m.cpus), m.cpuModel, m.memory, m.node, m.os, m.loadAverage]],
    }),
    '',
    ...sections.flatMap((s) => [markdownSection(s), '']),
    '## How to reproduce',
    '',
    ...run.reproduce,
    '',
  ].join('\n');
}

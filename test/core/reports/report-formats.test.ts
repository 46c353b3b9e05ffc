import { describe, expect, it } from 'vitest';
import { csvCell, csvDocument } from '../../../src/core/reports/csv.js';
import { REPORT_CSV_HEADER, reportToCsv } from '../../../src/core/reports/report-csv.js';
import { reportToMarkdown } from '../../../src/core/reports/report-markdown.js';
import { buildSlaReport } from '../../../src/core/reports/sla-report.js';
import { presets } from '../../helpers/policies.js';
import { basicWeek, REPORT_NOW } from './report-fixtures.js';

/** A strict RFC 4180 reader, as a spreadsheet would read the file: records of fields. */
function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let i = 0;
  let quoted = false;
  while (i < text.length) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i += 2;
      } else if (c === '"') {
        quoted = false;
        i++;
      } else {
        field += c;
        i++;
      }
    } else if (c === '"') {
      if (field !== '') throw new Error(`quote inside an unquoted field at ${i}`);
      quoted = true;
      i++;
    } else if (c === ',') {
      record.push(field);
      field = '';
      i++;
    } else if (c === '\r' && text[i + 1] === '\n') {
      record.push(field);
      records.push(record);
      record = [];
      field = '';
      i += 2;
    } else if (c === '\n' || c === '\r') {
      throw new Error(`bare line break at ${i}`);
    } else {
      field += c;
      i++;
    }
  }
  if (quoted) throw new Error('unterminated quoted field');
  if (field !== '' || record.length) throw new Error('the last record has no CRLF');
  return records;
}

const report = buildSlaReport({
  tickets: basicWeek,
  policies: presets,
  from: '2026-11-02',
  to: '2026-11-06',
  policy: null,
  now: REPORT_NOW,
});

describe('CSV', () => {
  it('quotes what RFC 4180 requires and reads back the same text', () => {
    const awkward = ['plain', 'a,b', 'say "hi"', 'two\r\nlines', 'new\nline', ''];
    const parsed = parseCsv(csvDocument([awkward, [1, null, true]]));
    expect(parsed).toEqual([awkward, ['1', '', 'true']]);
  });

  it('never starts a cell with a formula character', () => {
    for (const text of ['=SUM(A1:A9)', '+31 30 711 6725', '-1', '@cmd', '\t=1']) {
      const cell = parseCsv(csvDocument([[text]]))[0]![0]!;
      expect(cell).toBe(`'${text}`);
      expect(cell).not.toMatch(/^[=+\-@]/);
    }
    expect(csvCell('=1,2')).toBe(`"'=1,2"`);
    expect(csvCell('a=b')).toBe('a=b');
  });

  it('flattens the report rows under one header line', () => {
    const [header, ...rows] = parseCsv(reportToCsv(report));
    expect(header).toEqual(REPORT_CSV_HEADER);
    expect(rows).toHaveLength(4);
    const p1 = Object.fromEntries(header!.map((h, i) => [h, rows[0]![i]]));
    expect(p1).toMatchObject({
      from: '2026-11-02',
      to: '2026-11-06',
      policy: 'workspace365-basic',
      priority: 'P1',
      tickets: '4',
      'response.met': '2',
      'response.breached': '2',
      'response.open': '0',
      'response.metShare': '0.5',
      'response.goal': '0.99',
      'resolution.metShare': '0.6667',
      'resolution.goal': '0.99',
      medianResponseMs: '240000',
      p90ResponseMs: '528000',
      pausedMs: '5400000',
    });
    for (const row of rows) for (const cell of row) expect(cell).not.toMatch(/^[=+\-@]/);
  });
});

describe('Markdown', () => {
  const md = reportToMarkdown(report);

  it('has one table row per priority with counts, shares against goals and times', () => {
    expect(md).toContain('# SLA report 2026-11-02 to 2026-11-06');
    expect(md).toContain('## workspace365-basic');
    expect(md).toContain(
      '| P1 | 4 | 2 / 2 / 0 | 50% misses 99% | 2 / 1 / 1 | 66.67% misses 99% | 4 min / 9 min | 3 h 15 min / 3 h 27 min | 1 h 30 min |',
    );
    expect(md).toContain('| P2 | 2 | 1 / 0 / 1 | 100% meets 90% | 0 / 0 / 2 | - |');
  });

  it('lists the breaches and, apart, the maintenance windows', () => {
    expect(md).toContain(
      '| TCK-000002 | workspace365-basic | P1 | response | 2026-11-02T17:05:00.000+01:00 | 2026-11-02T17:10:00.000+01:00 |',
    );
    expect(md).toContain(
      '| TCK-000003 | workspace365-basic | P1 | resolution | 2026-11-05T14:00:00.000+01:00 | not yet |',
    );
    expect(md).toContain('## Maintenance windows and SLA-credit exclusions');
    expect(md).toContain(
      '- maintenance: thu 22:00-24:00 (Europe/Amsterdam), every 3 week(s), announced 7 day(s) ahead',
    );
  });
});

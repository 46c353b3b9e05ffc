import { type OpenTicketDeadline, openTicketsByDeadline } from '../../core/reports/open-deadlines.js';
import type { WeeklyShare, WeekPerformance } from '../../core/reports/weekly-performance.js';
import { formatIsoInstant } from '../../core/sla/iso-instant.js';
import type { ZoneOffsets } from '../../core/sla/zone-offsets.js';
import type { Ticket } from '../../core/tickets/ticket.js';
import { countdownText } from './countdown-text.js';
import { escapeHtml, jsonForScript } from './html.js';

export interface DashboardPageModel {
  readonly tickets: readonly Ticket[];
  readonly weeks: readonly WeekPerformance[];
  readonly zone: ZoneOffsets;
  readonly now: number;
}

function localTime(ms: number, zone: ZoneOffsets): string {
  const iso = formatIsoInstant(ms, zone);
  return `<time datetime="${iso}">${escapeHtml(iso.slice(0, 16).replace('T', ' '))}</time>`;
}

function timeLeft(entry: OpenTicketDeadline, now: number): string {
  if (entry.next) {
    const left = entry.next.dueAt - now;
    return `<span class="countdown${left < 0 ? ' overdue' : ''}" data-due="${entry.next.dueAt}">${countdownText(left)}</span>`;
  }
  return `<span class="muted">${entry.ticket.status === 'paused' ? 'paused: clock stopped' : 'no deadline'}</span>`;
}

function ticketRow(entry: OpenTicketDeadline, model: DashboardPageModel): string {
  const t = entry.ticket;
  const cells = [
    escapeHtml(t.id),
    `<span class="${t.priority === 'P1' ? 'p1' : ''}">${escapeHtml(t.priority)}</span>`,
    escapeHtml(t.status),
    escapeHtml(t.title),
    escapeHtml(t.company),
    entry.next ? escapeHtml(entry.next.target) : '-',
    entry.next ? localTime(entry.next.dueAt, model.zone) : '-',
    timeLeft(entry, model.now),
  ];
  return `<tr data-ticket="${escapeHtml(t.id)}">${cells.map((c) => `<td>${c}</td>`).join('')}</tr>`;
}

const TICKET_HEADER = ['Ticket', 'Priority', 'Status', 'Title', 'Company', 'Next target', 'Due', 'Time left'];

function ticketTable(
  id: string,
  entries: readonly OpenTicketDeadline[],
  model: DashboardPageModel,
  empty: string,
) {
  if (entries.length === 0) return `<p id="${id}" class="muted">${empty}</p>`;
  return `<table id="${id}">
<thead><tr>${TICKET_HEADER.map((h) => `<th scope="col">${h}</th>`).join('')}</tr></thead>
<tbody>
${entries.map((e) => ticketRow(e, model)).join('\n')}
</tbody>
</table>`;
}

function percent(share: number | null): string {
  return share === null ? '-' : `${Math.round(share * 1000) / 10}%`;
}

function shareCells(s: WeeklyShare): string {
  return `<td>${percent(s.metShare)} <span class="muted">(${s.met}/${s.decided})</span></td><td>${percent(s.goal)}</td>`;
}

function weeklyTable(weeks: readonly WeekPerformance[]): string {
  const rows = weeks.map(
    (w) => `<tr><td>${escapeHtml(w.weekStart)}</td>${shareCells(w.response)}${shareCells(w.resolution)}</tr>`,
  );
  return `<table id="weekly-table">
<thead><tr><th scope="col">Week of</th><th scope="col">Response met</th><th scope="col">Response goal</th><th scope="col">Resolution met</th><th scope="col">Resolution goal</th></tr></thead>
<tbody>
${rows.join('\n')}
</tbody>
</table>`;
}

/** The whole dashboard as one server-rendered page; scripts only add countdowns and the chart. */
export function renderDashboardPage(model: DashboardPageModel): string {
  const open = openTicketsByDeadline(model.tickets);
  const incidents = open.filter((e) => e.ticket.priority === 'P1');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="refresh" content="60">
<title>ticketbot: support dashboard</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="/dashboard/assets/dashboard.css">
</head>
<body>
<header>
<h1>Support dashboard</h1>
<p class="muted">As of ${localTime(model.now, model.zone)} (${escapeHtml(model.zone.name)}); the page reloads every minute.</p>
</header>
<main>
<section class="incidents" aria-labelledby="incidents-title">
<h2 id="incidents-title">Open incidents (P1): ${incidents.length}</h2>
${ticketTable('incident-tickets', incidents, model, 'No open incidents.')}
</section>
<section aria-labelledby="open-title">
<h2 id="open-title">Open tickets by nearest deadline: ${open.length}</h2>
${ticketTable('open-tickets', open, model, 'No open tickets.')}
</section>
<section aria-labelledby="weekly-title">
<h2 id="weekly-title">Weekly SLA performance (tickets by week created, last ${model.weeks.length} weeks)</h2>
<div class="chart"><canvas id="weekly-chart" role="img" aria-label="Response and resolution met share per week against the goal"></canvas></div>
${weeklyTable(model.weeks)}
<p class="muted">Met share counts decided targets (met or breached); the goal is the average goal of those targets.</p>
</section>
</main>
<script type="application/json" id="weekly-data">${jsonForScript(model.weeks)}</script>
<script src="/dashboard/assets/chart.umd.min.js"></script>
<script src="/dashboard/assets/dashboard.js"></script>
</body>
</html>
`;
}

import { buildTicketCard } from '../../core/cards/ticket-card.js';
import type { Language } from '../../core/i18n/language.js';
import type { ReplyPart } from '../../core/intake/reply.js';
import type { SlaPolicy } from '../../core/sla/sla-policy.js';

export interface TerminalView {
  readonly language: Language;
  readonly timeZone: string;
  readonly now: number;
  /** The policy of a ticket shown (its calendar says when the clock stands still). */
  readonly policyOf: (name: string) => SlaPolicy | undefined;
}

// Terminal text is shown as typed; only control characters (already removed at
// intake) could do harm here, so nothing else needs escaping.
function indent(text: string, prefix = '  '): string {
  return text
    .split('\n')
    .map((line) => `${prefix}${line}`)
    .join('\n');
}

/** Renders the bot's turn as plain lines: questions, numbered choices, review, ticket. */
export function renderForTerminal(parts: readonly ReplyPart[], view: TerminalView): string[] {
  const lines: string[] = [];
  for (const part of parts) {
    switch (part.type) {
      case 'text':
        lines.push(part.text);
        break;
      case 'question':
        lines.push(part.text);
        for (const help of part.help) lines.push(indent(help));
        for (const [i, c] of part.choices.entries())
          lines.push(`${i + 1}) ${c.label}${c.help ? ` - ${c.help}` : ''}`);
        if (part.hint) lines.push(part.hint);
        break;
      case 'review':
        lines.push(part.text);
        for (const row of part.rows) {
          const [first, ...rest] = row.value.split('\n');
          lines.push(`  ${row.label}: ${first}`);
          for (const more of rest) lines.push(`    ${more}`);
        }
        for (const [i, c] of part.choices.entries()) lines.push(`${i + 1}) ${c.label}`);
        break;
      case 'ticket': {
        const card = buildTicketCard(part.ticket, { ...view, policy: view.policyOf(part.ticket.policy) });
        lines.push(`${card.heading}: ${card.title}`);
        lines.push(`  ${card.priorityText}`);
        for (const fact of card.facts) lines.push(`  ${fact.label}: ${fact.value}`);
        for (const d of card.deadlines)
          lines.push(
            `  ${d.label}: ${d.dueAt && d.state !== 'met' ? `${d.dueAt}, ${d.countdown}` : d.countdown}`,
          );
        break;
      }
    }
  }
  return lines;
}

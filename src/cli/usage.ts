/** The help text of every ticketbot command, keyed by its words ('' is ticketbot itself). */
export const USAGE = {
  '': `usage: ticketbot <command> [options]

  sla due --policy NAME --priority P1..P4 --opened ISO8601
                        due instants of one ticket (one JSON line)
  sla due               the same for JSON lines {"policy","priority","openedAt"} on stdin
  sla policies [--json] the SLA policies in force
  sla policies --check FILE
                        validate a policy file (exit 0 valid, 2 invalid)
  priority --impact organisation|department|multiple-users|single-user
           --urgency high|normal|low [--security] [--json]
                        the priority from the impact x urgency matrix
  chat [--lang en|nl] [--user NAME] [--tz ZONE]
                        report an issue in the terminal (guided intake)
  tickets list [--json] [--status S] [--limit N] [--as ID]
  tickets show ID [--json] [--as ID]
                        stored tickets (with --as: what that user may see)
  tickets take|respond|ask|note|log|priority|resolve|pause|resume ID [options]
                        an agent's action on a ticket ("ticketbot tickets --help")
  incidents list [--json]
  incidents show ID [--json]
  incidents rca ID      the P1 escalations, one with its timeline, its RCA draft
  tenants list [--json] the customers and partners of TENANTS_FILE
  tenants check FILE    validate a tenants file (exit 0 valid, 2 invalid)
  report --from YYYY-MM-DD --to YYYY-MM-DD [--policy NAME] [--format md|csv|json]
                        SLA performance per policy and priority
  outbox dead [--json]  messages that could not be delivered (dead letters)
  outbox retry KEY|--all | outbox drop KEY|--all
                        send dead letters again, or drop them

Run "ticketbot <command> --help" for the details of a command.
Settings come from the environment and ./.env (see .env.example): SLA_POLICIES_FILE adds
policies; DATA_DIR (default ./data) or MONGODB_URI says where tickets are stored.
`,

  sla: `usage: ticketbot sla <due|policies> [options]

SLA deadlines, counted on the business calendars of the SLA policies.

  sla due        due instants of one ticket, or of JSON lines on stdin
  sla policies   the policies in force, or check a policy file

Run "ticketbot sla due --help" or "ticketbot sla policies --help" for the details.
`,

  'sla due': `usage: ticketbot sla due --policy NAME --priority P1..P4 --opened ISO8601
       ticketbot sla due < openings.jsonl > deadlines.jsonl

One ticket: prints one JSON line with the response and resolution due instants
({"policy","priority","openedAt","response":{"dueAt"},"resolution":{"dueAt"}}), every
instant in the policy's time zone; "dueAt" is null where the policy sets no target.

  --policy NAME        a preset or a policy from SLA_POLICIES_FILE ("ticketbot sla policies")
  --priority P1..P4    p1..p4 is accepted too
  --opened ISO8601     e.g. 2026-05-22T16:00 (read in the policy's time zone) or with an
                       offset, 2026-05-22T14:00:00Z

Many tickets: without flags, reads JSON lines {"policy","priority","openedAt"} from stdin
and writes one answer line per input line, in order, as soon as each line is read. A bad
line is answered with {"error":"..."} and the rest go on; blank lines are skipped. Typing
in a terminal: one JSON object per line, Ctrl-D to end.

Exit status: 0 done; 1 some input line was an error; 2 wrong arguments (one line on stderr).
`,

  'sla policies': `usage: ticketbot sla policies [--json]
       ticketbot sla policies --check FILE

  (no option)    a readable table of the policies in force: the presets plus the
                 policies of SLA_POLICIES_FILE, with their calendars and targets
  --json         the same in the policy-file shape
  --check FILE   validate a policy file: prints its errors and warnings;
                 exit 0 when valid (warnings allowed), 2 when not
`,

  priority: `usage: ticketbot priority --impact IMPACT --urgency URGENCY [--security] [--json]

The priority (P1..P4) from the impact x urgency matrix.

  --impact     organisation (or organization) | department | multiple-users | single-user
  --urgency    high | normal | low
  --security   a security incident: always P1
  --json       print {"priority","reason",...} instead of the priority alone

Exit status: 0 done; 2 a missing or unknown value.
`,

  chat: `usage: ticketbot chat [--lang en|nl] [--user NAME] [--tz ZONE]

Report an issue in the terminal: the same guided intake as in Teams and Slack. Type
"help" during the chat for the commands (back, skip, review, cancel, ...).

  --lang en|nl   language of the conversation (default: from LC_ALL or LANG)
  --user NAME    who reports (default: your OS account); an unfinished intake of the
                 same user is resumed
  --tz ZONE      time zone for times you type, e.g. Europe/Amsterdam (default: TZ,
                 then the system's)

Tickets are stored in DATA_DIR (default ./data) or in MongoDB when MONGODB_URI is set.
When stdin is not a terminal, a line ">" marks each wait for an answer; end of input
ends the session and keeps the unfinished intake.
`,

  tickets: `usage: ticketbot tickets list [--json] [--status STATUS] [--limit N] [--as ID]
       ticketbot tickets show ID [--json] [--as ID]
       ticketbot tickets take ID [--as ID]
       ticketbot tickets respond ID --text T [--expected "2026-11-24 15:00"] [--as ID]
       ticketbot tickets ask ID --text QUESTION [--as ID]
       ticketbot tickets note ID --text T [--as ID]
       ticketbot tickets log ID --minutes N [--text T] [--as ID]
       ticketbot tickets priority ID --to P1..P4 --reason R [--as ID]
       ticketbot tickets resolve ID --text T [--as ID]
       ticketbot tickets pause ID --reason R [--as ID]
       ticketbot tickets resume ID [--reason R] [--as ID]

Stored tickets (DATA_DIR, default ./data, or MongoDB when MONGODB_URI is set), and the
agents' work on them from the command line.

  list, show   the tickets; show prints the fields and the timeline (times in the
               policy's zone; --json adds "timeline")
  take         take the ticket (acknowledge; the response clock keeps running)
  respond      the first response: a suggested solution or next step (--text) and
               the expected resolution time (--expected, read in the policy's zone
               or --tz ZONE); both reach the requester
  ask          ask the requester for information: the ticket pauses with the question
               as reason until the requester adds information, which resumes it
  note         an internal note: on the timeline only, never shown to the requester
  log          log time spent (--minutes, 1 to 2880), with an optional --text; it counts
               against a partner's support-hour budget (told at 80% and 100% a month)
  priority     change the priority (--to) with a reason (--reason)
  resolve      resolve with the solution for the requester (--text)
  pause        wait on the requester (--reason); resume ends the wait

  --as ID      who acts or looks: slack:U123, teams:<aadObjectId> or terminal:NAME
               (default terminal:<your OS account>), with that user's roles from
               TICKETBOT_AGENTS and TICKETBOT_INCIDENT_MANAGERS. With list and show,
               only the tickets that user may see: agents and incident managers all;
               a partner contact its own customers' tickets; an end user their own and
               their company's. Without --as, list and show show every ticket.
  --json       the changed ticket (actions) or the tickets (list, show) as JSON

Cards and the requester are updated by a server running on the same store.
Exit status: 0 done; 1 no such ticket (or not visible to --as), or the action was
refused (not allowed, already finished); 2 wrong arguments.
Run "ticketbot tickets list --help" or "ticketbot tickets show --help" for the details.
`,

  'tickets list': `usage: ticketbot tickets list [--json] [--status STATUS] [--limit N] [--as ID]

A table of the stored tickets, newest first.

  --json            print them as a JSON array instead
  --status STATUS   only tickets with this status: open, acknowledged, paused,
                    resolved, closed or cancelled
  --limit N         at most N tickets
  --as ID           only the tickets this user may see (slack:U123, teams:<id>):
                    agents and incident managers all, a partner contact its own
                    customers' tickets, an end user their own and their company's
`,

  'tickets show': `usage: ticketbot tickets show ID [--json] [--as ID]

One ticket, field by field, then its timeline (time in the policy's zone, who, what,
with its text), e.g. "ticketbot tickets show TCK-000042".

  --json   print it as JSON instead (with a "timeline" array)
  --as ID  as this user (slack:U123, teams:<id>): a ticket they may not see is
           "no such ticket"

Exit status: 0 found; 1 no such ticket; 2 not a ticket id.
`,

  incidents: `usage: ticketbot incidents list [--json]
       ticketbot incidents show ID [--json]
       ticketbot incidents rca ID

The P1 escalations (incidents) of the stored tickets (DATA_DIR, default ./data, or
MongoDB when MONGODB_URI is set).

  incidents list   every ticket with an incident
  incidents show   one incident with its timeline
  incidents rca    the root cause analysis draft of one incident, as Markdown

Run "ticketbot incidents list --help", "ticketbot incidents show --help" or
"ticketbot incidents rca --help" for the details.
`,

  'incidents list': `usage: ticketbot incidents list [--json]

A table of the tickets that have an incident, newest first: id, incident state, priority,
when the incident was opened (in the policy's zone), incident manager, channel,
environment and title.

  --json   print them as a JSON array instead: each the ticket JSON of "tickets show --json"
           plus an "incident" object (state, openedAt, acceptedAt, lastUpdateAt, channel,
           manager, communications, responders, affected, rca)
`,

  'incidents show': `usage: ticketbot incidents show ID [--json]

One incident, e.g. "ticketbot incidents show TCK-000042": its state, channel, roles,
affected reporters and RCA, then its timeline (times in the policy's zone).

  --json   print it as JSON instead: the ticket, its "incident" and its "timeline"

Exit status: 0 found; 2 not a ticket id, no such ticket, or a ticket without an incident.
`,

  'incidents rca': `usage: ticketbot incidents rca ID

The root cause analysis draft of one incident as Markdown on stdout, built from its
timeline: summary, impact, timeline table (times in the policy's zone), root cause and
corrective actions to fill in, and the RCA owner and due date once set.
e.g. "ticketbot incidents rca TCK-000042 > rca.md"

Exit status: 0 done; 2 not a ticket id, no such ticket, or a ticket without an incident.
`,

  tenants: `usage: ticketbot tenants <list|check> [options]

The customers and partners of TENANTS_FILE (CONTRACTS.md section 7).

  tenants list   the customers and partners in force
  tenants check  validate a tenants file

Run "ticketbot tenants list --help" or "ticketbot tenants check --help" for the details.
`,

  'tenants list': `usage: ticketbot tenants list [--json]

The customers (company, aliases, environments, policy, zone, language, partner) and the
partners (policy, contacts, users, reference pattern) of TENANTS_FILE.

  --json         the same as JSON
`,

  'tenants check': `usage: ticketbot tenants check FILE

Validates a tenants file: every problem with its JSON path (unknown policy, bad reference
pattern, unknown partner, duplicate ids, environments that are no URLs, ...).

Exit status: 0 valid (warnings allowed); 2 invalid.
`,

  report: `usage: ticketbot report --from YYYY-MM-DD --to YYYY-MM-DD [--policy NAME] [--format md|csv|json]

SLA performance per policy and priority of the tickets created in the period (dates
inclusive, in each policy's zone): response and resolution targets met, breached and open
against the row's goal, breaches with ticket ids, time paused, median and p90 business
time to respond and resolve. Maintenance windows and SLA-credit exclusions are listed.

  --from, --to   the period
  --policy NAME  one policy only
  --format       md (default), csv (spreadsheet-safe) or json
`,

  outbox: `usage: ticketbot outbox <dead|retry|drop> [options]

Messages the bot could not deliver after its last try (dead letters). They are reported
to the support channel and keep /readyz at 503 until each is retried or dropped.

  outbox dead [--json]   list them: key, kind, destination, attempts, last error
  outbox retry KEY       queue one again (fresh attempts; the server's worker sends it)
  outbox retry --all     queue every dead letter again (after an outage is over)
  outbox drop KEY        drop one for good
  outbox drop --all      drop every dead letter for good
`,

  'outbox dead': `usage: ticketbot outbox dead [--json]

The dead letters, oldest first: key, kind, destination, attempts and the last error.
`,

  'outbox retry': `usage: ticketbot outbox retry KEY|--all

Queues a dead letter again with fresh attempts; a running server's outbox worker sends it.
With --all, every dead letter (after an outage such as a revoked token is over); prints
how many were queued.
`,

  'outbox drop': `usage: ticketbot outbox drop KEY|--all

Drops a dead letter for good (it is never sent; /readyz no longer counts it). With --all,
every dead letter; prints how many were dropped.
`,
} as const;

export type CommandPath = keyof typeof USAGE;

export function isCommandPath(words: string): words is CommandPath {
  return Object.hasOwn(USAGE, words);
}

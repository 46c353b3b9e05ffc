import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ChatDriver } from '../helpers/chat-driver.js';
import { runCli } from '../helpers/run-cli.js';

function dataDir(): Record<string, string> {
  return { DATA_DIR: mkdtempSync(join(tmpdir(), 'ticketbot-chat-')) };
}

/** Answers whatever the bot asks, by reading the question, like a person would. */
function englishAnswer(question: string): string {
  if (/review your ticket/.test(question)) return 'Submit';
  if (/name of your company/.test(question)) return 'Acme BV';
  if (/environment\(s\) are affected/.test(question)) return 'acme.workspace365.net';
  if (/username\(s\)/.test(question)) return 'j.jansen, p.devries@acme.nl';
  if (/When did the issue start/.test(question)) return 'yesterday 14:00';
  if (/describe the issue/.test(question))
    return 'Nobody can sign in after the Microsoft login. <!channel> ${x}';
  if (/security incident/.test(question)) return 'No';
  if (/impact/.test(question)) return 'Organisation';
  if (/How urgent/.test(question)) return '1';
  if (/steps to reproduce/.test(question)) return 'Open the portal';
  if (/error messages/.test(question)) return 'skip';
  if (/screenshots or log files/.test(question)) return 'done';
  if (/additional information/.test(question)) return 'skip';
  throw new Error(`unexpected question: ${question}`);
}

function dutchAnswer(question: string): string {
  if (/Controleer je ticket/.test(question)) return '1';
  if (/naam van je bedrijf/.test(question)) return 'Bakkerij De Vries';
  if (/omgeving\(en\)/.test(question)) return 'https://devries.workspace365.net';
  if (/gebruikersnaam/.test(question)) return 'piet';
  if (/Wanneer begon het probleem/.test(question)) return 'gisteren 9:15';
  if (/Beschrijf het probleem/.test(question))
    return 'De documenten-app laadt niet meer sinds de update van vanochtend.';
  if (/beveiligingsincident/.test(question)) return '2';
  if (/impact/.test(question)) return 'Afdeling';
  if (/Hoe urgent/.test(question)) return 'Hoog';
  if (/reproduceren/.test(question)) return 'overslaan';
  if (/foutmeldingen/.test(question)) return 'geen';
  if (/schermafbeeldingen/.test(question)) return 'klaar';
  if (/aanvullende informatie/.test(question)) return 'nee';
  throw new Error(`onverwachte vraag: ${question}`);
}

async function converse(driver: ChatDriver, answer: (q: string) => string): Promise<string> {
  for (let i = 0; i < 40; i++) {
    const question = await driver.turn();
    const reply = answer(question);
    if (/review your ticket|Controleer je ticket/.test(question)) {
      const { output, code } = await driver.finish(reply);
      expect(code).toBe(0);
      return output;
    }
    driver.send(reply);
  }
  throw new Error('the intake did not end');
}

describe('ticketbot chat (pipe mode)', () => {
  it('takes a whole intake in English and stores the ticket field by field', async () => {
    const env = dataDir();
    const driver = new ChatDriver(['--lang', 'en', '--user', 'jan'], env);
    const output = await converse(driver, englishAnswer);
    const id = /^Ticket (TCK-\d{6}) created$/m.exec(output)?.[1];
    expect(id).toBeDefined();
    const shown = await runCli(['tickets', 'show', id!, '--json'], { env });
    expect(shown.code).toBe(0);
    const ticket = JSON.parse(shown.stdout);
    expect(ticket).toMatchObject({
      id,
      status: 'open',
      title: 'Nobody can sign in after the Microsoft login',
      priority: 'P1',
      impact: 'organisation',
      urgency: 'high',
      priorityReason: 'organisation x high',
      policy: 'workspace365-basic',
      company: 'Acme BV',
      environments: ['https://acme.workspace365.net'],
      usernames: ['j.jansen', 'p.devries@acme.nl'],
      description: 'Nobody can sign in after the Microsoft login. <!channel> ${x}',
      stepsToReproduce: 'Open the portal',
      errorMessages: null,
      attachments: [],
      security: false,
      language: 'en',
      requester: { platform: 'terminal', id: 'jan', name: 'jan' },
    });
    expect(ticket.startedAt).toMatch(/T14:00:00\.000\+0[12]:00$/);
    expect(ticket.createdAt).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}\+0[12]:00$/);
    expect(ticket.response.dueAt).not.toBeNull();
    const list = await runCli(['tickets', 'list', '--json'], { env });
    expect(JSON.parse(list.stdout).map((t: { id: string }) => t.id)).toEqual([id]);
  });

  it('loses no answer when a script pipes every line at once, before the first question', async () => {
    const env = dataDir();
    const answers = [
      'Acme BV',
      'acme.workspace365.net',
      'j.jansen',
      'yesterday 14:00',
      'The invoices page stays blank for everyone.',
      'No',
      'Department',
      'Low',
      'skip',
      'skip',
      'done',
      'skip',
      'Submit',
    ];
    // Written to stdin as the process starts: every line is waiting before the bot has opened.
    const run = await runCli(['chat', '--lang', 'en', '--user', 'pipe'], {
      env,
      input: `${answers.join('\n')}\n`,
    });
    expect(run.code).toBe(0);
    const id = /^Ticket (TCK-\d{6}) created$/m.exec(run.stdout)?.[1];
    expect(id, run.stdout).toBeDefined();
    const ticket = JSON.parse((await runCli(['tickets', 'show', id!, '--json'], { env })).stdout);
    expect(ticket).toMatchObject({
      company: 'Acme BV',
      environments: ['https://acme.workspace365.net'],
      usernames: ['j.jansen'],
      description: 'The invoices page stays blank for everyone.',
      impact: 'department',
      urgency: 'low',
      security: false,
    });
  });

  it('takes a whole intake in Dutch (language from LANG)', async () => {
    const env = { ...dataDir(), LANG: 'nl_NL.UTF-8' };
    const driver = new ChatDriver(['--user', 'piet'], env);
    const output = await converse(driver, dutchAnswer);
    const id = /^Ticket (TCK-\d{6}) aangemaakt$/m.exec(output)?.[1];
    expect(id).toBeDefined();
    const ticket = JSON.parse((await runCli(['tickets', 'show', id!, '--json'], { env })).stdout);
    expect(ticket).toMatchObject({
      company: 'Bakkerij De Vries',
      usernames: ['piet'],
      impact: 'department',
      urgency: 'high',
      priority: 'P2',
      language: 'nl',
      security: false,
    });
    expect(ticket.startedAt).toMatch(/T09:15:00\.000\+0[12]:00$/);
  });

  it('keeps an unfinished intake at EOF and resumes it in the next chat of the same user', async () => {
    const env = dataDir();
    const first = new ChatDriver(['--lang', 'en', '--user', 'kim'], env);
    await first.turn();
    first.send('Acme BV');
    await first.turn();
    first.send('acme.workspace365.net');
    expect(await first.turn()).toContain('username(s)');
    const ended = await first.finish();
    expect(ended.code).toBe(0);

    const second = new ChatDriver(['--lang', 'en', '--user', 'kim'], env);
    const resumed = await second.turn();
    expect(resumed).toContain('Welcome back');
    expect(resumed).toContain('username(s)');
    await second.finish();

    // Another user starts fresh.
    const other = new ChatDriver(['--lang', 'en', '--user', 'lee'], env);
    expect(await other.turn()).toContain('name of your company');
    await other.finish();
  });

  it('numbers the choices and accepts the number, the label or the English label', async () => {
    const env = dataDir();
    const driver = new ChatDriver(['--lang', 'nl', '--user', 'ans'], env);
    const answers = [
      'Acme',
      'acme.workspace365.net',
      'ans',
      'nu',
      'Het scherm blijft wit na het inloggen bij iedereen.',
    ];
    await driver.turn();
    for (const a of answers) {
      driver.send(a);
      await driver.turn();
    }
    driver.send('No');
    const impact = await driver.turn();
    expect(impact).toContain('1) Organisatie');
    expect(impact).toContain('4) Enkele gebruiker');
    driver.send('multiple users');
    expect(await driver.turn()).toContain('Hoe urgent');
    await driver.finish();
  });

  it('attaches files with "attach PATH" and refuses a missing one', async () => {
    const env = dataDir();
    const file = join(env.DATA_DIR!, 'error.log');
    writeFileSync(file, 'AADSTS50011\n');
    const driver = new ChatDriver(['--lang', 'en', '--user', 'bo'], env);
    const steps = [
      'Acme',
      'acme.workspace365.net',
      'bo',
      'now',
      'The sign-in page shows error AADSTS50011 to everyone.',
      'no',
      '4',
      '3',
      'skip',
      'skip',
    ];
    await driver.turn();
    for (const s of steps) {
      driver.send(s);
      await driver.turn();
    }
    driver.send(`attach ${file}`);
    expect(await driver.turn()).toContain('Attached error.log (12 B)');
    driver.send('attach /no/such/file.png');
    expect(await driver.turn()).toContain('Cannot attach "/no/such/file.png": no such file');
    driver.send('done');
    await driver.turn();
    driver.send('skip');
    await driver.turn();
    const { output } = await driver.finish('submit');
    const id = /Ticket (TCK-\d{6}) created/.exec(output)![1]!;
    const ticket = JSON.parse((await runCli(['tickets', 'show', id, '--json'], { env })).stdout);
    expect(ticket.attachments).toEqual([
      { name: 'error.log', contentType: 'text/plain', size: 12, ref: file },
    ]);
    expect(ticket.priority).toBe('P4');
  });

  it('re-asks an answer over 10,000 characters and stays up', async () => {
    const env = dataDir();
    const driver = new ChatDriver(['--lang', 'en', '--user', 'cy'], env);
    await driver.turn();
    driver.send('y'.repeat(12_000));
    const reply = await driver.turn();
    expect(reply).toContain('too long (12000 characters; at most 10000)');
    expect(reply).toContain('name of your company');
    await driver.finish();
  });

  it('refuses unknown options and languages', async () => {
    expect((await runCli(['chat', '--lang', 'fr'], { env: dataDir() })).stderr).toContain(
      'unknown language "fr"',
    );
    expect((await runCli(['tickets', 'show', 'nope'], { env: dataDir() })).code).toBe(2);
    const missing = await runCli(['tickets', 'show', 'TCK-000777'], { env: dataDir() });
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('no ticket TCK-000777');
  });
});

describe('ticketbot chat: issue 9, an intake that understands people', () => {
  it('takes a whole pasted report, asks back only the ambiguous hour, and stores every field', async () => {
    const env = dataDir();
    const driver = new ChatDriver(['--lang', 'en', '--user', 'ria'], env);
    expect(await driver.turn()).toContain('name of your company');
    driver.send(
      'Acme BV, https://acme.workspace365.net, users j.doe and k.smit, since yesterday around 3, nobody can log in to the workspace',
    );
    const echo = await driver.turn();
    expect(echo).toContain('Noted company: Acme BV');
    expect(echo).toContain('Noted environment(s): https://acme.workspace365.net');
    expect(echo).toContain('Noted username(s): j.doe, k.smit');
    expect(echo).toMatch(/You said "since yesterday around 3": do you mean \S+ 03:00 or \S+ 15:00\?/);
    driver.send('2');
    const next = await driver.turn();
    expect(next).toMatch(/Noted started at: \S+ 15:00/);
    expect(next).toContain('security incident');
    for (const answer of ['no', 'just me and Sanne']) {
      driver.send(answer);
      await driver.turn();
    }
    driver.send('yes');
    expect(await driver.turn()).toContain('Impact: Multiple users.');
    for (const answer of ['asap', 'submit']) {
      driver.send(answer);
      await driver.turn();
    }
    const { output, code } = await driver.finish('submit');
    expect(code).toBe(0);
    const id = /Ticket (TCK-\d{6}) created/.exec(output)![1]!;
    const ticket = JSON.parse((await runCli(['tickets', 'show', id, '--json'], { env })).stdout);
    expect(ticket).toMatchObject({
      company: 'Acme BV',
      environments: ['https://acme.workspace365.net'],
      usernames: ['j.doe', 'k.smit'],
      description: 'nobody can log in to the workspace',
      impact: 'multiple-users',
      urgency: 'high',
      stepsToReproduce: null,
    });
    expect(ticket.startedAt).toMatch(/T15:00:00\.000\+0[12]:00$/);
  });

  it('does not store command words as answers: language fr, switch to dutch, terug and houden', async () => {
    const env = dataDir();
    const driver = new ChatDriver(['--lang', 'en', '--user', 'max'], env);
    await driver.turn();
    driver.send('language fr');
    const refused = await driver.turn();
    expect(refused).toContain('I speak English and Dutch');
    expect(refused).toContain('name of your company');
    driver.send('switch to dutch');
    expect(await driver.turn()).toContain('Wat is de naam van je bedrijf?');
    driver.send('Acme BV');
    await driver.turn();
    driver.send('terug');
    await driver.turn();
    driver.send('houden');
    expect(await driver.turn()).toContain('Welke omgeving(en)');
    await driver.finish();
    const again = new ChatDriver(['--lang', 'nl', '--user', 'max'], env);
    const resumed = await again.turn();
    expect(resumed).toContain('Welke omgeving(en)');
    await again.finish();
  });

  it('resumes with --lang nl in Dutch and says so', async () => {
    const env = dataDir();
    const first = new ChatDriver(['--lang', 'en', '--user', 'ida'], env);
    await first.turn();
    first.send('Acme BV');
    expect(await first.turn()).toContain('Which environment(s)');
    await first.finish();
    const second = new ChatDriver(['--lang', 'nl', '--user', 'ida'], env);
    const resumed = await second.turn();
    expect(resumed).toContain('Ik ga verder in het Nederlands.');
    expect(resumed).toContain('Welke omgeving(en) zijn getroffen?');
    await second.finish();
  });
});

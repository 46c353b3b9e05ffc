import { describe, expect, it } from 'vitest';
import { teamsPlainText } from '../../../src/adapters/teams/teams-text.js';

describe('teamsPlainText: what the user typed, from the text Teams sends', () => {
  it.each([
    ['<at>Jan de Vries</at>&nbsp;the portal is down', '@Jan de Vries the portal is down'],
    ['<p>initech.workspace365.net</p>', 'initech.workspace365.net'],
    [
      'The &lt;Documents&gt; app shows an error &amp; nobody can open files',
      'The <Documents> app shows an error & nobody can open files',
    ],
    [
      '<a href="https://acme.workspace365.net">https://acme.workspace365.net</a>',
      'https://acme.workspace365.net',
    ],
    ['<a href="mailto:j.doe@acme.nl">j.doe@acme.nl</a>', 'j.doe@acme.nl'],
    [
      'see <a href="https://status.acme.nl/42">the status page</a>',
      'see the status page (https://status.acme.nl/42)',
    ],
    ['<div>line one</div><div>line two<br>line three</div>', 'line one\nline two\nline three'],
    ['<b>bold</b> and <strong>strong</strong>', 'bold and strong'],
    // Angle brackets that are no Teams tag are the user's own text.
    ['the <Documents> app', 'the <Documents> app'],
    ['&#39;quoted&#39; &#x1F600; &bogus; &#0;', "'quoted' 😀 &bogus; &#0;"],
    ['plain text stays', 'plain text stays'],
  ])('%j -> %j', (sent, typed) => {
    expect(teamsPlainText(sent)).toBe(typed);
  });
});

import { describe, expect, it } from 'vitest';
import { slackEscape, slackPlainText } from '../../../src/adapters/slack/slack-text.js';

describe('slackPlainText: what the user typed, from the text Slack sends', () => {
  it.each([
    // Slack links a typed host or e-mail address; the user typed the label.
    ['<http://acme.workspace365.net|acme.workspace365.net>', 'acme.workspace365.net'],
    ['<https://acme.workspace365.net>', 'https://acme.workspace365.net'],
    ['<http://www.acme.nl/apps/docs/|www.acme.nl/apps/docs>', 'www.acme.nl/apps/docs'],
    ['<mailto:j.doe@acme.nl|j.doe@acme.nl>', 'j.doe@acme.nl'],
    ['<mailto:j.doe@acme.nl>', 'j.doe@acme.nl'],
    // A link the user labelled keeps both.
    [
      'see <https://status.acme.nl/incident/42|the status page>',
      'see the status page (https://status.acme.nl/incident/42)',
    ],
    // Mentions become names that ping nobody.
    ['<@U123ABC> and <@U456|jan> in <#C789|support> and <#C111>', '@U123ABC and @jan in #support and #C111'],
    [
      '<!here> <!channel> <!subteam^S1|@helpdesk> <!date^1700000000^{date}|14 Nov>',
      '@here @channel @helpdesk 14 Nov',
    ],
    // Escapes undone, once: a typed "&lt;" stays "&lt;".
    ['error 500 &amp; a blank page, x &lt; 3 &gt; 2, &amp;lt;', 'error 500 & a blank page, x < 3 > 2, &lt;'],
    ['plain text stays', 'plain text stays'],
  ])('%s -> %s', (sent, typed) => {
    expect(slackPlainText(sent)).toBe(typed);
  });

  it('undoes slackEscape for any text', () => {
    for (const text of ['a < b & c > d', '&amp; <@U1> <!channel>', '<https://x|y>', '&lt;&gt;'])
      expect(slackPlainText(slackEscape(text))).toBe(text);
  });
});

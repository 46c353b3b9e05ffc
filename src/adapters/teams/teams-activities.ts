import { type Activity, ActivityTypes, type Attachment as BotAttachment, CardFactory } from 'botbuilder';
import type { Language } from '../../core/i18n/language.js';
import type { Attachment } from '../../core/intake/intake-state.js';
import { planChatMessages, type ReplyPart } from '../../core/intake/reply.js';
import { questionAdaptiveCard } from './adaptive-cards.js';

/** The bot's turn as Teams activities: plain text, and a card for every choice question. */
export function replyActivities(parts: readonly ReplyPart[], language: Language): Array<Partial<Activity>> {
  // Ticket parts are posted by the bot itself, which records where each copy lives.
  return planChatMessages(parts).map((message) =>
    message.kind === 'text'
      ? // textFormat plain: Teams shows user-provided values literally (no markdown or links).
        { type: ActivityTypes.Message, text: message.lines.join('\n\n'), textFormat: 'plain' }
      : {
          type: ActivityTypes.Message,
          attachments: [CardFactory.adaptiveCard(questionAdaptiveCard(message.part, language))],
        },
  );
}

const FILE_DOWNLOAD_INFO = 'application/vnd.microsoft.teams.file.download.info';

/**
 * Files a user sent in the personal chat: Teams file uploads (download info) and
 * pasted images. Recorded by name, type, size and download reference.
 */
export function filesOf(attachments: readonly BotAttachment[] | undefined): Attachment[] {
  const files: Attachment[] = [];
  for (const a of attachments ?? []) {
    if (a.contentType === FILE_DOWNLOAD_INFO) {
      const content = (a.content ?? {}) as {
        downloadUrl?: string;
        fileType?: string;
        uniqueId?: string;
        size?: number;
      };
      if (!content.downloadUrl) continue;
      files.push({
        name: a.name ?? content.uniqueId ?? 'file',
        contentType: content.fileType ? `application/${content.fileType}` : 'application/octet-stream',
        size: typeof content.size === 'number' ? content.size : 0,
        ref: content.downloadUrl,
      });
    } else if (a.contentType?.startsWith('image/') && a.contentUrl) {
      files.push({ name: a.name ?? 'image', contentType: a.contentType, size: 0, ref: a.contentUrl });
    }
  }
  return files;
}

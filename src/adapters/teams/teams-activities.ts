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

const text = (value: unknown, max = 2048): string | undefined =>
  typeof value === 'string' && value.length > 0 && value.length <= max ? value : undefined;

/**
 * Files a user sent in the personal chat: Teams file uploads (download info) and
 * pasted images. Recorded by name, type, size and download reference; an attachment in
 * another shape is left out.
 */
export function filesOf(attachments: unknown): Attachment[] {
  const files: Attachment[] = [];
  if (!Array.isArray(attachments)) return files;
  for (const item of attachments as unknown[]) {
    if (typeof item !== 'object' || item === null) continue;
    const a = item as Partial<Record<keyof BotAttachment, unknown>>;
    const contentType = text(a.contentType, 256);
    if (contentType === FILE_DOWNLOAD_INFO) {
      const content = (typeof a.content === 'object' && a.content !== null ? a.content : {}) as Record<
        string,
        unknown
      >;
      const downloadUrl = text(content.downloadUrl);
      if (!downloadUrl) continue;
      const fileType = text(content.fileType, 64);
      files.push({
        name: text(a.name, 512) ?? text(content.uniqueId, 512) ?? 'file',
        contentType: fileType ? `application/${fileType}` : 'application/octet-stream',
        size: typeof content.size === 'number' && Number.isFinite(content.size) ? content.size : 0,
        ref: downloadUrl,
      });
    } else if (contentType?.startsWith('image/') && text(a.contentUrl)) {
      files.push({ name: text(a.name, 512) ?? 'image', contentType, size: 0, ref: text(a.contentUrl)! });
    }
  }
  return files;
}

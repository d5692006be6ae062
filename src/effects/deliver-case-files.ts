import type { WebClient } from '@slack/web-api';
import { eq } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { deskCaseFiles } from '../../db/schema/index.js';
import { messageRef } from './deliver-slack.js';
import { UndeliverableNotice } from './retry-policy.js';

/** The delivery ref of a file Otto uploaded: Slack does not say at once which message shows it. */
const fileRefPrefix = 'file:';

/**
 * Uploads a case's file (its bytes from the database) into a thread, as Slack's external upload
 * does it (files.getUploadURLExternal, the bytes, files.completeUploadExternal with channel_id and
 * thread_ts). Returns `file:<id>`, so the copy can be taken back with files.delete.
 */
export async function uploadCaseFile(
  slack: WebClient,
  db: Db,
  upload: { caseFileId: number; filename: string; comment?: string | undefined },
  thread: { channel: string; ts: string },
): Promise<string> {
  const [file] = await db
    .select({ content: deskCaseFiles.content, name: deskCaseFiles.name })
    .from(deskCaseFiles)
    .where(eq(deskCaseFiles.id, upload.caseFileId))
    .limit(1);
  if (!file) throw new UndeliverableNotice(`case file ${upload.caseFileId} is gone`);
  const answer = (await slack.filesUploadV2({
    channel_id: thread.channel,
    thread_ts: thread.ts,
    ...(upload.comment ? { initial_comment: upload.comment } : {}),
    file_uploads: [{ file: Buffer.from(file.content), filename: upload.filename, title: file.name }],
  })) as { files?: Array<{ files?: Array<{ id?: string }> }> };
  const id = answer.files?.[0]?.files?.[0]?.id;
  if (!id) throw new Error('files.completeUploadExternal named no file');
  return `${fileRefPrefix}${id}`;
}

/** Slack's answers that mean the copy is gone already: taking it back is done. */
const goneAlready = new Set(['message_not_found', 'file_not_found', 'file_deleted']);

/** Takes back a message or a file Otto posted (its delivery ref); one already gone counts as taken back. */
export async function removeSlackCopy(slack: WebClient, ref: string): Promise<string> {
  try {
    if (ref.startsWith(fileRefPrefix)) {
      await slack.files.delete({ file: ref.slice(fileRefPrefix.length) });
    } else {
      const { channel, ts } = messageRef(ref);
      await slack.chat.delete({ channel, ts });
    }
  } catch (error) {
    const code = (error as { data?: { error?: string } }).data?.error;
    if (!code || !goneAlready.has(code)) throw error;
  }
  return ref;
}

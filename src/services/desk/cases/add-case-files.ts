import { and, eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import { deskCaseFiles, deskCases } from '../../../../db/schema/index.js';
import type { ServiceContext } from '../../context.js';
import { conflict, invalid } from '../../errors.js';
import { updateCaseCard } from './card.js';
import { recordCaseHistory } from './history.js';
import { loadCase } from './load-case.js';
import { CaseFile, caseFilesMaxCount, caseFilesMaxTotalBytes } from './open-case.js';

export const AddCaseFilesInput = z.object({
  caseId: z.number().int().positive(),
  /** Who attached them (a Slack user id). */
  actor: z.string().min(1).max(200),
  files: z.array(CaseFile).max(caseFilesMaxCount),
  /** Files that could not be fetched, with why: kept on the history, never lost silently. */
  failed: z
    .array(z.object({ name: z.string().min(1).max(255), reason: z.string().min(1).max(500) }))
    .max(caseFilesMaxCount)
    .default([]),
});
export type AddCaseFilesInput = z.input<typeof AddCaseFilesInput>;

/** Tries a guarded change again this often when the case changed under it meanwhile. */
const attempts = 3;

/**
 * Keeps the files that came with a case's form after it was opened (fetched after the answer, so
 * the case opens at once), within the case's limits; records on the history the files kept and
 * those that could not be fetched, and rewrites the card with the count. A file already kept
 * (same Slack file) is not kept twice.
 */
export async function addCaseFiles(
  ctx: ServiceContext,
  raw: AddCaseFilesInput,
): Promise<{ kept: number; failed: number }> {
  const input = AddCaseFilesInput.parse(raw);
  if (input.files.length === 0 && input.failed.length === 0) return { kept: 0, failed: 0 };
  const now = ctx.clock.now();
  for (let attempt = 1; ; attempt++) {
    const outcome = await ctx.db.transaction(async (tx) => {
      const row = await loadCase(tx, input.caseId);
      const known = await tx
        .select({ sourceRef: deskCaseFiles.sourceRef, size: deskCaseFiles.size })
        .from(deskCaseFiles)
        .where(eq(deskCaseFiles.caseId, row.id));
      const seen = new Set(known.map((f) => f.sourceRef).filter((ref): ref is string => ref !== null));
      const files = input.files.filter((f) => !f.sourceRef || !seen.has(f.sourceRef));
      const total = [...known.map((f) => f.size), ...files.map((f) => f.content.length)].reduce(
        (sum, size) => sum + size,
        0,
      );
      if (total > caseFilesMaxTotalBytes)
        throw invalid(
          `The files of case #${row.id} would come to more than ${caseFilesMaxTotalBytes / 1024 / 1024} MB together.`,
          'files',
        );
      if (files.length === 0 && input.failed.length === 0) return { kept: 0, failed: 0 };
      const [updated] = await tx
        .update(deskCases)
        .set({ version: sql`${deskCases.version} + 1`, updatedAt: now })
        .where(and(eq(deskCases.id, row.id), eq(deskCases.version, row.version)))
        .returning();
      if (!updated) return undefined;
      for (const file of files) {
        await tx.insert(deskCaseFiles).values({
          caseId: row.id,
          name: file.name,
          mimeType: file.mimeType,
          size: file.content.length,
          content: file.content,
          sourceRef: file.sourceRef ?? null,
          uploadedBy: input.actor,
          at: now,
        });
      }
      if (files.length > 0)
        await recordCaseHistory(
          tx,
          {
            caseId: row.id,
            action: 'files_added',
            actor: input.actor,
            detail: { names: files.map((f) => f.name) },
          },
          now,
        );
      for (const failure of input.failed)
        await recordCaseHistory(
          tx,
          { caseId: row.id, action: 'file_not_kept', actor: 'otto', detail: { ...failure, by: input.actor } },
          now,
        );
      await updateCaseCard(tx, ctx, updated, now);
      return { kept: files.length, failed: input.failed.length };
    });
    if (outcome) {
      if (outcome.kept + outcome.failed > 0) ctx.noticesWritten();
      return outcome;
    }
    if (attempt >= attempts) throw conflict(`Case #${input.caseId} kept changing; its files were not kept.`);
  }
}

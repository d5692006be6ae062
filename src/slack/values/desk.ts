import { z } from 'zod';
import { deskHomeLists } from '../../domain/desk/enums.js';
import { buttonValue, modalMetadata } from '../ids.js';

// The desk's button values and modal metadata, each with its encode/parse pair.

export const deskThings = ['group', 'category', 'account', 'rule'] as const;
export type DeskThing = (typeof deskThings)[number];

const id = z.number().int().positive();

/** "Add a …" buttons, and the options of the "Edit a …" selects (with the thing's id). */
const DeskThingRef = z.object({ kind: z.enum(deskThings), id: id.optional() });
export type DeskThingRef = z.infer<typeof DeskThingRef>;
export const deskThingValue = buttonValue(DeskThingRef);

/** A set-up form: the thing it edits (none for a new one). */
const DeskFormMetadata = z.object({ id: id.optional() });
export type DeskFormMetadata = z.infer<typeof DeskFormMetadata>;
export const deskFormMetadata = modalMetadata(DeskFormMetadata);

/** A case's buttons: the case, and the version it showed, so a click on an older card is recognised. */
const CaseRef = z.object({ caseId: id, version: id.optional() });
export type CaseRef = z.infer<typeof CaseRef>;
export const caseValue = buttonValue(CaseRef);

/**
 * The case form: its layout's version, so a form from an older layout is recognised and refused,
 * and the opener as Slack knew them when it opened (users.info then, so the answer waits for none).
 */
const CaseFormMetadata = z.object({
  form: z.literal('case-1'),
  reporter: z
    .object({ name: z.string().min(1).max(200).nullable(), email: z.email().max(254).nullable() })
    .optional(),
});
export type CaseFormMetadata = z.infer<typeof CaseFormMetadata>;
export const caseFormMetadata = modalMetadata(CaseFormMetadata);
/** The reassignment form: the case, and the version it was opened on. */
const CaseReassignMetadata = z.object({ caseId: id, version: id, fromHome: z.boolean().optional() });
export type CaseReassignMetadata = z.infer<typeof CaseReassignMetadata>;
export const caseReassignMetadata = modalMetadata(CaseReassignMetadata);
/** A page of a case's story (its history and conversation, oldest first): the case and the first line shown. */
const CaseStoryRef = z.object({ caseId: id, from: z.number().int().min(0) });
export type CaseStoryRef = z.infer<typeof CaseStoryRef>;
export const caseStoryValue = buttonValue(CaseStoryRef);

/** A page button of a desk list on the Home: the list and the first case shown. */
const DeskHomePage = z.object({ list: z.enum(deskHomeLists), offset: z.number().int().min(0).max(100_000) });
export type DeskHomePage = z.infer<typeof DeskHomePage>;
export const deskHomePageValue = buttonValue(DeskHomePage);

/** The case view modal: which case it shows. */
const CaseViewMetadata = z.object({ caseId: id });
export type CaseViewMetadata = z.infer<typeof CaseViewMetadata>;
export const caseViewMetadata = modalMetadata(CaseViewMetadata);

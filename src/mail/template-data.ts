import { z } from 'zod';

// The data each e-mail template is filled with. Adding a template: write templates/<name>.mjml
// (optionally <name>.txt for the plain-text part) and add its data schema to `emailTemplateData`.

/** The link that opens Otto in Slack; only web and slack: links may become a button. */
export const EmailAction = z.object({
  label: z.string().min(1).max(80),
  url: z.url({ protocol: /^(https?|slack)$/ }),
});
export type EmailAction = z.infer<typeof EmailAction>;

/** What the layout itself shows around every template: the primary button and the footer. */
export const EmailLayoutData = z.object({
  preview: z.string().max(200).optional(),
  action: EmailAction.optional(),
  footer: z.string().optional(),
});
export type EmailLayoutData = z.infer<typeof EmailLayoutData>;

export const EmailLine = z.object({ label: z.string(), value: z.string() });
export type EmailLine = z.infer<typeof EmailLine>;

/** templates/notice.mjml: a title, an introduction and an optional list of label/value lines. */
export const NoticeEmailData = EmailLayoutData.extend({
  title: z.string().min(1),
  intro: z.string(),
  lines: z.array(EmailLine).optional(),
});
export type NoticeEmailData = z.infer<typeof NoticeEmailData>;

export const emailTemplateData = {
  notice: NoticeEmailData,
} as const satisfies Record<string, z.ZodType<Record<string, unknown>>>;

export type EmailTemplateName = keyof typeof emailTemplateData;
export type EmailTemplateData<T extends EmailTemplateName> = z.input<(typeof emailTemplateData)[T]>;

export const emailTemplateNames = Object.keys(emailTemplateData) as [
  EmailTemplateName,
  ...EmailTemplateName[],
];

export function isEmailTemplateName(name: string): name is EmailTemplateName {
  return Object.hasOwn(emailTemplateData, name);
}

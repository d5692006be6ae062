ALTER TABLE "outbox" ADD COLUMN "mail_key" text;--> statement-breakpoint
ALTER TABLE "refresh_tickets" ADD COLUMN "appointment_uid" text;--> statement-breakpoint
ALTER TABLE "refresh_tickets" ADD COLUMN "appointment_sequence" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "systems" ADD COLUMN "unconfirmed" boolean DEFAULT false NOT NULL;
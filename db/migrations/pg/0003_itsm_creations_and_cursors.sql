CREATE TABLE "itsm_creations" (
	"outbox_id" integer PRIMARY KEY NOT NULL,
	"marker" text NOT NULL,
	"sent_at" timestamp (3) with time zone NOT NULL,
	"itsm_ticket_id" text,
	"tasks" jsonb NOT NULL,
	"task_sent" integer,
	"updated_at" timestamp (3) with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "itsm_cursors" (
	"name" text PRIMARY KEY NOT NULL,
	"after_ticket_id" integer NOT NULL,
	"updated_at" timestamp (3) with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "itsm_creations" ADD CONSTRAINT "itsm_creations_outbox_id_outbox_id_fk" FOREIGN KEY ("outbox_id") REFERENCES "public"."outbox"("id") ON DELETE no action ON UPDATE no action;
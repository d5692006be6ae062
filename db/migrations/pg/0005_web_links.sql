CREATE TABLE "web_links" (
	"recipient" text NOT NULL,
	"subject_kind" text NOT NULL,
	"subject_id" integer NOT NULL,
	"action" text NOT NULL,
	"nonce" text NOT NULL,
	"issued_at" timestamp (3) with time zone NOT NULL,
	"expires_at" timestamp (3) with time zone NOT NULL,
	CONSTRAINT "web_links_recipient_subject_kind_subject_id_action_pk" PRIMARY KEY("recipient","subject_kind","subject_id","action")
);
--> statement-breakpoint
CREATE INDEX "web_links_expires_idx" ON "web_links" USING btree ("expires_at");
CREATE TABLE "order_group_messages" (
	"order_group_id" integer NOT NULL,
	"channel" text NOT NULL,
	"ts" text NOT NULL,
	"posted_at" timestamp (3) with time zone NOT NULL,
	CONSTRAINT "order_group_messages_channel_ts_pk" PRIMARY KEY("channel","ts")
);
--> statement-breakpoint
ALTER TABLE "order_groups" ADD COLUMN "denied_by" text;--> statement-breakpoint
ALTER TABLE "order_groups" ADD COLUMN "denial_reason" text;--> statement-breakpoint
ALTER TABLE "refresh_tickets" ADD COLUMN "ordered_model_id" integer;--> statement-breakpoint
ALTER TABLE "order_group_messages" ADD CONSTRAINT "order_group_messages_order_group_id_order_groups_id_fk" FOREIGN KEY ("order_group_id") REFERENCES "public"."order_groups"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "order_group_messages_group_idx" ON "order_group_messages" USING btree ("order_group_id");--> statement-breakpoint
ALTER TABLE "refresh_tickets" ADD CONSTRAINT "refresh_tickets_ordered_model_id_models_id_fk" FOREIGN KEY ("ordered_model_id") REFERENCES "public"."models"("id") ON DELETE no action ON UPDATE no action;
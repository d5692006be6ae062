CREATE TABLE `slack_receipts` (
	`key` text PRIMARY KEY NOT NULL,
	`received_at` integer NOT NULL,
	`answer` text
);
--> statement-breakpoint
CREATE INDEX `slack_receipts_received_idx` ON `slack_receipts` (`received_at`);
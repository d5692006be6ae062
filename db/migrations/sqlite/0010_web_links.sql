CREATE TABLE `web_links` (
	`recipient` text NOT NULL,
	`subject_kind` text NOT NULL,
	`subject_id` integer NOT NULL,
	`action` text NOT NULL,
	`nonce` text NOT NULL,
	`issued_at` integer NOT NULL,
	`expires_at` integer NOT NULL,
	PRIMARY KEY(`recipient`, `subject_kind`, `subject_id`, `action`)
);
--> statement-breakpoint
CREATE INDEX `web_links_expires_idx` ON `web_links` (`expires_at`);
CREATE INDEX `desk_cases_queue` ON `desk_cases` (`assignee_slack_user_id`,`opened_at`,`group_id`,`status`);--> statement-breakpoint
CREATE INDEX `desk_cases_group_queue` ON `desk_cases` (`group_id`,`assignee_slack_user_id`,`status`,`opened_at`);--> statement-breakpoint
CREATE INDEX `desk_cases_escalated` ON `desk_cases` (`escalated_at`);
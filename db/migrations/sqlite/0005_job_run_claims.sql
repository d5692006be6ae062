ALTER TABLE `job_runs` ADD `lease_until` integer;--> statement-breakpoint
ALTER TABLE `job_runs` ADD `on_demand` integer DEFAULT false NOT NULL;--> statement-breakpoint
-- A tick recorded twice (only a manual run at the tick's very millisecond could) keeps its first run.
DELETE FROM `job_runs` WHERE `id` NOT IN (SELECT min(`id`) FROM `job_runs` GROUP BY `job`, `scheduled_for`);--> statement-breakpoint
CREATE UNIQUE INDEX `job_runs_job_tick_uq` ON `job_runs` (`job`,`scheduled_for`) WHERE not "job_runs"."on_demand";
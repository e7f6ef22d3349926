CREATE TABLE `gaps` (
	`id` text PRIMARY KEY NOT NULL,
	`theme_id` text NOT NULL,
	`status` text DEFAULT 'flagged' NOT NULL,
	`reason` text,
	`owner_id` text,
	`notes` text DEFAULT '' NOT NULL,
	`evidence` text NOT NULL,
	`flagged_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	`closed_at` integer,
	FOREIGN KEY (`theme_id`) REFERENCES `themes`(`id`) ON UPDATE no action ON DELETE restrict,
	FOREIGN KEY (`owner_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE UNIQUE INDEX `gaps_open_theme_unique` ON `gaps` (`theme_id`) WHERE "gaps"."status" not in ('closed', 'not_a_gap');--> statement-breakpoint
CREATE INDEX `gaps_status_idx` ON `gaps` (`status`);--> statement-breakpoint
CREATE TABLE `intervention_footprints` (
	`intervention_id` text NOT NULL,
	`footprint_id` text NOT NULL,
	PRIMARY KEY(`intervention_id`, `footprint_id`),
	FOREIGN KEY (`intervention_id`) REFERENCES `interventions`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`footprint_id`) REFERENCES `footprints`(`id`) ON UPDATE no action ON DELETE restrict
);
--> statement-breakpoint
CREATE INDEX `intervention_footprints_footprint_idx` ON `intervention_footprints` (`footprint_id`);--> statement-breakpoint
CREATE TABLE `interventions` (
	`id` text PRIMARY KEY NOT NULL,
	`gap_id` text NOT NULL,
	`title` text NOT NULL,
	`description` text NOT NULL,
	`provider` text NOT NULL,
	`link` text,
	`in_place_at` integer,
	`created_by` text,
	`created_at` integer NOT NULL,
	`updated_at` integer,
	FOREIGN KEY (`gap_id`) REFERENCES `gaps`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `interventions_gap_idx` ON `interventions` (`gap_id`);--> statement-breakpoint
CREATE TABLE `themes` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`description` text NOT NULL,
	`area` text NOT NULL,
	`retired_at` integer,
	`created_at` integer NOT NULL,
	`updated_at` integer
);
--> statement-breakpoint
ALTER TABLE `share_proposals` ADD `theme_ids` text DEFAULT '[]' NOT NULL;--> statement-breakpoint
-- The starting codebook (docs: ../shared/design/codebook.md; the same rows as db/codebook.ts).
INSERT INTO `themes` (`id`, `name`, `description`, `area`, `created_at`) VALUES ('peer-support', 'Peer support structures', 'huddles, Schwartz Rounds, Psychological First Aid, Mental Health First Aid, buddying, peer support groups, safe spaces to talk with peers', 'capacity_collaboration', cast(unixepoch('subsec') * 1000 as integer));
--> statement-breakpoint
INSERT INTO `themes` (`id`, `name`, `description`, `area`, `created_at`) VALUES ('clinical-supervision', 'Supervision and pastoral support', 'protected time for clinical, managerial, restorative or group supervision; reflective practice; pastoral support', 'capacity_collaboration', cast(unixepoch('subsec') * 1000 as integer));
--> statement-breakpoint
INSERT INTO `themes` (`id`, `name`, `description`, `area`, `created_at`) VALUES ('psychological-support-access', 'Access to psychological and mental health support', 'rapid access to assessment and treatment, staff mental health and wellbeing hubs, IAPT/talking therapies, referral routes, self-referral, waiting times, counselling, EAP', 'prioritise_identify', cast(unixepoch('subsec') * 1000 as integer));
--> statement-breakpoint
INSERT INTO `themes` (`id`, `name`, `description`, `area`, `created_at`) VALUES ('occupational-health', 'Occupational health, sickness absence and return to work', 'occupational health referral, sickness absence, phased return, reasonable adjustments, fitness for work', 'capacity_collaboration', cast(unixepoch('subsec') * 1000 as integer));
--> statement-breakpoint
INSERT INTO `themes` (`id`, `name`, `description`, `area`, `created_at`) VALUES ('workload-and-rest', 'Workload, staffing and rest', 'workload volumes, staffing gaps, rota pressure, breaks, rest areas, fatigue, exhaustion, burnout from hours, annual leave', 'capacity_collaboration', cast(unixepoch('subsec') * 1000 as integer));
--> statement-breakpoint
INSERT INTO `themes` (`id`, `name`, `description`, `area`, `created_at`) VALUES ('redeployment-and-rotation', 'Redeployment and rotation', 'working outside usual role or training, redeployment to intensive roles, rotating from high-stress to lower-stress functions', 'prioritise_identify', cast(unixepoch('subsec') * 1000 as integer));
--> statement-breakpoint
INSERT INTO `themes` (`id`, `name`, `description`, `area`, `created_at`) VALUES ('compassionate-leadership', 'Compassionate leadership and civility', 'compassionate, empathetic leadership; civility; psychological safety; just culture; leaders'' self-awareness; coaching for leaders', 'leadership_culture', cast(unixepoch('subsec') * 1000 as integer));
--> statement-breakpoint
INSERT INTO `themes` (`id`, `name`, `description`, `area`, `created_at`) VALUES ('help-seeking-and-stigma', 'Help-seeking, stigma and confidentiality', 'stigma about mental health, reluctance to ask for help, fear the employer or regulator will find out, confidentiality of support', 'leadership_culture', cast(unixepoch('subsec') * 1000 as integer));
--> statement-breakpoint
INSERT INTO `themes` (`id`, `name`, `description`, `area`, `created_at`) VALUES ('trauma-and-debriefing', 'Trauma, moral injury and incident debriefing', 'traumatic incidents, PTSD symptoms, moral injury, critical incident debriefs, TRiM', 'prioritise_identify', cast(unixepoch('subsec') * 1000 as integer));
--> statement-breakpoint
INSERT INTO `themes` (`id`, `name`, `description`, `area`, `created_at`) VALUES ('bereavement', 'Bereavement support', 'loss of patients, colleagues or family, grief, culturally appropriate bereavement support', 'prioritise_identify', cast(unixepoch('subsec') * 1000 as integer));
--> statement-breakpoint
INSERT INTO `themes` (`id`, `name`, `description`, `area`, `created_at`) VALUES ('inequalities-and-at-risk-groups', 'Inequalities and at-risk staff groups', 'BAME, LGBT+ and disabled staff, staff networks, shielding staff, agency and temporary staff, less experienced staff, vulnerability', 'prioritise_identify', cast(unixepoch('subsec') * 1000 as integer));
--> statement-breakpoint
INSERT INTO `themes` (`id`, `name`, `description`, `area`, `created_at`) VALUES ('team-communication', 'Team communication', 'clear, regular information to the team, briefings, handovers as communication, information overload, mixed messages', 'leadership_culture', cast(unixepoch('subsec') * 1000 as integer));
--> statement-breakpoint
INSERT INTO `themes` (`id`, `name`, `description`, `area`, `created_at`) VALUES ('training-and-awareness', 'Training and awareness', 'training in recognising stress, mental health awareness, training managers to hold person-centred wellbeing conversations', 'capacity_collaboration', cast(unixepoch('subsec') * 1000 as integer));
--> statement-breakpoint
INSERT INTO `themes` (`id`, `name`, `description`, `area`, `created_at`) VALUES ('team-cohesion', 'Team cohesion and belonging', 'team solidarity, togetherness, team rest breaks, feeling valued, recognition, belonging', 'leadership_culture', cast(unixepoch('subsec') * 1000 as integer));
--> statement-breakpoint
INSERT INTO `themes` (`id`, `name`, `description`, `area`, `created_at`) VALUES ('self-care-and-boundaries', 'Self-care and personal boundaries', 'sleep, exercise, taking breaks for oneself, saying no, switching off after work, self-compassion', 'capacity_collaboration', cast(unixepoch('subsec') * 1000 as integer));
--> statement-breakpoint
INSERT INTO `themes` (`id`, `name`, `description`, `area`, `created_at`) VALUES ('family-and-caring', 'Family and caring responsibilities', 'childcare, schooling, caring for relatives, separation from family, protecting loved ones', 'prioritise_identify', cast(unixepoch('subsec') * 1000 as integer));
--> statement-breakpoint
INSERT INTO `themes` (`id`, `name`, `description`, `area`, `created_at`) VALUES ('practical-and-social-support', 'Practical and social support', 'debt and financial worries, housing, domestic abuse, relationship support, immigration status advice', 'capacity_collaboration', cast(unixepoch('subsec') * 1000 as integer));
--> statement-breakpoint
INSERT INTO `themes` (`id`, `name`, `description`, `area`, `created_at`) VALUES ('working-environment', 'Working environment and equipment', 'PPE, rest facilities, fit-for-purpose equipment and IT, physical environment, infection control burden', 'capacity_collaboration', cast(unixepoch('subsec') * 1000 as integer));
--> statement-breakpoint
INSERT INTO `themes` (`id`, `name`, `description`, `area`, `created_at`) VALUES ('remote-and-digital-working', 'Remote and digital working', 'virtual meetings, working from home, digital fatigue, isolation from the team when remote', 'capacity_collaboration', cast(unixepoch('subsec') * 1000 as integer));
--> statement-breakpoint
INSERT INTO `themes` (`id`, `name`, `description`, `area`, `created_at`) VALUES ('wellbeing-strategy-and-governance', 'Wellbeing strategy, funding and governance', 'board sponsorship, organisational wellbeing strategy, ring-fenced funding, partnerships across organisations, data on staff wellbeing', 'prioritise_identify', cast(unixepoch('subsec') * 1000 as integer));
--> statement-breakpoint
INSERT INTO `themes` (`id`, `name`, `description`, `area`, `created_at`) VALUES ('retention-and-career', 'Retention and career', 'intention to leave, retirement and return, career development, exit interviews, redeployment schemes', 'leadership_culture', cast(unixepoch('subsec') * 1000 as integer));

import { z } from "zod";
import { RSVP_RESPONSES } from "~db/enums";
import { checkboxes, optionalText } from "~/utils/forms";

const time = (label: string) =>
  z
    .string({ error: `Enter the ${label}` })
    .trim()
    .regex(/^([01]\d|2[0-3]):[0-5]\d$/, `Enter the ${label} as a 24-hour time, like 14:00`);

const isoDate = (label: string) =>
  z
    .string({ error: `Enter the ${label}` })
    .trim()
    .min(1, `Enter the ${label}`)
    .regex(/^\d{4}-\d{2}-\d{2}$/, `Enter the ${label} as a real date`);

export const videoUrl = z
  .string({ error: "Enter the video link" })
  .trim()
  .min(1, "Enter the video link")
  .max(2000, "The video link must be 2,000 characters or fewer")
  .pipe(z.url({ protocol: /^https$/, error: "Enter the video link as a full web address starting with https://" }));

const minutesBetween = (start: string, end: string) => {
  const [sh, sm] = start.split(":").map(Number);
  const [eh, em] = end.split(":").map(Number);
  return eh * 60 + em - (sh * 60 + sm);
};

export const ScheduleSeriesSchema = z
  .strictObject({
    pattern: z.enum(["monthly", "weekly"], { error: "Choose how often the set meets" }),
    nth: z.enum(["1", "2", "3", "4", "5", "-1"], { error: "Choose which week of the month" }).optional(),
    weekday: z.enum(["0", "1", "2", "3", "4", "5", "6"], { error: "Choose the day of the week" }).optional(),
    intervalWeeks: z.coerce.number({ error: "Enter a number of weeks" }).int("Enter a whole number of weeks").min(1, "Enter 1 to 8 weeks").max(8, "Enter 1 to 8 weeks").optional(),
    firstDate: isoDate("date of the first meeting"),
    startTime: time("start time"),
    endTime: time("end time"),
    until: z.enum(["termEnd", "count"], { error: "Choose when the meetings stop" }),
    count: optionalText(3),
    videoUrl,
    // A bank holiday not yet decided sends "": allowed here (the preview can be redone); scheduling asks for every choice.
    choices: checkboxes(z.string().max(20))
      .transform((all) => all.filter(Boolean))
      .pipe(z.array(z.string().regex(/^\d{4}-\d{2}-\d{2}:(move|skip)$/, "Choose what to do about each bank holiday"))),
  })
  .superRefine((v, ctx) => {
    if (v.pattern === "monthly" && !v.nth) ctx.addIssue({ code: "custom", path: ["nth"], message: "Choose which week of the month" });
    if (v.pattern === "monthly" && !v.weekday) ctx.addIssue({ code: "custom", path: ["weekday"], message: "Choose the day of the week" });
    if (v.pattern === "weekly" && v.intervalWeeks === undefined) ctx.addIssue({ code: "custom", path: ["intervalWeeks"], message: "Enter how many weeks apart the meetings are" });
    if (v.until === "count" && !(v.count && /^\d{1,2}$/.test(v.count))) ctx.addIssue({ code: "custom", path: ["count"], message: "Enter how many meetings, from 1 to 24" });
    if (minutesBetween(v.startTime, v.endTime) <= 0) ctx.addIssue({ code: "custom", path: ["endTime"], message: "The end time must be after the start time" });
  });

export const ChangeMeetingSchema = z
  .strictObject({
    date: isoDate("date"),
    startTime: time("start time"),
    endTime: time("end time"),
    videoUrl,
    applyToRest: checkboxes(z.literal("yes")),
  })
  .refine((v) => minutesBetween(v.startTime, v.endTime) > 0, { path: ["endTime"], message: "The end time must be after the start time" });

export const CancelMeetingSchema = z.strictObject({
  reason: z.string({ error: "Enter why the meeting is cancelled" }).trim().min(1, "Enter why the meeting is cancelled").max(500, "The reason must be 500 characters or fewer"),
});

export const RespondSchema = z.strictObject({
  response: z.enum(RSVP_RESPONSES, { error: "Choose whether you can attend" }),
  reason: optionalText(500, "The reason must be 500 characters or fewer"),
});

export const AttendanceSchema = z.strictObject({
  attended: checkboxes(z.string().min(1).max(64)),
});

export { minutesBetween };

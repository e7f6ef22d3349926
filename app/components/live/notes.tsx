/**
 * The facilitators' private notes for this meeting, posted to the live page's
 * own action (not over the socket: notes are not part of the meeting state
 * and no member ever receives them). What is typed is a draft until saved.
 */
import { useFetcher } from "@remix-run/react";
import { useEffect, useRef, useState } from "react";
import { LIMITS } from "~/domain/live/types";
import { CountedTextarea, LiveButton } from "./controls";
import { useLive } from "./context";

type NotesAnswer = { ok: true; savedAt: number } | { ok: false; errors?: Record<string, string>; formError?: string };

const FIELD = "notes";

export function PrivateNotes({ saved }: { saved: { text: string; updatedAt: number | null } }) {
  const { drafts } = useLive();
  const fetcher = useFetcher<NotesAnswer>();
  const value = drafts.get(FIELD) ?? saved.text;
  const [clientError, setClientError] = useState<string | null>(null);
  const sent = useRef<string | null>(null);
  const answer = fetcher.state === "idle" ? fetcher.data : undefined;

  // Saved and the page's data read again: the draft is no longer needed.
  useEffect(() => {
    if (answer?.ok && sent.current !== null) {
      drafts.clearIf(FIELD, sent.current);
      sent.current = null;
    }
  }, [answer, drafts]);

  const serverError = answer && !answer.ok ? answer.errors?.notes ?? answer.formError ?? "Your notes were not saved. Try again." : null;
  const error = clientError ?? serverError;
  const busy = fetcher.state !== "idle";
  const savedAt = saved.updatedAt
    ? new Intl.DateTimeFormat("en-GB", { timeZone: "Europe/London", hour: "2-digit", minute: "2-digit", hour12: false }).format(saved.updatedAt)
    : null;

  return (
    <section className="app-live-panel" aria-labelledby="live-notes-heading">
      <h2 className="nhsuk-heading-s" id="live-notes-heading">
        Your private notes
      </h2>
      <fetcher.Form
        method="post"
        noValidate
        onSubmit={(event) => {
          if (busy) {
            event.preventDefault();
            return;
          }
          if (value.length > LIMITS.note) {
            event.preventDefault();
            setClientError(`Notes must be ${LIMITS.note.toLocaleString("en-GB")} characters or fewer`);
            document.getElementById("live-notes")?.focus();
            return;
          }
          setClientError(null);
          sent.current = value;
        }}
      >
        <CountedTextarea
          id="live-notes"
          name="notes"
          label="Notes for this meeting"
          hint="Only this set's facilitators can read these. Members never see them."
          value={value}
          onChange={(v) => (v === saved.text ? drafts.clear(FIELD) : drafts.set(FIELD, v))}
          maxLength={LIMITS.note}
          error={error}
          rows={6}
        />
        <input type="hidden" name="intent" value="save-notes" />
        <LiveButton type="submit" busy={busy} variant="secondary">
          Save notes
        </LiveButton>
      </fetcher.Form>
      <p className="nhsuk-body-s" role="status">
        {busy ? "Saving your notes…" : drafts.get(FIELD) !== undefined ? "You have changes that are not saved yet." : savedAt ? `Saved at ${savedAt}.` : ""}
      </p>
    </section>
  );
}

/**
 * Buttons and text boxes for the live meeting. A button whose command is on
 * its way says "Saving…" and ignores further presses until the server answers;
 * it stays focusable (aria-disabled, not disabled) so keyboard focus is never
 * thrown back to the top of the page.
 */
import classNames from "classnames";
import { useEffect, useId, useState, type ReactNode } from "react";
import type { Command } from "~/domain/live/types";
import { describedBy, ErrorText, FieldGroup } from "~/components/form";
import { useLive } from "./context";

type Variant = "primary" | "secondary" | "warning" | "reverse";

export function LiveButton({
  children,
  busy = false,
  unavailable = false,
  variant = "primary",
  small = false,
  onPress,
  type = "button",
  describedBy,
}: {
  children: ReactNode;
  busy?: boolean;
  /** Shown but not usable now (for example, nothing to go back to). */
  unavailable?: boolean;
  variant?: Variant;
  small?: boolean;
  onPress?: () => void;
  type?: "button" | "submit";
  describedBy?: string;
}) {
  const inert = busy || unavailable;
  return (
    <button
      type={type}
      className={classNames("nhsuk-button", {
        "nhsuk-button--secondary": variant === "secondary",
        "nhsuk-button--warning": variant === "warning",
        "nhsuk-button--reverse": variant === "reverse",
        "nhsuk-button--small": small,
        "app-live-button--inert": inert,
      })}
      aria-disabled={inert || undefined}
      aria-describedby={describedBy}
      onClick={(event) => {
        if (inert) {
          event.preventDefault();
          return;
        }
        if (type === "button") onPress?.();
      }}
    >
      {busy ? "Saving…" : children}
    </button>
  );
}

/** A button that sends one command; "Saving…" while that kind of command is pending. */
export function CommandButton({
  command,
  children,
  variant,
  small,
  unavailable,
  onDone,
  describedBy,
}: {
  command: Command;
  children: ReactNode;
  variant?: Variant;
  small?: boolean;
  unavailable?: boolean;
  onDone?: (ok: boolean) => void;
  describedBy?: string;
}) {
  const { live } = useLive();
  const busy = live.isPending(command.type, (c) => JSON.stringify(c) === JSON.stringify(command));
  return (
    <LiveButton
      busy={busy}
      variant={variant}
      small={small}
      unavailable={unavailable}
      describedBy={describedBy}
      onPress={() => {
        void live.send(command).then((ok) => onDone?.(ok));
      }}
    >
      {children}
    </LiveButton>
  );
}

/** A row of buttons that wraps on a narrow screen. */
export function ButtonRow({ children }: { children: ReactNode }) {
  return <div className="nhsuk-button-group app-live-buttons">{children}</div>;
}

/** The same error message as the forms' fields. */
export const ErrorMessage = ErrorText;

/**
 * A textarea with the NHS.UK character count: the visible count updates as
 * you type; screen readers hear it once typing pauses.
 */
export function CountedTextarea({
  id,
  name,
  label,
  hint,
  value,
  onChange,
  maxLength,
  rows = 3,
  error,
  labelClassName,
}: {
  id: string;
  /** Only for a textarea posted in a form. */
  name?: string;
  label: ReactNode;
  hint?: ReactNode;
  value: string;
  onChange: (value: string) => void;
  maxLength: number;
  rows?: number;
  error?: string | null;
  labelClassName?: string;
}) {
  const remaining = maxLength - value.length;
  const message =
    remaining >= 0
      ? `You have ${remaining.toLocaleString("en-GB")} character${remaining === 1 ? "" : "s"} remaining`
      : `You have ${(-remaining).toLocaleString("en-GB")} character${remaining === -1 ? "" : "s"} too many`;
  const [spoken, setSpoken] = useState("");
  useEffect(() => {
    const t = setTimeout(() => setSpoken(message), 1_000);
    return () => clearTimeout(t);
  }, [message]);
  const over = remaining < 0;
  return (
    <FieldGroup id={id} label={label} hint={hint} error={error} labelClassName={labelClassName} className="nhsuk-character-count">
      <textarea
        className={classNames("nhsuk-textarea", { "nhsuk-textarea--error": error || over })}
        id={id}
        name={name}
        rows={rows}
        value={value}
        aria-describedby={describedBy(id, hint, error, `${id}-info`)}
        aria-invalid={error || over ? true : undefined}
        onChange={(event) => onChange(event.target.value)}
      />
      <div id={`${id}-info`} className="nhsuk-u-visually-hidden">
        You can enter up to {maxLength.toLocaleString("en-GB")} characters
      </div>
      <div className={classNames("nhsuk-hint app-live-count", { "nhsuk-error-message": over })} aria-hidden="true">
        {message}
      </div>
      <div className="nhsuk-u-visually-hidden" aria-live="polite">
        {spoken}
      </div>
    </FieldGroup>
  );
}

/** A unique id for a field, stable between the server render and the browser. */
export function useFieldId(name: string) {
  const base = useId().replace(/:/g, "");
  return `${name}-${base}`;
}


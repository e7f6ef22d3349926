/**
 * NHS.UK form patterns wired to one zod schema: the schema is checked in the
 * browser before sending (errors shown at once) and again by the action on the
 * server. Errors appear in the error summary at the top (focused, linking to
 * each field) and beside each field; what was typed is kept.
 */
import { Form, useNavigation, type FormProps } from "@remix-run/react";
import classNames from "classnames";
import { ErrorSummary } from "nhsuk-react-components";
import { createContext, useContext, useEffect, useState, type ReactNode } from "react";
import type { z } from "zod";
import { validateForm, type FormFailure, type FormValues } from "~/utils/forms";

type ServerResult = { ok: boolean; errors?: Record<string, string>; formError?: string; values?: FormValues } | undefined | null;

type FormState = { errors: Record<string, string>; values: FormValues; attempt: number; idPrefix: string };
const FormStateContext = createContext<FormState>({ errors: {}, values: {}, attempt: 0, idPrefix: "" });

export function ValidatedForm({
  schema,
  result,
  children,
  errorTitle = "There is a problem",
  idPrefix = "",
  ...props
}: Omit<FormProps, "onSubmit"> & {
  schema: z.ZodType;
  result?: ServerResult;
  children: ReactNode;
  errorTitle?: string;
  /** For pages with several forms of the same fields: keeps each field's id unique. */
  idPrefix?: string;
}) {
  const [clientFailure, setClientFailure] = useState<FormFailure | null>(null);
  // Counts answers, so password fields can be emptied after each failed attempt.
  const [attempt, setAttempt] = useState(0);
  // A fresh answer from the server replaces whatever the browser found.
  useEffect(() => {
    setClientFailure(null);
    if (result) setAttempt((n) => n + 1);
  }, [result]);
  const serverFailure = result && !result.ok ? result : null;
  const errors = clientFailure?.errors ?? serverFailure?.errors ?? {};
  const formError = clientFailure ? clientFailure.formError : serverFailure?.formError;
  const values = clientFailure?.values ?? result?.values ?? {};
  const hasErrors = Boolean(formError) || Object.keys(errors).length > 0;
  return (
    <FormStateContext.Provider value={{ errors, values, attempt, idPrefix }}>
      <Form
        method="post"
        noValidate
        {...props}
        onSubmit={(event) => {
          const check = validateForm(schema, new FormData(event.currentTarget));
          if (!check.ok) {
            event.preventDefault();
            setClientFailure(check);
          }
        }}
      >
        {hasErrors ? (
          <ErrorSummary key={JSON.stringify([formError, errors])}>
            <ErrorSummary.Title>{errorTitle}</ErrorSummary.Title>
            <ErrorSummary.List>
              {formError ? <li>{formError}</li> : null}
              {Object.entries(errors).map(([field, message]) => (
                <ErrorSummary.ListItem key={field} href={`#${idPrefix}${fieldId(field)}`}>
                  {message}
                </ErrorSummary.ListItem>
              ))}
            </ErrorSummary.List>
          </ErrorSummary>
        ) : null}
        {children}
      </Form>
    </FormStateContext.Provider>
  );
}

export const fieldId = (name: string) => name.replace(/[^A-Za-z0-9_-]/g, "-");

function useField(name: string) {
  const { errors, values, attempt, idPrefix } = useContext(FormStateContext);
  // Once a form has come back, a field missing from it was sent empty (e.g. no box ticked).
  const sentBack = Object.keys(values).length > 0;
  return { error: errors[name], value: values[name], attempt, sentBack, id: idPrefix + fieldId(name) };
}

/** A field's error beside it (`${id}-error`, for aria-describedby). */
export function ErrorText({ id, error }: { id: string; error?: string | null }) {
  if (!error) return null;
  return (
    <span className="nhsuk-error-message" id={`${id}-error`}>
      <span className="nhsuk-u-visually-hidden">Error:</span> {error}
    </span>
  );
}

/** What a field's aria-describedby lists: its hint and error when shown, then any `more` ids. */
export function describedBy(id: string, hint?: ReactNode, error?: string | null, ...more: string[]) {
  return [hint ? `${id}-hint` : null, error ? `${id}-error` : null, ...more].filter(Boolean).join(" ") || undefined;
}

/**
 * The NHS.UK form group around one labelled control: the label (inside a
 * heading when it is the page's question), the hint and the error message,
 * with the ids `describedBy` points at; the control is the child.
 */
export function FieldGroup({
  id,
  label,
  hint,
  error,
  labelClassName,
  labelAsHeading,
  className,
  children,
}: {
  id: string;
  label: ReactNode;
  hint?: ReactNode;
  error?: string | null;
  labelClassName?: string;
  labelAsHeading?: boolean;
  className?: string;
  children: ReactNode;
}) {
  const labelEl = (
    <label className={classNames("nhsuk-label", labelClassName)} htmlFor={id}>
      {label}
    </label>
  );
  return (
    <div className={classNames("nhsuk-form-group", className, { "nhsuk-form-group--error": error })}>
      {labelAsHeading ? <h1 className="nhsuk-label-wrapper">{labelEl}</h1> : labelEl}
      {hint ? (
        <div className="nhsuk-hint" id={`${id}-hint`}>
          {hint}
        </div>
      ) : null}
      <ErrorText id={id} error={error} />
      {children}
    </div>
  );
}

type TextFieldProps = {
  name: string;
  label: string;
  hint?: ReactNode;
  type?: "text" | "email" | "password" | "date" | "tel" | "url" | "search";
  defaultValue?: string;
  autoComplete?: string;
  inputMode?: "numeric" | "text" | "email";
  width?: 2 | 3 | 4 | 5 | 10 | 20 | 30;
  labelAsHeading?: boolean;
  spellCheck?: boolean;
};

export function TextField({ name, label, hint, type = "text", defaultValue, width, labelAsHeading, ...rest }: TextFieldProps) {
  const { error, value, attempt, id } = useField(name);
  const kept = type === "password" ? undefined : typeof value === "string" ? value : defaultValue;
  return (
    <FieldGroup id={id} label={label} hint={hint} error={error} labelAsHeading={labelAsHeading} labelClassName={labelAsHeading ? "nhsuk-label--l" : undefined}>
      <input
        // A password is never kept after a failed attempt: a new key gives an empty field.
        key={type === "password" ? `attempt-${attempt}` : undefined}
        className={classNames("nhsuk-input", { "nhsuk-input--error": error, [`nhsuk-input--width-${width}`]: width })}
        id={id}
        name={name}
        type={type}
        defaultValue={kept}
        aria-describedby={describedBy(id, hint, error)}
        aria-invalid={error ? true : undefined}
        {...rest}
      />
    </FieldGroup>
  );
}

export function TextareaField({ name, label, hint, defaultValue, rows = 5 }: { name: string; label: string; hint?: ReactNode; defaultValue?: string; rows?: number }) {
  const { error, value, id } = useField(name);
  return (
    <FieldGroup id={id} label={label} hint={hint} error={error}>
      <textarea
        className={classNames("nhsuk-textarea", { "nhsuk-textarea--error": error })}
        id={id}
        name={name}
        rows={rows}
        defaultValue={typeof value === "string" ? value : defaultValue}
        aria-describedby={describedBy(id, hint, error)}
      />
    </FieldGroup>
  );
}

export type Option = { value: string; label: string };

export function SelectField({
  name,
  id: givenId,
  label,
  hint,
  options,
  defaultValue,
  placeholder = "Select",
}: {
  name: string;
  /** Only where several selects share a name. */
  id?: string;
  label: string;
  hint?: ReactNode;
  options: Option[];
  defaultValue?: string;
  placeholder?: string | null;
}) {
  const { error, value, id: fieldDomId } = useField(name);
  const id = givenId ?? fieldDomId;
  return (
    <FieldGroup id={id} label={label} hint={hint} error={error}>
      <select
        className={classNames("nhsuk-select", { "nhsuk-select--error": error })}
        id={id}
        name={name}
        defaultValue={typeof value === "string" ? value : (defaultValue ?? "")}
        aria-describedby={describedBy(id, hint, error)}
      >
        {placeholder !== null ? <option value="">{placeholder}</option> : null}
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </FieldGroup>
  );
}

export function CheckboxesField({
  name,
  legend,
  hint,
  options,
  defaultValue = [],
}: {
  name: string;
  legend: string;
  hint?: ReactNode;
  options: Option[];
  defaultValue?: string[];
}) {
  const { error, value, sentBack, id } = useField(name);
  const checked = value === undefined ? (sentBack ? [] : defaultValue) : Array.isArray(value) ? value : [value];
  return (
    <div className={classNames("nhsuk-form-group", { "nhsuk-form-group--error": error })}>
      <fieldset className="nhsuk-fieldset" aria-describedby={describedBy(id, hint, error)}>
        <legend className="nhsuk-fieldset__legend nhsuk-fieldset__legend--s">{legend}</legend>
        {hint ? (
          <div className="nhsuk-hint" id={`${id}-hint`}>
            {hint}
          </div>
        ) : null}
        <ErrorText id={id} error={error} />
        <div className="nhsuk-checkboxes">
          {options.map((o, i) => {
            const optionId = i === 0 ? id : `${id}-${i + 1}`;
            return (
              <div className="nhsuk-checkboxes__item" key={o.value}>
                <input
                  className="nhsuk-checkboxes__input"
                  id={optionId}
                  name={name}
                  type="checkbox"
                  value={o.value}
                  defaultChecked={checked.includes(o.value)}
                />
                <label className="nhsuk-label nhsuk-checkboxes__label" htmlFor={optionId}>
                  {o.label}
                </label>
              </div>
            );
          })}
        </div>
      </fieldset>
    </div>
  );
}

export function FileField({ name, label, hint, accept }: { name: string; label: string; hint?: ReactNode; accept?: string }) {
  const { error, id } = useField(name);
  return (
    <FieldGroup id={id} label={label} hint={hint} error={error}>
      <input
        className={classNames("nhsuk-file-upload", { "nhsuk-file-upload--error": error })}
        id={id}
        name={name}
        type="file"
        accept={accept}
        aria-describedby={describedBy(id, hint, error)}
      />
    </FieldGroup>
  );
}

/** A submit button that says it is working while the form is being sent. */
export function SubmitButton({
  children,
  intent,
  secondary,
  warning,
  busyText = "Saving…",
}: {
  children: ReactNode;
  intent?: string;
  secondary?: boolean;
  warning?: boolean;
  busyText?: string;
}) {
  const navigation = useNavigation();
  const busy =
    navigation.state === "submitting" &&
    (intent === undefined || navigation.formData?.get("intent") === intent);
  return (
    <button
      type="submit"
      className={classNames("nhsuk-button", {
        "nhsuk-button--secondary": secondary,
        "nhsuk-button--warning": warning,
      })}
      data-module="nhsuk-button"
      name={intent ? "intent" : undefined}
      value={intent}
      aria-disabled={busy || undefined}
      disabled={busy}
    >
      {busy ? busyText : children}
    </button>
  );
}

/** A notice shown after something was saved (NHS.UK success banner pattern). */
export function SuccessBanner({ children }: { children: ReactNode }) {
  return (
    <div className="nhsuk-inset-text" role="status">
      <span className="nhsuk-u-visually-hidden">Success: </span>
      {children}
    </div>
  );
}

export function RadiosField({
  name,
  legend,
  hint,
  options,
  defaultValue,
  inline,
  legendSize = "s",
}: {
  name: string;
  legend: string;
  hint?: ReactNode;
  options: Array<Option & { hint?: string }>;
  defaultValue?: string;
  inline?: boolean;
  legendSize?: "s" | "m";
}) {
  const { error, value, id } = useField(name);
  const chosen = typeof value === "string" ? value : defaultValue;
  return (
    <div className={classNames("nhsuk-form-group", { "nhsuk-form-group--error": error })}>
      <fieldset className="nhsuk-fieldset" aria-describedby={describedBy(id, hint, error)}>
        <legend className={`nhsuk-fieldset__legend nhsuk-fieldset__legend--${legendSize}`}>{legend}</legend>
        {hint ? (
          <div className="nhsuk-hint" id={`${id}-hint`}>
            {hint}
          </div>
        ) : null}
        <ErrorText id={id} error={error} />
        <div className={classNames("nhsuk-radios", { "nhsuk-radios--inline": inline })}>
          {options.map((o, i) => {
            const optionId = i === 0 ? id : `${id}-${i + 1}`;
            return (
              <div className="nhsuk-radios__item" key={o.value}>
                <input
                  className="nhsuk-radios__input"
                  id={optionId}
                  name={name}
                  type="radio"
                  value={o.value}
                  defaultChecked={chosen === o.value}
                  aria-describedby={o.hint ? `${optionId}-hint` : undefined}
                />
                <label className="nhsuk-label nhsuk-radios__label" htmlFor={optionId}>
                  {o.label}
                </label>
                {o.hint ? (
                  <div className="nhsuk-hint nhsuk-radios__hint" id={`${optionId}-hint`}>
                    {o.hint}
                  </div>
                ) : null}
              </div>
            );
          })}
        </div>
      </fieldset>
    </div>
  );
}

import { SubmitButton, TextField, ValidatedForm } from "~/components/form";
import { NewPasswordSchema, PASSWORD_MIN } from "~/schemas/auth";

type Result = Parameters<typeof ValidatedForm>[0]["result"];

export function NewPasswordForm({ result, email, button }: { result: Result; email: string; button: string }) {
  return (
    <ValidatedForm schema={NewPasswordSchema} result={result}>
      {/* Lets password managers save the new password against the right account. */}
      <input type="hidden" name="username" value={email} autoComplete="username" disabled />
      <TextField
        name="password"
        label="Create a password"
        type="password"
        autoComplete="new-password"
        hint={`At least ${PASSWORD_MIN} characters. A few unrelated words make a strong password that is easy to remember.`}
      />
      <TextField name="confirmPassword" label="Type the password again" type="password" autoComplete="new-password" />
      <SubmitButton busyText="Saving…">{button}</SubmitButton>
    </ValidatedForm>
  );
}

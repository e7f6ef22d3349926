/** The words of each email the app sends. Plain text: Notify renders it. */
import { env, services } from "./context.server";
import { log } from "./log.server";
import { newId } from "./ids.server";

function link(path: string) {
  return new URL(path, env().APP_ORIGIN).toString();
}

async function send(to: string, subject: string, body: string, kind: string) {
  const reference = `${kind}-${newId()}`;
  try {
    await services().mailer.send({ to, subject, body, reference });
    log.info("email sent", { kind, reference });
    return true;
  } catch (error) {
    log.error("email failed", { kind, reference, error: String(error) });
    return false;
  }
}

export function sendInvitationEmail(to: { name: string; email: string }, token: string, invitedBy: string) {
  return send(
    to.email,
    "You are invited to CLN Action Learning Sets",
    [
      `Dear ${to.name},`,
      "",
      `${invitedBy} has invited you to CLN Action Learning Sets, where the NHS Clinical Leaders Network runs its Digital Action Learning Sets.`,
      "",
      "To accept, open this link and choose a password:",
      link(`/invitation/${token}`),
      "",
      "The link works once and expires in 7 days. If you were not expecting this, you can ignore this email.",
      "",
      "NHS Clinical Leaders Network",
    ].join("\n"),
    "invitation",
  );
}

export function sendPasswordResetEmail(to: { name: string; email: string }, token: string) {
  return send(
    to.email,
    "Reset your CLN Action Learning Sets password",
    [
      `Dear ${to.name},`,
      "",
      "Someone asked to reset the password for your CLN Action Learning Sets account. To choose a new password, open this link:",
      link(`/reset-password/${token}`),
      "",
      "The link works once and expires in 1 hour. If you did not ask for this, ignore this email: your password has not changed.",
      "",
      "NHS Clinical Leaders Network",
    ].join("\n"),
    "password-reset",
  );
}

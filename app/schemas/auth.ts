import { z } from "zod";
import { emailField } from "~/utils/forms";

export const PASSWORD_MIN = 12;
export const PASSWORD_MAX = 256;

export const SignInSchema = z.strictObject({
  email: emailField("your work email address"),
  password: z.string({ error: "Enter your password" }).min(1, "Enter your password").max(PASSWORD_MAX, "Enter your password"),
  redirectTo: z.string().max(500).optional(),
});

export const TwoFactorCodeSchema = z.strictObject({
  code: z
    .string({ error: "Enter the 6-digit code from your authenticator app" })
    .transform((s) => s.replace(/\s/g, ""))
    .pipe(z.string().regex(/^\d{6}$/, "Enter the 6-digit code from your authenticator app")),
});

export const NewPasswordSchema = z
  .strictObject({
    password: z
      .string({ error: "Enter a password" })
      .min(PASSWORD_MIN, `Password must be at least ${PASSWORD_MIN} characters`)
      .max(PASSWORD_MAX, `Password must be ${PASSWORD_MAX} characters or fewer`),
    confirmPassword: z.string({ error: "Enter the password again" }).min(1, "Enter the password again"),
  })
  .refine((v) => v.password === v.confirmPassword, {
    path: ["confirmPassword"],
    message: "The passwords do not match",
  });

export const ForgotPasswordSchema = z.strictObject({
  email: emailField("your work email address"),
});

export const EnrolTwoFactorSchema = TwoFactorCodeSchema;

import type { ComponentPropsWithRef } from "react";

export type ButtonVariant = "primary" | "secondary" | "danger" | "ghost";

export interface ButtonProps extends ComponentPropsWithRef<"button"> {
  variant?: ButtonVariant;
  size?: "md" | "sm";
}

/** A button that defaults to `type="button"` so it never submits a form by accident. */
export function Button({
  variant = "secondary",
  size = "md",
  type = "button",
  className,
  ...props
}: ButtonProps) {
  const classes = [
    "kw-button",
    `kw-button--${variant}`,
    size === "sm" ? "kw-button--sm" : "",
    className ?? "",
  ];
  return <button type={type} className={classes.filter(Boolean).join(" ")} {...props} />;
}

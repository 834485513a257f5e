import { render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { useState } from "react";
import { describe, expect, it, vi } from "vitest";
import { RevealOnceModal } from "../src/index.ts";
import { fakeToken } from "./fake-token.ts";

const secret = fakeToken();

function Harness(props: { onAcknowledge?: () => void }) {
  const [open, setOpen] = useState(true);
  return (
    <RevealOnceModal
      open={open}
      secret={secret}
      onAcknowledge={() => {
        props.onAcknowledge?.();
        setOpen(false);
      }}
    />
  );
}

describe("RevealOnceModal", () => {
  it("shows the secret once with the warning, as a labelled dialog", () => {
    render(<Harness />);
    const dialog = screen.getByRole("dialog", { name: "Your new API key" });
    expect(dialog.textContent).toContain(secret);
    expect(dialog.getAttribute("aria-describedby")).toBeTruthy();
    const description = document.getElementById(dialog.getAttribute("aria-describedby") ?? "");
    expect(description?.textContent).toContain("You will not see this key again.");
  });

  it("copies the secret to the clipboard and announces it", async () => {
    const user = userEvent.setup();
    // user-event installs its own clipboard stub in setup(); spy on that one.
    const writeText = vi.spyOn(navigator.clipboard, "writeText");
    render(<Harness />);
    await user.click(screen.getByRole("button", { name: "Copy key" }));
    expect(writeText).toHaveBeenCalledWith(secret);
    expect(screen.getByRole("status").textContent).toBe("Copied");
  });

  it("cannot be closed until the user acknowledges storing the secret", async () => {
    const user = userEvent.setup();
    const onAcknowledge = vi.fn();
    render(<Harness onAcknowledge={onAcknowledge} />);

    expect(screen.queryByRole("button", { name: "Close" })).toBeNull();
    await user.keyboard("{Escape}");
    expect(screen.getByRole("dialog")).toBeTruthy();

    const done = screen.getByRole("button", { name: "Done" });
    expect(done).toHaveProperty("disabled", true);
    await user.click(done);
    expect(onAcknowledge).not.toHaveBeenCalled();
    expect(screen.getByRole("dialog")).toBeTruthy();

    await user.click(screen.getByRole("checkbox", { name: "I have stored it somewhere safe" }));
    expect(done).toHaveProperty("disabled", false);
    await user.click(done);
    expect(onAcknowledge).toHaveBeenCalledOnce();
    expect(screen.queryByRole("dialog")).toBeNull();
    expect(document.body.textContent).not.toContain(secret);
  });
});

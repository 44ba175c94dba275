/**
 * The sign-in form: asks for an operator API key and checks it with /v1/whoami before keeping it
 * (a tenant key is accepted too; the app then says what such a key is for).
 * @module
 */
import type { Whoami } from "../../../src/contract/generated/api.js";
import { ApiError, createApiClient } from "../api-client.js";
import { el } from "../element.js";
import { whoami } from "../fleet-api.js";

/** `onSignedIn` gets the accepted key and who it belongs to; `notice` explains why the form is shown. */
export function signInPage(
  onSignedIn: (key: string, principal: Whoami) => void,
  notice?: string,
): HTMLElement {
  const input = el("input", {
    attrs: {
      id: "api-key",
      name: "key",
      type: "password",
      autocomplete: "off",
      spellcheck: "false",
      required: "",
      placeholder: "lh_op_…",
      "data-testid": "api-key",
    },
  });
  const error = el(
    "p",
    { class: "form-error", attrs: { role: "alert", "data-testid": "sign-in-error" } },
    notice ?? "",
  );
  const submit = el("button", { class: "button primary", attrs: { type: "submit" } }, "Sign in");
  const form = el(
    "form",
    { class: "sign-in card", attrs: { "data-testid": "sign-in" } },
    el(
      "div",
      { class: "brand sign-in-brand" },
      el("span", { class: "brand-mark", attrs: { "aria-hidden": "true" } }),
      "Leasehold",
    ),
    el("h1", {}, "Sign in"),
    el(
      "p",
      { class: "muted" },
      "Paste an operator API key. The server printed one when it first started and saved it in ",
      el("code", {}, ".leasehold/operator.key"),
      ".",
    ),
    el("label", { class: "field", attrs: { for: "api-key" } }, "API key"),
    input,
    error,
    submit,
  );
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const key = input.value.trim();
    submit.disabled = true;
    error.textContent = "";
    whoami(createApiClient(key))
      .then((principal) => onSignedIn(key, principal))
      .catch((failure: unknown) => {
        error.textContent =
          failure instanceof ApiError && failure.status === 401
            ? `That key was not accepted: ${failure.message}.`
            : `Could not reach the server: ${failure instanceof Error ? failure.message : String(failure)}`;
      })
      .finally(() => {
        submit.disabled = false;
      });
  });
  queueMicrotask(() => input.focus());
  return el("div", { class: "sign-in-page" }, form);
}

// Choice sets as the server sends them (server/lsp/src/choices.rs), and the
// two rules of the picker that need no VS Code: which typed key applies a
// choice, and the arguments that carry the pick back to the server.

export interface Choice {
  name: string;
  key: string | null;
  color: string | null;
  description: string;
  current: boolean;
}

export interface ChoiceSet {
  title: string;
  choices: Choice[];
  keyNote: string | null;
  apply: { command: string; arguments: Record<string, unknown> };
}

/** Which choice a typed value applies at once: a single character that is a choice's key. */
export function choiceForKey(set: ChoiceSet, typed: string): Choice | undefined {
  if ([...typed].length !== 1) {
    return undefined;
  }
  return set.choices.find((c) => c.key === typed);
}

/** The arguments of the apply command for a picked name. */
export function applyArguments(set: ChoiceSet, name: string): Record<string, unknown> {
  return { ...set.apply.arguments, label: name };
}


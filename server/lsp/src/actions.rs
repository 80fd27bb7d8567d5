//! Code actions. Each one carries a server command (see `commands`), so the
//! server itself carries out every change and editors need no glue code.
//! Titles start with `Accept`, `Reject`, `Tag selection`, `Change label`,
//! `Remove annotation`, `Tag every`, `Take theirs`, `Keep mine`,
//! `Take all theirs`, `Mark document done`, `Reopen document`, `Accept
//! relation:`, `Reject relation:`, `Remove relation:`, `Link`, `Forget what
//! was learned about` (the contract
//! with the editors). For an editor with a label picker, "Change label…" and
//! "Tag selection…" are one action each that opens it; for others, one action
//! per label.

use serde_json::json;
use tower_lsp::lsp_types::{
    CodeAction, CodeActionKind, CodeActionOrCommand, CodeActionParams, Command, Diagnostic, Url,
};

use super::commands::{self, Scope};
use super::diagnostics::{finding_diagnostic, quote};
use super::position;
use super::state::{Finding, FindingKind, OpenDocument, State};
use super::worklist;

/// The editors' label picker (a client command, not the server's: editors
/// that said `codeActions.labelPicker` implement it, see `settings`). Its
/// argument `{uri, range}` is what the picker opens on.
pub const LABEL_PICKER: &str = "pactum.label";

/// At most this many stale annotations are offered for re-tagging at once.
const MAX_STALE_OFFERS: usize = 5;

fn tag_kind() -> CodeActionKind {
    CodeActionKind::new("refactor.pactum.tag")
}

fn forget_kind() -> CodeActionKind {
    CodeActionKind::new("refactor.pactum.forget")
}

fn accept_all_kind() -> CodeActionKind {
    CodeActionKind::new("source.pactum.acceptAll")
}

pub fn kinds() -> Vec<CodeActionKind> {
    vec![
        CodeActionKind::QUICKFIX,
        tag_kind(),
        super::link_actions::link_kind(),
        accept_all_kind(),
        super::team::status_kind(),
        forget_kind(),
    ]
}

struct Builder<'a> {
    uri: &'a Url,
    only: Option<&'a [CodeActionKind]>,
    out: Vec<CodeActionOrCommand>,
}

impl Builder<'_> {
    fn push(
        &mut self,
        title: String,
        kind: CodeActionKind,
        command: &str,
        args: serde_json::Value,
        diagnostics: Option<Vec<Diagnostic>>,
        preferred: bool,
    ) {
        let wanted = self.only.is_none_or(|only| only.iter().any(|k| kind.as_str().starts_with(k.as_str())));
        if !wanted {
            return;
        }
        self.out.push(CodeActionOrCommand::CodeAction(CodeAction {
            title: title.clone(),
            kind: Some(kind),
            diagnostics,
            is_preferred: preferred.then_some(true),
            command: Some(Command { title, command: command.to_string(), arguments: Some(vec![args]) }),
            ..CodeAction::default()
        }));
    }
}

pub fn actions(state: &State, params: &CodeActionParams) -> Option<Vec<CodeActionOrCommand>> {
    let uri = &params.text_document.uri;
    let open = state.docs.get(uri)?;
    let enc = state.encoding;
    let rope = open.doc.rope();
    let sel = position::range_to_chars(rope, params.range, enc);
    let (sel_start, sel_end) = (rope.char_to_byte(sel.start), rope.char_to_byte(sel.end));
    let mut b = Builder { uri, only: params.context.only.as_deref(), out: Vec::new() };
    let findings = open.findings_in(sel_start..sel_end);

    // The spans holding the cursor (or the whole selection), innermost first.
    let mut hits: Vec<&Finding<'_>> = findings
        .iter()
        .filter(|f| f.kind != FindingKind::Stale && f.start <= sel_start && sel_end <= f.end)
        .collect();
    hits.sort_by_key(|f| (f.end - f.start, f.kind == FindingKind::Suggestion));
    for (i, f) in hits.iter().enumerate() {
        span_actions(state, open, f, i == 0, &mut b);
    }
    // What the workspace learner learnt about the innermost entity's text.
    if let Some(f) = hits.iter().find(|f| super::relations::is_entity(state, f.label)) {
        let text = open.text_of(f);
        if state.learning.learned.is_some() && !state.learning.is_forgotten(text) {
            b.push(
                super::forget::title(text),
                forget_kind(),
                super::forget::FORGET,
                json!({ "text": text }),
                None,
                false,
            );
        }
    }
    // Relations of the innermost entity under the cursor (`link_actions`).
    if let Some(f) = hits.iter().find(|f| super::relations::is_entity(state, f.label)) {
        for t in super::link_actions::actions(state, uri, open, f) {
            b.push(t.title, t.kind, t.command, t.args, t.diagnostics, t.preferred);
        }
    }

    let selection = (sel_start < sel_end).then(|| position::range_from_bytes(rope, sel_start..sel_end, enc));
    if let Some(range) = selection {
        let inside = findings
            .iter()
            .filter(|f| f.kind == FindingKind::Suggestion && sel_start <= f.start && f.end <= sel_end)
            .count();
        if inside > 0 {
            b.push(
                format!("Accept all {inside} suggestion{} in the selection", plural(inside)),
                CodeActionKind::QUICKFIX,
                commands::ACCEPT_RANGE,
                json!({ "uri": uri, "range": range }),
                None,
                false,
            );
        }
        if state.settings.label_picker {
            // One entry that opens the editor's label picker (client command).
            b.push(
                "Tag selection…".to_string(),
                tag_kind(),
                LABEL_PICKER,
                json!({ "uri": uri, "range": range }),
                None,
                false,
            );
        } else {
            for label in &state.schema.labels {
                b.push(
                    format!("Tag selection as {}", label.name),
                    tag_kind(),
                    commands::TAG,
                    json!({ "uri": uri, "range": range, "label": label.name }),
                    None,
                    false,
                );
            }
        }
    }

    // Stale annotations: the ones shown here first, then the others.
    let mut stale = open.stale_findings();
    stale.sort_by_key(|f| !(f.start <= sel_end && sel_start <= f.end));
    for f in stale.iter().take(MAX_STALE_OFFERS) {
        let here = f.start <= sel_end && sel_start <= f.end;
        let text = quote(open.text_of(f));
        let id = f.id.unwrap_or_default();
        if here {
            b.push(
                format!("Remove annotation (stale) {} {text}", f.label),
                CodeActionKind::QUICKFIX,
                commands::REMOVE,
                json!({ "uri": uri, "id": id }),
                Some(vec![finding_diagnostic(open, f, enc)]),
                false,
            );
        }
        if let Some(range) = selection {
            b.push(
                format!("Tag selection as {}, re-tagging the stale {text}", f.label),
                CodeActionKind::QUICKFIX,
                commands::TAG,
                json!({ "uri": uri, "range": range, "label": f.label, "replaces": id }),
                Some(vec![finding_diagnostic(open, f, enc)]),
                here,
            );
        }
    }

    // Adjudication and document status (`team`).
    for t in super::team::actions(state, uri, sel.clone()) {
        b.push(t.title, t.kind, t.command, t.args, t.diagnostics, t.preferred);
    }

    let all = open.count_suggestions();
    if let Some((n, range)) = paragraph_suggestions(open, sel_start, enc) {
        if n < all {
            b.push(
                format!("Accept all {n} suggestion{} in this paragraph", plural(n)),
                accept_all_kind(),
                worklist::ACCEPT_PARAGRAPH,
                json!({ "uri": uri, "position": range.start }),
                None,
                false,
            );
        }
    }
    if all > 0 {
        b.push(
            format!("Accept all {all} suggestion{} in the document", plural(all)),
            accept_all_kind(),
            commands::ACCEPT_ALL,
            json!({ "uri": uri }),
            None,
            false,
        );
    }
    Some(b.out)
}

/// Accept / reject / relabel / remove / tag-every for one span.
fn span_actions(state: &State, open: &OpenDocument, f: &Finding<'_>, innermost: bool, b: &mut Builder<'_>) {
    let enc = state.encoding;
    let rope = open.doc.rope();
    let uri = b.uri;
    let text = open.text_of(f);
    let quoted = quote(text);
    let range = position::range_from_bytes(rope, f.start..f.end, enc);
    let diag = || Some(vec![finding_diagnostic(open, f, enc)]);
    match f.kind {
        FindingKind::Suggestion => {
            let at = json!({ "uri": uri, "position": range.start, "label": f.label });
            b.push(
                format!("Accept {} {quoted}", f.label),
                CodeActionKind::QUICKFIX,
                commands::ACCEPT_AT,
                at.clone(),
                diag(),
                innermost,
            );
            b.push(
                format!("Reject {}? {quoted}", f.label),
                CodeActionKind::QUICKFIX,
                commands::REJECT_AT,
                at,
                diag(),
                false,
            );
        }
        FindingKind::Accepted => {
            let id = f.id.unwrap_or_default();
            b.push(
                format!("Remove annotation {} {quoted}", f.label),
                CodeActionKind::QUICKFIX,
                commands::REMOVE,
                json!({ "uri": uri, "id": id }),
                diag(),
                false,
            );
        }
        FindingKind::Stale => return,
    }
    let kind = state.schema.label(f.label).map(|l| l.kind);
    if state.settings.label_picker {
        b.push(
            format!("Change label… ({quoted})"),
            CodeActionKind::QUICKFIX,
            LABEL_PICKER,
            json!({ "uri": uri, "range": range }),
            None,
            false,
        );
    }
    let per_label = if state.settings.label_picker { &[][..] } else { &state.schema.labels[..] };
    for other in per_label.iter().filter(|l| Some(l.kind) == kind && l.name != f.label) {
        let (command, args) = match f.id {
            Some(id) => (commands::RELABEL, json!({ "uri": uri, "id": id, "label": other.name })),
            None => (commands::TAG, json!({ "uri": uri, "range": range, "label": other.name })),
        };
        b.push(
            format!("Change label to {} ({quoted})", other.name),
            CodeActionKind::QUICKFIX,
            command,
            args,
            None,
            false,
        );
    }
    if kind == Some(pactum_schema::LabelKind::Entity) {
        let every =
            |scope: Scope| json!({ "uri": uri, "text": text, "label": f.label, "scope": scope_name(scope) });
        b.push(
            format!("Tag every {quoted} in this document as {}", f.label),
            tag_kind(),
            commands::TAG_EVERY,
            every(Scope::Document),
            None,
            false,
        );
        if state.root.is_some() {
            b.push(
                format!("Tag every {quoted} in every .txt file of the workspace as {}", f.label),
                tag_kind(),
                commands::TAG_EVERY,
                every(Scope::Workspace),
                None,
                false,
            );
        }
    }
}

/// How many suggestions the paragraph holding byte `b` has, and its range.
fn paragraph_suggestions(
    open: &OpenDocument,
    b: usize,
    enc: super::position::Encoding,
) -> Option<(usize, tower_lsp::lsp_types::Range)> {
    let p = open.analysis.paragraph_ranges().find(|p| p.start <= b && b <= p.end)?;
    let n = open
        .findings_in(p.clone())
        .iter()
        .filter(|f| f.kind == FindingKind::Suggestion && p.start <= f.start && f.end <= p.end)
        .count();
    (n > 0).then(|| (n, position::range_from_bytes(open.doc.rope(), p, enc)))
}

fn scope_name(s: Scope) -> &'static str {
    match s {
        Scope::Document => "document",
        Scope::Workspace => "workspace",
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

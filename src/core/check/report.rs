//! Where the checker's passes report: one file, its span index, the diagnostics so far.

use crate::core::check::diagnostic::{Diagnostic, Problem, Span};
use crate::core::check::spans::SpanIndex;

/// Where the passes report: the file, its spans, and the diagnostics found so far.
pub struct Report<'a, 's> {
    pub file: &'a str,
    pub spans: &'a SpanIndex<'s>,
    pub out: Vec<Diagnostic>,
}

impl Report<'_, '_> {
    pub fn at(&self, path: &str) -> Option<Span> {
        self.spans.find(path)
    }

    /// The span of scene `i` (its id, else the whole scene).
    pub fn scene(&self, i: usize) -> Option<Span> {
        self.at(&format!("scenes[{i}].id"))
            .or_else(|| self.at(&format!("scenes[{i}]")))
    }

    /// Reports `problem` at the field `path` of the file.
    pub fn push(&mut self, path: &str, problem: Problem) {
        let span = self.at(path);
        self.push_at(span, problem);
    }

    pub fn push_at(&mut self, span: Option<Span>, problem: Problem) {
        self.out.push(Diagnostic::new(self.file, span, problem));
    }
}

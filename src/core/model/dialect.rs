//! The RON dialect of level, campaign and glossary files, shared by the checker that reads
//! teachers' files and the model's own bundled glossary.

use ron::extensions::Extensions;

/// Nesting a level needs is about 10; anything deeper is refused before it can exhaust the
/// stack.
pub const RECURSION_LIMIT: usize = 64;

/// `Some(…)` is optional and `Story(id: …)` needs no inner parentheses, so teachers write
/// less punctuation.
pub fn ron_options() -> ron::Options {
    ron::Options::default()
        .with_default_extension(Extensions::IMPLICIT_SOME | Extensions::UNWRAP_VARIANT_NEWTYPES)
        .with_recursion_limit(RECURSION_LIMIT)
}

//! `index.js`, the head of the index: what the first search loads. One type for the
//! writer ([`super::files`]), the read-back of a previous build ([`super::previous`]) and
//! the patch of an edit ([`super::patch`]), so that a head read back and written again
//! gives the same bytes.

use serde::{Deserialize, Serialize};

/// What `index.js` holds; the optional parts are either in it (a small index) or in files
/// of their own. `S` is `&str` when written from documents, `String` when read back.
#[derive(Serialize, Deserialize, Default, Debug, Clone, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub(super) struct Head<S> {
    pub(super) format: u32,
    /// Per document, its code plus one, or 0 for a page: see [`super::encode_numbers`].
    pub(super) codes: String,
    /// Per document, its reason phrase or title.
    pub(super) titles: Vec<S>,
    /// Per page, in document order, its site path.
    pub(super) urls: Vec<S>,
    /// Documents of codes most often met, most met first: the tie-breaker between equal
    /// matches.
    pub(super) common: Vec<u32>,
    /// Documents per text file.
    pub(super) text_run: usize,
    /// A small index: what each document's result shows, ...
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(super) shown: Option<Vec<S>>,
    /// ... the whole vocabulary, sorted, ...
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(super) terms: Option<Vec<S>>,
    /// ... and each term's postings (see [`super::entry`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(super) entries: Option<Vec<S>>,
    /// A large index: documents per file of shown texts, ...
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(super) shown_run: Option<usize>,
    /// ... the terms of the small fields, sorted, ...
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(super) names: Option<Vec<S>>,
    /// ... the first term of each shard ...
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(super) shards: Option<Vec<S>>,
    /// ... and the name of its file.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(super) files: Option<Vec<String>>,
}

//! `codes.json`: every code as data, for portals and tools (schema documented in the README).

use serde::Serialize;

use crate::base::diagnostic::Diagnostic;
use crate::base::html;
use crate::input::templates::Templates;
use crate::knowledge::Retry;
use crate::model::{Code, Site};
use crate::outputs::{Claim, Generator, Gone, PageEdit, Previous, Sink};

/// The export's site path.
pub const CODES_JSON: &str = "codes.json";
/// The JSON Schema of the export, written beside it.
pub const SCHEMA: &str = "codes.schema.json";
/// The schema's text.
pub const SCHEMA_JSON: &str = include_str!("codes.schema.json");
/// Bumped whenever a field changes meaning or disappears; new fields do not bump it.
pub const VERSION: u32 = 1;

#[derive(Serialize)]
struct Document<'a> {
    #[serde(rename = "$schema")]
    schema: &'static str,
    version: u32,
    title: &'a str,
    description: Option<&'a str>,
    language: &'a str,
    site_url: Option<&'a str>,
    codes: Records<'a>,
}

/// Every code's record, each made as it is written out, rather than all made first and
/// held next to the export's bytes (67 MB at 100,000 codes).
struct Records<'a>(&'a Site);

impl Serialize for Records<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let site = self.0;
        serializer.collect_seq(site.codes.iter().map(|code| record(site, code)))
    }
}

#[derive(Serialize)]
struct CodeRecord<'a> {
    code: u32,
    reason: &'a str,
    class: GroupRecord,
    description: &'a str,
    description_html: String,
    summary: Option<&'a str>,
    url: &'a str,
    has_page: bool,
    spec: Option<SpecRecord<'a>>,
    aliases: &'a [String],
    keywords: &'a [String],
    related: Vec<u32>,
    cacheable: bool,
    retryable: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    policy: Option<PolicyRecord<'a>>,
}

/// A code's client-behaviour policy, with its defaults worked out.
#[derive(Serialize)]
#[serde(rename_all = "kebab-case")]
struct PolicyRecord<'a> {
    retry: Retry,
    retry_when: Option<&'a str>,
    retry_after: bool,
    idempotent_only: bool,
    attempts: u32,
    max_wait: u32,
}

#[derive(Serialize)]
struct GroupRecord {
    id: String,
    label: String,
    name: Option<&'static str>,
}

#[derive(Serialize)]
struct SpecRecord<'a> {
    text: &'a str,
    url: Option<String>,
}

/// The JSON export of the whole site, pretty-printed, ending with a newline.
pub fn codes_json(site: &Site) -> Vec<u8> {
    let export = Document {
        schema: SCHEMA,
        version: VERSION,
        title: &site.config.book.title,
        description: site.config.book.description.as_deref(),
        language: &site.config.book.language,
        site_url: site.config.html.site_url.as_deref(),
        codes: Records(site),
    };
    // Sized once, from what each record holds: grown as it was written (67 MB at 100,000
    // codes), the export was copied seven times into ever larger, freshly mapped buffers.
    let capacity: usize = site
        .codes
        .iter()
        .map(|c| RECORD_BYTES + 2 * c.description.len() + c.reason.len() + c.path.len())
        .sum();
    let mut json = Vec::with_capacity(capacity);
    serde_json::to_writer_pretty(&mut json, &export).expect("plain data serialises");
    json.push(b'\n');
    json
}

/// About the bytes of a code's record besides its texts: its keys, indents and small values.
const RECORD_BYTES: usize = 512;

/// The export's record of one code.
fn record<'a>(site: &'a Site, code: &'a Code) -> CodeRecord<'a> {
    let meta = code.page.as_deref().map(|p| &p.meta);
    CodeRecord {
        code: code.code.get(),
        reason: &code.reason,
        class: GroupRecord {
            id: code.group.id(),
            label: code.group.label(),
            name: code.group.name(),
        },
        description: &code.description,
        description_html: html::escape(&code.description),
        summary: code.summary(),
        url: &code.path,
        has_page: code.page.is_some(),
        spec: code.spec.as_deref().map(|s| SpecRecord {
            text: s,
            url: crate::knowledge::registry::spec_url(s),
        }),
        aliases: meta.map_or(&[], |m| m.aliases.as_slice()),
        keywords: meta.map_or(&[], |m| m.keywords.as_slice()),
        related: code
            .related
            .iter()
            .map(|&i| site.codes[i].code.get())
            .collect(),
        cacheable: code.cacheable,
        retryable: code.retryable,
        policy: code.policy.as_ref().map(|p| PolicyRecord {
            retry: p.retry,
            retry_when: p.retry_when.as_deref(),
            retry_after: p.retry_after,
            idempotent_only: p.idempotent_only,
            attempts: p.attempts(),
            max_wait: p.max_wait(),
        }),
    }
}

/// How deep a code's record sits in the pretty-printed export: in `codes`, in the document.
const RECORD_INDENT: &str = "    ";

/// The export `previous` with the records of `site.codes[i]` for `i` in `codes` written
/// anew, byte for byte as [`codes_json`] would write them; `None` if `previous` is not an
/// export with a record for each.
pub fn splice(previous: &[u8], site: &Site, codes: &[usize]) -> Option<Vec<u8>> {
    let mut json = String::from_utf8(previous.to_vec()).ok()?;
    for &i in codes {
        let code = &site.codes[i];
        let start = format!(
            "\n{RECORD_INDENT}{{\n{RECORD_INDENT}  \"code\": {},\n",
            code.code.get()
        );
        let from = json.find(&start)? + 1;
        let to = from
            + json[from..].find(&format!("\n{RECORD_INDENT}}}"))?
            + 1
            + RECORD_INDENT.len()
            + 1;
        let written =
            serde_json::to_string_pretty(&record(site, code)).expect("plain data serialises");
        let written = format!(
            "{RECORD_INDENT}{}",
            written.replace('\n', &format!("\n{RECORD_INDENT}"))
        );
        json.replace_range(from..to, &written);
    }
    Some(json.into_bytes())
}

/// `codes.json` and its JSON Schema.
pub struct JsonExport;

impl Generator for JsonExport {
    fn name(&self) -> &'static str {
        "the JSON export"
    }

    fn claims(&self, _: &Site, _: &Templates) -> Vec<Claim> {
        vec![Claim::file(CODES_JSON), Claim::file(SCHEMA)]
    }

    fn render(
        &self,
        site: &Site,
        _: &Templates,
        out: &mut Sink<'_>,
    ) -> Result<(), Vec<Diagnostic>> {
        out(CODES_JSON.to_string(), codes_json(site));
        out(SCHEMA.to_string(), SCHEMA_JSON.as_bytes().to_vec());
        Ok(())
    }

    fn on_page_edit(&self, _: &Site) -> PageEdit {
        PageEdit::Update
    }

    fn update(
        &self,
        site: &Site,
        _: &Templates,
        codes: &[usize],
        previous: &Previous<'_>,
        out: &mut Sink<'_>,
        _: &mut Gone<'_>,
    ) -> Result<bool, Vec<Diagnostic>> {
        let spliced = previous(CODES_JSON).and_then(|json| splice(&json, site, codes));
        match spliced {
            Some(json) => {
                out(CODES_JSON.to_string(), json);
                Ok(true)
            }
            None => Ok(false),
        }
    }
}

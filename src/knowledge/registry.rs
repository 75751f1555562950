//! The IANA HTTP Status Code Registry, compiled in: each registered code's reason phrase
//! and the specification that defines it.

use std::sync::OnceLock;

/// One registered code.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Registered {
    /// The code.
    pub code: u32,
    /// The registered reason phrase (`Not Found`; `(Unused)` for reserved codes).
    pub reason: &'static str,
    /// The defining document as the registry writes it (`RFC9110, Section 15.5.5`).
    pub reference: &'static str,
}

impl Registered {
    /// The reference as people write it: `RFC 9110 §15.5.5`, `RFC 6585`, or a draft's name.
    pub fn spec(&self) -> String {
        let first = self.reference.split(';').next().unwrap_or("").trim();
        let Some(rest) = first.strip_prefix("RFC") else {
            return first.to_string();
        };
        match rest.split_once(", Section ") {
            Some((number, section)) => format!("RFC {} §{}", number.trim(), section.trim()),
            None => format!("RFC {}", rest.trim()),
        }
    }
}

const TSV: &str = include_str!("../../data/iana-http-status.tsv");

/// Every registered code, in code order.
pub fn all() -> &'static [Registered] {
    static REGISTRY: OnceLock<Vec<Registered>> = OnceLock::new();
    REGISTRY.get_or_init(|| {
        TSV.lines()
            .skip(1)
            .filter_map(|line| {
                let mut fields = line.split('\t');
                let code = fields.next()?.trim().parse().ok()?;
                Some(Registered {
                    code,
                    reason: fields.next()?.trim(),
                    reference: fields.next().unwrap_or("").trim(),
                })
            })
            .collect()
    })
}

/// The registry's entry for `code`, if it is registered.
pub fn lookup(code: u32) -> Option<Registered> {
    let all = all();
    all.binary_search_by_key(&code, |r| r.code)
        .ok()
        .map(|i| all[i])
}

/// The RFC Editor address of a reference written `RFC 9110 §15.5.5` (or `RFC 9110, Section 15.5.5`).
pub fn spec_url(spec: &str) -> Option<String> {
    if let Some(draft) = spec.trim().strip_prefix("draft-") {
        let name: String = draft
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '-')
            .collect();
        return Some(format!(
            "https://datatracker.ietf.org/doc/html/draft-{name}"
        ));
    }
    let rest = spec.trim().strip_prefix("RFC")?.trim_start();
    let digits = rest.len() - rest.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    if digits == 0 {
        return None;
    }
    let number = &rest[..digits];
    // The first section named, up to whatever follows it (`15.3.5, §8.6` → `15.3.5`).
    let section: String = rest[digits..]
        .trim_start_matches([',', ' '])
        .trim_start_matches("Section")
        .trim_start_matches('§')
        .trim_start()
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '.')
        .collect();
    let section = section.trim_end_matches('.');
    let base = format!("https://www.rfc-editor.org/rfc/rfc{number}.html");
    Some(if section.is_empty() {
        base
    } else {
        format!("{base}#section-{section}")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_registry_is_complete_and_sorted() {
        let codes: Vec<u32> = all().iter().map(|r| r.code).collect();
        assert!(codes.windows(2).all(|w| w[0] < w[1]));
        assert_eq!(codes.len(), 64);
        assert_eq!(lookup(404).unwrap().reason, "Not Found");
        assert_eq!(lookup(420), None);
    }

    #[test]
    fn references_read_like_citations() {
        assert_eq!(lookup(404).unwrap().spec(), "RFC 9110 §15.5.5");
        assert_eq!(lookup(429).unwrap().spec(), "RFC 6585");
        assert_eq!(lookup(510).unwrap().spec(), "RFC 2774");
        assert_eq!(
            lookup(104).unwrap().spec(),
            "draft-ietf-httpbis-resumable-upload-05"
        );
    }

    #[test]
    fn spec_urls() {
        assert_eq!(
            spec_url("RFC 9110 §15.5.5").as_deref(),
            Some("https://www.rfc-editor.org/rfc/rfc9110.html#section-15.5.5")
        );
        assert_eq!(
            spec_url("RFC9110, Section 15.2.1").as_deref(),
            Some("https://www.rfc-editor.org/rfc/rfc9110.html#section-15.2.1")
        );
        assert_eq!(
            spec_url("RFC 6585").as_deref(),
            Some("https://www.rfc-editor.org/rfc/rfc6585.html")
        );
        assert_eq!(spec_url("Our API guide"), None);
        assert_eq!(
            spec_url("RFC 9110 §15.3.5, §8.6").as_deref(),
            Some("https://www.rfc-editor.org/rfc/rfc9110.html#section-15.3.5")
        );
        assert_eq!(
            spec_url("RFC 6585 §4, RFC 9110 §10.2.3").as_deref(),
            Some("https://www.rfc-editor.org/rfc/rfc6585.html#section-4")
        );
    }
}

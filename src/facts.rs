//! What the HTTP specifications say about a code by default, before a page says otherwise.

use crate::status::StatusCode;

/// Codes a cache may store without explicit freshness information (RFC 9110 §15.1).
const HEURISTICALLY_CACHEABLE: [u32; 12] =
    [200, 203, 204, 206, 300, 301, 308, 404, 405, 410, 414, 501];

/// Codes that report a passing condition, so the same request may succeed later
/// (408 Request Timeout, 425 Too Early, 429 Too Many Requests, 502, 503, 504).
const RETRYABLE: [u32; 6] = [408, 425, 429, 502, 503, 504];

/// Whether a response with this code is cacheable by default (RFC 9110 §15.1).
pub fn cacheable_by_default(code: StatusCode) -> bool {
    HEURISTICALLY_CACHEABLE.contains(&code.get())
}

/// Whether a client may repeat the same request later and expect another outcome.
pub fn retryable_by_default(code: StatusCode) -> bool {
    RETRYABLE.contains(&code.get())
}

/// Codes a reader of `code`'s page usually needs next: its counterparts and alternatives.
pub fn related_by_default(code: StatusCode) -> &'static [u32] {
    match code.get() {
        100 => &[417],
        101 => &[426],
        200 => &[201, 204, 304],
        201 => &[200, 202, 303],
        202 => &[200, 201, 303],
        204 => &[200, 205],
        206 => &[200, 416],
        301 => &[308, 302],
        302 => &[307, 303, 301],
        303 => &[302, 307],
        304 => &[200, 412],
        307 => &[302, 308],
        308 => &[301, 307],
        400 => &[422, 409],
        401 => &[403, 407],
        403 => &[401, 404],
        404 => &[410, 403],
        405 => &[501],
        406 => &[415],
        407 => &[401],
        408 => &[504],
        409 => &[412, 422],
        410 => &[404, 301],
        412 => &[428, 304],
        413 => &[414, 431],
        414 => &[413],
        415 => &[406],
        416 => &[206],
        417 => &[100],
        422 => &[400, 409],
        426 => &[101],
        428 => &[412],
        429 => &[503],
        431 => &[413],
        500 => &[502, 503],
        501 => &[405],
        502 => &[504, 500],
        503 => &[429, 500],
        504 => &[502, 408],
        _ => &[],
    }
}

/// The specification that defines `code`, from the IANA registry: `RFC 9110 §15.5.5`.
pub fn spec_by_default(code: StatusCode) -> Option<String> {
    crate::registry::lookup(code.get()).map(|r| r.spec())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc_9110_cacheable_list() {
        let cacheable: Vec<u32> = (100..600)
            .filter(|&c| cacheable_by_default(StatusCode::new(c)))
            .collect();
        assert_eq!(cacheable, HEURISTICALLY_CACHEABLE);
        assert!(!cacheable_by_default(StatusCode::new(201)));
    }

    #[test]
    fn default_related_codes_point_both_ways_for_the_classic_pairs() {
        for (a, b) in [(401, 403), (301, 308), (302, 307), (429, 503), (404, 410)] {
            assert!(
                related_by_default(StatusCode::new(a)).contains(&b),
                "{a} → {b}"
            );
            assert!(
                related_by_default(StatusCode::new(b)).contains(&a),
                "{b} → {a}"
            );
        }
        assert!(related_by_default(StatusCode::new(20003)).is_empty());
    }

    #[test]
    fn registered_codes_have_a_spec() {
        assert_eq!(
            spec_by_default(StatusCode::new(404)).as_deref(),
            Some("RFC 9110 §15.5.5")
        );
        assert_eq!(spec_by_default(StatusCode::new(420)), None);
    }

    #[test]
    fn transient_failures_are_retryable() {
        assert!(retryable_by_default(StatusCode::new(503)));
        assert!(retryable_by_default(StatusCode::new(429)));
        assert!(!retryable_by_default(StatusCode::new(400)));
        assert!(!retryable_by_default(StatusCode::new(500)));
    }
}

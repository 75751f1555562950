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
    fn transient_failures_are_retryable() {
        assert!(retryable_by_default(StatusCode::new(503)));
        assert!(retryable_by_default(StatusCode::new(429)));
        assert!(!retryable_by_default(StatusCode::new(400)));
        assert!(!retryable_by_default(StatusCode::new(500)));
    }
}

//! Status codes and the groups they are listed in (HTTP classes, or ranges of custom codes).

use std::fmt;

use serde::Serialize;

/// A status code from the table: an HTTP code (100–599) or, with custom codes on, any positive integer.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(transparent)]
pub struct StatusCode(u32);

impl StatusCode {
    /// Wraps a positive number; the table parser decides which numbers are allowed.
    pub fn new(code: u32) -> Self {
        Self(code)
    }

    /// The number.
    pub fn get(self) -> u32 {
        self.0
    }

    /// Whether the code is in HTTP's range, 100–599.
    pub fn is_http(self) -> bool {
        (100..=599).contains(&self.0)
    }

    /// The group the code is listed under: its HTTP class, or a range of custom codes.
    pub fn group(self) -> Group {
        match Class::of(self) {
            Some(class) => Group::Class(class),
            None => {
                // Hundreds while codes look like HTTP's, thousands beyond (Twilio's 20003 → 20000–20999).
                let size = if self.0 < 1000 { 100 } else { 1000 };
                let start = self.0 / size * size;
                Group::Range {
                    start: start.max(1),
                    end: start + (size - 1),
                }
            }
        }
    }
}

impl fmt::Display for StatusCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

/// The five HTTP status classes of RFC 9110 §15.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Class {
    /// 1xx
    Informational,
    /// 2xx
    Successful,
    /// 3xx
    Redirection,
    /// 4xx
    ClientError,
    /// 5xx
    ServerError,
}

impl Class {
    /// The class of an HTTP code; `None` outside 100–599.
    pub fn of(code: StatusCode) -> Option<Class> {
        Some(match code.get() {
            100..=199 => Class::Informational,
            200..=299 => Class::Successful,
            300..=399 => Class::Redirection,
            400..=499 => Class::ClientError,
            500..=599 => Class::ServerError,
            _ => return None,
        })
    }

    /// The first digit, shared by every code in the class.
    pub fn digit(self) -> u32 {
        self as u32 + 1
    }

    /// The name RFC 9110 gives the class.
    pub fn name(self) -> &'static str {
        match self {
            Class::Informational => "Informational",
            Class::Successful => "Successful",
            Class::Redirection => "Redirection",
            Class::ClientError => "Client Error",
            Class::ServerError => "Server Error",
        }
    }

    /// What a code of this class tells a client (after RFC 9110 §15).
    pub fn meaning(self) -> &'static str {
        match self {
            Class::Informational => {
                "The request was received and is being processed; an interim response before the final one."
            }
            Class::Successful => "The request was received, understood and accepted.",
            Class::Redirection => {
                "Further action, usually following another URL, is needed to complete the request."
            }
            Class::ClientError => {
                "The request has a problem the client must fix; repeating it unchanged will fail again."
            }
            Class::ServerError => {
                "The server failed to fulfil a valid request; the client may try again later."
            }
        }
    }
}

/// A heading on the index: an HTTP class, or a range of custom codes.
///
/// Every group is an interval of codes, so walking codes in order meets each group once.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Group {
    /// One of HTTP's five classes.
    Class(Class),
    /// Custom codes from `start` to `end`, inclusive.
    Range {
        /// First code of the range.
        start: u32,
        /// Last code of the range.
        end: u32,
    },
}

impl Group {
    /// A stable identifier, used as the HTML anchor and in `codes.json`: `4xx`, `1000-1999`.
    pub fn id(self) -> String {
        match self {
            Group::Class(class) => format!("{}xx", class.digit()),
            Group::Range { start, end } => format!("{start}-{end}"),
        }
    }

    /// The short label shown in code type: `4xx`, `1000–1999`.
    pub fn label(self) -> String {
        match self {
            Group::Class(class) => format!("{}xx", class.digit()),
            Group::Range { start, end } => format!("{start}–{end}"),
        }
    }

    /// The class's name, `Client Error`; ranges of custom codes have none.
    pub fn name(self) -> Option<&'static str> {
        match self {
            Group::Class(class) => Some(class.name()),
            Group::Range { .. } => None,
        }
    }

    /// The label and name together, as a heading: `4xx Client Error`, `1000–1999`.
    pub fn title(self) -> String {
        match self.name() {
            Some(name) => format!("{} {name}", self.label()),
            None => self.label(),
        }
    }

    /// What the group's codes have in common, if anything can be said.
    pub fn meaning(self) -> Option<&'static str> {
        match self {
            Group::Class(class) => Some(class.meaning()),
            Group::Range { .. } => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn group(code: u32) -> String {
        StatusCode::new(code).group().id()
    }

    #[test]
    fn http_codes_group_by_first_digit() {
        assert_eq!(group(100), "1xx");
        assert_eq!(group(304), "3xx");
        assert_eq!(group(599), "5xx");
        let client = Group::Class(Class::ClientError);
        assert_eq!(client.name(), Some("Client Error"));
        assert_eq!(client.title(), "4xx Client Error");
    }

    #[test]
    fn custom_codes_group_by_range() {
        assert_eq!(group(42), "1-99");
        assert_eq!(group(600), "600-699");
        assert_eq!(group(1000), "1000-1999");
        assert_eq!(group(20003), "20000-20999");
        let range = StatusCode::new(10999).group();
        assert_eq!(range.label(), "10000–10999");
        assert_eq!(range.name(), None);
        assert_eq!(range.title(), "10000–10999");
    }
}

//! What every stage stands on: where a user wrote something ([`span`], [`source`]),
//! problems that point at it ([`diagnostic`]), status codes and their classes ([`status`]),
//! and HTML escaping ([`html`]).

pub mod diagnostic;
pub mod html;
pub mod source;
pub mod span;
pub mod status;

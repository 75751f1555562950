//! What every stage stands on: where a user wrote something ([`span`], [`source`]),
//! problems that point at it ([`diagnostic`]), status codes and their classes ([`status`]),
//! HTML escaping ([`html`]), JSON strings for the search index ([`json`]), and the
//! allocator and how it gives memory back ([`memory`]).

pub mod diagnostic;
pub mod html;
pub mod json;
pub mod memory;
pub mod source;
pub mod span;
pub mod status;

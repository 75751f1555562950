//! What every stage stands on: where a user wrote something ([`span`], [`source`]),
//! problems that point at it ([`diagnostic`]), status codes and their classes ([`status`]),
//! HTML escaping ([`html`]), and how the allocator is asked to hold memory ([`memory`]).

pub mod diagnostic;
pub mod html;
pub mod memory;
pub mod source;
pub mod span;
pub mod status;

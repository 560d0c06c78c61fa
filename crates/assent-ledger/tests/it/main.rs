//! Integration tests of the consent ledger.

mod durability;
mod model;
